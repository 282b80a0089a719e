//! IVR flows: an editable draft, validation against the tenant's queues, schedules, users and
//! prompts, and publishing as a new immutable version. Calls use the published version.

use std::collections::HashSet;

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, QueryFilter, QueryOrder, Set};
use serde_json::json;
use uuid::Uuid;

use super::graph::FlowGraph;
use super::validate::{FlowIssue, References, validate};
use crate::center::Center;
use crate::ctx::{ManageConfig, ViewConfig};
use crate::entities::{business_hours, ivr_flow, ivr_flow_version, number, prompt, queue, user};
use crate::error::DomainError;
use crate::store::conflict_on_unique;
use crate::store::invalid;
use crate::values::parse_name;

/// The draft a new flow starts with: a greeting, then hang up.
fn starter() -> serde_json::Value {
    json!({
        "start": "greeting",
        "nodes": [
            {"id": "greeting", "type": "play", "position": {"x": 0, "y": 0},
             "prompt": {"tts": {"text": "您好，欢迎致电。Welcome.", "lang": "zh-CN"}}, "next": "bye"},
            {"id": "bye", "type": "hangup", "position": {"x": 0, "y": 160}}
        ]
    })
}

/// Parses a draft; a graph that does not parse is bad input, with the parser's reason.
pub fn parse_graph(value: &serde_json::Value) -> Result<FlowGraph, DomainError> {
    serde_json::from_value(value.clone()).map_err(|e| {
        invalid(
            "graph",
            format!("the flow does not have the expected shape: {e}"),
        )
    })
}

impl Center {
    pub async fn flows(&self, cap: &ViewConfig<'_>) -> Result<Vec<ivr_flow::Model>, DomainError> {
        self.db
            .list::<ivr_flow::Entity>(cap.0, ivr_flow::Column::Name)
            .await
    }

    pub async fn flow(
        &self,
        cap: &ViewConfig<'_>,
        id: Uuid,
    ) -> Result<ivr_flow::Model, DomainError> {
        self.db
            .get::<crate::entities::ivr_flow::Entity>(cap.0, id)
            .await
    }

    pub async fn create_flow(
        &self,
        cap: &ManageConfig<'_>,
        name: &str,
        description: &str,
    ) -> Result<ivr_flow::Model, DomainError> {
        self.save_flow(cap, None, name, description).await
    }

    /// Renames a flow or changes its description.
    pub async fn update_flow(
        &self,
        cap: &ManageConfig<'_>,
        id: Uuid,
        name: &str,
        description: &str,
    ) -> Result<ivr_flow::Model, DomainError> {
        self.save_flow(cap, Some(id), name, description).await
    }

    /// A new flow starts from the starter graph, unpublished; saving keeps the draft.
    async fn save_flow(
        &self,
        cap: &ManageConfig<'_>,
        id: Option<Uuid>,
        name: &str,
        description: &str,
    ) -> Result<ivr_flow::Model, DomainError> {
        let name = parse_name("name", name)?;
        let txn = self.db.tx(cap).await?;
        let row = txn
            .save::<ivr_flow::Entity>(
                id,
                |f| {
                    f.name = Set(name.clone());
                    f.description = Set(description.trim().chars().take(500).collect());
                    if id.is_none() {
                        f.draft = Set(starter());
                        f.published_version = Set(None);
                    }
                },
                || format!("a flow named '{name}' already exists"),
            )
            .await?;
        txn.commit().await?;
        Ok(row)
    }

