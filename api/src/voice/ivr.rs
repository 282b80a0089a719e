//! Drives the pure IVR interpreter (`qiao_tenants::center::ivr::run`) with a live call: plays its
//! prompts (keys barge in where digits are collected), times out collection, runs look-ups,
//! records voicemail, bridges transfers to outside numbers, and hands transfers to queues and
//! agents back to the caller of `run_flow`.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use qiao_media::voice::MediaCmd;
use qiao_tenants::calls::NewCallbackTask;
use qiao_tenants::calls::agents::Presence;
use qiao_tenants::center::ivr::graph::{FlowGraph, Prompt, TransferTarget};
use qiao_tenants::center::ivr::run::{Action, Collect, Input, Run, Step};
use qiao_tenants::objects::ObjectKey;
use uuid::Uuid;

use super::call_ctx::CallCtx;
use super::ctl::Ev;
use super::dest::Dest;
use super::lookups;
use super::spool::{Take, TakeKind};
use qiao_tenants::calls::NewRecording;

/// How the IVR left the call.
pub enum Outcome {
    Hangup,
    Gone,
    /// Transferred: to a queue or an agent (the caller waits there).
    Next(Dest),
}

/// Runs a published flow with the call, in Chinese until the caller picks a language; its
/// path and keys are added to the call's.
pub async fn run_flow(cc: &mut CallCtx, graph: Arc<FlowGraph>) -> Outcome {
    let vars = BTreeMap::from([
        ("caller".to_owned(), cc.caller.clone()),
        ("dialled".to_owned(), cc.dialled.clone()),
    ]);
    let mut r = Run::new(graph, "zh-CN", vars);
    let outcome = run(cc, &mut r).await;
    cc.language.clone_from(&r.language);
    cc.ivr_path.append(&mut r.path);
    cc.digits.push_str(&r.digits);
    outcome
}

async fn run(cc: &mut CallCtx, run: &mut Run) -> Outcome {
    let mut step = run.step(Input::Start);
    let mut collecting: Option<Collect> = None;
    let mut deadline: Option<Instant> = None;
    // Keys pressed while nothing collects them (type-ahead) go to the next node that does.
    let mut typeahead: std::collections::VecDeque<char> = std::collections::VecDeque::new();
    loop {
        // An event known without waiting (a prompt with no audio has already played).
        let mut pending: Option<Ev> = None;
        if let Step::Do(action) = std::mem::replace(&mut step, Step::Wait) {
            match action {
                Action::Play { prompt, collect } => {
                    cc.ctl.media.send(MediaCmd::StopPlayback);
                    collecting = collect;
                    deadline = None;
                    // Keys typed ahead answer this prompt without it being played.
                    if collecting.is_none() || typeahead.is_empty() {
                        pending = start_prompt(cc, &prompt).await;
                    }
                }
                Action::Lookup { source } => {
                    let input = Box::pin(lookups::lookup(cc, &source, &run.vars)).await;
                    step = run.step(input);
                    continue;
                }
                Action::Check { condition } => {
                    let ok = lookups::check(cc, &condition).await;
                    step = run.step(Input::Checked(ok));
                    continue;
                }
                Action::Voicemail { prompt } => {
                    let number = run
                        .vars
                        .get("callback_number")
                        .filter(|n| !n.is_empty())
                        .cloned()
                        .unwrap_or_else(|| cc.caller.clone());
                    if !Box::pin(voicemail(cc, &prompt, &number, None)).await {
                        return Outcome::Gone;
                    }
                    step = run.step(Input::Recorded);
                    continue;
                }
                Action::Callback { prompt, queue_id } => {
                    let queue = queue_id.parse().ok();
                    cc.request_callback(queue).await;
                    cc.disposition = "callback";
                    collecting = None;
                    pending = start_prompt(cc, &prompt).await;
                }
                Action::Transfer { target } => {
                    match transfer(cc, target).await {
                        Transfer::Next(d) => return Outcome::Next(d),
                        Transfer::Over => return Outcome::Gone,
                        Transfer::Failed if cc.ctl.ended_by.is_some() => return Outcome::Gone,
                        Transfer::Failed => step = run.step(Input::TransferFailed),
                    }
                    continue;
                }
                Action::Hangup { prompt } => {
                    if let Some(p) = prompt {
                        let clip = cc.clip(&p).await;
                        cc.ctl.media.send(MediaCmd::StopPlayback);
                        if !cc.ctl.play_through(clip).await {
                            return Outcome::Gone;
                        }
                    }
                    return Outcome::Hangup;
                }
            }
        }
        let ev = match pending {
            Some(e) => e,
            None if collecting.is_some() && !typeahead.is_empty() => {
                Ev::Digit(typeahead.pop_front().expect("not empty"))
            }
            None => cc.ctl.next(deadline).await,
        };
        let input = match ev {
            Ev::Gone => return Outcome::Gone,
            Ev::PlayDone => match &collecting {
                Some(c) => {
                    deadline = Some(Instant::now() + secs(c.timeout_secs));
                    continue;
                }
                None => Input::PlayDone,
            },
            Ev::Digit(d) => match &collecting {
                Some(c) => {
                    cc.ctl.media.send(MediaCmd::StopPlayback);
                    deadline = Some(Instant::now() + secs(c.timeout_secs));
                    Input::Digit(d)
                }
                None => {
                    if typeahead.len() < 32 {
                        typeahead.push_back(d);
                    }
                    continue;
                }
            },
            Ev::Deadline => {
                deadline = None;
                Input::Timeout
            }
        };
        step = run.step(input);
    }
}

