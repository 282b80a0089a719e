//! Departments, cases (complaints, suggestions, inquiries) and the audit log.

use std::collections::BTreeMap;

use async_graphql::{ComplexObject, Context, ID, InputObject, Json, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use qiao_tenants::crm::cases::repo::{
    CaseInput as DomainCase, DepartmentInput as DomainDepartment,
};
use qiao_tenants::ctx::HandleCases;
use qiao_tenants::entities::{audit_entry, case, case_event, department};

use super::center_types::uuid_arg;
use super::error::Gql;
use crate::app::AppState;
use crate::caller::Caller;

fn id(u: uuid::Uuid) -> ID {
    ID(u.to_string())
}

#[derive(SimpleObject)]
pub struct Department {
    pub id: ID,
    pub name: String,
    pub parent_id: Option<ID>,
    /// Case categories routed here.
    pub categories: Vec<String>,
    /// Minutes per priority (low, normal, high, urgent) before escalation.
    pub sla_minutes: Json<serde_json::Value>,
}

impl From<department::Model> for Department {
    fn from(d: department::Model) -> Self {
        Self {
            id: id(d.id),
            name: d.name,
            parent_id: d.parent_id.map(id),
            categories: d
                .categories
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|c| c.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default(),
            sla_minutes: Json(d.sla_minutes),
        }
    }
}

#[derive(InputObject)]
pub struct DepartmentInput {
    pub name: String,
    pub parent_id: Option<ID>,
    #[graphql(default)]
    pub categories: Vec<String>,
    /// e.g. `{"urgent": 60}`; missing priorities keep their defaults.
    pub sla_minutes: Option<Json<BTreeMap<String, i64>>>,
}

#[derive(SimpleObject)]
pub struct CaseEvent {
    pub kind: String,
    pub text: String,
    pub actor: String,
    pub at: DateTime<Utc>,
}

impl From<case_event::Model> for CaseEvent {
    fn from(e: case_event::Model) -> Self {
        Self {
            kind: e.kind,
            text: e.text,
            actor: e.actor,
            at: e.at,
        }
    }
}

#[derive(SimpleObject)]
#[graphql(complex)]
pub struct Case {
    pub id: ID,
    pub kind: String,
    pub category: String,
    pub priority: String,
    pub subject: String,
    pub description: String,
    pub contact_id: Option<ID>,
    pub channel: String,
    pub department_id: ID,
    /// open or closed.
    pub status: String,
    pub escalation_level: i32,
    /// When it escalates if still open.
    pub due_at: Option<DateTime<Utc>>,
    pub resolution: Option<String>,
    pub notified_via: Option<String>,
    pub satisfaction: Option<i32>,
    pub created_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
}

impl From<case::Model> for Case {
    fn from(c: case::Model) -> Self {
        Self {
            id: id(c.id),
            kind: c.kind,
            category: c.category,
            priority: c.priority,
            subject: c.subject,
            description: c.description,
            contact_id: c.contact_id.map(id),
            channel: c.channel,
            department_id: id(c.department_id),
            status: c.status,
            escalation_level: c.escalation_level,
            due_at: c.due_at,
            resolution: c.resolution,
            notified_via: c.notified_via,
            satisfaction: c.satisfaction,
            created_at: c.created_at,
            closed_at: c.closed_at,
        }
    }
}

#[ComplexObject]
impl Case {
    /// The case's history, oldest first.
    async fn events(&self, cx: &Context<'_>) -> Result<Vec<CaseEvent>> {
        let (state, cap) = handle(cx).await?;
        let (_, events) = state
            .crm
            .case(&cap, uuid_arg(&self.id, "case").gql()?)
            .await
            .gql()?;
        Ok(events.into_iter().map(Into::into).collect())
    }
}

#[derive(InputObject)]
pub struct CaseInput {
    /// complaint, suggestion or inquiry.
    pub kind: String,
    pub category: String,
    /// low, normal, high or urgent.
    #[graphql(default_with = "\"normal\".to_string()")]
    pub priority: String,
    pub subject: String,
    #[graphql(default)]
    pub description: String,
    pub contact_id: Option<ID>,
    /// phone, sms, email, web, chat or letter.
    #[graphql(default_with = "\"phone\".to_string()")]
    pub channel: String,
    pub department_id: Option<ID>,
}

#[derive(SimpleObject)]
pub struct AuditEntry {
    pub actor: String,
    pub action: String,
    pub entity_type: String,
    pub entity_id: Option<ID>,
    pub summary: String,
    pub data: Json<serde_json::Value>,
    pub at: DateTime<Utc>,
}

impl From<audit_entry::Model> for AuditEntry {
    fn from(a: audit_entry::Model) -> Self {
        Self {
            actor: a.actor,
            action: a.action,
            entity_type: a.entity_type,
            entity_id: a.entity_id.map(id),
            summary: a.summary,
            data: Json(a.data),
            at: a.at,
        }
    }
}

async fn handle<'a>(cx: &'a Context<'_>) -> Result<(&'a AppState, HandleCases<'a>)> {
    let (state, ctx) = super::tenant(cx).await?;
    Ok((state, ctx.can_handle_cases().gql()?))
}

#[derive(Default)]
pub struct CaseQuery;

