//! Departments, cases (complaints, suggestions, inquiries) and the audit log.

use async_graphql::{ComplexObject, Context, ID, InputObject, Json, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use qiao_tenants::crm::cases::repo::CaseInput as DomainCase;
use qiao_tenants::ctx::HandleCases;
use qiao_tenants::entities::{audit_entry, case, case_event};

use super::kit;
use super::kit::guard;
use crate::caller::Caller;
use crate::error::Gql;
use crate::state::AppState;

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
            id: super::kit::gid(c.id),
            kind: c.kind,
            category: c.category,
            priority: c.priority,
            subject: c.subject,
            description: c.description,
            contact_id: c.contact_id.map(super::kit::gid),
            channel: c.channel,
            department_id: super::kit::gid(c.department_id),
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
        let (state, cap) = guard::<HandleCases>(cx).await?;
        let (_, events) = state
            .crm
            .case(&cap, kit::id::<uuid::Uuid>(&self.id, "case")?)
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
            entity_id: a.entity_id.map(super::kit::gid),
            summary: a.summary,
            data: Json(a.data),
            at: a.at,
        }
    }
}

#[derive(Default)]
pub struct CaseQuery;

#[Object]
impl CaseQuery {
    async fn cases(
        &self,
        cx: &Context<'_>,
        status: Option<String>,
        #[graphql(default = 100)] limit: i32,
    ) -> Result<Vec<Case>> {
        let (state, cap) = guard::<HandleCases>(cx).await?;
        let rows = state
            .crm
            .cases(&cap, status.as_deref(), limit.max(1) as u64)
            .await
            .gql()?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    async fn case(&self, cx: &Context<'_>, id: ID) -> Result<Case> {
        let (state, cap) = guard::<HandleCases>(cx).await?;
        Ok(state
            .crm
            .case(&cap, kit::id::<uuid::Uuid>(&id, "case")?)
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
            .map(|e| kit::parse::<uuid::Uuid>(e, "entity"))
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
    /// Opens a case; it goes to the department handling its category unless one is given.
    async fn create_case(&self, cx: &Context<'_>, input: CaseInput) -> Result<Case> {
        let (state, cap) = guard::<HandleCases>(cx).await?;
        let contact_id = input
            .contact_id
            .as_ref()
            .map(|c| kit::parse::<uuid::Uuid>(c, "contact"))
            .transpose()
            .gql()?;
        let department_id = input
            .department_id
            .as_ref()
            .map(|d| kit::parse::<uuid::Uuid>(d, "department"))
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
        let (state, cap) = guard::<HandleCases>(cx).await?;
        state
            .crm
            .add_case_note(&cap, kit::id::<uuid::Uuid>(&id, "case")?, &text)
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
        let (state, cap) = guard::<HandleCases>(cx).await?;
        Ok(state
            .crm
            .escalate_case(&cap, kit::id::<uuid::Uuid>(&id, "case")?, &reason)
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
        let (state, cap) = guard::<HandleCases>(cx).await?;
        Ok(state
            .crm
            .close_case(
                &cap,
                kit::id::<uuid::Uuid>(&id, "case")?,
                &resolution,
                &notified_via,
            )
            .await
            .gql()?
            .into())
    }

    /// The customer's satisfaction with a closed case, 1 to 5.
    async fn rate_case(&self, cx: &Context<'_>, id: ID, score: i32) -> Result<Case> {
        let (state, cap) = guard::<HandleCases>(cx).await?;
        Ok(state
            .crm
            .rate_case(&cap, kit::id::<uuid::Uuid>(&id, "case")?, score)
            .await
            .gql()?
            .into())
    }
}
