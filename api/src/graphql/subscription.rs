//! Subscriptions: the caller's tenant's live events.

use async_graphql::{Context, Result, Subscription};
use futures::{Stream, StreamExt};

use super::types::TenantEvent;
use crate::caller::Caller;
use crate::error::Gql;
use crate::state::AppState;

/// Every subscription.
#[derive(async_graphql::MergedSubscription, Default)]
pub struct SubscriptionRoot(TenantSubscription, super::agents::AgentSubscription);

#[derive(Default)]
pub struct TenantSubscription;

#[Subscription]
impl TenantSubscription {
    /// Events of the caller's tenant (users invited, joined, deactivated…), as they happen.
    async fn tenant_events(&self, cx: &Context<'_>) -> Result<impl Stream<Item = TenantEvent>> {
        let (state, caller) = (cx.data::<AppState>()?, cx.data::<Caller>()?);
        let ctx = caller.tenant(&state.accounts).await.gql()?;
        let tenant = ctx.tenant_id();
        let stream = state
            .bus
            .subscribe(tenant)
            .await
            .map_err(anyhow::Error::from)
            .gql()?;
        let shutdown = state.shutdown.clone();
        Ok(stream
            // The bus already filters by tenant; this is the second check. Agents' offers
            // and calls go only to `agentEvents`.
            .filter(move |e| {
                std::future::ready(
                    e.tenant_id == tenant
                        && !matches!(
                            e.kind,
                            qiao_tenants::events::EventKind::AgentOffer
                                | qiao_tenants::events::EventKind::AgentCall
                        ),
                )
            })
            .map(TenantEvent::from)
            .take_until(async move { shutdown.wait().await }))
    }
}