enum Transfer {
    /// The caller waits in a queue or for an agent.
    Next(Dest),
    /// Bridged to an outside number, and that call is over.
    Over,
    /// Not possible: the node's failure exit.
    Failed,
}

/// A transfer node: a queue of the tenant; an agent who is logged in (the caller waits for
/// them alone); an outside number, dialled through the tenant's trunk and bridged here.
async fn transfer(cc: &mut CallCtx, target: TransferTarget) -> Transfer {
    match target {
        TransferTarget::Queue { queue_id } => match queue_id.parse() {
            Ok(q) => Transfer::Next(Dest::Queue(q)),
            Err(_) => Transfer::Failed,
        },
        TransferTarget::Agent { user_id } => {
            let Ok(agent) = user_id.parse::<Uuid>() else {
                return Transfer::Failed;
            };
            match cc.state.calls.agent_state_of(&cc.access, agent).await {
                Ok(s) if s.state != Presence::LoggedOut.as_str() => {
                    Transfer::Next(Dest::Agent(agent, None))
                }
                Ok(_) => Transfer::Failed,
                Err(e) => {
                    tracing::info!(error = %e, "an IVR transfer to an agent who is not one");
                    Transfer::Failed
                }
            }
        }
        TransferTarget::Number { number } => {
            if Box::pin(super::outbound::bridge_number(cc, &number)).await {
                Transfer::Over
            } else {
                Transfer::Failed
            }
        }
    }
}

/// Starts playing a prompt; `Some(PlayDone)` when it has no audio to play.
async fn start_prompt(cc: &CallCtx, prompt: &Prompt) -> Option<Ev> {
    let clip = cc.clip(prompt).await;
    if clip.is_empty() {
        return Some(Ev::PlayDone);
    }
    cc.ctl.media.send(MediaCmd::Play(clip));
    None
}

fn secs(s: u32) -> Duration {
    Duration::from_secs(u64::from(s.clamp(1, 120)))
}

/// Plays the prompt and a beep, records until `#`, hang-up or the limit, and leaves a
/// callback task with the message. `false` if the caller was gone before the beep.
pub async fn voicemail(
    cc: &mut CallCtx,
    prompt: &Prompt,
    number: &str,
    queue: Option<Uuid>,
) -> bool {
    let clip = cc.clip(prompt).await;
    if !cc.ctl.play_through(clip).await {
        return false;
    }
    let beep = cc.voice.clips.beep();
    if !cc.ctl.play_through(beep).await {
        return false;
    }
    let take = Take::new(cc.id, TakeKind::Voicemail);
    let id = take.rec;
    let file = cc.voice.spool.work_file(&take);
    let started = Utc::now();
    cc.ctl.media.send(MediaCmd::Capture(file.clone()));
    let until = Instant::now() + Duration::from_secs(cc.state.config.sip.voicemail_max_secs.max(5));
    loop {
        match cc.ctl.next(Some(until)).await {
            Ev::Digit('#') | Ev::Deadline | Ev::Gone => break,
            _ => {}
        }
    }
    let ms = match cc.ctl.media.end_capture().await {
        Ok(ms) => ms,
        Err(e) => {
            tracing::warn!(error = %e, "voicemail capture");
            return cc.ctl.ended_by.is_none();
        }
    };
    let Ok(key) = ObjectKey::new(cc.access.tenant_id(), &["voicemail", &format!("{id}.wav")])
    else {
        return cc.ctl.ended_by.is_none();
    };
    let recording = NewRecording {
        id,
        call_id: cc.id,
        kind: "voicemail".into(),
        object_key: key,
        dialled: cc.dialled.clone(),
        caller: cc.caller.clone(),
        legs: serde_json::json!([{"side": "caller", "channel": "mono"}]),
        started_at: started,
        ended_at: Utc::now(),
        duration_ms: i64::try_from(ms).unwrap_or(i64::MAX),
    };
    let task = NewCallbackTask {
        kind: "voicemail",
        number: number.to_owned(),
        queue_id: queue,
        call_id: Some(cc.id),
        recording_id: Some(id),
        note: String::new(),
    };
    // The rows first, then the file into the upload queue (see `spool`).
    match cc
        .state
        .calls
        .leave_voicemail(&cc.access, recording, task)
        .await
    {
        Ok(_) => {
            cc.disposition = "voicemail";
            if let Err(e) = cc.voice.spool.enqueue(&take).await {
                tracing::error!(error = %format!("{e:#}"), "queueing a voicemail for upload");
            }
        }
        Err(e) => tracing::error!(error = %e, "storing a voicemail"),
    }
    cc.ctl.ended_by.is_none()
}

impl CallCtx {
    /// The caller asked to be called back (from a flow's callback node or the queue).
    pub async fn request_callback(&self, queue: Option<Uuid>) {
        let task = NewCallbackTask {
            kind: "callback",
            number: self.caller.clone(),
            queue_id: queue,
            call_id: Some(self.id),
            recording_id: None,
            note: String::new(),
        };
        if let Err(e) = self
            .state
            .calls
            .create_callback_task(&self.access, task)
            .await
        {
            tracing::error!(error = %e, "creating a callback task");
        }
    }
}
