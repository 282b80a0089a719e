//! `sip_registrations`: where a desk phone (SIP endpoint) can be reached, until `expires_at`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sip_registrations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub endpoint_id: Uuid,
    /// The Contact URI the phone registered.
    pub contact: String,
    /// The address the REGISTER came from (`ip:port`), where requests are sent.
    pub source: String,
    /// `udp` or `tcp`.
    pub transport: String,
    pub user_agent: String,
    pub expires_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
