//! The durable upload queue for recordings and voicemail. Audio is written to
//! `spool/work/{recording id}.wav` while it is recorded. When it ends, the recording's row
//! is written (with the call record, or with the voicemail's callback task) and then the
//! file is moved to `spool/ready/`. The uploader takes each file there, looks its row up by
//! the id in the file name, uploads the audio to the row's key, marks the row stored and
//! only then deletes the file. Killed at any point, the next start picks up where it was:
//! files in `ready/` are uploaded, and finished files still in `work/` whose row exists
//! are moved on.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use bytes::Bytes;
use qiao_tenants::center::Center;
use qiao_tenants::objects::ObjectStore;
use tokio::sync::Notify;
use uuid::Uuid;

use crate::app::Shutdown;

#[derive(Clone)]
pub struct Spool {
    dir: PathBuf,
    notify: Arc<Notify>,
}

fn wav_name(id: Uuid) -> String {
    format!("{id}.wav")
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

    /// Where recording `id` is written while it is recorded.
    pub fn work_file(&self, id: Uuid) -> PathBuf {
        self.dir.join("work").join(wav_name(id))
    }

    /// Hands recording `id` to the uploader; call once its row is written.
    pub async fn enqueue(&self, id: Uuid) -> anyhow::Result<()> {
        tokio::fs::rename(
            self.work_file(id),
            self.dir.join("ready").join(wav_name(id)),
        )
        .await
        .context("moving the recording to the upload queue")?;
        self.notify.notify_one();
        Ok(())
    }

    /// Uploads what is queued, now and whenever something is added, until shutdown.
    pub fn spawn_uploader(
        &self,
        center: Center,
        objects: Arc<dyn ObjectStore>,
        shutdown: Shutdown,
    ) {
        let spool = self.clone();
        tokio::spawn(async move {
            spool.recover(&center).await;
            let mut backoff = Duration::from_secs(2);
            loop {
                let ok = spool.upload_all(&center, objects.as_ref()).await;
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
    /// still being recorded when the process stopped; they are left where they are.
    async fn recover(&self, center: &Center) {
        let Ok(mut entries) = tokio::fs::read_dir(self.dir.join("work")).await else {
            return;
        };
        while let Ok(Some(e)) = entries.next_entry().await {
            let Some(id) = id_of(&e.path()) else { continue };
            match center.recording_to_upload(id).await {
                Ok(Some(_)) => {
                    if let Err(err) = self.enqueue(id).await {
                        tracing::warn!(%id, error = %format!("{err:#}"), "recovering a recording");
                    }
                }
                Ok(None) => {
                    tracing::warn!(file = %e.path().display(), "a recording was cut off when the process stopped; left in the spool");
                }
                Err(err) => tracing::warn!(%id, error = %err, "recovering a recording"),
            }
        }
    }

    /// One pass; false if something failed and is left for a retry.
    async fn upload_all(&self, center: &Center, objects: &dyn ObjectStore) -> bool {
        let Ok(mut entries) = tokio::fs::read_dir(self.dir.join("ready")).await else {
            return false;
        };
        let mut all_ok = true;
        while let Ok(Some(e)) = entries.next_entry().await {
            let path = e.path();
            let Some(id) = id_of(&path) else { continue };
            if let Err(err) = upload_one(id, &path, center, objects).await {
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
    center: &Center,
    objects: &dyn ObjectStore,
) -> anyhow::Result<()> {
    let (key, stored) = center
        .recording_to_upload(id)
        .await?
        .with_context(|| format!("recording {id} has no row"))?;
    if !stored {
        let bytes = tokio::fs::read(wav)
            .await
            .context("reading the recording")?;
        let len = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
        objects.put(&key, Bytes::from(bytes)).await?;
        center.recording_stored(id, &key, len).await?;
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
}
