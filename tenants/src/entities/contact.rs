//! `contacts`: a customer: names, emails, tags, VIP level, language, notes, consent.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "contacts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub name: String,
    pub emails: Json,
    pub tags: Json,
    pub vip_level: i32,
    pub preferred_language: Option<String>,
    pub notes: String,
    pub dedicated_agent_id: Option<Uuid>,
    pub consent: Json,
    pub merged_into: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
