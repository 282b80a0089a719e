//! `callback_tasks`: a caller to call back (voicemail, or "press 1 to be called back").

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "callback_tasks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    /// `voicemail` or `callback`.
    pub kind: String,
    /// `open`, `done`.
    pub status: String,
    pub number: String,
    pub queue_id: Option<Uuid>,
    pub call_id: Option<Uuid>,
    pub recording_id: Option<Uuid>,
    pub note: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
