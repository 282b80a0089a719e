//! A call with an agent: the offer (reserved in the database, pushed to the agent's
//! console with the screen pop), the answer (the browser's WebRTC leg bridged into the
//! call's media), then hold, hang-up and transfer until the agent's part ends, followed by
//! after-call work.

use std::time::Duration;

use qiao_media::voice::{MediaCmd, WebRtcLeg};
use qiao_tenants::TenantId;
use qiao_tenants::agents::{OfferEnd, Presence};
use qiao_tenants::error::DomainError;
use qiao_tenants::events::{EventKind, TenantEvent};
use qiao_tenants::values::InvalidValue;
use serde_json::{Value, json};
use uuid::Uuid;

use super::call::CallCtx;
use super::ctl::Ev;
use super::live::{AgentCmd, Reply, TransferTo};
use crate::app::AppState;

/// Publishes an agent event for the consoles (any node's subscribers).
pub async fn publish(state: &AppState, tenant: TenantId, kind: EventKind, data: Value) {
    if let Err(e) = state
        .bus
        .publish(&TenantEvent::new(tenant, kind, data))
        .await
    {
        tracing::warn!(error = %e, "publishing an agent event");
    }
}

/// Publishes an agent's presence as stored.
pub async fn publish_presence(
    state: &AppState,
    tenant: TenantId,
    row: &qiao_tenants::entities::agent_state::Model,
) {
    publish(
        state,
        tenant,
        EventKind::AgentState,
        json!({"agent": row.user_id, "state": row.state, "reason": row.reason,
               "since": row.since, "callId": row.call_id}),
    )
    .await;
}

/// An offer ringing at an agent.
pub struct Ringing {
    pub agent: Uuid,
    pub leg: Uuid,
}

/// Reserves `agent` and rings their console; `None` when they were taken meanwhile.
pub async fn offer(cc: &CallCtx, agent: Uuid, ring_secs: u64, screen: &Value) -> Option<Ringing> {
    let leg = match cc
        .state
        .center
        .reserve_agent(&cc.access, agent, cc.id)
        .await
    {
        Ok(Some(leg)) => leg,
        Ok(None) => return None,
        Err(e) => {
            tracing::error!(error = %e, "reserving an agent");
            return None;
        }
    };
    publish(
        &cc.state,
        cc.access.tenant_id(),
        EventKind::AgentOffer,
        json!({
            "agent": agent, "callId": cc.id, "legId": leg, "caller": cc.caller,
            "dialled": cc.dialled, "queueId": cc.queue_id, "ringSecs": ring_secs,
            "ivrPath": cc.ivr_path, "digits": cc.digits, "screenPop": screen,
        }),
    )
    .await;
    Some(Ringing { agent, leg })
}

/// Ends an offer that was not answered.
pub async fn offer_over(cc: &CallCtx, r: &Ringing, end: OfferEnd) {
    if let Err(e) = cc
        .state
        .center
        .offer_ended(&cc.access, r.agent, cc.id, r.leg, end)
        .await
    {
        tracing::error!(error = %e, "ending an offer");
    }
    let status = match end {
        OfferEnd::Missed => "missed",
        OfferEnd::Rejected => "rejected",
        OfferEnd::Withdrawn => "withdrawn",
    };
    publish(
        &cc.state,
        cc.access.tenant_id(),
        EventKind::AgentCall,
        json!({"agent": r.agent, "callId": cc.id, "legId": r.leg, "status": status}),
    )
    .await;
    if end == OfferEnd::Missed {
        presence_changed(cc, r.agent).await;
    }
}

async fn presence_changed(cc: &CallCtx, agent: Uuid) {
    if let Ok(row) = cc.state.center.agent_state_of(&cc.access, agent).await {
        publish_presence(&cc.state, cc.access.tenant_id(), &row).await;
    }
}

/// A transfer goes to a queue of the call's tenant, or to another agent of it who has
/// logged in at least once.
async fn check_transfer(cc: &CallCtx, me: Uuid, to: TransferTo) -> Result<(), DomainError> {
    match to {
        TransferTo::Queue(q) => cc
            .state
            .center
            .queue(&cc.access.config(), q)
            .await
            .map(|_| ()),
        TransferTo::Agent(a) if a == me => Err(DomainError::Conflict(
            "you cannot transfer a call to yourself".into(),
        )),
        TransferTo::Agent(a) => cc
            .state
            .center
            .agent_state_of(&cc.access, a)
            .await
            .map(|_| ()),
    }
}

/// How the agent's part ended.
pub enum TalkEnd {
    /// The caller or the agent hung up (`cc.ctl.ended_by` says who).
    Over,
    Transfer(TransferTo),
}

