//! Callers waiting in a queue: music on hold, position and estimated-wait announcements,
//! "press 1 to be called back", overflow at the maximum wait, and abandonment recorded.
//! Until agents come (the routing engine), a queue holds its callers.
//!
//! Positions are kept per process (a second node counts its own callers); moving the
//! waiting list into the shared store comes with the routing engine.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use qiao_media::voice::MediaCmd;
use qiao_tenants::queues::{Overflow, QueueView};
use uuid::Uuid;

use super::call::CallCtx;
use super::ctl::Ev;
use super::ivr;

/// Who waits where, in arrival order.
#[derive(Clone, Default)]
pub struct Waiting {
    inner: Arc<Mutex<HashMap<Uuid, VecDeque<Uuid>>>>,
}

impl Waiting {
    fn join(&self, queue: Uuid, call: Uuid) {
        self.inner
            .lock()
            .expect("queue registry")
            .entry(queue)
            .or_default()
            .push_back(call);
    }

    fn leave(&self, queue: Uuid, call: Uuid) {
        let mut m = self.inner.lock().expect("queue registry");
        if let Some(q) = m.get_mut(&queue) {
            q.retain(|c| *c != call);
            if q.is_empty() {
                m.remove(&queue);
            }
        }
    }

    /// 1-based position.
    fn position(&self, queue: Uuid, call: Uuid) -> usize {
        let m = self.inner.lock().expect("queue registry");
        m.get(&queue)
            .and_then(|q| q.iter().position(|c| *c == call))
            .map_or(1, |p| p + 1)
    }
}

/// Assumed handling time per caller ahead, until real averages exist.
const ASSUMED_HANDLE_SECS: u64 = 180;

/// Puts the call in queue `queue_id` (following overflow to other queues at most 3 deep).
pub async fn serve(cc: &mut CallCtx, queue_id: Uuid) {
    let mut next = Some(queue_id);
    let mut depth = 0;
    while let Some(q) = next.take() {
        depth += 1;
        let view = match cc.state.center.queue(&cc.access.config(), q).await {
            Ok(v) => v,
            Err(e) => {
                tracing::warn!(error = %e, "a call was sent to a queue that cannot be loaded");
                return;
            }
        };
        next = wait(cc, &view).await.filter(|_| depth < 3);
    }
}

/// Waits in one queue; `Some(q)` to overflow into another queue.
async fn wait(cc: &mut CallCtx, view: &QueueView) -> Option<Uuid> {
    let queue = view.row.id;
    let s = &view.settings;
    let entered = Instant::now();
    cc.queue_id = Some(queue);
    cc.voice.waiting.join(queue, cc.id);
    let music = match &s.music_on_hold_prompt_id {
        Some(id) => cc.voice.clips.stored(&cc.access, id).await.ok(),
        None => None,
    }
    .unwrap_or_else(|| cc.voice.clips.default_music());
    cc.ctl.media.send(MediaCmd::Music(Some(music)));
    let max_wait = entered + Duration::from_secs(u64::from(s.max_wait_secs));
    let every = (s.announcement_interval_secs > 0)
        .then(|| Duration::from_secs(u64::from(s.announcement_interval_secs)));
    let mut announce_at = Some(Instant::now());
    let outcome = loop {
        let deadline = match announce_at {
            Some(a) => a.min(max_wait),
            None => max_wait,
        };
        match cc.ctl.next(Some(deadline)).await {
            Ev::Gone => break Left::Abandoned,
            Ev::Digit('1') if s.callback_offer => break Left::Callback,
            Ev::Digit(_) | Ev::PlayDone => {}
            Ev::Deadline if Instant::now() >= max_wait => break Left::Overflow,
            Ev::Deadline => {
                let n = cc.voice.waiting.position(queue, cc.id);
                let mins = (n as u64 * ASSUMED_HANDLE_SECS).div_ceil(60);
                let (mut zh, mut en) = (
                    format!("您前面还有{}位，预计等待{}分钟。", n - 1, mins),
                    format!(
                        "You are number {n} in the queue. The expected wait is {mins} minutes."
                    ),
                );
                if s.callback_offer {
                    zh.push_str("如需回电，请按1。");
                    en.push_str(" To be called back instead, press 1.");
                }
                let clip = cc.say(&zh, &en).await;
                cc.ctl.media.send(MediaCmd::Play(clip));
                announce_at = every.map(|e| Instant::now() + e);
            }
        }
    };
    cc.voice.waiting.leave(queue, cc.id);
    cc.ctl.media.send(MediaCmd::Music(None));
    cc.ctl.media.send(MediaCmd::StopPlayback);
    cc.queue_wait_ms = Some(i64::try_from(entered.elapsed().as_millis()).unwrap_or(i64::MAX));
    match outcome {
        Left::Abandoned => {
            cc.disposition = "abandoned";
            None
        }
        Left::Callback => {
            cc.request_callback(Some(queue)).await;
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
                Some(Overflow::Queue { queue_id }) => Some(*queue_id),
                Some(Overflow::Voicemail) => {
                    let prompt = cc.speech(
                        "坐席正忙，请在提示音后留言。",
                        "Our agents are busy. Please leave a message after the tone.",
                    );
                    let number = cc.caller.clone();
                    ivr::voicemail(cc, &prompt, &number, Some(queue)).await;
                    None
                }
                // Overflow to a flow or an outside number needs the routing engine.
                Some(Overflow::Flow { .. } | Overflow::Number { .. }) | None => {
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

enum Left {
    Abandoned,
    Callback,
    Overflow,
}
