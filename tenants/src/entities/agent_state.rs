//! `agent_states`: an agent's presence, the offer reserved for them and the call they are on.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "agent_states")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    pub tenant_id: Uuid,
    /// `logged_out`, `available`, `not_ready` or `after_call_work`.
    pub state: String,
    /// Why the agent is not ready (a break reason, "missed"…); empty otherwise.
    pub reason: String,
    pub since: DateTimeUtc,
    pub offer_call_id: Option<Uuid>,
    pub offered_at: Option<DateTimeUtc>,
    pub call_id: Option<Uuid>,
    pub chats: i32,
    /// `browser` or `desk_phone`: where offers ring.
    pub device: String,
    pub acw_until: Option<DateTimeUtc>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
