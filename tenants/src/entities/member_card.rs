//! `member_cards`: a stored-value and points card. `balance_minor` and `points` are kept equal
//! to the sums of the card's ledger, in the same transaction as each entry.

use sea_orm::entity::prelude::*;

#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "member_cards")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub card_number: String,
    pub pin_hash: String,
    pub pin_failures: i32,
    pub locked_until: Option<DateTimeUtc>,
    pub contact_id: Option<Uuid>,
    pub tier: String,
    pub balance_minor: i64,
    pub points: i64,
    /// How far below zero the balance may go (0: never).
    pub overdraft_minor: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
