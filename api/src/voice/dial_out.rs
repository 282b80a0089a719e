//! An agent's call out (`dialOut`): dialled through the organisation's trunk, bridged to the
//! agent's browser, recorded; a transfer from it goes on through `hops`.

use super::Voice;
use super::call_ctx::{CallCtx, finish};
use super::ctl::CallCtl;
use super::deps::VoiceDeps;
use super::dest::Dest;
use super::hops;
use super::live::{Reply, TransferTo};
use super::spool::{Take, TakeKind};
use super::talk::{self, First, Ringing, TalkEnd};
use chrono::Utc;
use qiao_media::rtp::session::SessionConfig;
use qiao_media::sdp::{Codec, Local};
use qiao_media::sip::{Dial, MediaAnswer, Peer};
use qiao_media::voice::{MediaCmd, call_media};
use qiao_tenants::calls::{CallEnd, CallStart};
use qiao_tenants::ctx::TakeCalls;
use qiao_tenants::error::DomainError;
use qiao_tenants::values::E164;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::sync::oneshot;
use uuid::Uuid;

/// Places `to` for the acting agent; answers the call's id and the SDP answer for the
/// agent's browser.
pub async fn dial_out(
    state: &VoiceDeps,
    voice: &Voice,
    cap: &TakeCalls<'_>,
    to: &E164,
    sdp: String,
) -> Result<(Uuid, String), DomainError> {
    let route = state.calls.outbound_route(cap).await?;
    let agent = cap.agent.as_uuid();
    let trunk_port = u16::try_from(route.trunk.port).unwrap_or(5060);
    let trunk: SocketAddr = tokio::net::lookup_host((route.trunk.host.as_str(), trunk_port))
        .await
        .ok()
        .and_then(|mut a| a.next())
        .ok_or_else(|| {
            DomainError::Conflict(format!(
                "the trunk's host {} cannot be resolved",
                route.trunk.host
            ))
        })?;
    let id = Uuid::now_v7();
    let started_at = Utc::now();
    state
        .calls
        .open_call(
            &route.access,
            CallStart {
                id,
                number_id: Some(route.number.id),
                dialled: to.as_str().to_owned(),
                caller: route.number.e164.clone(),
                sip_call_id: String::new(),
                started_at,
                node_id: Some(state.node_id),
                direction: "outbound",
            },
        )
        .await?;
    let failed = |disposition: &str| CallEnd {
        ended_at: Utc::now(),
        disposition: disposition.into(),
        ended_by: Some("system".into()),
        ..Default::default()
    };
    let leg = match state
        .calls
        .reserve_for_outbound(&route.access, agent, id)
        .await
    {
        Ok(l) => l,
        Err(e) => {
            let _ = state
                .calls
                .close_call(&route.access, id, failed("failed"), None)
                .await;
            return Err(e);
        }
    };
    let ip = state.config.sip.media_ip();
    let socket = call_media::bind(ip)
        .await
        .map_err(|e| DomainError::Internal(anyhow::Error::new(e).context("binding RTP")))?;
    let port = socket.local_addr().map(|a| a.port()).unwrap_or(0);
    let rec = Take::new(id, TakeKind::Call);
    let (media, media_events) = call_media::spawn(
        socket,
        SessionConfig {
            codec: Codec::Pcmu,
            dtmf_pt: Some(101),
            ssrc: rand::random(),
            remote: trunk,
            // A carrier's media address is where its answer says; no latching.
            latch: false,
            rtp_timeout: Duration::from_secs(state.config.sip.rtp_timeout_secs.max(1)),
        },
        Some(voice.spool.work_file(&rec)),
    );
    // Silent (and no RTP timeout) until the callee answers with their address.
    media.send(MediaCmd::Remote(trunk, false));
    let Some(out) = voice
        .sip
        .dial(Dial {
            peer: Peer::udp(trunk),
            target: format!("sip:{}@{}:{}", to.as_str(), route.trunk.host, trunk_port),
            from_user: route.number.e164.clone(),
            from_name: route.number.label.clone(),
            media: MediaAnswer {
                local: Local {
                    addr: ip,
                    port,
                    session_id: rand::random::<u32>().into(),
                    version: 1,
                },
                codec: Codec::Pcmu,
                dtmf_pt: Some(101),
            },
        })
        .await
    else {
        return Err(DomainError::Internal(anyhow::anyhow!(
            "the SIP server has stopped"
        )));
    };
    let cc = CallCtx {
        state: state.clone(),
        voice: voice.clone(),
        access: route.access.clone(),
        ctl: CallCtl {
            media,
            media_events,
            call_events: out.events,
            ended_by: None,
            remote: "callee",
            answered_at: None,
            failed: None,
            dtmf: false,
        },
        id,
        dialled: to.as_str().to_owned(),
        caller: route.number.e164.clone(),
        language: "zh-CN".into(),
        disposition: "completed",
        queue_id: None,
        queue_wait_ms: None,
        ivr_path: Vec::new(),
        digits: String::new(),
        agents: Vec::new(),
        legs: 0,
    };
    let (reply, answer) = oneshot::channel();
    // A call of its own, not a part of the request that placed it.
    let span = tracing::info_span!(
        parent: None,
        "call",
        tenant_id = %cc.access.tenant_id(),
        call_id = %cc.id,
        direction = "outbound"
    );
    tokio::spawn(tracing::Instrument::instrument(
        run(cc, out.call, Ringing { agent, leg }, sdp, reply, rec),
        span,
    ));
    let sdp = answer.await.map_err(|_| DomainError::NotFound("call"))??;
    Ok((id, sdp))
}

async fn run(
    mut cc: CallCtx,
    call: qiao_media::sip::CallId,
    ringing: Ringing,
    sdp: String,
    reply: Reply<String>,
    rec: Take,
) {
    let started_at = Utc::now();
    let mut live = cc.state.live.register(cc.access.tenant_id(), cc.id);
    let talked = Box::pin(talk::talk(
        &mut cc,
        ringing,
        First::Browser { sdp, reply },
        &mut live.commands,
        0,
    ))
    .await;
    drop(live);
    cc.disposition = match (cc.ctl.answered_at, cc.ctl.failed) {
        (Some(_), _) => "completed",
        (None, Some(486 | 600)) => "busy",
        (None, Some(408 | 480 | 487) | None) => "no_answer",
        (None, Some(_)) => "failed",
    };
    match talked {
        // A blind transfer of a call we placed: it waits in the queue, or for the agent.
        Ok(TalkEnd::Transfer(to)) if cc.ctl.answered_at.is_some() => match to {
            TransferTo::Queue(q) => Box::pin(hops::serve_from(&mut cc, Dest::Queue(q))).await,
            TransferTo::Agent(a) => {
                Box::pin(hops::serve_from(&mut cc, Dest::Agent(a, None))).await;
            }
            TransferTo::Number(n) => Box::pin(hops::serve_from(&mut cc, Dest::Number(n))).await,
        },
        Ok(_) => {}
        Err(()) => cc.disposition = "failed",
    }
    let answered = cc.ctl.answered_at;
    let end = CallEnd {
        answered_at: answered,
        ended_at: Utc::now(),
        ..Default::default()
    };
    finish(cc, call, end, rec, answered.unwrap_or(started_at)).await;
}
