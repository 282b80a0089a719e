//! Call detail records: a call opens when it is admitted and closes once, with who ended it
//! and how; which node holds it while it runs.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use serde_json::json;
use uuid::Uuid;

use super::recordings::{NewRecording, insert_recording};
use crate::calls::Calls;
use crate::ctx::{CallAccess, ViewCalls};
use crate::entities::call;
use crate::error::DomainError;

/// The CDR written when a call is admitted.
#[derive(Clone, Debug)]
pub struct CallStart {
    pub id: Uuid,
    pub number_id: Option<Uuid>,
    pub dialled: String,
    pub caller: String,
    pub sip_call_id: String,
    pub started_at: DateTime<Utc>,
    /// The node holding the call.
    pub node_id: Option<Uuid>,
    /// `inbound`, or `outbound` for a call an agent placed.
    pub direction: &'static str,
}

/// What the end of a call adds to its CDR.
#[derive(Clone, Debug, Default)]
pub struct CallEnd {
    pub answered_at: Option<DateTime<Utc>>,
    pub ended_at: DateTime<Utc>,
    pub disposition: String,
    pub ended_by: Option<String>,
    pub ivr_path: Vec<String>,
    pub digits: String,
    pub queue_id: Option<Uuid>,
    pub queue_wait_ms: Option<i64>,
}

impl Calls {
    /// Which node holds a call of the caller's tenant (while it runs).
    pub async fn call_node(
        &self,
        ctx: &crate::TenantCtx,
        id: Uuid,
    ) -> Result<Option<Uuid>, DomainError> {
        let txn = self.db.tx(ctx).await?;
        let row = txn.find::<call::Entity>(id).await?;
        txn.commit().await?;
        Ok(row.filter(|c| c.ended_at.is_none()).and_then(|c| c.node_id))
    }

    /// Writes the CDR of an admitted call (`in_progress`).
    pub async fn open_call(&self, call: &CallAccess, start: CallStart) -> Result<(), DomainError> {
        let row = call::ActiveModel {
            id: Set(start.id),
            tenant_id: Set(call.tenant_id().as_uuid()),
            direction: Set(start.direction.into()),
            number_id: Set(start.number_id),
            dialled: Set(start.dialled),
            caller: Set(start.caller),
            sip_call_id: Set(start.sip_call_id.chars().take(200).collect()),
            started_at: Set(start.started_at),
            answered_at: Set(None),
            ended_at: Set(None),
            disposition: Set("in_progress".into()),
            ended_by: Set(None),
            ivr_path: Set(json!([])),
            digits: Set(String::new()),
            queue_id: Set(None),
            queue_wait_ms: Set(None),
            queued_at: Set(None),
            recording_id: Set(None),
            node_id: Set(start.node_id),
        };
        // One statement: on SQLite (no row-level security to arm) it commits on its own,
        // which spares every call a BEGIN and a COMMIT on the database's single writer.
        let txn = self.db.unit(call).await?;
        row.insert(&txn).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Completes the CDR and, when the call was recorded, writes the recording's row (its
    /// audio waits in the upload queue until `recording_stored`). One transaction that
    /// starts with a write: on SQLite a read that turns into a write can fail at once when
    /// another writer is busy.
    pub async fn close_call(
        &self,
        call: &CallAccess,
        id: Uuid,
        end: CallEnd,
        recording: Option<NewRecording>,
    ) -> Result<(), DomainError> {
        use sea_orm::sea_query::Expr;
        let txn = self.db.tx(call.ctx()).await?;
        let res = txn
            .update_where::<call::Entity>()
            .col_expr(call::Column::AnsweredAt, Expr::value(end.answered_at))
            .col_expr(call::Column::EndedAt, Expr::value(Some(end.ended_at)))
            .col_expr(call::Column::Disposition, Expr::value(end.disposition))
            .col_expr(call::Column::EndedBy, Expr::value(end.ended_by))
            .col_expr(call::Column::IvrPath, Expr::value(json!(end.ivr_path)))
            .col_expr(
                call::Column::Digits,
                Expr::value(end.digits.chars().take(500).collect::<String>()),
            )
            .col_expr(call::Column::QueueId, Expr::value(end.queue_id))
            .col_expr(call::Column::QueueWaitMs, Expr::value(end.queue_wait_ms))
            .col_expr(call::Column::QueuedAt, Expr::value(None::<DateTime<Utc>>))
            .col_expr(
                call::Column::RecordingId,
                Expr::value(recording.as_ref().map(|r| r.id)),
            )
            .filter(call::Column::Id.eq(id))
            .exec(&txn)
            .await?;
        if res.rows_affected == 0 {
            return Err(DomainError::NotFound("call"));
        }
        if let Some(r) = recording {
            insert_recording(&txn, call, r).await?;
        }
        txn.commit().await?;
        Ok(())
    }

    /// The latest calls, newest first.
    pub async fn calls(
        &self,
        cap: &ViewCalls<'_>,
        limit: u64,
    ) -> Result<Vec<call::Model>, DomainError> {
        let txn = self.db.tx(cap.0).await?;
        let rows = txn
            .select::<call::Entity>()
            .order_by_desc(call::Column::StartedAt)
            .limit(limit.clamp(1, 1000))
            .all(&txn)
            .await?;
        txn.commit().await?;
        Ok(rows)
    }

    pub async fn call(&self, cap: &ViewCalls<'_>, id: Uuid) -> Result<call::Model, DomainError> {
        self.db
            .get::<crate::entities::call::Entity>(cap.0, id)
            .await
    }
}
