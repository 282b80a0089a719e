//! Recordings and voicemail: their rows, the upload queue's view of them, and the filing of
//! recordings cut off by a killed process.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, QueryFilter, QueryOrder, Set};
use serde_json::json;
use uuid::Uuid;

use super::callbacks::{NewCallbackTask, insert_task};
use crate::calls::Calls;
use crate::ctx::{CallAccess, ViewCalls};
use crate::entities::{call, call_leg, callback_task, recording};
use crate::error::DomainError;
use crate::ids::TenantId;
use crate::objects::ObjectKey;

/// A recording's row, written when the call (or message) ends; the audio follows through
/// the upload queue.
#[derive(Clone, Debug)]
pub struct NewRecording {
    pub id: Uuid,
    pub call_id: Uuid,
    /// `call` or `voicemail`.
    pub kind: String,
    pub object_key: ObjectKey,
    pub dialled: String,
    pub caller: String,
    pub legs: serde_json::Value,
    pub started_at: DateTime<Utc>,
    pub ended_at: DateTime<Utc>,
    pub duration_ms: i64,
}

/// A recording the process died in the middle of, found in the spool at the next start.
#[derive(Clone, Debug)]
pub struct CutOffRecording {
    pub id: Uuid,
    pub call_id: Uuid,
    /// A voicemail message, else the call's own recording.
    pub voicemail: bool,
    pub started_at: DateTime<Utc>,
    pub ended_at: DateTime<Utc>,
    pub duration_ms: i64,
}

pub(crate) async fn insert_recording(
    txn: &crate::store::Tx,
    call: &CallAccess,
    r: NewRecording,
) -> Result<(), DomainError> {
    if r.object_key.tenant() != call.tenant_id() {
        return Err(DomainError::NotFound("recording"));
    }
    recording::ActiveModel {
        id: Set(r.id),
        tenant_id: Set(call.tenant_id().as_uuid()),
        call_id: Set(r.call_id),
        kind: Set(r.kind),
        object_key: Set(r.object_key.as_str().to_owned()),
        dialled: Set(r.dialled),
        caller: Set(r.caller),
        legs: Set(r.legs),
        started_at: Set(r.started_at),
        ended_at: Set(r.ended_at),
        duration_ms: Set(r.duration_ms),
        bytes: Set(None),
        stored_at: Set(None),
    }
    .insert(txn)
    .await?;
    Ok(())
}

impl Calls {
    /// A voicemail message: its recording's row and the callback task pointing at it.
    pub async fn leave_voicemail(
        &self,
        call: &CallAccess,
        recording: NewRecording,
        mut task: NewCallbackTask,
    ) -> Result<callback_task::Model, DomainError> {
        task.recording_id = Some(recording.id);
        let txn = self.db.tx(call.ctx()).await?;
        insert_recording(&txn, call, recording).await?;
        let row = insert_task(&txn, call, task).await?;
        txn.commit().await?;
        Ok(row)
    }

