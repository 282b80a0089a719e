//! Callers waiting in a queue: music on hold, position and estimated-wait announcements,
//! "press 1 to be called back", overflow at the maximum wait, and abandonment recorded;
//! meanwhile the router offers the call to agents (`talk`), and a transfer brings it back
//! here for another queue or one agent.
//!
//! A caller's position and estimated wait come from the database (`waiting`), so callers
//! held by every node count.

use std::time::{Duration, Instant};

use qiao_media::voice::{CallEvent, MediaCmd};
use qiao_tenants::calls::offers::OfferEnd;
use qiao_tenants::calls::screen_pop::CallerProfile;
use qiao_tenants::center::queues::{Overflow, QueueSettings, QueueView};
use qiao_tenants::error::DomainError;
use qiao_tenants::routing::{Channel, ContactSpec, SkillReq};
use tokio::sync::mpsc;
use uuid::Uuid;

use super::call_ctx::CallCtx;
use super::ctl::Ev;
use super::dest::Dest;
use super::ivr;
use super::live::{AgentCmd, Reply, TransferTo};
use super::router::RouteEvent;
use super::talk::{self, First, PhoneRing, Ringing, TalkEnd};

/// Waits in one queue (or for one agent) until an agent takes the call and their part
/// ends, or the caller leaves; `Some` to go on elsewhere (overflow or transfer).
pub(super) async fn wait(
    cc: &mut CallCtx,
    view: Option<&QueueView>,
    dedicated: Option<Uuid>,
    commands: &mut mpsc::UnboundedReceiver<AgentCmd>,
) -> Option<Dest> {
    let default_settings = QueueSettings::default();
    let s = view.map_or(&default_settings, |v| &v.settings);
    let queue = view.map(|v| v.row.id);
    let waiting_key = queue.unwrap_or(Uuid::nil());
    let entered = Instant::now();
    cc.queue_id = queue.or(cc.queue_id);
    // A caller sent to one agent waits for them alone: in no queue's line.
    if let (Some(q), None) = (queue, dedicated)
        && let Err(e) = cc.state.calls.enter_queue(&cc.access, cc.id, q).await
    {
        tracing::warn!(error = %e, "recording the caller's place in the queue");
    }
    let music = match &s.music_on_hold_prompt_id {
        Some(id) => cc.voice.clips.stored(&cc.access, id).await.ok(),
        None => None,
    }
    .unwrap_or_else(|| cc.voice.clips.default_music());
    cc.ctl.media.send(MediaCmd::Music(Some(music)));
    let profile = match cc
        .state
        .calls
        .caller_profile(&cc.access, &cc.caller, cc.id)
        .await
    {
        Ok(p) => p,
        Err(e) => {
            tracing::warn!(error = %e, "looking the caller up for routing");
            CallerProfile::default()
        }
    };
    let routing = &cc.state.config.routing;
    let sticky = if dedicated.is_none() && routing.sticky_secs > 0 {
        cc.state
            .calls
            .last_agent_for(&cc.access, &cc.caller, i64::from(routing.sticky_days))
            .await
            .ok()
            .flatten()
            .map(|a| (a, Duration::from_secs(routing.sticky_secs)))
    } else {
        None
    };
    let tenant = cc.access.tenant_id();
    let spec = ContactSpec {
        id: cc.id,
        tenant: tenant.as_uuid(),
        queue: waiting_key,
        channel: Channel::Voice,
        skills: if dedicated.is_some() {
            Vec::new()
        } else {
            s.required_skills
                .iter()
                .map(|r| SkillReq {
                    skill_group: r.skill_group_id,
                    min_proficiency: r.min_proficiency,
                })
                .collect()
        },
        // Overflow to other skill groups after a wait (not for a caller sent to one agent).
        expansions: match (&s.skill_overflow, dedicated) {
            (Some(o), None) => vec![(
                Duration::from_secs(u64::from(o.after_secs)),
                o.required_skills
                    .iter()
                    .map(|r| SkillReq {
                        skill_group: r.skill_group_id,
                        min_proficiency: r.min_proficiency,
                    })
                    .collect(),
            )],
            _ => Vec::new(),
        },
        // A transferred caller has waited already: they go first.
        priority: if dedicated.is_some() { 100 } else { s.priority },
        vip: profile.vip_level,
        sticky,
        dedicated: dedicated.or(profile.dedicated_agent),
        escalation: None,
        arrived: entered,
    };
    let mut offers = cc.voice.router.enqueue(&cc.access, spec);
    let ring_secs = routing.ring_timeout_secs;
    let max_wait = entered + Duration::from_secs(u64::from(s.max_wait_secs));
    let every = (s.announcement_interval_secs > 0)
        .then(|| Duration::from_secs(u64::from(s.announcement_interval_secs)));
    let mut announce_at = Some(Instant::now());
    let mut ringing: Option<Ringing> = None;
    // The agent's desk phone, when offers ring there.
    let mut phone: Option<PhoneRing> = None;
    let outcome = loop {
        let deadline = match announce_at {
            Some(a) => a.min(max_wait),
            None => max_wait,
        };
        tokio::select! {
            ev = cc.ctl.next(Some(deadline)) => match ev {
                Ev::Gone => break Left::Abandoned,
                Ev::Digit('1') if s.callback_offer => break Left::Callback,
                Ev::Digit(_) | Ev::PlayDone => {}
                // While an agent's phone rings, the caller is not sent elsewhere.
                Ev::Deadline if Instant::now() >= max_wait && ringing.is_none() => {
                    break Left::Overflow;
                }
                Ev::Deadline if Instant::now() >= max_wait => {
                    announce_at = Some(Instant::now() + Duration::from_secs(1));
                }
                Ev::Deadline => {
                    let (mut zh, mut en) = announcement(cc, dedicated.is_some()).await;
                    if s.callback_offer {
                        zh.push_str("如需回电，请按1。");
                        en.push_str(" To be called back instead, press 1.");
                    }
                    let clip = cc.say(&zh, &en).await;
                    cc.ctl.media.send(MediaCmd::Play(clip));
                    announce_at = every.map(|e| Instant::now() + e);
                }
            },
            ev = offers.recv() => match ev {
                Some(RouteEvent::Offer { agent }) => {
                    if ringing.is_some() {
                        continue;
                    }
                    match talk::offer(cc, agent, ring_secs, &profile.screen).await {
                        Some(r) => {
                            ringing = Some(r);
                            phone = talk::ring_desk_phone(cc, agent).await;
                        }
                        None => cc.voice.router.reservation_failed(tenant, cc.id, agent),
                    }
                }
                Some(RouteEvent::Missed { agent } | RouteEvent::Withdrawn { agent }) => {
                    if let Some(r) = ringing.take_if(|r| r.agent == agent) {
                        if let Some(p) = phone.take() {
                            p.cancel(cc);
                        }
                        let missed = matches!(ev, Some(RouteEvent::Missed { .. }));
                        let end = if missed { OfferEnd::Missed } else { OfferEnd::Withdrawn };
                        talk::offer_over(cc, &r, end).await;
                    }
                }
                None => {}
            },
            ev = async {
                match phone.as_mut() {
                    Some(p) => p.call.events.recv().await,
                    None => std::future::pending().await,
                }
            } => match ev {
                Some(CallEvent::Answered(sdp)) => {
                    if let (Some(r), Some(p)) = (ringing.take(), phone.take()) {
                        break Left::Phone(r, p, sdp);
                    }
                }
                Some(CallEvent::Failed(code)) => {
                    phone = None;
                    if let Some(r) = ringing.take() {
                        // Busy or declined on the phone: like rejecting in the console.
                        tracing::info!(code, "an agent's desk phone refused the call");
                        talk::offer_over(cc, &r, OfferEnd::Rejected).await;
                        cc.voice.router.rejected(tenant, cc.id);
                    }
                }
                Some(_) => {}
                None => phone = None,
            },
            cmd = commands.recv() => match cmd {
                None => break Left::Abandoned,
                Some(AgentCmd::Answer { agent, sdp, reply }) => {
                    match ringing.take_if(|r| r.agent == agent) {
                        Some(r) => {
                            if let Some(p) = phone.take() {
                                p.cancel(cc);
                            }
                            break Left::Answered(r, sdp, reply);
                        }
                        None => {
                            let _ = reply.send(Err(DomainError::Conflict(
                                "this call is not offered to you".into(),
                            )));
                        }
                    }
                }
                Some(AgentCmd::Reject { agent, reply }) => match ringing.take_if(|r| r.agent == agent) {
                    Some(r) => {
                        if let Some(p) = phone.take() {
                            p.cancel(cc);
                        }
                        talk::offer_over(cc, &r, OfferEnd::Rejected).await;
                        cc.voice.router.rejected(tenant, cc.id);
                        let _ = reply.send(Ok(()));
                    }
                    None => {
                        let _ = reply.send(Err(DomainError::Conflict(
                            "this call is not offered to you".into(),
                        )));
                    }
                },
                Some(c) => c.refuse("the call is waiting for an agent"),
            },
        }
    };
    if let Err(e) = cc.state.calls.leave_queue(&cc.access, cc.id).await {
        tracing::warn!(error = %e, "recording that the caller left the queue");
    }
    let waited = i64::try_from(entered.elapsed().as_millis()).unwrap_or(i64::MAX);
    cc.queue_wait_ms = Some(cc.queue_wait_ms.unwrap_or(0) + waited);
    if let Some(p) = phone.take() {
        p.cancel(cc);
    }
    if !matches!(outcome, Left::Answered(..) | Left::Phone(..)) {
        cc.voice.router.leave(tenant, cc.id);
        if let Some(r) = ringing.take() {
            talk::offer_over(cc, &r, OfferEnd::Withdrawn).await;
        }
        cc.ctl.media.send(MediaCmd::Music(None));
        cc.ctl.media.send(MediaCmd::StopPlayback);
    }
    match outcome {
        Left::Answered(..) | Left::Phone(..) => {
            let (r, first) = match outcome {
                Left::Answered(r, sdp, reply) => (r, First::Browser { sdp, reply }),
                Left::Phone(r, phone, sdp) => (r, First::DeskPhone { phone, sdp }),
                _ => unreachable!("matched above"),
            };
            let agent = r.agent;
            // The router forgets the contact (else it would ring out at the agent later).
            cc.voice.router.accepted(tenant, cc.id);
            match Box::pin(talk::talk(cc, r, first, commands, s.after_call_work_secs)).await {
                Ok(TalkEnd::Over) => {
                    cc.disposition = "completed";
                    None
                }
                Ok(TalkEnd::Transfer(TransferTo::Queue(q))) => Some(Dest::Queue(q)),
                Ok(TalkEnd::Transfer(TransferTo::Agent(a))) => Some(Dest::Agent(a, queue)),
                Ok(TalkEnd::Transfer(TransferTo::Number(n))) => {
                    cc.disposition = "completed";
                    Some(Dest::Number(n))
                }
                // The softphone failed: the caller waits on, without that agent.
                Err(()) => {
                    cc.voice.router.rejected(tenant, cc.id);
                    let _ = agent;
                    Some(match dedicated {
                        Some(a) => Dest::Agent(a, queue),
                        None => Dest::Queue(waiting_key),
                    })
                }
            }
        }
        Left::Abandoned => {
            cc.disposition = "abandoned";
            None
        }
        Left::Callback => {
            cc.request_callback(queue).await;
            cc.disposition = "callback";
            let clip = cc
                .say(
                    "好的，我们会尽快给您回电。再见。",
                    "We will call you back soon. Goodbye.",
                )
                .await;
            cc.ctl.play_through(clip).await;
            None
        }
        Left::Overflow => {
            cc.disposition = "overflow";
            match &s.overflow {
                Some(Overflow::Queue { queue_id }) => Some(Dest::Queue(*queue_id)),
                Some(Overflow::Voicemail) => {
                    let prompt = cc.speech(
                        "坐席正忙，请在提示音后留言。",
                        "Our agents are busy. Please leave a message after the tone.",
                    );
                    let number = cc.caller.clone();
                    Box::pin(ivr::voicemail(cc, &prompt, &number, queue)).await;
                    None
                }
                Some(Overflow::Flow { flow_id }) => Some(Dest::Flow(*flow_id)),
                Some(Overflow::Number { number }) => Some(Dest::Number(number.clone())),
                None => {
                    let clip = cc
                        .say(
                            "很抱歉，现在所有坐席都忙。请稍后再拨。",
                            "Sorry, all our agents are busy. Please call again later.",
                        )
                        .await;
                    cc.ctl.play_through(clip).await;
                    None
                }
            }
        }
    }
}

