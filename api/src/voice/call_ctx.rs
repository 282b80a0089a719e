//! `CallCtx`: what one call's tasks share (its deps, media control, access, what it did), and
//! `finish`: the end of every call — its record closed and its recording queued for upload.

use super::Voice;
use super::ctl::CallCtl;
use super::deps::VoiceDeps;
use super::spool::Take;
use chrono::{DateTime, Utc};
use qiao_media::rtp::session::Clip;
use qiao_tenants::calls::{CallEnd, NewRecording};
use qiao_tenants::center::ivr::graph::{Prompt, Tts};
use qiao_tenants::ctx::CallAccess;
use qiao_tenants::objects::ObjectKey;
use uuid::Uuid;

/// Everything one call's tasks share.
pub struct CallCtx {
    pub state: VoiceDeps,
    pub voice: Voice,
    pub access: CallAccess,
    pub ctl: CallCtl,
    pub id: Uuid,
    pub dialled: String,
    pub caller: String,
    pub language: String,
    pub disposition: &'static str,
    pub queue_id: Option<Uuid>,
    pub queue_wait_ms: Option<i64>,
    /// The IVR's path and keys, for the agent's screen pop and the CDR.
    pub ivr_path: Vec<String>,
    pub digits: String,
    /// Agents who answered, in order.
    pub agents: Vec<Uuid>,
    pub(super) legs: u32,
}

impl CallCtx {
    /// A number for the next leg bridged into this call's media.
    pub fn next_leg_no(&mut self) -> u32 {
        self.legs += 1;
        self.legs
    }

    /// A prompt's audio; a prompt that cannot be had is logged and skipped (silence).
    pub async fn clip(&self, p: &Prompt) -> Clip {
        match self.voice.clips.prompt(&self.access, p).await {
            Ok(c) => c,
            Err(e) => {
                tracing::warn!(error = %format!("{e:#}"), "a prompt could not be played");
                Vec::new().into()
            }
        }
    }

    /// The text in the call's language, as a TTS prompt (`zh-CN` or `en`).
    pub fn speech(&self, zh: &str, en: &str) -> Prompt {
        let (text, lang) = if self.language.starts_with("zh") {
            (zh, "zh-CN")
        } else {
            (en, "en")
        };
        Prompt {
            prompt_id: None,
            tts: Some(Tts {
                text: text.into(),
                lang: lang.into(),
            }),
        }
    }

    /// Speaks an announcement in the call's language.
    pub async fn say(&self, zh: &str, en: &str) -> Clip {
        self.clip(&self.speech(zh, en)).await
    }
}

/// Ends a call and its record: BYE unless the far side is gone, media closed, the CDR
/// completed with the recording's row, then the recording into the upload queue.
pub async fn finish(
    mut cc: CallCtx,
    call: qiao_media::sip::CallId,
    mut end: CallEnd,
    rec: Take,
    answered_at: DateTime<Utc>,
) {
    // Unless the far side hung up, we end the call (the IVR finished, the RTP went silent…).
    if cc.ctl.ended_by != Some(cc.ctl.remote) {
        cc.voice.sip.hangup(call);
    }
    let summary = cc.ctl.media.close().await;
    let ended_at = Utc::now();
    end.ended_at = ended_at;
    end.disposition = cc.disposition.into();
    end.ended_by = Some(cc.ctl.ended_by.unwrap_or("system").into());
    end.ivr_path = std::mem::take(&mut cc.ivr_path);
    end.digits = std::mem::take(&mut cc.digits);
    end.queue_id = cc.queue_id;
    end.queue_wait_ms = cc.queue_wait_ms;
    if let Some(e) = &summary.recording_error {
        tracing::error!(error = %e, "the call recording failed");
    }
    let recording = summary
        .recording_ms
        .and_then(|ms| recording(&cc, rec.rec, answered_at, ended_at, ms));
    let recorded = recording.is_some();
    tracing::debug!(
        packets_in = summary.packets_in,
        packets_out = summary.packets_out,
        "call ended"
    );
    // The row first, then the file into the upload queue (see `spool`).
    match cc
        .state
        .calls
        .close_call(&cc.access, cc.id, end, recording)
        .await
    {
        Ok(()) if recorded => {
            if let Err(e) = cc.voice.spool.enqueue(&rec).await {
                tracing::error!(error = %format!("{e:#}"), "queueing a recording");
            }
        }
        Ok(()) => {}
        Err(e) => tracing::error!(error = %e, "completing a call record"),
    }
}

fn recording(
    cc: &CallCtx,
    rec: Uuid,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    ms: u64,
) -> Option<NewRecording> {
    let key = ObjectKey::new(
        cc.access.tenant_id(),
        &["recordings", &format!("{rec}.wav")],
    )
    .ok()?;
    Some(NewRecording {
        id: rec,
        call_id: cc.id,
        kind: "call".into(),
        object_key: key,
        dialled: cc.dialled.clone(),
        caller: cc.caller.clone(),
        legs: {
            let mut legs = vec![
                serde_json::json!({"side": "caller", "channel": "left", "party": cc.caller}),
                serde_json::json!({"side": "ivr", "channel": "right", "party": "ivr"}),
            ];
            legs.extend(
                cc.agents
                    .iter()
                    .map(|a| serde_json::json!({"side": "agent", "channel": "right", "party": a})),
            );
            serde_json::Value::Array(legs)
        },
        started_at: from,
        ended_at: to,
        duration_ms: i64::try_from(ms).unwrap_or(i64::MAX),
    })
}

/// Completes the record of a call that was never answered (or never acknowledged).
pub(super) async fn finish_record(state: &VoiceDeps, access: &CallAccess, id: Uuid, end: CallEnd) {
    if let Err(e) = state.calls.close_call(access, id, end, None).await {
        tracing::error!(error = %e, "completing a call record");
    }
}
