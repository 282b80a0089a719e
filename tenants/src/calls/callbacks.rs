//! Callback tasks: a caller asked to be called back (or left a voicemail).

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, Set};
use uuid::Uuid;

use crate::calls::Calls;
use crate::ctx::{CallAccess, ViewCalls};
use crate::entities::callback_task;
use crate::error::DomainError;

#[derive(Clone, Debug)]
pub struct NewCallbackTask {
    pub kind: &'static str,
    pub number: String,
    pub queue_id: Option<Uuid>,
    pub call_id: Option<Uuid>,
    pub recording_id: Option<Uuid>,
    pub note: String,
}

pub(crate) async fn insert_task(
    txn: &crate::store::Tx,
    call: &CallAccess,
    task: NewCallbackTask,
) -> Result<callback_task::Model, DomainError> {
    let now = Utc::now();
    Ok(callback_task::ActiveModel {
        id: Set(Uuid::now_v7()),
        tenant_id: Set(call.tenant_id().as_uuid()),
        kind: Set(task.kind.into()),
        status: Set("open".into()),
        number: Set(task.number.chars().take(40).collect()),
        queue_id: Set(task.queue_id),
        call_id: Set(task.call_id),
        recording_id: Set(task.recording_id),
        note: Set(task.note.chars().take(500).collect()),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(txn)
    .await?)
}

impl Calls {
    pub async fn create_callback_task(
        &self,
        call: &CallAccess,
        task: NewCallbackTask,
    ) -> Result<callback_task::Model, DomainError> {
        let txn = self.db.tx(call.ctx()).await?;
        let row = insert_task(&txn, call, task).await?;
        txn.commit().await?;
        Ok(row)
    }

    /// Callback tasks, newest first; only those with `status` when given.
    pub async fn callback_tasks(
        &self,
        cap: &ViewCalls<'_>,
        status: Option<&str>,
        limit: u64,
    ) -> Result<Vec<callback_task::Model>, DomainError> {
        self.db
            .newest::<callback_task::Entity>(
                cap.0,
                callback_task::Column::CreatedAt,
                status.map(|s| callback_task::Column::Status.eq(s)),
                limit,
                1000,
            )
            .await
    }
}
