//! The SIP user-agent core, sans-IO: transactions (see `transaction`), dialogs for
//! inbound calls and for the calls we place (`dial`), 2xx retransmission until ACK, CANCEL, BYE either way, INFO DTMF,
//! re-INVITE (hold/unhold), OPTIONS, and the request checks of RFC 3261 §8.2 (400, 420,
//! 481, 482 loop/merged requests, 483 Max-Forwards). Fed bytes and the clock by the shell
//! (`voice::sip_server`); it returns bytes to send and events for the application.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use rand::SeedableRng;
use rand::rngs::StdRng;
use rsip::headers::{self, Header};
use rsip::prelude::*;
use rsip::{Method, Request, SipMessage};

use super::msg::{self, Incoming};
use super::transaction::{ClientTx, ServerState, ServerTx, T1, T2, TIMEOUT, TimerOutcome};
use crate::sdp::{self, Codec, Local, Offer};

pub type CallId = u64;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Transport {
    Udp,
    Tcp,
}

/// Where a message came from (and where its answers go): for TCP, the connection too.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Peer {
    pub addr: SocketAddr,
    pub transport: Transport,
    pub conn: u64,
}

impl Peer {
    pub fn udp(addr: SocketAddr) -> Self {
        Self {
            addr,
            transport: Transport::Udp,
            conn: 0,
        }
    }

    fn reliable(&self) -> bool {
        self.transport == Transport::Tcp
    }
}

/// Why a call ended without the application asking.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EndReason {
    /// The caller sent BYE.
    RemoteBye,
    /// Our 200 OK was never acknowledged (we sent BYE).
    NoAck,
    /// Our 200 OK carried the offer (the INVITE had none) and the ACK brought no usable
    /// answer (we sent BYE, RFC 3261 §13.3.1.4).
    NoAnswer,
}

#[derive(Debug)]
pub enum Event {
    /// A new call: 100 Trying is out; answer with `ringing`/`answer` or `reject`.
    Invite {
        call: CallId,
        request: Box<Request>,
        peer: Peer,
    },
    /// A request outside any call that the application answers with `respond` (REGISTER).
    Request {
        tx: String,
        request: Box<Request>,
        peer: Peer,
    },
    /// The caller acknowledged our 200 OK: media may flow.
    Acked {
        call: CallId,
    },
    /// CANCEL before answer; 487 has been sent.
    Cancelled {
        call: CallId,
    },
    Ended {
        call: CallId,
        reason: EndReason,
    },
    /// A key pressed, sent as SIP INFO.
    Dtmf {
        call: CallId,
        digit: char,
    },
    /// A re-INVITE changed the media (hold, unhold, new address; 200 OK has been sent), or
    /// the ACK brought the answer to the offer in our 200 OK (an INVITE without SDP).
    Media {
        call: CallId,
        offer: Offer,
    },
    /// An outbound call rings (180) or has early media (183).
    Progress {
        call: CallId,
        code: u16,
    },
    /// An outbound call was answered (ACK sent); the callee's SDP answer.
    Answered {
        call: CallId,
        sdp: Vec<u8>,
    },
    /// An outbound call failed: the callee's final response, or 408 when none came.
    Failed {
        call: CallId,
        code: u16,
    },
}

#[derive(Debug)]
pub enum Output {
    Transmit { peer: Peer, data: Vec<u8> },
    Event(Event),
}

