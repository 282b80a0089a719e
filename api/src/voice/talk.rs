//! A call with agents: the offer (reserved in the database, pushed to the agent's console
//! with the screen pop), the answer (the browser's WebRTC leg bridged into the call's
//! media), then hold, hang-up, blind transfer, attended transfer (consult, complete or
//! cancel) and conference until the agents' part ends, each agent followed by after-call
//! work.

use std::sync::Arc;
use std::time::{Duration, Instant};

use qiao_media::sip::{CallId, Dial, MediaAnswer, Peer};
use qiao_media::voice::{CallEvent, MediaCmd, OutgoingCall, SipLeg, WebRtcLeg};
use qiao_tenants::TenantId;
use qiao_tenants::calls::agents::Presence;
use qiao_tenants::calls::offers::OfferEnd;
use qiao_tenants::error::DomainError;
use qiao_tenants::events::{EventKind, TenantEvent};
use qiao_tenants::values::InvalidValue;
use serde_json::{Value, json};
use tokio::sync::mpsc;
use uuid::Uuid;

use super::call_ctx::CallCtx;
use super::ctl::Ev;
use super::deps::VoiceDeps;
use super::live::{AgentCmd, Reply, TransferTo};

/// Publishes an agent event for the consoles (any node's subscribers).
pub async fn publish(state: &VoiceDeps, tenant: TenantId, kind: EventKind, data: Value) {
    if let Err(e) = state
        .bus
        .publish(&TenantEvent::new(tenant, kind, data))
        .await
    {
        tracing::warn!(error = %e, "publishing an agent event");
    }
}

/// An offer ringing at an agent.
pub struct Ringing {
    pub agent: Uuid,
    pub leg: Uuid,
}

