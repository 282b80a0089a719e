//! An inbound call from INVITE to call record: admission by dialled number and trunk, the
//! SDP answer and media, the IVR or queue, and at the end the CDR and the recording handed
//! to the durable upload queue.

use std::net::SocketAddr;
use std::time::Duration;

use chrono::Utc;
use qiao_media::rtp::latch;
use qiao_media::rtp::session::SessionConfig;
use qiao_media::sdp::{self, Local};
use qiao_media::sip::MediaAnswer;
use qiao_media::sip::msg::uri_user;
use qiao_media::voice::{CallEvent, IncomingCall, call_media};
use qiao_tenants::calls::{Admission, CallEnd, CallStart, Target, dialled_e164};
use qiao_tenants::values::Pii;
use rsip::prelude::*;
use uuid::Uuid;

use super::call_ctx::{CallCtx, finish, finish_record};
use super::ctl::CallCtl;
use super::deps::VoiceDeps;
use super::hops;
use super::spool::{Take, TakeKind};
use super::{Voice, ivr};

fn caller_of(req: &rsip::Request) -> String {
    let user = req
        .from_header()
        .ok()
        .and_then(|f| f.uri().ok())
        .and_then(|u| uri_user(&u))
        .unwrap_or_default();
    match dialled_e164(&user) {
        Some(e) if user.starts_with('+') || user.len() >= 11 => e.as_str().to_owned(),
        _ => user.chars().take(40).collect(),
    }
}

