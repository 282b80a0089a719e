//! Prompts: upload (multipart, GraphQL multipart request spec), TTS, list with expiring
//! download links, delete.

use std::io::Read;

use async_graphql::{Context, Enum, ID, InputObject, Object, Result, SimpleObject, Upload};
use chrono::{DateTime, Utc};
use qiao_tenants::TenantCtx;
use qiao_tenants::entities::prompt;
use qiao_tenants::objects::ObjectKey;

use super::kit;
use crate::error::{ApiError, Gql};
use crate::prompts;
use crate::state::AppState;

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    Upload,
    Tts,
}

#[derive(SimpleObject)]
pub struct Prompt {
    pub id: ID,
    pub name: String,
    pub kind: PromptKind,
    /// For TTS prompts: zh-CN or en.
    pub language: Option<String>,
    /// For TTS prompts: the text spoken.
    pub text: Option<String>,
    pub duration_ms: i64,
    /// The uploaded file's name.
    pub source_name: Option<String>,
    /// A link to the 8 kHz WAV, valid for a few minutes.
    pub url: String,
    pub created_at: DateTime<Utc>,
}

fn to_gql(state: &AppState, ctx: &TenantCtx, p: prompt::Model) -> Result<Prompt> {
    let key =
        ObjectKey::parse(&p.object_key).map_err(|e| ApiError::Internal(e.into()).into_gql())?;
    let url = state.signer.sign(ctx, &key).gql()?;
    Ok(Prompt {
        id: ID(p.id.to_string()),
        name: p.name,
        kind: if p.kind == "tts" {
            PromptKind::Tts
        } else {
            PromptKind::Upload
        },
        language: p.language,
        text: p.text,
        duration_ms: p.duration_ms,
        source_name: p.source_name,
        url,
        created_at: p.created_at,
    })
}

#[derive(InputObject)]
pub struct TtsPromptInput {
    pub name: String,
    pub text: String,
    /// zh-CN or en.
    pub language: String,
}

#[derive(Default)]
pub struct PromptQuery;

#[Object]
impl PromptQuery {
    async fn prompts(&self, cx: &Context<'_>) -> Result<Vec<Prompt>> {
        let (state, ctx) = super::tenant(cx).await?;
        let rows = state
            .center
            .prompts(&ctx.can_view_config().gql()?)
            .await
            .gql()?;
        rows.into_iter().map(|p| to_gql(state, ctx, p)).collect()
    }

    async fn prompt(&self, cx: &Context<'_>, id: ID) -> Result<Prompt> {
        let (state, ctx) = super::tenant(cx).await?;
        let id = kit::id::<uuid::Uuid>(&id, "prompt")?;
        let p = state
            .center
            .prompt(&ctx.can_view_config().gql()?, id)
            .await
            .gql()?;
        to_gql(state, ctx, p)
    }
}

#[derive(Default)]
pub struct PromptMutation;

#[Object]
impl PromptMutation {
    /// Uploads a WAV or MP3 (multipart request); it is stored as 8 kHz mono for telephony.
    async fn upload_prompt(&self, cx: &Context<'_>, name: String, file: Upload) -> Result<Prompt> {
        let (state, ctx) = super::tenant(cx).await?;
        let cap = ctx.can_manage_config().gql()?;
        let mut value = file.value(cx)?;
        let mut bytes = Vec::new();
        value
            .content
            .read_to_end(&mut bytes)
            .map_err(|e| ApiError::Internal(e.into()).into_gql())?;
        let p = prompts::upload(state, &cap, &name, &value.filename, bytes)
            .await
            .gql()?;
        to_gql(state, ctx, p)
    }

    /// Renders text with the speech engine (zh-CN or en) and stores it as a prompt.
    async fn create_tts_prompt(&self, cx: &Context<'_>, input: TtsPromptInput) -> Result<Prompt> {
        let (state, ctx) = super::tenant(cx).await?;
        let cap = ctx.can_manage_config().gql()?;
        let p = prompts::tts(state, &cap, &input.name, &input.text, &input.language)
            .await
            .gql()?;
        to_gql(state, ctx, p)
    }

    async fn delete_prompt(&self, cx: &Context<'_>, id: ID) -> Result<bool> {
        let (state, ctx) = super::tenant(cx).await?;
        let cap = ctx.can_manage_config().gql()?;
        prompts::delete(state, &cap, kit::id::<uuid::Uuid>(&id, "prompt")?)
            .await
            .gql()?;
        Ok(true)
    }
}