/// Reserves `agent` and rings their console; `None` when they were taken meanwhile.
pub async fn offer(cc: &CallCtx, agent: Uuid, ring_secs: u64, screen: &Value) -> Option<Ringing> {
    let leg = match cc.state.calls.reserve_agent(&cc.access, agent, cc.id).await {
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
        .calls
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
    if let Ok(row) = cc.state.calls.agent_state_of(&cc.access, agent).await {
        cc.state
            .calls
            .publish_presence(cc.access.tenant_id(), &row)
            .await;
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
        TransferTo::Number(_) => cc
            .state
            .calls
            .outbound_route_for(&cc.access)
            .await
            .map(|_| ()),
        TransferTo::Agent(a) => cc
            .state
            .calls
            .agent_state_of(&cc.access, a)
            .await
            .map(|_| ()),
    }
}

/// How the agents' part ended.
pub enum TalkEnd {
    /// The caller or the last agent hung up (`cc.ctl.ended_by` says who).
    Over,
    Transfer(TransferTo),
}

/// An agent connected to the call.
struct Party {
    agent: Uuid,
    leg: Uuid,
    leg_no: u32,
    media: LegMedia,
}

/// How the agent is connected: the console's softphone, or a desk phone we dialled.
enum LegMedia {
    Browser(Arc<WebRtcLeg>),
    DeskPhone { call: CallId },
}

/// A desk phone ringing for an offer.
pub struct PhoneRing {
    pub call: OutgoingCall,
    socket: tokio::net::UdpSocket,
    /// Where the phone registered from (its SIP address).
    source: std::net::IpAddr,
}

/// The first agent's way in.
pub enum First {
    Browser { sdp: String, reply: Reply<String> },
    DeskPhone { phone: PhoneRing, sdp: Vec<u8> },
}

/// Rings `agent`'s desk phone when they chose it and it is registered; `None` otherwise
/// (the offer then rings in the console).
pub async fn ring_desk_phone(cc: &CallCtx, agent: Uuid) -> Option<PhoneRing> {
    let state = cc
        .state
        .calls
        .agent_state_of(&cc.access, agent)
        .await
        .ok()?;
    if state.device != "desk_phone" {
        return None;
    }
    let reg = match cc.state.calls.desk_phone_of(&cc.access, agent).await {
        Ok(Some(r)) => r,
        Ok(None) => {
            tracing::info!("an agent's desk phone is not registered; ringing the console");
            return None;
        }
        Err(e) => {
            tracing::error!(error = %e, "looking up a desk phone");
            return None;
        }
    };
    // Desk phones are rung where they registered from, over UDP.
    let source: std::net::SocketAddr = reg.source.parse().ok()?;
    let target = reg
        .contact
        .trim()
        .trim_start_matches('<')
        .split('>')
        .next()
        .unwrap_or_default()
        .to_owned();
    let ip = cc.state.config.sip.media_ip();
    let socket = qiao_media::voice::sip_leg::bind(ip).await.ok()?;
    let port = socket.local_addr().ok()?.port();
    let call = cc
        .voice
        .sip
        .dial(Dial {
            peer: Peer::udp(source),
            target,
            from_user: cc.caller.clone(),
            from_name: format!("Qiao {}", cc.dialled),
            media: MediaAnswer {
                local: qiao_media::sdp::Local {
                    addr: ip,
                    port,
                    session_id: rand::random::<u32>().into(),
                    version: 1,
                },
                codec: qiao_media::sdp::Codec::Pcmu,
                dtmf_pt: Some(101),
            },
        })
        .await?;
    Some(PhoneRing {
        call,
        socket,
        source: source.ip(),
    })
}

impl PhoneRing {
    /// Stops ringing (CANCEL), when the offer ends unanswered.
    pub fn cancel(self, cc: &CallCtx) {
        cc.voice.sip.hangup(self.call.call);
    }
}

/// Sets up an agent's leg (browser or desk phone) and bridges it; `None` when it could not
/// be (a browser's reply carries why).
async fn connect(
    cc: &mut CallCtx,
    ringing: Ringing,
    first: First,
    gone: &mpsc::UnboundedSender<u32>,
) -> Option<Party> {
    let Ringing { agent, leg } = ringing;
    let leg_no = cc.next_leg_no();
    let (media, bridge, reply) = match first {
        First::Browser { sdp, reply } => {
            match WebRtcLeg::answer(&cc.voice.webrtc, &sdp, leg_no, cc.ctl.media.leg_input()).await
            {
                Ok(l) => {
                    let l = Arc::new(l);
                    let (w, gone) = (l.clone(), gone.clone());
                    tokio::spawn(async move {
                        w.ended().await;
                        let _ = gone.send(leg_no);
                    });
                    let hears = l.to_browser.clone();
                    let bridge = MediaCmd::Bridge { id: leg_no, hears };
                    (LegMedia::Browser(l), bridge, Some(reply))
                }
                Err(e) => {
                    tracing::info!(error = %e, "an agent's softphone could not be connected");
                    let _ = reply.send(Err(DomainError::Invalid(InvalidValue {
                        field: "sdp",
                        reason: e.to_string(),
                    })));
                    // Their reservation goes, or they would never be offered anything again.
                    offer_over(cc, &Ringing { agent, leg }, OfferEnd::Rejected).await;
                    return None;
                }
            }
        }
        First::DeskPhone { phone, sdp } => {
            let PhoneRing {
                call,
                socket,
                source,
            } = phone;
            let Ok(answer) = qiao_media::sdp::parse_offer(&sdp) else {
                tracing::info!("a desk phone answered without usable SDP; hanging up");
                cc.voice.sip.hangup(call.call);
                offer_over(cc, &Ringing { agent, leg }, OfferEnd::Rejected).await;
                return None;
            };
            let rtp = match SipLeg::new(
                socket,
                std::net::SocketAddr::new(answer.addr, answer.port),
                qiao_media::rtp::latch::behind_nat(answer.addr, source),
                answer.codec,
            ) {
                Ok(l) => l,
                Err(e) => {
                    tracing::error!(error = %e, "a desk phone's RTP leg");
                    cc.voice.sip.hangup(call.call);
                    offer_over(cc, &Ringing { agent, leg }, OfferEnd::Rejected).await;
                    return None;
                }
            };
            let (mut events, gone) = (call.events, gone.clone());
            tokio::spawn(async move {
                while let Some(e) = events.recv().await {
                    if matches!(e, CallEvent::Ended(_) | CallEvent::Failed(_)) {
                        break;
                    }
                }
                let _ = gone.send(leg_no);
            });
            (
                LegMedia::DeskPhone { call: call.call },
                MediaCmd::BridgeRtp {
                    id: leg_no,
                    leg: Box::new(rtp),
                },
                None,
            )
        }
    };
    let party = Party {
        agent,
        leg,
        leg_no,
        media,
    };
    if let Err(e) = cc
        .state
        .calls
        .offer_answered(&cc.access, agent, cc.id, leg)
        .await
    {
        close_media(cc, &party.media).await;
        if let Some(r) = reply {
            let _ = r.send(Err(e));
        }
        offer_over(cc, &Ringing { agent, leg }, OfferEnd::Withdrawn).await;
        return None;
    }
    if let (Some(r), LegMedia::Browser(l)) = (reply, &party.media) {
        let _ = r.send(Ok(l.answer.clone()));
    }
    if !cc.agents.contains(&agent) {
        cc.agents.push(agent);
    }
    cc.ctl.media.send(bridge);
    status(cc, agent, leg, "connected").await;
    presence_changed(cc, agent).await;
    Some(party)
}

async fn close_media(cc: &CallCtx, m: &LegMedia) {
    match m {
        LegMedia::Browser(l) => l.close().await,
        LegMedia::DeskPhone { call, .. } => cc.voice.sip.hangup(*call),
    }
}

async fn status(cc: &CallCtx, agent: Uuid, leg: Uuid, status: &str) {
    publish(
        &cc.state,
        cc.access.tenant_id(),
        EventKind::AgentCall,
        json!({"agent": agent, "callId": cc.id, "legId": leg, "status": status}),
    )
    .await;
}

/// Takes an agent out of the call: `outcome` is `ended` or `transferred`; then after-call
/// work.
async fn leave(cc: &CallCtx, p: Party, outcome: &'static str, acw_secs: u32) {
    cc.ctl.media.send(MediaCmd::Unbridge(p.leg_no));
    close_media(cc, &p.media).await;
    if let Err(e) = cc
        .state
        .calls
        .leg_ended(&cc.access, p.agent, p.leg, outcome, acw_secs)
        .await
    {
        tracing::error!(error = %e, "ending an agent's leg");
    }
    cc.voice
        .router
        .interaction_ended(cc.access.tenant_id(), p.agent);
    status(cc, p.agent, p.leg, outcome).await;
    presence_changed(cc, p.agent).await;
    if acw_secs > 0 {
        let (state, access, agent) = (cc.state.clone(), cc.access.clone(), p.agent);
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_secs(u64::from(acw_secs))).await;
            if let Ok(true) = state.calls.after_call_work_due(&access).await
                && let Ok(row) = state.calls.agent_state_of(&access, agent).await
                && row.state == Presence::Available.as_str()
            {
                state.calls.publish_presence(access.tenant_id(), &row).await;
            }
        });
    }
}