/// Our media for a call, used to answer its INVITE and re-INVITEs.
#[derive(Clone, Debug)]
pub struct MediaAnswer {
    pub local: Local,
    pub codec: Codec,
    pub dtmf_pt: Option<u8>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CallState {
    Early,
    /// 2xx sent, waiting for ACK.
    Answered,
    Confirmed,
}

struct Call {
    peer: Peer,
    invite: Request,
    invite_tx: String,
    call_id: String,
    local_tag: String,
    remote_cseq: u32,
    local_cseq: u32,
    state: CallState,
    ok: Option<Vec<u8>>,
    ok_retx_at: Option<Instant>,
    ok_interval: Duration,
    ok_deadline: Option<Instant>,
    media: Option<MediaAnswer>,
    /// Our last 2xx carried an offer (the (re-)INVITE had no SDP): the ACK brings the answer.
    offered: bool,
    /// Set for the calls we placed.
    uac: Option<dial::Uac>,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum TimerKey {
    Server(String),
    Client(String),
    Call(CallId),
}

pub struct Endpoint {
    local: SocketAddr,
    rng: StdRng,
    next_call: CallId,
    server: HashMap<String, (ServerTx, Peer, Option<CallId>)>,
    client: HashMap<String, (ClientTx, Peer)>,
    calls: HashMap<CallId, Call>,
    dialogs: HashMap<(String, String), CallId>,
    /// Our INVITEs' branches → their calls.
    invites: HashMap<String, CallId>,
    /// (Call-ID, From tag, CSeq) → transaction key, to detect merged requests (§8.2.2.2).
    pending: HashMap<(String, String, u32), String>,
    timers: BinaryHeap<Reverse<(Instant, TimerKey)>>,
    out: VecDeque<Output>,
}

const ALLOW: &str = "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, REGISTER";

/// The telephone-event payload type we offer when we make the offer.
const DTMF_PT: u8 = 101;

/// A (re-)INVITE without a session description: a delayed offer.
fn no_sdp(body: &[u8]) -> bool {
    body.iter().all(u8::is_ascii_whitespace)
}

impl Endpoint {
    /// `local` is the address in our Contact and Via; `seed` makes tags deterministic in tests.
    pub fn new(local: SocketAddr, seed: u64) -> Self {
        Self {
            local,
            rng: StdRng::seed_from_u64(seed),
            next_call: 1,
            server: HashMap::new(),
            client: HashMap::new(),
            calls: HashMap::new(),
            dialogs: HashMap::new(),
            invites: HashMap::new(),
            pending: HashMap::new(),
            timers: BinaryHeap::new(),
            out: VecDeque::new(),
        }
    }

    pub fn poll_output(&mut self) -> Option<Output> {
        self.out.pop_front()
    }

    pub fn poll_timeout(&self) -> Option<Instant> {
        self.timers.peek().map(|Reverse((t, _))| *t)
    }

    /// How many calls and transactions are held (for metrics and leak checks).
    pub fn load(&self) -> (usize, usize) {
        (self.calls.len(), self.server.len() + self.client.len())
    }

    fn send(&mut self, peer: Peer, data: Vec<u8>) {
        self.out.push_back(Output::Transmit { peer, data });
    }

    fn emit(&mut self, e: Event) {
        self.out.push_back(Output::Event(e));
    }

    fn arm(&mut self, at: Option<Instant>, key: TimerKey) {
        if let Some(at) = at {
            self.timers.push(Reverse((at, key)));
        }
    }

    /// A datagram or a framed TCP message arrived.
    pub fn handle_input(&mut self, now: Instant, peer: Peer, data: &[u8]) {
        let start = data
            .iter()
            .position(|b| !matches!(b, b'\r' | b'\n'))
            .unwrap_or(data.len());
        let data = &data[start..];
        if data.is_empty() {
            return; // keep-alive
        }
        if !data.starts_with(b"SIP/")
            && let Err(e) = msg::check_request_line(data)
        {
            return self.refuse_raw(peer, data, &e);
        }
        let message = match msg::parse(data) {
            Ok(m) => m,
            Err(e) => return self.refuse_raw(peer, data, &e),
        };
        match message {
            SipMessage::Response(r) => self.handle_response(now, r),
            SipMessage::Request(r) => match msg::check_request(r, msg::body_len(data)) {
                Ok(inc) => self.handle_request(now, peer, inc),
                Err(e) => self.refuse_raw(peer, data, &e),
            },
        }
    }