#[Object]
impl CaseQuery {
    async fn departments(&self, cx: &Context<'_>) -> Result<Vec<Department>> {
        let (state, cap) = handle(cx).await?;
        Ok(state
            .crm
            .departments(&cap)
            .await
            .gql()?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    async fn cases(
        &self,
        cx: &Context<'_>,
        status: Option<String>,
        #[graphql(default = 100)] limit: i32,
    ) -> Result<Vec<Case>> {
        let (state, cap) = handle(cx).await?;
        let rows = state
            .crm
            .cases(&cap, status.as_deref(), limit.max(1) as u64)
            .await
            .gql()?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    async fn case(&self, cx: &Context<'_>, id: ID) -> Result<Case> {
        let (state, cap) = handle(cx).await?;
        Ok(state
            .crm
            .case(&cap, uuid_arg(&id, "case").gql()?)
            .await
            .gql()?
            .0
            .into())
    }

    /// Who changed what and when (admins and owners).
    async fn audit_log(
        &self,
        cx: &Context<'_>,
        entity_type: Option<String>,
        entity_id: Option<ID>,
        #[graphql(default = 100)] limit: i32,
    ) -> Result<Vec<AuditEntry>> {
        let (state, caller) = (cx.data::<AppState>()?, cx.data::<Caller>()?);
        let ctx = caller.tenant(&state.accounts).await.gql()?;
        let cap = ctx.can_manage_config().gql()?;
        let entity = entity_id
            .as_ref()
            .map(|e| uuid_arg(e, "entity"))
            .transpose()
            .gql()?;
        let rows = state
            .crm
            .audit_log(&cap, entity_type.as_deref(), entity, limit.max(1) as u64)
            .await
            .gql()?;
        Ok(rows.into_iter().map(Into::into).collect())
    }
}

#[derive(Default)]
pub struct CaseMutation;

#[Object]
impl CaseMutation {
    async fn create_department(
        &self,
        cx: &Context<'_>,
        input: DepartmentInput,
    ) -> Result<Department> {
        save_department(cx, None, input).await
    }

    async fn update_department(
        &self,
        cx: &Context<'_>,
        id: ID,
        input: DepartmentInput,
    ) -> Result<Department> {
        save_department(cx, Some(id), input).await
    }

    /// Opens a case; it goes to the department handling its category unless one is given.
    async fn create_case(&self, cx: &Context<'_>, input: CaseInput) -> Result<Case> {
        let (state, cap) = handle(cx).await?;
        let contact_id = input
            .contact_id
            .as_ref()
            .map(|c| uuid_arg(c, "contact"))
            .transpose()
            .gql()?;
        let department_id = input
            .department_id
            .as_ref()
            .map(|d| uuid_arg(d, "department"))
            .transpose()
            .gql()?;
        let c = state
            .crm
            .create_case(
                &cap,
                DomainCase {
                    kind: input.kind,
                    category: input.category,
                    priority: input.priority,
                    subject: input.subject,
                    description: input.description,
                    contact_id,
                    channel: input.channel,
                    department_id,
                },
            )
            .await
            .gql()?;
        Ok(c.into())
    }

    async fn add_case_note(&self, cx: &Context<'_>, id: ID, text: String) -> Result<bool> {
        let (state, cap) = handle(cx).await?;
        state
            .crm
            .add_case_note(&cap, uuid_arg(&id, "case").gql()?, &text)
            .await
            .gql()?;
        Ok(true)
    }

    /// Escalates to the parent department now.
    async fn escalate_case(
        &self,
        cx: &Context<'_>,
        id: ID,
        #[graphql(default)] reason: String,
    ) -> Result<Case> {
        let (state, cap) = handle(cx).await?;
        Ok(state
            .crm
            .escalate_case(&cap, uuid_arg(&id, "case").gql()?, &reason)
            .await
            .gql()?
            .into())
    }

    /// Closes with a resolution and how the customer was told (phone, sms, email, web…).
    async fn close_case(
        &self,
        cx: &Context<'_>,
        id: ID,
        resolution: String,
        notified_via: String,
    ) -> Result<Case> {
        let (state, cap) = handle(cx).await?;
        Ok(state
            .crm
            .close_case(
                &cap,
                uuid_arg(&id, "case").gql()?,
                &resolution,
                &notified_via,
            )
            .await
            .gql()?
            .into())
    }

    /// The customer's satisfaction with a closed case, 1 to 5.
    async fn rate_case(&self, cx: &Context<'_>, id: ID, score: i32) -> Result<Case> {
        let (state, cap) = handle(cx).await?;
        Ok(state
            .crm
            .rate_case(&cap, uuid_arg(&id, "case").gql()?, score)
            .await
            .gql()?
            .into())
    }
}

async fn save_department(
    cx: &Context<'_>,
    id: Option<ID>,
    input: DepartmentInput,
) -> Result<Department> {
    let (state, caller) = (cx.data::<AppState>()?, cx.data::<Caller>()?);
    let ctx = caller.tenant(&state.accounts).await.gql()?;
    let cap = ctx.can_manage_config().gql()?;
    let id = id
        .as_ref()
        .map(|i| uuid_arg(i, "department"))
        .transpose()
        .gql()?;
    let parent_id = input
        .parent_id
        .as_ref()
        .map(|p| uuid_arg(p, "department"))
        .transpose()
        .gql()?;
    let d = state
        .crm
        .save_department(
            &cap,
            id,
            DomainDepartment {
                name: input.name,
                parent_id,
                categories: input.categories,
                sla_minutes: input.sla_minutes.map(|j| j.0).unwrap_or_default(),
            },
        )
        .await
        .gql()?;
    Ok(d.into())
}
