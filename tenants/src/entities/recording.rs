//! `recordings`: a call recording or voicemail message and its object-store key;
//! `stored_at` is set once the upload succeeded.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "recordings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub call_id: Uuid,
    /// `call` (stereo: caller left, Qiao/agent right) or `voicemail` (mono).
    pub kind: String,
    pub object_key: String,
    pub dialled: String,
    pub caller: String,
    /// The legs recorded: `[{"side":"caller",...},{"side":"ivr",...}]`.
    pub legs: Json,
    pub started_at: DateTimeUtc,
    pub ended_at: DateTimeUtc,
    pub duration_ms: i64,
    pub bytes: Option<i64>,
    pub stored_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
