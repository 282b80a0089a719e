//! Service requests: bookings (tickets, hotel, tours), refunds and changes, with their workflow.

use async_graphql::{Context, ID, InputObject, Json, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use qiao_tenants::crm::requests::repo::RequestInput;
use qiao_tenants::crm::requests::rules::Kind;
use qiao_tenants::ctx::HandleCases;
use qiao_tenants::entities::service_request;

use super::kit;
use super::kit::guard;
use crate::error::Gql;

fn id(u: uuid::Uuid) -> ID {
    ID(u.to_string())
}

#[derive(SimpleObject)]
pub struct ServiceRequest {
    pub id: ID,
    /// coach_ticket, train_ticket, air_ticket, hotel, tour, refund or change.
    pub kind: String,
    pub status: String,
    /// The statuses it may move to next.
    pub next_statuses: Vec<String>,
    pub details: Json<serde_json::Value>,
    pub reference: Option<String>,
    pub contact_id: Option<ID>,
    pub skill_group_id: Option<ID>,
    pub assignee_id: Option<ID>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<service_request::Model> for ServiceRequest {
    fn from(r: service_request::Model) -> Self {
        let next = Kind::parse(&r.kind)
            .map(|k| k.next(&r.status).iter().map(|s| (*s).to_owned()).collect())
            .unwrap_or_default();
        Self {
            id: id(r.id),
            kind: r.kind,
            status: r.status,
            next_statuses: next,
            details: Json(r.details),
            reference: r.reference,
            contact_id: r.contact_id.map(id),
            skill_group_id: r.skill_group_id.map(id),
            assignee_id: r.assignee_id.map(id),
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

#[derive(InputObject)]
pub struct ServiceRequestInput {
    pub kind: String,
    /// The kind's form, e.g. a ticket `{origin, destination, date, passengers, class, time}`.
    pub details: Json<serde_json::Value>,
    pub reference: Option<String>,
    pub contact_id: Option<ID>,
    pub skill_group_id: Option<ID>,
}

#[derive(Default)]
pub struct RequestQuery;

#[Object]
impl RequestQuery {
    async fn service_requests(
        &self,
        cx: &Context<'_>,
        status: Option<String>,
        #[graphql(default = 100)] limit: i32,
    ) -> Result<Vec<ServiceRequest>> {
        let (state, cap) = guard::<HandleCases>(cx).await?;
        let rows = state
            .crm
            .requests(&cap, status.as_deref(), limit.max(1) as u64)
            .await
            .gql()?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    async fn service_request(&self, cx: &Context<'_>, id: ID) -> Result<ServiceRequest> {
        let (state, cap) = guard::<HandleCases>(cx).await?;
        Ok(state
            .crm
            .request(&cap, kit::id::<uuid::Uuid>(&id, "service request")?)
            .await
            .gql()?
            .into())
    }
}

#[derive(Default)]
pub struct RequestMutation;

#[Object]
impl RequestMutation {
    async fn create_service_request(
        &self,
        cx: &Context<'_>,
        input: ServiceRequestInput,
    ) -> Result<ServiceRequest> {
        let (state, cap) = guard::<HandleCases>(cx).await?;
        let contact_id = input
            .contact_id
            .as_ref()
            .map(|c| kit::parse::<uuid::Uuid>(c, "contact"))
            .transpose()
            .gql()?;
        let skill_group_id = input
            .skill_group_id
            .as_ref()
            .map(|g| kit::parse::<uuid::Uuid>(g, "skill group"))
            .transpose()
            .gql()?;
        let r = state
            .crm
            .create_request(
                &cap,
                RequestInput {
                    kind: input.kind,
                    details: input.details.0,
                    reference: input.reference,
                    contact_id,
                    skill_group_id,
                },
            )
            .await
            .gql()?;
        Ok(r.into())
    }

    /// Moves a request to its next status (see `nextStatuses`); CONFLICT otherwise.
    async fn transition_service_request(
        &self,
        cx: &Context<'_>,
        id: ID,
        to: String,
        #[graphql(default)] note: String,
    ) -> Result<ServiceRequest> {
        let (state, cap) = guard::<HandleCases>(cx).await?;
        Ok(state
            .crm
            .transition_request(
                &cap,
                kit::id::<uuid::Uuid>(&id, "service request")?,
                &to,
                &note,
            )
            .await
            .gql()?
            .into())
    }

    async fn assign_service_request(
        &self,
        cx: &Context<'_>,
        id: ID,
        user_id: ID,
    ) -> Result<ServiceRequest> {
        let (state, cap) = guard::<HandleCases>(cx).await?;
        let r = kit::id::<uuid::Uuid>(&id, "service request")?;
        let u = kit::id::<uuid::Uuid>(&user_id, "user")?;
        Ok(state.crm.assign_request(&cap, r, u).await.gql()?.into())
    }
}