/// The agent answered with their browser's SDP: bridge them in and run the conversation.
/// `Err` when their leg could not be set up (the offer then counts as rejected).
pub async fn talk(
    cc: &mut CallCtx,
    ringing: Ringing,
    sdp: String,
    reply: Reply<String>,
    commands: &mut tokio::sync::mpsc::UnboundedReceiver<AgentCmd>,
    acw_secs: u32,
) -> Result<TalkEnd, ()> {
    let Ringing { agent, leg } = ringing;
    let leg_no = cc.next_leg_no();
    let webrtc =
        match WebRtcLeg::answer(&cc.voice.webrtc, &sdp, leg_no, cc.ctl.media.leg_input()).await {
            Ok(l) => l,
            Err(e) => {
                tracing::info!(error = %e, "an agent's softphone could not be connected");
                let _ = reply.send(Err(DomainError::Invalid(InvalidValue {
                    field: "sdp",
                    reason: e.to_string(),
                })));
                return Err(());
            }
        };
    if let Err(e) = cc
        .state
        .center
        .offer_answered(&cc.access, agent, cc.id, leg)
        .await
    {
        webrtc.close().await;
        let _ = reply.send(Err(e));
        return Err(());
    }
    let _ = reply.send(Ok(webrtc.answer.clone()));
    cc.agents.push(agent);
    cc.ctl.media.send(MediaCmd::Music(None));
    cc.ctl.media.send(MediaCmd::StopPlayback);
    cc.ctl.media.send(MediaCmd::Bridge {
        id: leg_no,
        hears: webrtc.to_browser.clone(),
    });
    let tenant = cc.access.tenant_id();
    publish(
        &cc.state,
        tenant,
        EventKind::AgentCall,
        json!({"agent": agent, "callId": cc.id, "legId": leg, "status": "connected"}),
    )
    .await;
    presence_changed(cc, agent).await;
    let mut held = false;
    let end = loop {
        tokio::select! {
            ev = cc.ctl.next(None) => if let Ev::Gone = ev { break TalkEnd::Over },
            () = webrtc.ended() => {
                tracing::info!("an agent's softphone went away; ending the call");
                cc.ctl.ended_by = Some("agent");
                break TalkEnd::Over;
            }
            cmd = commands.recv() => match cmd {
                None => break TalkEnd::Over,
                Some(c) if c.agent() != agent => c.refuse("this call is not yours"),
                Some(AgentCmd::Hangup { reply, .. }) => {
                    cc.ctl.ended_by = Some("agent");
                    let _ = reply.send(Ok(()));
                    break TalkEnd::Over;
                }
                Some(AgentCmd::Hold { on, reply, .. }) => {
                    if on != held {
                        held = on;
                        cc.ctl.media.send(MediaCmd::Hold(on));
                        cc.ctl.media.send(MediaCmd::Music(on.then(|| cc.voice.clips.default_music())));
                        publish(&cc.state, tenant, EventKind::AgentCall,
                            json!({"agent": agent, "callId": cc.id, "legId": leg,
                                   "status": if on { "held" } else { "connected" }})).await;
                    }
                    let _ = reply.send(Ok(()));
                }
                Some(AgentCmd::Transfer { to, reply, .. }) => match check_transfer(cc, agent, to).await {
                    Ok(()) => {
                        let _ = reply.send(Ok(()));
                        break TalkEnd::Transfer(to);
                    }
                    Err(e) => {
                        let _ = reply.send(Err(e));
                    }
                },
                Some(c @ (AgentCmd::Answer { .. } | AgentCmd::Reject { .. })) => {
                    c.refuse("the call is already answered");
                }
            },
        }
    };
    cc.ctl.media.send(MediaCmd::Unbridge(leg_no));
    if held {
        cc.ctl.media.send(MediaCmd::Hold(false));
        cc.ctl.media.send(MediaCmd::Music(None));
    }
    webrtc.close().await;
    let outcome = match end {
        TalkEnd::Over => "ended",
        TalkEnd::Transfer(_) => "transferred",
    };
    if let Err(e) = cc
        .state
        .center
        .leg_ended(&cc.access, agent, leg, outcome, acw_secs)
        .await
    {
        tracing::error!(error = %e, "ending an agent's leg");
    }
    cc.voice.router.interaction_ended(tenant, agent);
    publish(
        &cc.state,
        tenant,
        EventKind::AgentCall,
        json!({"agent": agent, "callId": cc.id, "legId": leg, "status": outcome}),
    )
    .await;
    presence_changed(cc, agent).await;
    if acw_secs > 0 {
        let (state, access) = (cc.state.clone(), cc.access.clone());
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_secs(u64::from(acw_secs))).await;
            if let Ok(true) = state.center.after_call_work_due(&access).await
                && let Ok(row) = state.center.agent_state_of(&access, agent).await
                && row.state == Presence::Available.as_str()
            {
                publish_presence(&state, access.tenant_id(), &row).await;
            }
        });
    }
    Ok(end)
}