/// Handles one INVITE to its end.
pub async fn handle(state: VoiceDeps, voice: Voice, incoming: IncomingCall) {
    let IncomingCall {
        call,
        request,
        peer,
        mut events,
    } = incoming;
    let sip = voice.sip.clone();
    let Some(dialled) = uri_user(&request.uri).and_then(|u| dialled_e164(&u)) else {
        return sip.reject(call, 404, vec![]);
    };
    let admission = match state.calls.admit_call(&dialled).await {
        Ok(Some(a)) => a,
        Ok(None) => return sip.reject(call, 404, vec![]),
        Err(e) => {
            tracing::error!(error = %e, "admitting a call");
            return sip.reject(call, 503, vec![]);
        }
    };
    if let Err((code, headers)) =
        voice
            .auth
            .admit_trunk(admission.trunk.as_ref(), &request, peer.addr)
    {
        if code == 403 {
            tracing::info!(from = %peer.addr, number = %Pii(dialled.as_str()), "call refused by the number's trunk");
        }
        return sip.reject(call, code, headers);
    }
    let Admission {
        access,
        number,
        target,
        ..
    } = admission;
    if matches!(target, Target::NotInService) {
        return sip.reject(call, 480, vec![]);
    }
    let id = Uuid::now_v7();
    let span = tracing::Span::current();
    span.record("tenant_id", tracing::field::display(access.tenant_id()));
    span.record("call_id", tracing::field::display(id));
    let caller = caller_of(&request);
    let started_at = Utc::now();
    let sip_call_id = request
        .call_id_header()
        .map(|c| c.value().to_owned())
        .unwrap_or_default();
    let start = CallStart {
        id,
        number_id: Some(number.id),
        dialled: dialled.as_str().to_owned(),
        caller: caller.clone(),
        sip_call_id,
        started_at,
        node_id: Some(state.node_id),
        direction: "inbound",
    };
    if let Err(e) = state.calls.open_call(&access, start).await {
        tracing::error!(error = %e, "writing a call record");
        return sip.reject(call, 503, vec![]);
    }
    let mut end = CallEnd {
        ended_at: started_at,
        disposition: "failed".into(),
        ..Default::default()
    };
    // No SDP in the INVITE (a delayed offer): we offer in the 200 OK, the ACK answers.
    let delayed = request.body.iter().all(u8::is_ascii_whitespace);
    let offer = match sdp::parse_offer(&request.body) {
        Ok(o) => Some(o),
        Err(_) if delayed => None,
        Err(e) => {
            tracing::info!(error = %e, "call refused: SDP");
            sip.reject(call, 488, vec![]);
            end.ended_at = Utc::now();
            end.disposition = "rejected".into();
            return finish_record(&state, &access, id, end).await;
        }
    };
    sip.ringing(call);
    // Ring briefly; a CANCEL in this time ends the call unanswered.
    let ring = tokio::time::sleep(Duration::from_millis(state.config.sip.answer_after_ms));
    tokio::pin!(ring);
    loop {
        tokio::select! {
            () = &mut ring => break,
            e = events.recv() => if matches!(e, None | Some(CallEvent::Cancelled | CallEvent::Ended(_))) {
                end.ended_at = Utc::now();
                end.disposition = "cancelled".into();
                end.ended_by = Some("caller".into());
                return finish_record(&state, &access, id, end).await;
            },
        }
    }
    let media_ip = state.config.sip.media_ip();
    let socket = match call_media::bind(media_ip).await {
        Ok(s) => s,
        Err(e) => {
            tracing::error!(error = %e, "binding RTP");
            sip.reject(call, 503, vec![]);
            end.ended_at = Utc::now();
            return finish_record(&state, &access, id, end).await;
        }
    };
    let port = socket.local_addr().map(|a| a.port()).unwrap_or(0);
    sip.answer(
        call,
        MediaAnswer {
            local: Local {
                addr: media_ip,
                port,
                session_id: rand::random::<u32>().into(),
                version: 1,
            },
            codec: offer.as_ref().map_or(sdp::Codec::Pcmu, |o| o.codec),
            dtmf_pt: offer.as_ref().map_or(Some(101), |o| o.dtmf_pt),
        },
    );
    let answered_at = Utc::now();
    end.answered_at = Some(answered_at);
    let offer = match offer {
        Some(o) => o,
        None => match answer_in_ack(&mut events).await {
            Some(o) => o,
            None => {
                tracing::info!("a call without SDP got no answer in its ACK");
                end.ended_at = Utc::now();
                return finish_record(&state, &access, id, end).await;
            }
        },
    };
    let rec = Take::new(id, TakeKind::Call);
    let rec_file = voice.spool.work_file(&rec);
    let (media, media_events) = call_media::spawn(
        socket,
        SessionConfig {
            codec: offer.codec,
            dtmf_pt: offer.dtmf_pt,
            ssrc: rand::random(),
            remote: SocketAddr::new(offer.addr, offer.port),
            latch: latch::behind_nat(offer.addr, peer.addr.ip()),
            rtp_timeout: Duration::from_secs(state.config.sip.rtp_timeout_secs.max(1)),
        },
        Some(rec_file.clone()),
    );
    if offer.is_hold() {
        media.send(qiao_media::voice::MediaCmd::Remote(
            SocketAddr::new(offer.addr, offer.port),
            false,
        ));
    }
    let mut cc = CallCtx {
        state: state.clone(),
        voice,
        access: access.clone(),
        ctl: CallCtl {
            media,
            media_events,
            call_events: events,
            ended_by: None,
            remote: "caller",
            answered_at: None,
            failed: None,
            dtmf: offer.dtmf_pt.is_some(),
        },
        id,
        dialled: dialled.as_str().to_owned(),
        caller: caller.clone(),
        language: "zh-CN".into(),
        disposition: "completed",
        queue_id: None,
        queue_wait_ms: None,
        ivr_path: Vec::new(),
        digits: String::new(),
        agents: Vec::new(),
        legs: 0,
    };
    match target {
        Target::Flow { graph, .. } => {
            if let ivr::Outcome::Next(d) = ivr::run_flow(&mut cc, graph).await {
                Box::pin(hops::serve_from(&mut cc, d)).await;
            }
        }
        Target::Queue(q) => Box::pin(hops::serve(&mut cc, q.row.id)).await,
        Target::NotInService => {}
    }
    finish(cc, call, end, rec, answered_at).await;
}

/// The caller's answer to the offer in our 200 OK, from its ACK; `None` when the call ended
/// first (no ACK, or an ACK without a usable answer: the endpoint sent BYE).
async fn answer_in_ack(
    events: &mut tokio::sync::mpsc::UnboundedReceiver<CallEvent>,
) -> Option<sdp::Offer> {
    loop {
        match events.recv().await? {
            CallEvent::Media(answer) => return Some(answer),
            CallEvent::Ended(_) | CallEvent::Cancelled | CallEvent::Failed(_) => return None,
            _ => {}
        }
    }
}