    fn refuse_raw(&mut self, peer: Peer, data: &[u8], why: &msg::MessageError) {
        tracing::debug!(reason = %why, from = %peer.addr, "refusing a SIP message");
        if data.starts_with(b"ACK ") {
            return; // never answer an ACK
        }
        if let Some(resp) = msg::refusal_for_raw(data, why.status(), &why.to_string()) {
            self.send(peer, resp);
        }
    }

    fn tx_key(inc: &Incoming, method: &Method) -> String {
        let m = match method {
            Method::Ack => Method::Invite,
            m => *m,
        };
        match &inc.branch {
            Some(b) => format!("{b}|{}|{m}", inc.sent_by),
            None => format!(
                "{}|{}|{}|{}|{m}",
                inc.call_id,
                inc.cseq,
                inc.from_tag.as_deref().unwrap_or(""),
                inc.sent_by
            ),
        }
    }

    fn handle_request(&mut self, now: Instant, peer: Peer, inc: Incoming) {
        let method = inc.request.method;
        if method == Method::Ack {
            return self.handle_ack(now, &inc);
        }
        let key = Self::tx_key(&inc, &method);
        if let Some((tx, _, _)) = self.server.get(&key) {
            // A retransmission: answer it again, from wherever it came.
            if let Some(last) = tx.on_retransmission() {
                self.send(peer, last);
            }
            return;
        }
        let mut tx = ServerTx::new(method == Method::Invite, peer.reliable());
        let respond_now = |ep: &mut Self, tx: &mut ServerTx, code: u16, extra: Vec<Header>| {
            let resp = msg::render(&msg::response(&inc.request, code, None, extra, vec![]));
            tx.respond(now, code, resp.clone());
            ep.send(peer, resp);
        };
        if inc.max_forwards == Some(0) && method != Method::Options {
            respond_now(self, &mut tx, 483, vec![]);
            return self.keep_tx(key, tx, peer, None);
        }
        if inc.to_tag.is_none() && method != Method::Cancel {
            let merged = (
                inc.call_id.clone(),
                inc.from_tag.clone().unwrap_or_default(),
                inc.cseq,
            );
            if self.pending.get(&merged).is_some_and(|k| *k != key) {
                respond_now(self, &mut tx, 482, vec![]);
                return self.keep_tx(key, tx, peer, None);
            }
        }
        if method == Method::Invite
            && let Some(req) = msg::header_value(&inc.request.headers, "require")
        {
            let unsupported = Header::Other("Unsupported".into(), req);
            respond_now(self, &mut tx, 420, vec![unsupported]);
            return self.keep_tx(key, tx, peer, None);
        }
        match method {
            Method::Invite if inc.to_tag.is_some() => self.reinvite(now, peer, inc, key, tx),
            Method::Invite => self.new_call(now, peer, inc, key, tx),
            Method::Cancel => self.cancel(now, peer, inc, key, tx),
            Method::Bye | Method::Info => {
                let Some(call) = self.dialog_of(&inc) else {
                    respond_now(self, &mut tx, 481, vec![]);
                    return self.keep_tx(key, tx, peer, None);
                };
                respond_now(self, &mut tx, 200, vec![]);
                self.keep_tx(key, tx, peer, None);
                if method == Method::Bye {
                    self.drop_call(call);
                    self.emit(Event::Ended {
                        call,
                        reason: EndReason::RemoteBye,
                    });
                } else if let Some(digit) = info_digit(&inc.request.body) {
                    self.emit(Event::Dtmf { call, digit });
                }
            }
            Method::Options => {
                let allow = Header::Allow(headers::Allow::new(ALLOW));
                let accept = Header::Accept(headers::Accept::new("application/sdp"));
                respond_now(self, &mut tx, 200, vec![allow, accept]);
                self.keep_tx(key, tx, peer, None);
            }
            Method::Register => {
                self.keep_tx(key.clone(), tx, peer, None);
                self.emit(Event::Request {
                    tx: key,
                    request: Box::new(inc.request),
                    peer,
                });
            }
            _ => {
                let allow = Header::Allow(headers::Allow::new(ALLOW));
                respond_now(self, &mut tx, 405, vec![allow]);
                self.keep_tx(key, tx, peer, None);
            }
        }
    }

