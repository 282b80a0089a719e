//! Outbound calls (the user-agent client side): an INVITE with our SDP offer, retransmitted
//! over UDP until a response (Timers A/B), provisional responses reported, a 2xx answered
//! with ACK (again for every retransmitted 2xx), a failure acknowledged in its transaction,
//! CANCEL while it rings, then the same dialog handling as inbound calls (BYE either way,
//! INFO, re-INVITE).

use std::time::Instant;

use rsip::SipMessage;
use rsip::prelude::*;

use super::{Call, CallId, CallState, Endpoint, Event, MediaAnswer, Peer, TimerKey};
use crate::sip::msg;
use crate::sip::transaction::{ClientTx, T1};

/// Where and how to place an outbound call.
#[derive(Clone, Debug)]
pub struct Dial {
    pub peer: Peer,
    /// Request-URI and To: `sip:+8613800138000@trunk.example` or a phone's Contact.
    pub target: String,
    /// Our caller ID (the user part of From) and its display name.
    pub from_user: String,
    pub from_name: String,
    /// Our SDP offer's media (sent as a PCMU/telephone-event offer).
    pub media: MediaAnswer,
}

/// The client side of an outbound call's dialog.
pub(super) struct Uac {
    pub(super) branch: String,
    pub(super) from: String,
    pub(super) to: String,
    pub(super) target: String,
    pub(super) cseq: u32,
    pub(super) remote_tag: Option<String>,
    pub(super) remote_target: Option<String>,
    pub(super) ack: Option<Vec<u8>>,
    /// CANCEL sent; a 2xx that still arrives is acknowledged and hung up.
    pub(super) cancelled: bool,
}

impl Endpoint {
    /// Places an outbound call; its progress comes as `Event::Progress`, then
    /// `Event::Answered` (with the callee's SDP) or `Event::Failed`.
    pub fn invite(&mut self, now: Instant, dial: Dial) -> CallId {
        let call = self.next_call;
        self.next_call += 1;
        let local_tag = msg::token(&mut self.rng);
        let call_id = format!("{}@qiao", msg::token(&mut self.rng));
        let branch = format!("z9hG4bK{}", msg::token(&mut self.rng));
        let transport = if dial.peer.reliable() { "TCP" } else { "UDP" };
        let name = dial.from_name.replace('"', "");
        let from = format!("\"{name}\" <sip:{}@{}>", dial.from_user, self.local);
        let to = format!("<{}>", dial.target);
        let body = crate::sdp::answer(
            &dial.media.local,
            dial.media.codec,
            dial.media.dtmf_pt,
            crate::sdp::Direction::SendRecv,
        );
        let mut invite = format!(
            "INVITE {target} SIP/2.0\r\nVia: SIP/2.0/{transport} {local};branch={branch};rport\r\n\
             Max-Forwards: 70\r\nFrom: {from};tag={local_tag}\r\nTo: {to}\r\nCall-ID: {call_id}\r\n\
             CSeq: 1 INVITE\r\nContact: <sip:{user}@{local};transport={t}>\r\nAllow: {allow}\r\n\
             User-Agent: Qiao\r\nContent-Type: application/sdp\r\nContent-Length: {len}\r\n\r\n",
            target = dial.target,
            local = self.local,
            user = dial.from_user,
            t = transport.to_ascii_lowercase(),
            allow = super::ALLOW,
            len = body.len(),
        )
        .into_bytes();
        invite.extend_from_slice(&body);
        let Ok(SipMessage::Request(request)) = msg::parse(&invite) else {
            // Our own INVITE does not parse: a target the caller should have checked.
            self.emit(Event::Failed { call, code: 400 });
            return call;
        };
        let tx = ClientTx::new(now, invite.clone(), dial.peer.reliable());
        let d = tx.deadline();
        self.client.insert(branch.clone(), (tx, dial.peer));
        self.arm(Some(d), TimerKey::Client(branch.clone()));
        self.send(dial.peer, invite);
        self.dialogs
            .insert((call_id.clone(), local_tag.clone()), call);
        self.invites.insert(branch.clone(), call);
        self.calls.insert(
            call,
            Call {
                peer: dial.peer,
                invite: request,
                invite_tx: String::new(),
                call_id,
                local_tag,
                remote_cseq: 0,
                local_cseq: 1,
                state: CallState::Early,
                ok: None,
                ok_retx_at: None,
                ok_interval: T1,
                ok_deadline: None,
                media: Some(dial.media),
                offered: false,
                uac: Some(Uac {
                    branch,
                    from,
                    to,
                    target: dial.target,
                    cseq: 1,
                    remote_tag: None,
                    remote_target: None,
                    ack: None,
                    cancelled: false,
                }),
            },
        );
        call
    }

