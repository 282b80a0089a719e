//! The audit log: who changed what and when. Entries are written in the same transaction as
//! the change they describe, and read by admins.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde_json::Value;
use uuid::Uuid;

use crate::crm::Crm;
use crate::ctx::{ManageConfig, TenantCtx};
use crate::entities::audit_entry;
use crate::error::DomainError;

/// Records one change by `ctx`'s actor.
pub(crate) async fn record(
    db: &impl ConnectionTrait,
    ctx: &TenantCtx,
    action: &str,
    entity_type: &str,
    entity_id: Option<Uuid>,
    summary: &str,
    data: Value,
) -> Result<(), DomainError> {
    let actor = ctx
        .user_id()
        .map_or_else(|| "system".to_owned(), |u| format!("user:{u}"));
    audit_entry::ActiveModel {
        id: Set(Uuid::now_v7()),
        tenant_id: Set(ctx.tenant_id().as_uuid()),
        actor: Set(actor),
        action: Set(action.to_owned()),
        entity_type: Set(entity_type.to_owned()),
        entity_id: Set(entity_id),
        summary: Set(summary.chars().take(300).collect()),
        data: Set(data),
        at: Set(Utc::now()),
    }
    .insert(db)
    .await?;
    Ok(())
}

impl Crm {
    /// Audit entries, newest first, optionally for one entity.
    pub async fn audit_log(
        &self,
        cap: &ManageConfig<'_>,
        entity_type: Option<&str>,
        entity_id: Option<Uuid>,
        limit: u64,
    ) -> Result<Vec<audit_entry::Model>, DomainError> {
        let txn = self.db.tx(cap.ctx).await?;
        let mut q = txn.select::<audit_entry::Entity>();
        if let Some(t) = entity_type {
            q = q.filter(audit_entry::Column::EntityType.eq(t));
        }
        if let Some(id) = entity_id {
            q = q.filter(audit_entry::Column::EntityId.eq(id));
        }
        let rows = q
            .order_by_desc(audit_entry::Column::At)
            .order_by_desc(audit_entry::Column::Id)
            .limit(limit.clamp(1, 1000))
            .all(&txn)
            .await?;
        txn.commit().await?;
        Ok(rows)
    }
}
