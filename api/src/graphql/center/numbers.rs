//! Phone numbers: the tenant's DIDs and where each routes (a flow, a queue, or nowhere).

use qiao_tenants::center::numbers::Route;
use qiao_tenants::entities::number;

use super::prelude::*;

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum RouteKind {
    None,
    Flow,
    Queue,
}

#[derive(SimpleObject)]
pub struct PhoneNumber {
    pub id: ID,
    /// E.164, e.g. +861085550100.
    pub number: String,
    pub label: String,
    pub route_kind: RouteKind,
    pub route_target_id: Option<ID>,
    pub trunk_id: Option<ID>,
    pub created_at: DateTime<Utc>,
}

impl From<number::Model> for PhoneNumber {
    fn from(n: number::Model) -> Self {
        let (route_kind, target) = match Route::of(&n) {
            Route::None => (RouteKind::None, None),
            Route::Flow(f) => (RouteKind::Flow, Some(gid(f))),
            Route::Queue(q) => (RouteKind::Queue, Some(gid(q))),
        };
        Self {
            id: gid(n.id),
            number: n.e164,
            label: n.label,
            route_kind,
            route_target_id: target,
            trunk_id: n.trunk_id.map(gid),
            created_at: n.created_at,
        }
    }
}

#[derive(InputObject)]
pub struct PhoneNumberInput {
    pub number: String,
    #[graphql(default)]
    pub label: String,
    pub route_kind: RouteKind,
    pub route_target_id: Option<ID>,
    pub trunk_id: Option<ID>,
}

impl PhoneNumberInput {
    pub fn into_domain(self) -> Result<qiao_tenants::center::numbers::NumberInput, ApiError> {
        let target = kit::opt_parse::<uuid::Uuid>(&self.route_target_id, "route target")?;
        let route = match (self.route_kind, target) {
            (RouteKind::None, _) => Route::None,
            (RouteKind::Flow, Some(t)) => Route::Flow(t),
            (RouteKind::Queue, Some(t)) => Route::Queue(t),
            _ => {
                return Err(ApiError::bad_input(
                    "routeTargetId is required for FLOW and QUEUE routes",
                ));
            }
        };
        Ok(qiao_tenants::center::numbers::NumberInput {
            number: self.number,
            label: self.label,
            route,
            trunk_id: kit::opt_parse::<uuid::Uuid>(&self.trunk_id, "trunk")?,
        })
    }
}

#[derive(Default)]
pub struct NumberQuery;

#[Object]
impl NumberQuery {
    async fn phone_numbers(&self, cx: &Context<'_>) -> Result<Vec<PhoneNumber>> {
        let (state, cap) = guard::<ViewConfig>(cx).await?;
        let rows = state.center.numbers(&cap).await.gql()?;
        Ok(list(rows))
    }
}

#[derive(Default)]
pub struct NumberMutation;

#[Object]
impl NumberMutation {
    /// Adds a phone number (E.164); it must not belong to any organisation yet.
    async fn create_phone_number(
        &self,
        cx: &Context<'_>,
        input: PhoneNumberInput,
    ) -> Result<PhoneNumber> {
        let (state, cap) = guard::<ManageConfig>(cx).await?;
        let n = state
            .center
            .create_number(&cap, input.into_domain().gql()?)
            .await
            .gql()?;
        Ok(n.into())
    }

    async fn update_phone_number(
        &self,
        cx: &Context<'_>,
        id: ID,
        input: PhoneNumberInput,
    ) -> Result<PhoneNumber> {
        let (state, cap) = guard::<ManageConfig>(cx).await?;
        let id = kit::id::<uuid::Uuid>(&id, "number")?;
        let n = state
            .center
            .update_number(&cap, id, input.into_domain().gql()?)
            .await
            .gql()?;
        Ok(n.into())
    }

    async fn delete_phone_number(&self, cx: &Context<'_>, id: ID) -> Result<bool> {
        let (state, cap) = guard::<ManageConfig>(cx).await?;
        state
            .center
            .delete_number(&cap, kit::id::<uuid::Uuid>(&id, "number")?)
            .await
            .gql()?;
        Ok(true)
    }
}
