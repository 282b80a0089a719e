//! Departments and cases in the database, and the escalation job.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde_json::json;
use uuid::Uuid;

use super::rules::{CHANNELS, KINDS, PRIORITIES, Sla, check_one_of};
use crate::crm::Crm;
use crate::crm::audit;
use crate::ctx::{HandleCases, ManageConfig, TenantCtx};
use crate::entities::{case, case_event, department};
use crate::error::DomainError;
use crate::ids::TenantId;
use crate::store::conflict_on_unique;
use crate::store::invalid;
use crate::values::parse_name;

#[derive(Clone, Debug)]
pub struct DepartmentInput {
    pub name: String,
    pub parent_id: Option<Uuid>,
    pub categories: Vec<String>,
    pub sla_minutes: BTreeMap<String, i64>,
}

#[derive(Clone, Debug)]
pub struct CaseInput {
    pub kind: String,
    pub category: String,
    pub priority: String,
    pub subject: String,
    pub description: String,
    pub contact_id: Option<Uuid>,
    pub channel: String,
    /// Overrides routing by category.
    pub department_id: Option<Uuid>,
}

fn sla_of(d: &department::Model) -> Sla {
    serde_json::from_value::<BTreeMap<String, i64>>(d.sla_minutes.clone())
        .ok()
        .and_then(|m| Sla::parse(m).ok())
        .unwrap_or_default()
}