/// A consultation in progress (attended transfer): ringing at `to`, or connected.
enum Consult {
    Ringing(Ringing, Instant),
    Connected,
}

/// The caller's hold state: music and muted to the agents, or not.
fn hold(cc: &CallCtx, held: &mut bool, on: bool) {
    if *held != on {
        *held = on;
        cc.ctl.media.send(MediaCmd::Hold(on));
        cc.ctl
            .media
            .send(MediaCmd::Music(on.then(|| cc.voice.clips.default_music())));
    }
}

fn refuse<T>(reply: Reply<T>, why: &str) {
    let _ = reply.send(Err(DomainError::Conflict(why.to_owned())));
}

/// The first agent answered (browser SDP or desk phone): bridge them in and run the call with
/// its agents — hold, blind transfer, attended transfer (consult, then complete or cancel),
/// conference — until the agents' part ends. `Err` when the first agent's leg could not be
/// set up (the offer then counts as rejected).
pub async fn talk(
    cc: &mut CallCtx,
    ringing: Ringing,
    first: First,
    commands: &mut mpsc::UnboundedReceiver<AgentCmd>,
    acw_secs: u32,
) -> Result<TalkEnd, ()> {
    let (gone_tx, mut gone) = mpsc::unbounded_channel();
    cc.ctl.media.send(MediaCmd::Music(None));
    cc.ctl.media.send(MediaCmd::StopPlayback);
    let Some(first) = connect(cc, ringing, first, &gone_tx).await else {
        return Err(());
    };
    let mut parties = vec![first];
    let mut consult: Option<Consult> = None;
    let mut held = false;
    let ring = Duration::from_secs(cc.state.config.routing.ring_timeout_secs);
    let end = loop {
        let deadline = match &consult {
            Some(Consult::Ringing(_, until)) => Some(*until),
            _ => None,
        };
        let primary = parties.first().map(|p| p.agent);
        tokio::select! {
            ev = cc.ctl.next(deadline) => match ev {
                Ev::Gone => break TalkEnd::Over,
                Ev::Deadline => {
                    if let Some(Consult::Ringing(r, _)) = consult.take() {
                        offer_over(cc, &r, OfferEnd::Missed).await;
                    }
                }
                Ev::Digit(_) | Ev::PlayDone => {}
            },
            Some(leg_no) = gone.recv() => {
                if let Some(i) = parties.iter().position(|p| p.leg_no == leg_no) {
                    tracing::info!("an agent's softphone went away");
                    let p = parties.remove(i);
                    leave(cc, p, "ended", acw_secs).await;
                    if parties.len() < 2 && matches!(consult, Some(Consult::Connected)) {
                        consult = None;
                    }
                    if parties.is_empty() {
                        cc.ctl.ended_by = Some("agent");
                        break TalkEnd::Over;
                    }
                    if consult.is_none() {
                        hold(cc, &mut held, false);
                    }
                }
            }
            cmd = commands.recv() => {
                let Some(cmd) = cmd else { break TalkEnd::Over };
                let me = cmd.agent();
                let is_party = parties.iter().any(|p| p.agent == me);
                match cmd {
                    AgentCmd::Answer { agent, sdp, reply } => match consult.take() {
                        Some(Consult::Ringing(r, _)) if r.agent == agent => {
                            match connect(cc, r, First::Browser { sdp, reply }, &gone_tx).await {
                                Some(p) => {
                                    parties.push(p);
                                    consult = Some(Consult::Connected);
                                }
                                None => consult = None,
                            }
                        }
                        other => {
                            consult = other;
                            refuse(reply, "this call is not offered to you");
                        }
                    },
                    AgentCmd::Reject { agent, reply } => match consult.take() {
                        Some(Consult::Ringing(r, _)) if r.agent == agent => {
                            offer_over(cc, &r, OfferEnd::Rejected).await;
                            let _ = reply.send(Ok(()));
                        }
                        other => {
                            consult = other;
                            refuse(reply, "this call is not offered to you");
                        }
                    },
                    c if !is_party => c.refuse("this call is not yours"),
                    AgentCmd::Hangup { agent, reply } => {
                        let i = parties.iter().position(|p| p.agent == agent).unwrap_or(0);
                        let p = parties.remove(i);
                        let _ = reply.send(Ok(()));
                        leave(cc, p, "ended", acw_secs).await;
                        if let Some(Consult::Ringing(r, _)) = &consult
                            && parties.is_empty()
                        {
                            offer_over(cc, r, OfferEnd::Withdrawn).await;
                        }
                        if parties.len() < 2 {
                            consult = None;
                        }
                        if parties.is_empty() {
                            cc.ctl.ended_by = Some("agent");
                            break TalkEnd::Over;
                        }
                        if consult.is_none() {
                            hold(cc, &mut held, false);
                        }
                    }
                    AgentCmd::Hold { on, reply, .. } => {
                        if consult.is_some() {
                            refuse(reply, "finish the consultation first");
                        } else {
                            hold(cc, &mut held, on);
                            let s = if on { "held" } else { "connected" };
                            for p in &parties {
                                status(cc, p.agent, p.leg, s).await;
                            }
                            let _ = reply.send(Ok(()));
                        }
                    }
                    AgentCmd::Transfer { agent, to, reply } => {
                        if parties.len() > 1 || consult.is_some() || Some(agent) != primary {
                            refuse(reply, "a blind transfer needs the call to yourself");
                        } else {
                            match check_transfer(cc, agent, to.clone()).await {
                                Ok(()) => {
                                    let _ = reply.send(Ok(()));
                                    let p = parties.remove(0);
                                    hold(cc, &mut held, false);
                                    leave(cc, p, "transferred", acw_secs).await;
                                    break TalkEnd::Transfer(to);
                                }
                                Err(e) => {
                                    let _ = reply.send(Err(e));
                                }
                            }
                        }
                    }
                    AgentCmd::Consult { agent, to, reply } => {
                        if consult.is_some() || parties.len() > 1 {
                            refuse(reply, "a consultation is already going on");
                        } else if let Err(e) = check_transfer(cc, agent, TransferTo::Agent(to)).await {
                            let _ = reply.send(Err(e));
                        } else {
                            hold(cc, &mut held, true);
                            match offer(cc, to, ring.as_secs(), &json!({"consultFrom": agent})).await {
                                Some(r) => {
                                    consult = Some(Consult::Ringing(r, Instant::now() + ring));
                                    let _ = reply.send(Ok(()));
                                }
                                None => {
                                    hold(cc, &mut held, false);
                                    refuse(reply, "that agent is not available");
                                }
                            }
                        }
                    }
                    AgentCmd::CompleteTransfer { agent, reply } => {
                        if Some(agent) != primary || parties.len() < 2 {
                            refuse(reply, "no consulted agent to hand the call to");
                        } else {
                            let _ = reply.send(Ok(()));
                            let p = parties.remove(0);
                            leave(cc, p, "transferred", acw_secs).await;
                            consult = None;
                            hold(cc, &mut held, false);
                        }
                    }
                    AgentCmd::CancelConsult { agent, reply } => {
                        if Some(agent) != primary {
                            refuse(reply, "only the agent who consulted can cancel");
                        } else {
                            match consult.take() {
                                Some(Consult::Ringing(r, _)) => {
                                    offer_over(cc, &r, OfferEnd::Withdrawn).await;
                                }
                                Some(Consult::Connected) => {
                                    while parties.len() > 1 {
                                        let p = parties.remove(1);
                                        leave(cc, p, "ended", acw_secs).await;
                                    }
                                }
                                None => {}
                            }
                            hold(cc, &mut held, false);
                            let _ = reply.send(Ok(()));
                        }
                    }
                    AgentCmd::Keys { keys, reply, .. } => {
                        if cc.ctl.dtmf {
                            for k in keys.chars() {
                                cc.ctl.media.send(MediaCmd::Key(k));
                            }
                            let _ = reply.send(Ok(()));
                        } else {
                            refuse(reply, "the other side did not offer RFC 4733 keys");
                        }
                    }
                    AgentCmd::Conference { reply, .. } => {
                        if parties.len() < 2 {
                            refuse(reply, "consult another agent first");
                        } else {
                            consult = None;
                            hold(cc, &mut held, false);
                            for p in &parties {
                                status(cc, p.agent, p.leg, "conference").await;
                            }
                            let _ = reply.send(Ok(()));
                        }
                    }
                }
            }
        }
    };
    if let Some(Consult::Ringing(r, _)) = consult.take() {
        offer_over(cc, &r, OfferEnd::Withdrawn).await;
    }
    hold(cc, &mut held, false);
    for p in parties.drain(..) {
        leave(cc, p, "ended", acw_secs).await;
    }
    Ok(end)
}