    /// Deletes a flow (and its versions) that no number or queue sends calls to.
    pub async fn delete_flow(&self, cap: &ManageConfig<'_>, id: Uuid) -> Result<(), DomainError> {
        let txn = self.db.tx(cap.ctx).await?;
        let flow = txn.get::<crate::entities::ivr_flow::Entity>(id).await?;
        let number = txn
            .select::<number::Entity>()
            .filter(number::Column::RouteId.eq(flow.id))
            .one(&txn)
            .await?;
        if let Some(n) = number {
            return Err(DomainError::Conflict(format!(
                "number {} sends calls to this flow; change it first",
                n.e164
            )));
        }
        if let Some(q) =
            crate::center::usage::queue_using(&txn, |_, s| s.refers_to(flow.id)).await?
        {
            return Err(DomainError::Conflict(format!(
                "queue '{q}' overflows into this flow; change it first"
            )));
        }
        txn.delete_where::<ivr_flow_version::Entity>()
            .filter(ivr_flow_version::Column::FlowId.eq(flow.id))
            .exec(&txn)
            .await?;
        txn.delete::<ivr_flow::Entity>(flow.id).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Saves a draft (it may have problems; they are returned, and block only publishing).
    pub async fn save_flow_draft(
        &self,
        cap: &ManageConfig<'_>,
        id: Uuid,
        graph: &serde_json::Value,
    ) -> Result<(ivr_flow::Model, Vec<FlowIssue>), DomainError> {
        let parsed = parse_graph(graph)?;
        let txn = self.db.tx(cap.ctx).await?;
        let flow = txn.get::<crate::entities::ivr_flow::Entity>(id).await?;
        let refs = references(&txn).await?;
        let issues = validate(&parsed, &refs);
        let canonical = serde_json::to_value(&parsed).map_err(anyhow::Error::from)?;
        let row = ivr_flow::ActiveModel {
            id: Set(flow.id),
            draft: Set(canonical),
            updated_at: Set(Utc::now()),
            ..Default::default()
        }
        .update(&txn)
        .await?;
        txn.commit().await?;
        Ok((row, issues))
    }

    /// The draft's problems against the tenant's current configuration.
    pub async fn validate_flow(
        &self,
        cap: &ViewConfig<'_>,
        id: Uuid,
    ) -> Result<Vec<FlowIssue>, DomainError> {
        let txn = self.db.tx(cap.0).await?;
        let flow = txn.get::<crate::entities::ivr_flow::Entity>(id).await?;
        let refs = references(&txn).await?;
        txn.commit().await?;
        Ok(validate(&parse_graph(&flow.draft)?, &refs))
    }

    /// Publishes the draft as the next version; refused (with every problem) if invalid.
    pub async fn publish_flow(
        &self,
        cap: &ManageConfig<'_>,
        id: Uuid,
    ) -> Result<ivr_flow_version::Model, DomainError> {
        let tenant = cap.ctx.tenant_id().as_uuid();
        let txn = self.db.tx(cap.ctx).await?;
        let flow = txn.get::<crate::entities::ivr_flow::Entity>(id).await?;
        let refs = references(&txn).await?;
        let issues = validate(&parse_graph(&flow.draft)?, &refs);
        if !issues.is_empty() {
            return Err(DomainError::rejected(crate::error::Refused::Flow, issues));
        }
        let last = txn
            .select::<ivr_flow_version::Entity>()
            .filter(ivr_flow_version::Column::FlowId.eq(flow.id))
            .order_by_desc(ivr_flow_version::Column::Version)
            .one(&txn)
            .await?
            .map_or(0, |v| v.version);
        let now = Utc::now();
        let version = ivr_flow_version::ActiveModel {
            id: Set(Uuid::now_v7()),
            tenant_id: Set(tenant),
            flow_id: Set(flow.id),
            version: Set(last + 1),
            graph: Set(flow.draft.clone()),
            published_at: Set(now),
            published_by: Set(cap.actor.as_uuid()),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&txn)
        .await
        .map_err(conflict_on_unique(|| {
            "someone published this flow at the same moment; try again".into()
        }))?;
        ivr_flow::ActiveModel {
            id: Set(flow.id),
            published_version: Set(Some(version.version)),
            updated_at: Set(now),
            ..Default::default()
        }
        .update(&txn)
        .await?;
        txn.commit().await?;
        Ok(version)
    }

    /// Every published version of a flow, newest first.
    pub async fn flow_versions(
        &self,
        cap: &ViewConfig<'_>,
        id: Uuid,
    ) -> Result<Vec<ivr_flow_version::Model>, DomainError> {
        let txn = self.db.tx(cap.0).await?;
        let flow = txn.get::<crate::entities::ivr_flow::Entity>(id).await?;
        let rows = txn
            .select::<ivr_flow_version::Entity>()
            .filter(ivr_flow_version::Column::FlowId.eq(flow.id))
            .order_by_desc(ivr_flow_version::Column::Version)
            .all(&txn)
            .await?;
        txn.commit().await?;
        Ok(rows)
    }

    /// Puts a published version back into the draft (to edit from it).
    pub async fn restore_flow_version(
        &self,
        cap: &ManageConfig<'_>,
        id: Uuid,
        version: i32,
    ) -> Result<ivr_flow::Model, DomainError> {
        let versions = self.flow_versions(&cap.view(), id).await?;
        let v = versions
            .into_iter()
            .find(|v| v.version == version)
            .ok_or(DomainError::NotFound("flow version"))?;
        let (row, _) = self.save_flow_draft(cap, id, &v.graph).await?;
        Ok(row)
    }
}

/// What a flow may refer to in this tenant.
async fn references(db: &crate::store::Tx) -> Result<References, DomainError> {
    let ids = |v: Vec<Uuid>| v.into_iter().map(|u| u.to_string()).collect::<HashSet<_>>();
    let queues = db.select::<queue::Entity>().all(db).await?;
    let schedules = db.select::<business_hours::Entity>().all(db).await?;
    let users = db
        .select::<user::Entity>()
        .filter(user::Column::Active.eq(true))
        .all(db)
        .await?;
    let prompts = db.select::<prompt::Entity>().all(db).await?;
    Ok(References {
        queues: ids(queues.into_iter().map(|q| q.id).collect()),
        schedules: ids(schedules.into_iter().map(|s| s.id).collect()),
        users: ids(users.into_iter().map(|u| u.id).collect()),
        prompts: ids(prompts.into_iter().map(|p| p.id).collect()),
    })
}
