//! Audio for calls: stored prompts and TTS renderings (rendered once, kept in the object
//! store under the tenant and in memory as shared clips), and the tones Qiao makes itself.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use anyhow::Context;
use bytes::Bytes;
use qiao_media::rtp::session::Clip;
use qiao_tenants::center::Center;
use qiao_tenants::center::ivr::graph::Prompt;
use qiao_tenants::ctx::CallAccess;
use qiao_tenants::objects::{ObjectKey, ObjectStore};
use uuid::Uuid;

/// More distinct clips than this in memory and the cache starts over.
const MAX_CACHED: usize = 2048;

#[derive(Clone)]
pub struct Clips {
    center: Center,
    objects: Arc<dyn ObjectStore>,
    cache: Arc<Mutex<HashMap<String, Clip>>>,
    beep: Clip,
    music: Clip,
}

impl Clips {
    pub fn new(center: Center, objects: Arc<dyn ObjectStore>) -> Self {
        Self {
            center,
            objects,
            cache: Arc::default(),
            beep: tone(&[(1000.0, 400)], 0.4),
            music: tone(
                &[
                    (523.3, 400),
                    (659.3, 400),
                    (784.0, 400),
                    (659.3, 400),
                    (0.0, 400),
                ],
                0.15,
            ),
        }
    }

    /// The tone before a voicemail recording.
    pub fn beep(&self) -> Clip {
        self.beep.clone()
    }

    /// Music on hold when a queue has no prompt of its own.
    pub fn default_music(&self) -> Clip {
        self.music.clone()
    }

    fn cached(&self, key: &str) -> Option<Clip> {
        self.cache.lock().expect("clip cache").get(key).cloned()
    }

    fn remember(&self, key: String, clip: Clip) {
        let mut c = self.cache.lock().expect("clip cache");
        if c.len() >= MAX_CACHED {
            c.clear();
        }
        c.insert(key, clip);
    }

    async fn load(&self, key: &ObjectKey) -> anyhow::Result<Option<Clip>> {
        if let Some(c) = self.cached(key.as_str()) {
            return Ok(Some(c));
        }
        let Some(bytes) = self.objects.get(key).await? else {
            return Ok(None);
        };
        let samples =
            tokio::task::spawn_blocking(move || qiao_media::audio::wav_samples(&bytes)).await??;
        let clip: Clip = samples.into();
        self.remember(key.as_str().to_owned(), clip.clone());
        Ok(Some(clip))
    }

    /// A stored prompt of the call's tenant.
    pub async fn stored(&self, call: &CallAccess, id: &str) -> anyhow::Result<Clip> {
        let id: Uuid = id.parse().context("prompt id")?;
        let row = self.center.prompt(&call.config(), id).await?;
        let key = ObjectKey::parse(&row.object_key)?;
        self.load(&key)
            .await?
            .with_context(|| format!("prompt audio {key} is missing"))
    }

    /// `text` spoken in `lang`, rendered on first use and cached per tenant.
    pub async fn speech(&self, call: &CallAccess, text: &str, lang: &str) -> anyhow::Result<Clip> {
        if text.trim().is_empty() {
            return Ok(Vec::new().into());
        }
        let key = crate::prompts::tts_key(call.tenant_id(), text, lang)
            .map_err(|_| anyhow::anyhow!("speech language {lang} is not supported"))?;
        if let Some(c) = self.load(&key).await? {
            return Ok(c);
        }
        let audio = qiao_media::tts::speak(text, lang).await?;
        self.objects.put(&key, Bytes::from(audio.wav)).await?;
        let clip: Clip = audio.samples.into();
        self.remember(key.as_str().to_owned(), clip.clone());
        Ok(clip)
    }

    /// What a flow's prompt sounds like: the stored prompt if it names one, else its TTS.
    pub async fn prompt(&self, call: &CallAccess, p: &Prompt) -> anyhow::Result<Clip> {
        if let Some(id) = &p.prompt_id {
            return self.stored(call, id).await;
        }
        match &p.tts {
            Some(t) => self.speech(call, &t.text, &t.lang).await,
            None => Ok(Vec::new().into()),
        }
    }
}

/// Sine tones (Hz, ms; 0 Hz is a pause) at `level` of full scale.
fn tone(parts: &[(f32, u32)], level: f32) -> Clip {
    let mut out = Vec::new();
    for &(hz, ms) in parts {
        let n = (qiao_media::TELEPHONY_RATE * ms / 1000) as usize;
        out.extend((0..n).map(|i| {
            let t = i as f32 / qiao_media::TELEPHONY_RATE as f32;
            let fade = ((i.min(n - i) as f32) / 80.0).min(1.0);
            ((2.0 * std::f32::consts::PI * hz * t).sin() * level * fade * f32::from(i16::MAX))
                as i16
        }));
    }
    out.into()
}