async fn event(
    db: &impl ConnectionTrait,
    tenant: Uuid,
    case_id: Uuid,
    kind: &str,
    text: &str,
    data: serde_json::Value,
    actor: &str,
) -> Result<(), DomainError> {
    case_event::ActiveModel {
        id: Set(Uuid::now_v7()),
        tenant_id: Set(tenant),
        case_id: Set(case_id),
        kind: Set(kind.to_owned()),
        text: Set(text.chars().take(2000).collect()),
        data: Set(data),
        actor: Set(actor.to_owned()),
        at: Set(Utc::now()),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Moves a case one department up and restarts its SLA there. `expected_due` guards against
/// two nodes escalating the same deadline.
async fn escalate(
    txn: &crate::store::Tx,
    c: &case::Model,
    reason: &str,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<Option<case::Model>, DomainError> {
    let dept = txn
        .get::<crate::entities::department::Entity>(c.department_id)
        .await?;
    let Some(parent_id) = dept.parent_id else {
        return Ok(None);
    };
    let parent = txn
        .get::<crate::entities::department::Entity>(parent_id)
        .await?;
    let due = sla_of(&parent).due(&c.priority, now);
    let mut guard = txn
        .update_where::<case::Entity>()
        .col_expr(case::Column::DepartmentId, Expr::value(parent.id))
        .col_expr(
            case::Column::EscalationLevel,
            Expr::value(c.escalation_level + 1),
        )
        .col_expr(case::Column::DueAt, Expr::value(due))
        .col_expr(case::Column::UpdatedAt, Expr::value(now))
        .filter(case::Column::Id.eq(c.id))
        .filter(case::Column::Status.ne("closed"));
    guard = match c.due_at {
        Some(d) => guard.filter(case::Column::DueAt.eq(d)),
        None => guard.filter(case::Column::DueAt.is_null()),
    };
    if guard.exec(txn).await?.rows_affected == 0 {
        return Ok(None);
    }
    event(
        txn,
        c.tenant_id,
        c.id,
        "escalated",
        reason,
        json!({"from": dept.name, "to": parent.name}),
        actor,
    )
    .await?;
    Ok(Some(txn.get::<crate::entities::case::Entity>(c.id).await?))
}

impl Crm {
    pub async fn departments(
        &self,
        cap: &HandleCases<'_>,
    ) -> Result<Vec<department::Model>, DomainError> {
        self.db
            .list::<department::Entity>(cap.ctx, department::Column::Name)
            .await
    }

    pub async fn save_department(
        &self,
        cap: &ManageConfig<'_>,
        id: Option<Uuid>,
        input: DepartmentInput,
    ) -> Result<department::Model, DomainError> {
        let name = parse_name("name", &input.name)?;
        let sla = Sla::parse(input.sla_minutes)?;
        let mut categories: Vec<String> = Vec::new();
        for c in &input.categories {
            let c = c.trim().to_lowercase();
            if c.is_empty() || c.chars().count() > 60 {
                return Err(invalid(
                    "categories",
                    "each category must be 1 to 60 characters",
                ));
            }
            if !categories.contains(&c) {
                categories.push(c);
            }
        }
        let ctx = cap.ctx;
        let tenant = ctx.tenant_id().as_uuid();
        let txn = self.db.tx(ctx).await?;
        // The parent must exist here, and must not be this department or below it.
        let mut cursor = input.parent_id;
        let mut depth = 0;
        while let Some(p) = cursor {
            if Some(p) == id {
                return Err(invalid(
                    "parentId",
                    "a department cannot be its own ancestor",
                ));
            }
            let parent = txn
                .get_as::<crate::entities::department::Entity>(p, "parent department")
                .await?;
            cursor = parent.parent_id;
            depth += 1;
            if depth > 20 {
                return Err(invalid("parentId", "departments nest at most 20 deep"));
            }
        }
        let now = Utc::now();
        let taken = || format!("a department named '{name}' already exists");
        let row = department::ActiveModel {
            name: Set(name.clone()),
            parent_id: Set(input.parent_id),
            categories: Set(json!(categories)),
            sla_minutes: Set(json!(sla.0)),
            updated_at: Set(now),
            ..Default::default()
        };
        let saved = match id {
            None => {
                let mut row = row;
                row.id = Set(Uuid::now_v7());
                row.tenant_id = Set(tenant);
                row.created_at = Set(now);
                row.insert(&txn).await.map_err(conflict_on_unique(taken))?
            }
            Some(id) => {
                let d = txn.get::<crate::entities::department::Entity>(id).await?;
                let mut row = row;
                row.id = Set(d.id);
                row.update(&txn).await.map_err(conflict_on_unique(taken))?
            }
        };
        audit::record(
            &txn,
            ctx,
            "department.save",
            "department",
            Some(saved.id),
            &saved.name,
            json!({"categories": categories}),
        )
        .await?;
        txn.commit().await?;
        Ok(saved)
    }

    /// Opens a case in the department that handles its category (or the one given).
    pub async fn create_case(
        &self,
        cap: &HandleCases<'_>,
        input: CaseInput,
    ) -> Result<case::Model, DomainError> {
        let kind = check_one_of("kind", &input.kind, &KINDS)?;
        let priority = check_one_of("priority", &input.priority, &PRIORITIES)?;
        let channel = check_one_of("channel", &input.channel, &CHANNELS)?;
        let category = input.category.trim().to_lowercase();
        if category.is_empty() || category.chars().count() > 60 {
            return Err(invalid("category", "must be 1 to 60 characters"));
        }
        let subject = input.subject.trim().to_owned();
        if subject.is_empty() || subject.chars().count() > 200 {
            return Err(invalid("subject", "must be 1 to 200 characters"));
        }
        if input.description.chars().count() > 10_000 {
            return Err(invalid("description", "is longer than 10000 characters"));
        }
        let tenant = cap.ctx.tenant_id().as_uuid();
        let txn = self.db.tx(cap.ctx).await?;
        if let Some(c) = input.contact_id {
            txn.get::<crate::entities::contact::Entity>(c).await?;
        }
        let dept = match input.department_id {
            Some(d) => txn.get::<crate::entities::department::Entity>(d).await?,
            None => txn
                .select::<department::Entity>()
                .all(&txn)
                .await?
                .into_iter()
                .find(|d| {
                    d.categories
                        .as_array()
                        .is_some_and(|a| a.iter().any(|c| c.as_str() == Some(category.as_str())))
                })
                .ok_or_else(|| {
                    invalid(
                        "category",
                        format!("no department handles '{category}'; choose a department"),
                    )
                })?,
        };
        let now = Utc::now();
        let row = case::ActiveModel {
            id: Set(Uuid::now_v7()),
            tenant_id: Set(tenant),
            kind: Set(kind.clone()),
            category: Set(category),
            priority: Set(priority.clone()),
            subject: Set(subject.clone()),
            description: Set(input.description.trim().to_owned()),
            contact_id: Set(input.contact_id),
            channel: Set(channel),
            department_id: Set(dept.id),
            status: Set("open".into()),
            escalation_level: Set(0),
            due_at: Set(Some(sla_of(&dept).due(&priority, now))),
            resolution: Set(None),
            notified_via: Set(None),
            notified_at: Set(None),
            satisfaction: Set(None),
            created_by: Set(Some(cap.actor.as_uuid())),
            created_at: Set(now),
            updated_at: Set(now),
            closed_at: Set(None),
        }
        .insert(&txn)
        .await?;
        let actor = format!("user:{}", cap.actor);
        event(
            &txn,
            tenant,
            row.id,
            "created",
            &subject,
            json!({"department": dept.name}),
            &actor,
        )
        .await?;
        if let Some(c) = row.contact_id {
            crate::crm::contacts::append_event(
                &txn,
                tenant,
                c,
                "case",
                &format!("{kind}: {subject}"),
                json!({"caseId": row.id}),
            )
            .await?;
        }
        audit::record(
            &txn,
            cap.ctx,
            "case.create",
            "case",
            Some(row.id),
            &subject,
            json!({"department": dept.id}),
        )
        .await?;
        txn.commit().await?;
        Ok(row)
    }

    pub async fn cases(
        &self,
        cap: &HandleCases<'_>,
        status: Option<&str>,
        limit: u64,
    ) -> Result<Vec<case::Model>, DomainError> {
        self.db
            .newest::<case::Entity>(
                cap.ctx,
                case::Column::CreatedAt,
                status.map(|s| case::Column::Status.eq(s)),
                limit,
                500,
            )
            .await
    }

    pub async fn case(
        &self,
        cap: &HandleCases<'_>,
        id: Uuid,
    ) -> Result<(case::Model, Vec<case_event::Model>), DomainError> {
        let txn = self.db.tx(cap.ctx).await?;
        let c = txn.get::<crate::entities::case::Entity>(id).await?;
        let events = txn
            .select::<case_event::Entity>()
            .filter(case_event::Column::CaseId.eq(id))
            .order_by_asc(case_event::Column::At)
            .order_by_asc(case_event::Column::Id)
            .all(&txn)
            .await?;
        txn.commit().await?;
        Ok((c, events))
    }

    pub async fn add_case_note(
        &self,
        cap: &HandleCases<'_>,
        id: Uuid,
        text: &str,
    ) -> Result<(), DomainError> {
        let text = text.trim();
        if text.is_empty() || text.chars().count() > 2000 {
            return Err(invalid("text", "must be 1 to 2000 characters"));
        }
        let tenant = cap.ctx.tenant_id().as_uuid();
        let txn = self.db.tx(cap.ctx).await?;
        txn.get::<crate::entities::case::Entity>(id).await?;
        event(
            &txn,
            tenant,
            id,
            "note",
            text,
            json!({}),
            &format!("user:{}", cap.actor),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Escalates by hand to the parent department.
    pub async fn escalate_case(
        &self,
        cap: &HandleCases<'_>,
        id: Uuid,
        reason: &str,
    ) -> Result<case::Model, DomainError> {
        let txn = self.db.tx(cap.ctx).await?;
        let c = txn.get::<crate::entities::case::Entity>(id).await?;
        if c.status == "closed" {
            return Err(DomainError::Conflict("this case is closed".into()));
        }
        let reason = if reason.trim().is_empty() {
            "escalated by hand"
        } else {
            reason.trim()
        };
        let Some(updated) =
            escalate(&txn, &c, reason, &format!("user:{}", cap.actor), Utc::now()).await?
        else {
            return Err(invalid(
                "caseId",
                "this case is already with the top department; there is no one to escalate to",
            ));
        };
        audit::record(
            &txn,
            cap.ctx,
            "case.escalate",
            "case",
            Some(c.id),
            reason,
            json!({"to": updated.department_id}),
        )
        .await?;
        txn.commit().await?;
        Ok(updated)
    }

    /// Closes a case: needs a resolution and how the customer was told (closed loop).
    pub async fn close_case(
        &self,
        cap: &HandleCases<'_>,
        id: Uuid,
        resolution: &str,
        notified_via: &str,
    ) -> Result<case::Model, DomainError> {
        let resolution = resolution.trim();
        if resolution.is_empty() || resolution.chars().count() > 5000 {
            return Err(invalid(
                "resolution",
                "describe the resolution (1 to 5000 characters)",
            ));
        }
        let via = check_one_of("notifiedVia", notified_via, &CHANNELS)?;
        let tenant = cap.ctx.tenant_id().as_uuid();
        let txn = self.db.tx(cap.ctx).await?;
        let c = txn.get::<crate::entities::case::Entity>(id).await?;
        if c.status == "closed" {
            return Err(DomainError::Conflict("this case is already closed".into()));
        }
        let now = Utc::now();
        let updated = case::ActiveModel {
            id: Set(c.id),
            status: Set("closed".into()),
            resolution: Set(Some(resolution.to_owned())),
            notified_via: Set(Some(via.clone())),
            notified_at: Set(Some(now)),
            due_at: Set(None),
            closed_at: Set(Some(now)),
            updated_at: Set(now),
            ..Default::default()
        }
        .update(&txn)
        .await?;
        event(
            &txn,
            tenant,
            c.id,
            "closed",
            resolution,
            json!({"notifiedVia": via}),
            &format!("user:{}", cap.actor),
        )
        .await?;
        audit::record(
            &txn,
            cap.ctx,
            "case.close",
            "case",
            Some(c.id),
            resolution,
            json!({"notifiedVia": via}),
        )
        .await?;
        txn.commit().await?;
        Ok(updated)
    }

    /// Records the customer's satisfaction (1–5) with a closed case.
    pub async fn rate_case(
        &self,
        cap: &HandleCases<'_>,
        id: Uuid,
        score: i32,
    ) -> Result<case::Model, DomainError> {
        if !(1..=5).contains(&score) {
            return Err(invalid("score", "must be 1 to 5"));
        }
        let tenant = cap.ctx.tenant_id().as_uuid();
        let txn = self.db.tx(cap.ctx).await?;
        let c = txn.get::<crate::entities::case::Entity>(id).await?;
        if c.status != "closed" {
            return Err(DomainError::Conflict(
                "rate a case after it is closed".into(),
            ));
        }
        let updated = case::ActiveModel {
            id: Set(c.id),
            satisfaction: Set(Some(score)),
            updated_at: Set(Utc::now()),
            ..Default::default()
        }
        .update(&txn)
        .await?;
        event(
            &txn,
            tenant,
            c.id,
            "rated",
            &format!("{score}/5"),
            json!({"score": score}),
            &format!("user:{}", cap.actor),
        )
        .await?;
        txn.commit().await?;
        Ok(updated)
    }

    /// Escalates every open case whose deadline passed by `now`, tenant by tenant. Safe to run
    /// on several nodes at once: each escalation is conditional on the deadline it saw.
    pub async fn escalate_overdue(&self, now: DateTime<Utc>) -> Result<usize, DomainError> {
        let tenants = crate::store::platform::tenants(&self.db).await?;
        let mut escalated = 0;
        for t in tenants {
            let ctx = TenantCtx::system(TenantId::from_uuid(t.id));
            let txn = self.db.tx(&ctx).await?;
            let due = txn
                .select::<case::Entity>()
                .filter(case::Column::Status.ne("closed"))
                .filter(case::Column::DueAt.lte(now))
                .limit(500)
                .all(&txn)
                .await?;
            for c in due {
                let missed = c.due_at.map(|d| d.to_rfc3339()).unwrap_or_default();
                match escalate(
                    &txn,
                    &c,
                    &format!("SLA deadline {missed} passed"),
                    "system",
                    now,
                )
                .await?
                {
                    Some(_) => escalated += 1,
                    // At the top: stop the clock so it is not retried every tick.
                    None => {
                        case::Entity::update_many()
                            .col_expr(
                                case::Column::DueAt,
                                Expr::value(Option::<DateTime<Utc>>::None),
                            )
                            .filter(case::Column::Id.eq(c.id))
                            .exec(&txn)
                            .await?;
                        event(
                            &txn,
                            t.id,
                            c.id,
                            "overdue",
                            "SLA deadline passed at the top department",
                            json!({}),
                            "system",
                        )
                        .await?;
                    }
                }
            }
            txn.commit().await?;
        }
        Ok(escalated)
    }
}