    fn keep_tx(&mut self, key: String, tx: ServerTx, peer: Peer, call: Option<CallId>) {
        let deadline = tx.deadline();
        self.server.insert(key.clone(), (tx, peer, call));
        self.arm(deadline, TimerKey::Server(key));
    }

    fn dialog_of(&self, inc: &Incoming) -> Option<CallId> {
        let tag = inc.to_tag.clone()?;
        self.dialogs.get(&(inc.call_id.clone(), tag)).copied()
    }

    fn new_call(&mut self, now: Instant, peer: Peer, inc: Incoming, key: String, mut tx: ServerTx) {
        let call = self.next_call;
        self.next_call += 1;
        let local_tag = msg::token(&mut self.rng);
        let trying = msg::render(&msg::response(&inc.request, 100, None, vec![], vec![]));
        tx.respond(now, 100, trying.clone());
        self.send(peer, trying);
        self.pending.insert(
            (
                inc.call_id.clone(),
                inc.from_tag.clone().unwrap_or_default(),
                inc.cseq,
            ),
            key.clone(),
        );
        self.dialogs
            .insert((inc.call_id.clone(), local_tag.clone()), call);
        self.calls.insert(
            call,
            Call {
                peer,
                invite: inc.request.clone(),
                invite_tx: key.clone(),
                call_id: inc.call_id,
                local_tag,
                remote_cseq: inc.cseq,
                local_cseq: 1,
                state: CallState::Early,
                ok: None,
                ok_retx_at: None,
                ok_interval: T1,
                ok_deadline: None,
                media: None,
                offered: false,
                uac: None,
            },
        );
        self.keep_tx(key, tx, peer, Some(call));
        self.emit(Event::Invite {
            call,
            request: Box::new(inc.request),
            peer,
        });
    }

    fn reinvite(&mut self, now: Instant, peer: Peer, inc: Incoming, key: String, mut tx: ServerTx) {
        let found = self.dialog_of(&inc);
        let code = match found.and_then(|c| self.calls.get(&c)) {
            None => 481,
            Some(c) if c.state != CallState::Confirmed => 491,
            Some(c) if inc.cseq <= c.remote_cseq => 500,
            Some(_) => 0,
        };
        // No SDP: we offer in the 200 OK and the ACK answers.
        let delayed = code == 0 && no_sdp(&inc.request.body);
        let offer = if code == 0 && !delayed {
            sdp::parse_offer(&inc.request.body).ok()
        } else {
            None
        };
        let Some(call) = found.filter(|_| code == 0 && (delayed || offer.is_some())) else {
            let code = if code == 0 { 488 } else { code };
            let resp = msg::render(&msg::response(&inc.request, code, None, vec![], vec![]));
            tx.respond(now, code, resp.clone());
            self.send(peer, resp);
            return self.keep_tx(key, tx, peer, None);
        };
        let c = self.calls.get_mut(&call).expect("dialog maps to a call");
        c.remote_cseq = inc.cseq;
        let Some(media) = c.media.as_mut() else {
            return;
        };
        media.local.version += 1;
        let body = match &offer {
            Some(o) => sdp::answer(
                &media.local,
                media.codec,
                media.dtmf_pt,
                o.direction.answer_to(),
            ),
            None => sdp::offer(&media.local, media.dtmf_pt.unwrap_or(DTMF_PT)),
        };
        c.offered = offer.is_none();
        let ok = self.ok_response(&inc.request, call, body);
        tx.respond(now, 200, ok.clone());
        self.send(peer, ok.clone());
        let c = self.calls.get_mut(&call).expect("call");
        c.state = CallState::Answered;
        c.ok = Some(ok);
        c.ok_interval = T1;
        c.ok_retx_at = (!peer.reliable()).then_some(now + T1);
        c.ok_deadline = Some(now + TIMEOUT);
        let next = [c.ok_retx_at, c.ok_deadline].into_iter().flatten().min();
        self.arm(next, TimerKey::Call(call));
        self.keep_tx(key, tx, peer, Some(call));
        if let Some(offer) = offer {
            self.emit(Event::Media { call, offer });
        }
    }