    /// Files a recording cut off when the process died (see the spool): its row under its
    /// call's tenant; a call still `in_progress` is closed as `interrupted` at the end of
    /// the audio, its agents' legs ended; a voicemail becomes a callback task to the caller.
    /// `false` when the call is unknown. One transaction.
    pub async fn file_cut_off_recording(&self, cut: CutOffRecording) -> Result<bool, DomainError> {
        use sea_orm::sea_query::Expr;
        let Some(c) = crate::store::platform::call_by_id(&self.db, cut.call_id).await? else {
            return Ok(false);
        };
        let access = CallAccess::new(TenantId::from_uuid(c.tenant_id));
        let folder = if cut.voicemail {
            "voicemail"
        } else {
            "recordings"
        };
        let key = ObjectKey::new(access.tenant_id(), &[folder, &format!("{}.wav", cut.id)])?;
        let txn = self.db.tx(access.ctx()).await?;
        let agents: Vec<Uuid> = txn
            .select::<call_leg::Entity>()
            .filter(call_leg::Column::CallId.eq(c.id))
            .filter(call_leg::Column::AnsweredAt.is_not_null())
            .order_by_asc(call_leg::Column::OfferedAt)
            .all(&txn)
            .await?
            .into_iter()
            .map(|l| l.user_id)
            .collect();
        let legs = if cut.voicemail {
            json!([{"side": "caller", "channel": "mono"}])
        } else {
            let mut legs = vec![
                json!({"side": "caller", "channel": "left", "party": c.caller}),
                json!({"side": "ivr", "channel": "right", "party": "ivr"}),
            ];
            legs.extend(
                agents
                    .iter()
                    .map(|a| json!({"side": "agent", "channel": "right", "party": a})),
            );
            serde_json::Value::Array(legs)
        };
        insert_recording(
            &txn,
            &access,
            NewRecording {
                id: cut.id,
                call_id: c.id,
                kind: if cut.voicemail { "voicemail" } else { "call" }.into(),
                object_key: key,
                dialled: c.dialled.clone(),
                caller: c.caller.clone(),
                legs,
                started_at: cut.started_at,
                ended_at: cut.ended_at,
                duration_ms: cut.duration_ms,
            },
        )
        .await?;
        if cut.voicemail {
            insert_task(
                &txn,
                &access,
                NewCallbackTask {
                    kind: "voicemail",
                    number: c.caller.clone(),
                    queue_id: None,
                    call_id: Some(c.id),
                    recording_id: Some(cut.id),
                    note: "cut off by a restart of the server".into(),
                },
            )
            .await?;
        }
        if c.ended_at.is_none() {
            let mut close = txn
                .update_where::<call::Entity>()
                .col_expr(call::Column::EndedAt, Expr::value(Some(cut.ended_at)))
                .col_expr(call::Column::Disposition, Expr::value("interrupted"))
                .col_expr(call::Column::EndedBy, Expr::value(Some("system")))
                .col_expr(
                    call::Column::AnsweredAt,
                    Expr::value(Some(c.answered_at.unwrap_or(cut.started_at))),
                );
            if !cut.voicemail {
                close = close.col_expr(call::Column::RecordingId, Expr::value(Some(cut.id)));
            }
            close.filter(call::Column::Id.eq(c.id)).exec(&txn).await?;
            txn.update_where::<call_leg::Entity>()
                .col_expr(call_leg::Column::EndedAt, Expr::value(Some(cut.ended_at)))
                .col_expr(call_leg::Column::Outcome, Expr::value("ended"))
                .filter(call_leg::Column::CallId.eq(c.id))
                .filter(call_leg::Column::AnsweredAt.is_not_null())
                .filter(call_leg::Column::EndedAt.is_null())
                .exec(&txn)
                .await?;
        }
        if c.ended_at.is_some() && c.recording_id.is_none() && !cut.voicemail {
            // Closed by the dead-node sweep before this recording was found.
            txn.update_where::<call::Entity>()
                .col_expr(call::Column::RecordingId, Expr::value(Some(cut.id)))
                .filter(call::Column::Id.eq(c.id))
                .exec(&txn)
                .await?;
        }
        txn.commit().await?;
        Ok(true)
    }

    /// A recording's key and whether its audio is stored, by id (the upload queue's files
    /// are named by it). The key is checked to lie under the row's tenant.
    pub async fn recording_to_upload(
        &self,
        id: Uuid,
    ) -> Result<Option<(ObjectKey, bool)>, DomainError> {
        let Some(r) = crate::store::platform::recording_by_id(&self.db, id).await? else {
            return Ok(None);
        };
        let key = ObjectKey::parse(&r.object_key)?;
        if key.tenant().as_uuid() != r.tenant_id {
            return Err(DomainError::Internal(anyhow::anyhow!(
                "recording {id} has a key outside its tenant"
            )));
        }
        Ok(Some((key, r.stored_at.is_some())))
    }

    /// The audio of recording `id` reached the store at `key`: it is stored (a primary-key
    /// update, filtered by the key's tenant). Returns whether a row was updated.
    pub async fn recording_stored(
        &self,
        id: Uuid,
        key: &ObjectKey,
        bytes: i64,
    ) -> Result<bool, DomainError> {
        Ok(crate::store::platform::recording_stored(&self.db, id, key, bytes).await?)
    }

    /// Recordings, newest first; of one call when `call_id` is given.
    pub async fn recordings(
        &self,
        cap: &ViewCalls<'_>,
        call_id: Option<Uuid>,
        limit: u64,
    ) -> Result<Vec<recording::Model>, DomainError> {
        self.db
            .newest::<recording::Entity>(
                cap.0,
                recording::Column::StartedAt,
                call_id.map(|c| recording::Column::CallId.eq(c)),
                limit,
                1000,
            )
            .await
    }

    pub async fn recording(
        &self,
        cap: &ViewCalls<'_>,
        id: Uuid,
    ) -> Result<recording::Model, DomainError> {
        self.db
            .get::<crate::entities::recording::Entity>(cap.0, id)
            .await
    }
}
