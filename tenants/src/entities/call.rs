//! `calls`: one call detail record per call, written at admission and completed at the end.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "calls")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    /// `inbound` (outbound comes with campaigns).
    pub direction: String,
    pub number_id: Option<Uuid>,
    pub dialled: String,
    pub caller: String,
    pub sip_call_id: String,
    pub started_at: DateTimeUtc,
    pub answered_at: Option<DateTimeUtc>,
    pub ended_at: Option<DateTimeUtc>,
    /// `in_progress`, `completed`, `abandoned`, `voicemail`, `callback`, `cancelled`,
    /// `rejected`, `failed`.
    pub disposition: String,
    /// `caller`, `system` or `timeout`.
    pub ended_by: Option<String>,
    /// The IVR nodes visited, in order.
    pub ivr_path: Json,
    /// Keys pressed (digits gathered into PIN variables are masked).
    pub digits: String,
    pub queue_id: Option<Uuid>,
    pub queue_wait_ms: Option<i64>,
    /// When the call entered the queue it waits in now; none when it is not waiting.
    pub queued_at: Option<DateTimeUtc>,
    pub recording_id: Option<Uuid>,
    /// The node (process) that holds the call while it runs.
    pub node_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
