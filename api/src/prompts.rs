//! Prompt creation across the media crate, the object store and the domain: uploads are
//! normalised to 8 kHz mono WAV, TTS is rendered by espeak-ng and cached by text. Audio is
//! stored before its row and removed again if the row is refused: nothing half-stored.

use bytes::Bytes;
use qiao_media::audio::AudioError;
use qiao_media::tts::TtsError;
use qiao_tenants::center::prompts::NewPrompt;
use qiao_tenants::ctx::ManageConfig;
use qiao_tenants::entities::prompt;
use qiao_tenants::objects::ObjectKey;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::error::ApiError;
use crate::state::AppState;

fn bad_file(message: String) -> ApiError {
    ApiError::BadUserInput {
        message,
        field: Some("file".into()),
        details: None,
    }
}

fn audio_error(e: AudioError) -> ApiError {
    bad_file(e.to_string())
}

fn store_error(e: impl std::fmt::Display) -> ApiError {
    ApiError::Internal(anyhow::anyhow!("object store: {e}"))
}

/// Normalises and stores an uploaded WAV or MP3 as a prompt.
pub async fn upload(
    state: &AppState,
    cap: &ManageConfig<'_>,
    name: &str,
    filename: &str,
    bytes: Vec<u8>,
) -> Result<prompt::Model, ApiError> {
    let name = state.center.check_prompt_name(cap, name).await?;
    let ext = filename
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase());
    if !matches!(ext.as_deref(), Some("wav" | "mp3")) {
        return Err(bad_file(format!("'{filename}' is not a WAV or MP3 file")));
    }
    let audio = tokio::task::spawn_blocking(move || qiao_media::normalise(&bytes, ext.as_deref()))
        .await
        .map_err(|e| ApiError::Internal(e.into()))?
        .map_err(audio_error)?;
    let id = Uuid::now_v7();
    let key = ObjectKey::new(cap_tenant(cap), &["prompts", &format!("{id}.wav")])
        .map_err(|e| ApiError::Internal(e.into()))?;
    let duration_ms = i64::try_from(audio.duration_ms()).unwrap_or(i64::MAX);
    state
        .objects
        .put(&key, Bytes::from(audio.wav))
        .await
        .map_err(store_error)?;
    let row = state
        .center
        .insert_prompt(
            cap,
            NewPrompt {
                id,
                name,
                kind: "upload",
                language: None,
                text: None,
                object_key: key.clone(),
                duration_ms,
                source_name: Some(filename.chars().take(200).collect()),
            },
        )
        .await;
    match row {
        Ok(r) => Ok(r),
        Err(e) => {
            if let Err(del) = state.objects.delete(&key).await {
                tracing::warn!(%key, error = %del, "removing audio of a refused prompt");
            }
            Err(e.into())
        }
    }
}

/// Renders `text` in `language` (cached per tenant by voice and text) and stores a prompt.
pub async fn tts(
    state: &AppState,
    cap: &ManageConfig<'_>,
    name: &str,
    text: &str,
    language: &str,
) -> Result<prompt::Model, ApiError> {
    let name = state.center.check_prompt_name(cap, name).await?;
    let key = tts_key(cap_tenant(cap), text, language)?;
    let audio = qiao_media::tts::speak(text, language)
        .await
        .map_err(|e| match e {
            TtsError::Missing(_) | TtsError::Failed(_) => ApiError::Internal(e.into()),
            other => ApiError::BadUserInput {
                message: other.to_string(),
                field: Some("text".into()),
                details: None,
            },
        })?;
    let duration_ms = i64::try_from(audio.duration_ms()).unwrap_or(i64::MAX);
    if !state.objects.exists(&key).await.map_err(store_error)? {
        state
            .objects
            .put(&key, Bytes::from(audio.wav))
            .await
            .map_err(store_error)?;
    }
    Ok(state
        .center
        .insert_prompt(
            cap,
            NewPrompt {
                id: Uuid::now_v7(),
                name,
                kind: "tts",
                language: Some(language.to_owned()),
                text: Some(text.trim().to_owned()),
                object_key: key,
                duration_ms,
                source_name: None,
            },
        )
        .await?)
}

/// Deletes a prompt and, unless another prompt shares it, its audio.
pub async fn delete(state: &AppState, cap: &ManageConfig<'_>, id: Uuid) -> Result<(), ApiError> {
    let row = state.center.delete_prompt(cap, id).await?;
    let key = ObjectKey::parse(&row.object_key).map_err(|e| ApiError::Internal(e.into()))?;
    if !state.center.object_in_use(cap, &key).await? {
        state.objects.delete(&key).await.map_err(store_error)?;
    }
    Ok(())
}

fn cap_tenant(cap: &ManageConfig<'_>) -> qiao_tenants::TenantId {
    cap.view().tenant_id()
}

/// `tenants/{t}/tts/{sha256(voice, text)}.wav`.
pub(crate) fn tts_key(
    tenant: qiao_tenants::TenantId,
    text: &str,
    language: &str,
) -> Result<ObjectKey, ApiError> {
    let voice = qiao_media::tts::voice(language).map_err(|e| ApiError::BadUserInput {
        message: e.to_string(),
        field: Some("language".into()),
        details: None,
    })?;
    let digest = Sha256::digest(format!("{voice}\n{}", text.trim()).as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    ObjectKey::new(tenant, &["tts", &format!("{hex}.wav")])
        .map_err(|e| ApiError::Internal(e.into()))
}