    fn cancel(&mut self, now: Instant, peer: Peer, inc: Incoming, key: String, mut tx: ServerTx) {
        let invite_key = Self::tx_key(&inc, &Method::Invite);
        let target = self.server.get(&invite_key).map(|(t, _, c)| (t.state, *c));
        let code = if target.is_some() { 200 } else { 481 };
        let resp = msg::render(&msg::response(&inc.request, code, None, vec![], vec![]));
        tx.respond(now, code, resp.clone());
        self.send(peer, resp);
        self.keep_tx(key, tx, peer, None);
        if let Some((ServerState::Proceeding, Some(call))) = target
            && self
                .calls
                .get(&call)
                .is_some_and(|c| c.state == CallState::Early)
        {
            self.final_response(now, call, 487, vec![]);
            self.emit(Event::Cancelled { call });
        }
    }

    fn handle_ack(&mut self, now: Instant, inc: &Incoming) {
        let key = Self::tx_key(inc, &Method::Ack);
        if let Some((tx, _, _)) = self.server.get_mut(&key)
            && tx.state == ServerState::Completed
        {
            tx.on_ack(now);
            let d = tx.deadline();
            self.arm(d, TimerKey::Server(key));
            return;
        }
        if let Some(call) = self.dialog_of(inc)
            && let Some(c) = self.calls.get_mut(&call)
            && c.state == CallState::Answered
        {
            c.state = CallState::Confirmed;
            c.ok_retx_at = None;
            c.ok_deadline = None;
            let offered = std::mem::take(&mut c.offered);
            let answer = offered.then(|| sdp::parse_offer(&inc.request.body));
            if let (Some(Ok(a)), Some(m)) = (&answer, c.media.as_mut()) {
                m.codec = a.codec;
                m.dtmf_pt = a.dtmf_pt;
            }
            self.emit(Event::Acked { call });
            match answer {
                None => {}
                Some(Ok(offer)) => self.emit(Event::Media { call, offer }),
                Some(Err(_)) => {
                    self.send_bye(now, call);
                    self.drop_call(call);
                    self.emit(Event::Ended {
                        call,
                        reason: EndReason::NoAnswer,
                    });
                }
            }
        }
    }

    fn handle_response(&mut self, now: Instant, r: rsip::Response) {
        let branch = r
            .via_header()
            .ok()
            .and_then(|v| v.typed().ok())
            .and_then(|v| v.branch().map(|b| b.to_string()));
        let method = r.cseq_header().ok().and_then(|c| c.method().ok());
        let key = match (&branch, method) {
            (Some(b), Some(Method::Invite)) => {
                if let Some(&call) = self.invites.get(b) {
                    self.on_invite_response(now, call, &r);
                }
                return;
            }
            (Some(b), Some(Method::Cancel)) => Some(format!("{b}|CANCEL")),
            (b, _) => b.clone(),
        };
        if let Some(b) = key
            && let Some((tx, peer)) = self.client.get_mut(&b)
        {
            tx.on_response(now, r.status_code.code(), peer.reliable());
            let d = tx.deadline();
            self.arm(Some(d), TimerKey::Client(b));
        }
    }

