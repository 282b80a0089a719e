//! Calls: call detail records, recordings (with expiring download links) and callback
//! tasks, for supervisors and above.

use async_graphql::{Context, ID, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use qiao_tenants::TenantCtx;
use qiao_tenants::entities::{call, callback_task, recording, sip_registration};
use qiao_tenants::objects::ObjectKey;

use super::kit;
use crate::error::{ApiError, Gql};
use crate::state::AppState;

#[derive(SimpleObject)]
pub struct Call {
    pub id: ID,
    pub direction: String,
    pub dialled: String,
    pub caller: String,
    pub started_at: DateTime<Utc>,
    pub answered_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
    /// in_progress, completed, abandoned, voicemail, callback, overflow, cancelled,
    /// rejected, failed, interrupted (the server stopped during the call; its recording was
    /// filed at the next start).
    pub disposition: String,
    /// caller, system or timeout.
    pub ended_by: Option<String>,
    /// The IVR nodes visited, in order.
    pub ivr_path: Vec<String>,
    /// Keys pressed; PIN digits are masked.
    pub digits: String,
    pub queue_id: Option<ID>,
    pub queue_wait_ms: Option<i64>,
    /// When the caller entered the queue they wait in now; null when not waiting.
    pub queued_at: Option<DateTime<Utc>>,
    pub recording_id: Option<ID>,
}

/// Where a waiting caller stands in their queue, counted over every node's calls.
#[derive(SimpleObject)]
pub struct QueueStanding {
    pub queue_id: ID,
    /// 1-based: the callers who entered the queue earlier and still wait, plus one.
    pub position: i32,
    pub queued_at: DateTime<Utc>,
    /// Agents logged in who meet the queue's skill requirements.
    pub agents_serving: i32,
    /// Of those, the ones available with no call and no offer ringing.
    pub agents_free: i32,
    /// Mean talk time of the queue's latest (up to 50) answered calls.
    pub average_handle_secs: Option<i32>,
    /// What the caller is told; null while no agent who could take the call is logged in.
    pub estimated_wait_secs: Option<i32>,
}

/// A caller waiting in a queue now, with where they stand.
#[derive(SimpleObject)]
pub struct WaitingCall {
    pub call: Call,
    pub standing: QueueStanding,
}

fn int(v: u32) -> i32 {
    i32::try_from(v).unwrap_or(i32::MAX)
}

impl From<qiao_tenants::calls::waiting::QueueStanding> for QueueStanding {
    fn from(s: qiao_tenants::calls::waiting::QueueStanding) -> Self {
        Self {
            queue_id: ID(s.queue_id.to_string()),
            position: int(s.position),
            queued_at: s.queued_at,
            agents_serving: int(s.agents_serving),
            agents_free: int(s.agents_free),
            average_handle_secs: s.average_handle_secs.map(int),
            estimated_wait_secs: s.estimated_wait_secs.map(int),
        }
    }
}

impl From<call::Model> for Call {
    fn from(c: call::Model) -> Self {
        Self {
            id: ID(c.id.to_string()),
            direction: c.direction,
            dialled: c.dialled,
            caller: c.caller,
            started_at: c.started_at,
            answered_at: c.answered_at,
            ended_at: c.ended_at,
            disposition: c.disposition,
            ended_by: c.ended_by,
            ivr_path: serde_json::from_value(c.ivr_path).unwrap_or_default(),
            digits: c.digits,
            queue_id: c.queue_id.map(|q| ID(q.to_string())),
            queue_wait_ms: c.queue_wait_ms,
            queued_at: c.queued_at,
            recording_id: c.recording_id.map(|r| ID(r.to_string())),
        }
    }
}

#[derive(SimpleObject)]
pub struct Recording {
    pub id: ID,
    pub call_id: ID,
    /// call (stereo: caller left, Qiao right) or voicemail (mono).
    pub kind: String,
    pub dialled: String,
    pub caller: String,
    pub legs: async_graphql::Json<serde_json::Value>,
    pub started_at: DateTime<Utc>,
    pub ended_at: DateTime<Utc>,
    pub duration_ms: i64,
    pub bytes: Option<i64>,
    /// When the audio reached the object store; null while it is queued for upload.
    pub stored_at: Option<DateTime<Utc>>,
    /// A link to the WAV, valid for a few minutes; null until stored.
    pub url: Option<String>,
}

fn recording_gql(state: &AppState, ctx: &TenantCtx, r: recording::Model) -> Result<Recording> {
    let url = match r.stored_at {
        Some(_) => {
            let key = ObjectKey::parse(&r.object_key)
                .map_err(|e| ApiError::Internal(e.into()).into_gql())?;
            Some(state.signer.sign(ctx, &key).gql()?)
        }
        None => None,
    };
    Ok(Recording {
        id: ID(r.id.to_string()),
        call_id: ID(r.call_id.to_string()),
        kind: r.kind,
        dialled: r.dialled,
        caller: r.caller,
        legs: async_graphql::Json(r.legs),
        started_at: r.started_at,
        ended_at: r.ended_at,
        duration_ms: r.duration_ms,
        bytes: r.bytes,
        stored_at: r.stored_at,
        url,
    })
}

#[derive(SimpleObject)]
pub struct CallbackTask {
    pub id: ID,
    /// voicemail or callback.
    pub kind: String,
    pub status: String,
    /// The number to call back.
    pub number: String,
    pub queue_id: Option<ID>,
    pub call_id: Option<ID>,
    pub recording_id: Option<ID>,
    pub note: String,
    pub created_at: DateTime<Utc>,
}

impl From<callback_task::Model> for CallbackTask {
    fn from(t: callback_task::Model) -> Self {
        Self {
            id: ID(t.id.to_string()),
            kind: t.kind,
            status: t.status,
            number: t.number,
            queue_id: t.queue_id.map(|q| ID(q.to_string())),
            call_id: t.call_id.map(|q| ID(q.to_string())),
            recording_id: t.recording_id.map(|q| ID(q.to_string())),
            note: t.note,
            created_at: t.created_at,
        }
    }
}

/// Where a desk phone is registered, until `expiresAt`.
#[derive(SimpleObject)]
pub struct SipRegistration {
    pub endpoint_id: ID,
    pub contact: String,
    /// The address the phone registered from.
    pub source: String,
    pub transport: String,
    pub user_agent: String,
    pub expires_at: DateTime<Utc>,
}

impl From<sip_registration::Model> for SipRegistration {
    fn from(r: sip_registration::Model) -> Self {
        Self {
            endpoint_id: ID(r.endpoint_id.to_string()),
            contact: r.contact,
            source: r.source,
            transport: r.transport,
            user_agent: r.user_agent,
            expires_at: r.expires_at,
        }
    }
}

#[derive(Default)]
pub struct CallQuery;

#[Object]
impl CallQuery {
    /// The latest calls, newest first (at most 1000).
    async fn calls(
        &self,
        cx: &Context<'_>,
        #[graphql(default = 100)] limit: u64,
    ) -> Result<Vec<Call>> {
        let (state, ctx) = super::tenant(cx).await?;
        let rows = state
            .calls
            .calls(&ctx.can_view_calls().gql()?, limit)
            .await
            .gql()?;
        Ok(rows.into_iter().map(Call::from).collect())
    }

    async fn call(&self, cx: &Context<'_>, id: ID) -> Result<Call> {
        let (state, ctx) = super::tenant(cx).await?;
        let id = kit::id::<uuid::Uuid>(&id, "id")?;
        Ok(state
            .calls
            .call(&ctx.can_view_calls().gql()?, id)
            .await
            .gql()?
            .into())
    }

    /// Where a call waiting in a queue stands (null when it is not waiting in one).
    async fn queue_standing(&self, cx: &Context<'_>, call_id: ID) -> Result<Option<QueueStanding>> {
        let (state, ctx) = super::tenant(cx).await?;
        let id = kit::id::<uuid::Uuid>(&call_id, "callId")?;
        Ok(state
            .calls
            .queue_standing(&ctx.can_view_calls().gql()?, id)
            .await
            .gql()?
            .map(QueueStanding::from))
    }

    /// Every caller waiting in a queue now (at most 1000), by queue and place in it: a
    /// wallboard over every node's calls.
    async fn waiting_calls(&self, cx: &Context<'_>) -> Result<Vec<WaitingCall>> {
        let (state, ctx) = super::tenant(cx).await?;
        let rows = state
            .calls
            .waiting_calls(&ctx.can_view_calls().gql()?)
            .await
            .gql()?;
        Ok(rows
            .into_iter()
            .map(|(c, s)| WaitingCall {
                call: c.into(),
                standing: s.into(),
            })
            .collect())
    }

    /// Recordings, newest first; of one call when `callId` is given.
    async fn recordings(
        &self,
        cx: &Context<'_>,
        call_id: Option<ID>,
        #[graphql(default = 100)] limit: u64,
    ) -> Result<Vec<Recording>> {
        let (state, ctx) = super::tenant(cx).await?;
        let call_id = call_id
            .map(|c| kit::parse::<uuid::Uuid>(&c, "callId"))
            .transpose()
            .gql()?;
        let rows = state
            .calls
            .recordings(&ctx.can_view_calls().gql()?, call_id, limit)
            .await
            .gql()?;
        rows.into_iter()
            .map(|r| recording_gql(state, ctx, r))
            .collect()
    }

    async fn recording(&self, cx: &Context<'_>, id: ID) -> Result<Recording> {
        let (state, ctx) = super::tenant(cx).await?;
        let id = kit::id::<uuid::Uuid>(&id, "id")?;
        let r = state
            .calls
            .recording(&ctx.can_view_calls().gql()?, id)
            .await
            .gql()?;
        recording_gql(state, ctx, r)
    }

    /// Callback tasks (voicemail and "call me back"), newest first.
    async fn callback_tasks(
        &self,
        cx: &Context<'_>,
        status: Option<String>,
        #[graphql(default = 100)] limit: u64,
    ) -> Result<Vec<CallbackTask>> {
        let (state, ctx) = super::tenant(cx).await?;
        let rows = state
            .calls
            .callback_tasks(&ctx.can_view_calls().gql()?, status.as_deref(), limit)
            .await
            .gql()?;
        Ok(rows.into_iter().map(CallbackTask::from).collect())
    }

    /// Desk phones registered now (supervisors and above).
    async fn sip_registrations(&self, cx: &Context<'_>) -> Result<Vec<SipRegistration>> {
        let (state, ctx) = super::tenant(cx).await?;
        let rows = state
            .calls
            .registrations(&ctx.can_view_config().gql()?)
            .await
            .gql()?;
        Ok(rows.into_iter().map(SipRegistration::from).collect())
    }
}
