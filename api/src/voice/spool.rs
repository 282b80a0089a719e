//! The durable upload queue for recordings and voicemail. Audio is written to
//! `spool/work/{recording id}.{call|voicemail}.{call id}.wav` while it is recorded. When it
//! ends, the recording's row is written (with the call record, or with the voicemail's
//! callback task) and then the file is moved to `spool/ready/{recording id}.wav`. The
//! uploader takes each file there, looks its row up by the id in the file name, uploads the
//! audio to the row's key, marks the row stored and only then deletes the file.
//!
//! Killed at any point, the next start picks up where it was: files in `ready/` are
//! uploaded; finished files still in `work/` whose row exists are moved on; and files that
//! were still being recorded (no row: the process died mid-call) are repaired (the WAV
//! header's lengths, written only at the end, are set from the file's size) and filed
//! under their call: the call record is closed as `interrupted` with the recording, a cut-off
//! voicemail becomes a callback task as usual.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use chrono::{DateTime, Utc};
use qiao_tenants::calls::Calls;
use qiao_tenants::calls::CutOffRecording;
use qiao_tenants::objects::ObjectStore;
use tokio::sync::Notify;
use uuid::Uuid;

use crate::shutdown::Shutdown;

mod wav;

#[derive(Clone)]
pub struct Spool {
    dir: PathBuf,
    notify: Arc<Notify>,
}

fn wav_name(id: Uuid) -> String {
    format!("{id}.wav")
}

/// A recording being written: its id, what it records and the call it belongs to, all in
/// its file name in `work/` so that a recording cut off by a crash can still be filed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Take {
    pub rec: Uuid,
    pub call: Uuid,
    pub kind: TakeKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TakeKind {
    /// The call's stereo recording.
    Call,
    /// A voicemail message (mono).
    Voicemail,
}

impl TakeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Call => "call",
            Self::Voicemail => "voicemail",
        }
    }
}

impl Take {
    pub fn new(call: Uuid, kind: TakeKind) -> Self {
        Self {
            rec: Uuid::now_v7(),
            call,
            kind,
        }
    }

    fn file_name(&self) -> String {
        format!("{}.{}.{}.wav", self.rec, self.kind.as_str(), self.call)
    }

    fn parse(path: &Path) -> Option<Self> {
        let name = path.file_name()?.to_str()?.strip_suffix(".wav")?;
        let mut parts = name.split('.');
        let (rec, kind, call) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        let kind = match kind {
            "call" => TakeKind::Call,
            "voicemail" => TakeKind::Voicemail,
            _ => return None,
        };
        Some(Self {
            rec: rec.parse().ok()?,
            call: call.parse().ok()?,
            kind,
        })
    }
}

/// The recording id a spool file is named by.
fn id_of(path: &Path) -> Option<Uuid> {
    (path.extension()?.to_str()? == "wav")
        .then(|| path.file_stem()?.to_str()?.parse().ok())
        .flatten()
}

impl Spool {
    pub fn open(dir: &Path) -> anyhow::Result<Self> {
        for sub in ["work", "ready"] {
            std::fs::create_dir_all(dir.join(sub))
                .with_context(|| format!("creating {}", dir.join(sub).display()))?;
        }
        Ok(Self {
            dir: dir.to_owned(),
            notify: Arc::new(Notify::new()),
        })
    }

    /// Where a recording is written while it is recorded.
    pub fn work_file(&self, take: &Take) -> PathBuf {
        self.dir.join("work").join(take.file_name())
    }

    /// Hands a recording to the uploader; call once its row is written.
    pub async fn enqueue(&self, take: &Take) -> anyhow::Result<()> {
        tokio::fs::rename(
            self.work_file(take),
            self.dir.join("ready").join(wav_name(take.rec)),
        )
        .await
        .context("moving the recording to the upload queue")?;
        self.notify.notify_one();
        Ok(())
    }

    /// Uploads what is queued, now and whenever something is added, until shutdown.
    pub fn spawn_uploader(&self, calls: Calls, objects: Arc<dyn ObjectStore>, shutdown: Shutdown) {
        let spool = self.clone();
        tokio::spawn(async move {
            spool.recover(&calls).await;
            let mut backoff = Duration::from_secs(2);
            loop {
                let ok = spool.upload_all(&calls, objects.as_ref()).await;
                let wait = if ok {
                    backoff = Duration::from_secs(2);
                    Duration::from_secs(60)
                } else {
                    backoff = (backoff * 2).min(Duration::from_secs(60));
                    backoff
                };
                tokio::select! {
                    () = spool.notify.notified() => {}
                    () = tokio::time::sleep(wait) => {}
                    () = shutdown.wait() => return,
                }
            }
        });
    }