    fn ok_response(&self, invite: &Request, call: CallId, body: Vec<u8>) -> Vec<u8> {
        let c = &self.calls[&call];
        let contact = Header::Contact(headers::Contact::new(format!(
            "<sip:qiao@{};transport={}>",
            self.local,
            if c.peer.reliable() { "tcp" } else { "udp" }
        )));
        let ctype = Header::ContentType(headers::ContentType::new("application/sdp"));
        let allow = Header::Allow(headers::Allow::new(ALLOW));
        msg::render(&msg::response(
            invite,
            200,
            Some(&c.local_tag),
            vec![contact, allow, ctype],
            body,
        ))
    }

    fn final_response(&mut self, now: Instant, call: CallId, code: u16, extra: Vec<Header>) {
        let Some(c) = self.calls.get(&call) else {
            return;
        };
        let resp = msg::render(&msg::response(
            &c.invite,
            code,
            Some(&c.local_tag),
            extra,
            vec![],
        ));
        let (key, peer) = (c.invite_tx.clone(), c.peer);
        if let Some((tx, _, _)) = self.server.get_mut(&key)
            && tx.respond(now, code, resp.clone())
        {
            let d = tx.deadline();
            self.send(peer, resp);
            self.arm(d, TimerKey::Server(key));
        }
        self.drop_call(call);
    }

    fn drop_call(&mut self, call: CallId) {
        if let Some(c) = self.calls.remove(&call) {
            self.dialogs
                .remove(&(c.call_id.clone(), c.local_tag.clone()));
            let cseq = c.invite_cseq();
            let from_tag = c
                .invite
                .from_header()
                .ok()
                .and_then(|f| f.tag().ok().flatten())
                .map(|t| t.to_string())
                .unwrap_or_default();
            self.pending.remove(&(c.call_id, from_tag, cseq));
        }
    }

    /// Sends 180 Ringing.
    pub fn ringing(&mut self, now: Instant, call: CallId) {
        let Some(c) = self.calls.get(&call) else {
            return;
        };
        if c.state != CallState::Early {
            return;
        }
        let resp = msg::render(&msg::response(
            &c.invite,
            180,
            Some(&c.local_tag),
            vec![],
            vec![],
        ));
        let (key, peer) = (c.invite_tx.clone(), c.peer);
        if let Some((tx, _, _)) = self.server.get_mut(&key)
            && tx.respond(now, 180, resp.clone())
        {
            self.send(peer, resp);
        }
    }

    /// Answers with 200 OK and our SDP; retransmitted until the ACK comes.
    pub fn answer(&mut self, now: Instant, call: CallId, media: MediaAnswer) {
        let Some(c) = self.calls.get_mut(&call) else {
            return;
        };
        if c.state != CallState::Early {
            return;
        }
        // An INVITE without SDP gets our offer; its ACK answers (RFC 3261 §13.2.1).
        c.offered = no_sdp(&c.invite.body);
        let body = if c.offered {
            sdp::offer(&media.local, media.dtmf_pt.unwrap_or(DTMF_PT))
        } else {
            sdp::answer(
                &media.local,
                media.codec,
                media.dtmf_pt,
                sdp::Direction::SendRecv,
            )
        };
        c.media = Some(media);
        let invite = c.invite.clone();
        let ok = self.ok_response(&invite, call, body);
        let c = self.calls.get_mut(&call).expect("call");
        let (key, peer) = (c.invite_tx.clone(), c.peer);
        c.state = CallState::Answered;
        c.ok = Some(ok.clone());
        c.ok_retx_at = (!peer.reliable()).then_some(now + T1);
        c.ok_deadline = Some(now + TIMEOUT);
        let next = [c.ok_retx_at, c.ok_deadline].into_iter().flatten().min();
        if let Some((tx, _, _)) = self.server.get_mut(&key) {
            tx.respond(now, 200, ok.clone());
            let d = tx.deadline();
            self.arm(d, TimerKey::Server(key));
        }
        self.send(peer, ok);
        self.arm(next, TimerKey::Call(call));
    }

