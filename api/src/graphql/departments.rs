//! Departments: the tree cases are routed to, with the categories each takes and its SLA.

use std::collections::BTreeMap;

use async_graphql::{Context, ID, InputObject, Json, Object, Result, SimpleObject};
use qiao_tenants::crm::cases::repo::DepartmentInput as DomainDepartment;
use qiao_tenants::ctx::HandleCases;
use qiao_tenants::entities::department;

use super::kit;
use super::kit::guard;
use crate::caller::Caller;
use crate::error::Gql;
use crate::state::AppState;

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
            id: super::kit::gid(d.id),
            name: d.name,
            parent_id: d.parent_id.map(super::kit::gid),
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
        .map(|i| kit::parse::<uuid::Uuid>(i, "department"))
        .transpose()
        .gql()?;
    let parent_id = input
        .parent_id
        .as_ref()
        .map(|p| kit::parse::<uuid::Uuid>(p, "department"))
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

#[derive(Default)]
pub struct DepartmentQuery;

#[Object]
impl DepartmentQuery {
    async fn departments(&self, cx: &Context<'_>) -> Result<Vec<Department>> {
        let (state, cap) = guard::<HandleCases>(cx).await?;
        Ok(state
            .crm
            .departments(&cap)
            .await
            .gql()?
            .into_iter()
            .map(Into::into)
            .collect())
    }
}

#[derive(Default)]
pub struct DepartmentMutation;

#[Object]
impl DepartmentMutation {
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
}