/// "You are number n in the queue" and the estimated wait, as the database sees the queue.
async fn announcement(cc: &CallCtx, dedicated: bool) -> (String, String) {
    let standing = if dedicated {
        None
    } else {
        match cc.state.calls.standing_of_call(&cc.access, cc.id).await {
            Ok(s) => s,
            Err(e) => {
                tracing::warn!(error = %e, "reading the caller's place in the queue");
                None
            }
        }
    };
    let position = standing.as_ref().map_or(1, |s| s.position);
    let (mut zh, mut en) = (
        format!("您前面还有{}位。", position - 1),
        format!("You are number {position} in the queue."),
    );
    match standing.and_then(|s| s.estimated_wait_secs) {
        Some(secs) if secs < 60 => {
            zh.push_str("预计等待不到一分钟。");
            en.push_str(" The expected wait is less than a minute.");
        }
        Some(secs) => {
            let mins = secs.div_ceil(60);
            zh.push_str(&format!("预计等待{mins}分钟。"));
            let unit = if mins == 1 { "minute" } else { "minutes" };
            en.push_str(&format!(" The expected wait is {mins} {unit}."));
        }
        None => {}
    }
    (zh, en)
}

enum Left {
    Answered(Ringing, String, Reply<String>),
    Phone(Ringing, PhoneRing, Vec<u8>),
    Abandoned,
    Callback,
    Overflow,
}