    /// Refuses a call that has not been answered (404, 480, 486, 488, 503, …).
    pub fn reject(&mut self, now: Instant, call: CallId, code: u16, extra: Vec<Header>) {
        if self
            .calls
            .get(&call)
            .is_some_and(|c| c.state == CallState::Early)
        {
            self.final_response(now, call, code.clamp(300, 699), extra);
        }
    }

    /// Ends a call from our side: BYE once answered, 480 before.
    pub fn hangup(&mut self, now: Instant, call: CallId) {
        let Some(c) = self.calls.get(&call) else {
            return;
        };
        if c.state == CallState::Early {
            if c.uac.is_some() {
                return self.cancel_outbound(now, call);
            }
            return self.final_response(now, call, 480, vec![]);
        }
        self.send_bye(now, call);
        if let Some(u) = self.calls.get(&call).and_then(|c| c.uac.as_ref()) {
            let b = u.branch.clone();
            self.invites.remove(&b);
        }
        self.drop_call(call);
    }

    fn send_bye(&mut self, now: Instant, call: CallId) {
        let branch = format!("z9hG4bK{}", msg::token(&mut self.rng));
        let Some(c) = self.calls.get_mut(&call) else {
            return;
        };
        c.local_cseq += 1;
        let (target, from, to) = match &mut c.uac {
            // Our own call: we are From, they are To (with their tag).
            Some(u) => {
                u.cseq += 1;
                c.local_cseq = u.cseq;
                (
                    u.remote_target.clone().unwrap_or_else(|| u.target.clone()),
                    u.from.clone(),
                    format!("{};tag={}", u.to, u.remote_tag.clone().unwrap_or_default()),
                )
            }
            None => (
                c.invite
                    .contact_header()
                    .ok()
                    .and_then(|h| h.typed().ok())
                    .map(|t| t.uri.to_string())
                    .unwrap_or_else(|| format!("sip:{}", c.peer.addr)),
                c.invite
                    .to_header()
                    .map(|t| t.value().to_owned())
                    .unwrap_or_default(),
                c.invite
                    .from_header()
                    .map(|t| t.value().to_owned())
                    .unwrap_or_default(),
            ),
        };
        let transport = if c.peer.reliable() { "TCP" } else { "UDP" };
        let bye = format!(
            "BYE {target} SIP/2.0\r\nVia: SIP/2.0/{transport} {local};branch={branch};rport\r\n\
             Max-Forwards: 70\r\nFrom: {from};tag={tag}\r\nTo: {to}\r\nCall-ID: {cid}\r\n\
             CSeq: {seq} BYE\r\nServer: Qiao\r\nContent-Length: 0\r\n\r\n",
            local = self.local,
            tag = c.local_tag,
            cid = c.call_id,
            seq = c.local_cseq,
        )
        .into_bytes();
        let peer = c.peer;
        let tx = ClientTx::new(now, bye.clone(), peer.reliable());
        let d = tx.deadline();
        self.client.insert(branch.clone(), (tx, peer));
        self.arm(Some(d), TimerKey::Client(branch));
        self.send(peer, bye);
    }

