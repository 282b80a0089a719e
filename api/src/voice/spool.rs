//! The durable upload queue for recordings and voicemail. A finished recording is moved
//! into `spool/ready/` with a JSON description written last (the commit marker); the
//! uploader writes the recording's row if missing, uploads the audio, marks it stored, and
//! only then deletes the files. Killed at any point, the next start picks it up again.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use bytes::Bytes;
use qiao_tenants::calls::NewRecording;
use qiao_tenants::center::Center;
use qiao_tenants::objects::ObjectStore;
use tokio::sync::Notify;

use crate::app::Shutdown;

#[derive(Clone)]
pub struct Spool {
    dir: PathBuf,
    notify: Arc<Notify>,
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

    /// Where a recording in progress is written.
    pub fn work_file(&self, name: &str) -> PathBuf {
        self.dir.join("work").join(name)
    }

    /// Hands a finished file to the uploader.
    pub async fn enqueue(&self, file: &Path, meta: &NewRecording) -> anyhow::Result<()> {
        let ready = self.dir.join("ready");
        let wav = ready.join(format!("{}.wav", meta.id));
        let json = ready.join(format!("{}.json", meta.id));
        let tmp = ready.join(format!("{}.json.tmp", meta.id));
        tokio::fs::rename(file, &wav)
            .await
            .context("moving the recording")?;
        let body = serde_json::to_vec(meta)?;
        let f = tokio::fs::File::create(&tmp).await?;
        {
            use tokio::io::AsyncWriteExt;
            let mut f = f;
            f.write_all(&body).await?;
            f.sync_all().await?;
        }
        tokio::fs::rename(&tmp, &json).await?;
        if let Ok(d) = tokio::fs::File::open(&ready).await {
            let _ = d.sync_all().await;
        }
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

    /// One pass; false if something failed and is left for a retry.
    async fn upload_all(&self, center: &Center, objects: &dyn ObjectStore) -> bool {
        let ready = self.dir.join("ready");
        let Ok(mut entries) = tokio::fs::read_dir(&ready).await else {
            return false;
        };
        let mut all_ok = true;
        while let Ok(Some(e)) = entries.next_entry().await {
            let path = e.path();
            if path.extension().and_then(|x| x.to_str()) != Some("json") {
                continue;
            }
            if let Err(err) = upload_one(&path, center, objects).await {
                tracing::warn!(file = %path.display(), error = %format!("{err:#}"), "recording upload failed; will retry");
                all_ok = false;
            }
        }
        all_ok
    }
}

async fn upload_one(json: &Path, center: &Center, objects: &dyn ObjectStore) -> anyhow::Result<()> {
    let meta: NewRecording = serde_json::from_slice(&tokio::fs::read(json).await?)?;
    let wav = json.with_extension("wav");
    let key = meta.object_key.clone();
    center.save_recording(meta).await?;
    let bytes = tokio::fs::read(&wav)
        .await
        .context("reading the recording")?;
    let len = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
    objects.put(&key, Bytes::from(bytes)).await?;
    center.recording_stored(&key, len).await?;
    tokio::fs::remove_file(&wav).await?;
    tokio::fs::remove_file(json).await?;
    tracing::info!(%key, bytes = len, "recording stored");
    Ok(())
}
