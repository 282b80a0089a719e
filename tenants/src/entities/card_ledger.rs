//! `card_ledger`: the append-only ledger of a member card. Entries are never changed.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "card_ledger")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub card_id: Uuid,
    pub kind: String,
    /// Signed change of the stored value, in minor units.
    pub amount_minor: i64,
    pub points_delta: i64,
    pub balance_after: i64,
    pub points_after: i64,
    pub reason: String,
    /// `user:{id}` or `ivr`.
    pub actor: String,
    pub idempotency_key: Option<String>,
    pub request_hash: Option<String>,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