    /// A response to one of our INVITEs.
    pub(super) fn on_invite_response(&mut self, now: Instant, call: CallId, r: &rsip::Response) {
        let code = r.status_code.code();
        let Some(c) = self.calls.get_mut(&call) else {
            return;
        };
        let peer = c.peer;
        let Some(uac) = c.uac.as_mut() else {
            return;
        };
        let branch = uac.branch.clone();
        if code < 200 {
            if let Some((tx, _)) = self.client.get_mut(&branch) {
                tx.on_provisional_invite(now);
                let d = tx.deadline();
                self.arm(Some(d), TimerKey::Client(branch));
            }
            if code > 100 {
                self.emit(Event::Progress { call, code });
            }
            return;
        }
        let remote_tag = r
            .to_header()
            .ok()
            .and_then(|t| t.tag().ok().flatten())
            .map(|t| t.to_string());
        if code >= 300 {
            // ACK in the INVITE's transaction, to the same place, same branch.
            let to = match &remote_tag {
                Some(t) => format!("{};tag={t}", uac.to),
                None => uac.to.clone(),
            };
            let ack = self.ack_bytes(call, &branch, &to, None);
            self.send(peer, ack);
            self.client.remove(&branch);
            self.invites.remove(&branch);
            self.drop_call(call);
            self.emit(Event::Failed { call, code });
            return;
        }
        // 2xx: the dialog is up; ACK is its own transaction (resent for every 2xx copy).
        if let Some(ack) = uac.ack.clone() {
            self.send(peer, ack);
            return;
        }
        uac.remote_tag = remote_tag.clone();
        uac.remote_target = r
            .contact_header()
            .ok()
            .and_then(|h| h.typed().ok())
            .map(|t| t.uri.to_string());
        let cancelled = uac.cancelled;
        let to = format!("{};tag={}", uac.to, remote_tag.unwrap_or_default());
        let ack_branch = format!("z9hG4bK{}", msg::token(&mut self.rng));
        let target = self.calls[&call]
            .uac
            .as_ref()
            .and_then(|u| u.remote_target.clone());
        let ack = self.ack_bytes(call, &ack_branch, &to, target.as_deref());
        self.send(peer, ack.clone());
        self.client.remove(&branch);
        let c = self.calls.get_mut(&call).expect("call");
        if let Some(u) = c.uac.as_mut() {
            u.ack = Some(ack);
        }
        c.state = CallState::Confirmed;
        if cancelled {
            self.send_bye(now, call);
            self.invites.remove(&branch);
            self.drop_call(call);
            return;
        }
        self.emit(Event::Answered {
            call,
            sdp: r.body.clone(),
        });
    }

    fn ack_bytes(&self, call: CallId, branch: &str, to: &str, target: Option<&str>) -> Vec<u8> {
        let c = &self.calls[&call];
        let uac = c.uac.as_ref().expect("an outbound call");
        let transport = if c.peer.reliable() { "TCP" } else { "UDP" };
        format!(
            "ACK {target} SIP/2.0\r\nVia: SIP/2.0/{transport} {local};branch={branch};rport\r\n\
             Max-Forwards: 70\r\nFrom: {from};tag={tag}\r\nTo: {to}\r\nCall-ID: {cid}\r\n\
             CSeq: {seq} ACK\r\nContent-Length: 0\r\n\r\n",
            target = target.unwrap_or(&uac.target),
            local = self.local,
            from = uac.from,
            tag = c.local_tag,
            cid = c.call_id,
            seq = uac.cseq,
        )
        .into_bytes()
    }

    /// Gives up on an outbound call that has not been answered: CANCEL (the 487 that
    /// follows is acknowledged).
    pub(super) fn cancel_outbound(&mut self, now: Instant, call: CallId) {
        let Some(c) = self.calls.get_mut(&call) else {
            return;
        };
        let peer = c.peer;
        let Some(uac) = c.uac.as_mut() else {
            return;
        };
        if uac.cancelled {
            return;
        }
        uac.cancelled = true;
        let transport = if peer.reliable() { "TCP" } else { "UDP" };
        let cancel = format!(
            "CANCEL {target} SIP/2.0\r\nVia: SIP/2.0/{transport} {local};branch={branch};rport\r\n\
             Max-Forwards: 70\r\nFrom: {from};tag={tag}\r\nTo: {to}\r\nCall-ID: {cid}\r\n\
             CSeq: {seq} CANCEL\r\nContent-Length: 0\r\n\r\n",
            target = uac.target,
            local = self.local,
            branch = uac.branch,
            from = uac.from,
            tag = c.local_tag,
            to = uac.to,
            cid = c.call_id,
            seq = uac.cseq,
        )
        .into_bytes();
        // Keyed apart from the INVITE's transaction (same branch, other method).
        let key = format!("{}|CANCEL", uac.branch);
        let tx = ClientTx::new(now, cancel.clone(), peer.reliable());
        let d = tx.deadline();
        self.client.insert(key.clone(), (tx, peer));
        self.arm(Some(d), TimerKey::Client(key));
        self.send(peer, cancel);
    }
}