    /// Answers a request surfaced as `Event::Request`.
    pub fn respond(
        &mut self,
        now: Instant,
        tx: &str,
        request: &Request,
        code: u16,
        extra: Vec<Header>,
    ) {
        let Some((t, peer, _)) = self.server.get_mut(tx) else {
            return;
        };
        let tag = format!("{:x}", rand::Rng::r#gen::<u32>(&mut self.rng));
        let resp = msg::render(&msg::response(request, code, Some(&tag), extra, vec![]));
        if t.respond(now, code, resp.clone()) {
            let (peer, d) = (*peer, t.deadline());
            self.send(peer, resp);
            self.arm(d, TimerKey::Server(tx.to_owned()));
        }
    }

    /// Runs the timers that are due.
    pub fn handle_timeout(&mut self, now: Instant) {
        while let Some(Reverse((at, _))) = self.timers.peek() {
            if *at > now {
                break;
            }
            let Reverse((_, key)) = self.timers.pop().expect("peeked");
            match key {
                TimerKey::Server(k) => self.server_timer(now, k),
                TimerKey::Client(k) => self.client_timer(now, k),
                TimerKey::Call(c) => self.call_timer(now, c),
            }
        }
    }

    fn server_timer(&mut self, now: Instant, key: String) {
        let Some((tx, peer, _)) = self.server.get_mut(&key) else {
            return;
        };
        if tx.deadline().is_none_or(|d| d > now) {
            return;
        }
        let peer = *peer;
        match tx.on_timer(now) {
            TimerOutcome::Retransmit(b) => {
                let d = tx.deadline();
                self.send(peer, b);
                self.arm(d, TimerKey::Server(key));
            }
            // A call's entry in `pending` goes with the call (`drop_call`).
            TimerOutcome::TimedOut | TimerOutcome::Terminated => {
                self.server.remove(&key);
            }
            TimerOutcome::Nothing => {
                let d = tx.deadline();
                self.arm(d, TimerKey::Server(key));
            }
        }
    }

    fn client_timer(&mut self, now: Instant, key: String) {
        let Some((tx, peer)) = self.client.get_mut(&key) else {
            return;
        };
        if tx.deadline() > now {
            return;
        }
        let peer = *peer;
        match tx.on_timer(now) {
            TimerOutcome::Retransmit(b) => {
                let d = tx.deadline();
                self.send(peer, b);
                self.arm(Some(d), TimerKey::Client(key));
            }
            TimerOutcome::TimedOut | TimerOutcome::Terminated => {
                self.client.remove(&key);
                // Our INVITE got no final response (Timer B, or rang past its limit).
                if let Some(call) = self.invites.remove(&key)
                    && self
                        .calls
                        .get(&call)
                        .is_some_and(|c| c.state == CallState::Early)
                {
                    self.drop_call(call);
                    self.emit(Event::Failed { call, code: 408 });
                }
            }
            TimerOutcome::Nothing => {
                let d = tx.deadline();
                self.arm(Some(d), TimerKey::Client(key));
            }
        }
    }

    fn call_timer(&mut self, now: Instant, call: CallId) {
        let Some(c) = self.calls.get_mut(&call) else {
            return;
        };
        if c.state != CallState::Answered {
            return;
        }
        if c.ok_deadline.is_some_and(|d| now >= d) {
            self.send_bye(now, call);
            self.drop_call(call);
            self.emit(Event::Ended {
                call,
                reason: EndReason::NoAck,
            });
            return;
        }
        if let Some(at) = c.ok_retx_at
            && now >= at
        {
            c.ok_interval = (c.ok_interval * 2).min(T2);
            c.ok_retx_at = Some(now + c.ok_interval);
            let (peer, ok) = (c.peer, c.ok.clone());
            if let Some(ok) = ok {
                self.send(peer, ok);
            }
        }
        let c = &self.calls[&call];
        let next = [c.ok_retx_at, c.ok_deadline].into_iter().flatten().min();
        self.arm(next, TimerKey::Call(call));
    }
}

impl Call {
    fn invite_cseq(&self) -> u32 {
        self.invite
            .cseq_header()
            .ok()
            .and_then(|c| c.seq().ok())
            .unwrap_or(0)
    }
}

/// The key in an INFO body: `Signal=5` (application/dtmf-relay) or a bare `5`.
fn info_digit(body: &[u8]) -> Option<char> {
    let text = std::str::from_utf8(body).ok()?;
    let value = text
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once('=')?;
            k.trim().eq_ignore_ascii_case("signal").then_some(v.trim())
        })
        .unwrap_or(text.trim());
    let mut chars = value.chars();
    let c = chars.next()?;
    (chars.next().is_none() && (c.is_ascii_digit() || matches!(c, '*' | '#' | 'A'..='D')))
        .then_some(c)
}

mod dial;
pub use dial::Dial;

#[cfg(test)]
mod dial_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_support;
#[cfg(test)]
mod torture;
