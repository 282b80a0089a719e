//! `cases`: a complaint, suggestion or inquiry, its department, SLA deadline and outcome.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "cases")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub kind: String,
    pub category: String,
    pub priority: String,
    pub subject: String,
    pub description: String,
    pub contact_id: Option<Uuid>,
    pub channel: String,
    pub department_id: Uuid,
    pub status: String,
    pub escalation_level: i32,
    pub due_at: Option<DateTimeUtc>,
    pub resolution: Option<String>,
    pub notified_via: Option<String>,
    pub notified_at: Option<DateTimeUtc>,
    pub satisfaction: Option<i32>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub closed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