    /// At start-up: finished recordings left in `work/` (the process stopped between
    /// writing the row and moving the file) go on to `ready/`. Files without a row were
    /// still being recorded when the process stopped: they are repaired and filed under
    /// their call (see the module docs).
    async fn recover(&self, calls: &Calls) {
        let Ok(mut entries) = tokio::fs::read_dir(self.dir.join("work")).await else {
            return;
        };
        while let Ok(Some(e)) = entries.next_entry().await {
            let path = e.path();
            let Some(take) = Take::parse(&path) else {
                tracing::warn!(file = %path.display(), "an unknown file in the recording spool; left there");
                continue;
            };
            let filed = match calls.recording_to_upload(take.rec).await {
                Ok(Some(_)) => Ok(true),
                Ok(None) => self.rescue(calls, &take, &path).await,
                Err(err) => Err(err.into()),
            };
            let res = match filed {
                Ok(true) => self.enqueue(&take).await,
                Ok(false) => Ok(()),
                Err(e) => Err(e),
            };
            if let Err(err) = res {
                tracing::warn!(rec = %take.rec, error = %format!("{err:#}"), "recovering a recording");
            }
        }
    }

    /// A recording the process died in the middle of: its WAV made whole and its rows
    /// written. `false` when there is nothing to file (no audio, or its call is unknown).
    async fn rescue(&self, calls: &Calls, take: &Take, path: &Path) -> anyhow::Result<bool> {
        let file = path.to_owned();
        let (ms, modified) = tokio::task::spawn_blocking(move || -> std::io::Result<_> {
            let ms = wav::repair(&file)?;
            Ok((ms, std::fs::metadata(&file)?.modified()?))
        })
        .await??;
        if ms == 0 {
            tokio::fs::remove_file(path).await?;
            return Ok(false);
        }
        let ended_at: DateTime<Utc> = modified.into();
        let cut = CutOffRecording {
            id: take.rec,
            call_id: take.call,
            voicemail: take.kind == TakeKind::Voicemail,
            started_at: ended_at - chrono::Duration::milliseconds(i64::try_from(ms)?),
            ended_at,
            duration_ms: i64::try_from(ms)?,
        };
        let filed = calls.file_cut_off_recording(cut).await?;
        if filed {
            tracing::warn!(call = %take.call, rec = %take.rec, ms, "a recording cut off when the process stopped was repaired and filed");
        } else {
            tracing::warn!(file = %path.display(), "a cut-off recording names no known call; left in the spool");
        }
        Ok(filed)
    }

    /// One pass; false if something failed and is left for a retry.
    async fn upload_all(&self, calls: &Calls, objects: &dyn ObjectStore) -> bool {
        let Ok(mut entries) = tokio::fs::read_dir(self.dir.join("ready")).await else {
            return false;
        };
        let mut all_ok = true;
        while let Ok(Some(e)) = entries.next_entry().await {
            let path = e.path();
            let Some(id) = id_of(&path) else { continue };
            if let Err(err) = upload_one(id, &path, calls, objects).await {
                tracing::warn!(file = %path.display(), error = %format!("{err:#}"), "recording upload failed; will retry");
                all_ok = false;
            }
        }
        all_ok
    }
}

async fn upload_one(
    id: Uuid,
    wav: &Path,
    calls: &Calls,
    objects: &dyn ObjectStore,
) -> anyhow::Result<()> {
    let (key, stored) = calls
        .recording_to_upload(id)
        .await?
        .with_context(|| format!("recording {id} has no row"))?;
    if !stored {
        let len = objects.put_file(&key, wav).await?;
        let len = i64::try_from(len).unwrap_or(i64::MAX);
        calls.recording_stored(id, &key, len).await?;
        tracing::info!(%key, bytes = len, "recording stored");
    }
    tokio::fs::remove_file(wav).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spool_files_are_named_by_recording_id() {
        let id = Uuid::now_v7();
        assert_eq!(id_of(Path::new(&format!("/x/{id}.wav"))), Some(id));
        assert_eq!(id_of(Path::new(&format!("/x/{id}.json"))), None);
        assert_eq!(id_of(Path::new("/x/call-1.wav")), None);
    }

    #[test]
    fn a_take_in_work_names_its_call_and_kind() {
        let take = Take::new(Uuid::now_v7(), TakeKind::Voicemail);
        let path = Path::new("/spool/work").join(take.file_name());
        assert_eq!(Take::parse(&path), Some(take));
        let id = Uuid::now_v7();
        assert_eq!(Take::parse(Path::new(&format!("/x/{id}.wav"))), None);
        assert_eq!(
            Take::parse(Path::new(&format!("/x/{id}.radio.{id}.wav"))),
            None
        );
        assert_eq!(
            Take::parse(Path::new(&format!("/x/{id}.call.{id}.ogg"))),
            None
        );
    }
}
