//! Tenant events and the bus that carries them: one trait, an in-process implementation here,
//! and a NATS one in the API's adapters. A subscriber names its tenant and never sees another's.

use std::pin::Pin;

use chrono::{DateTime, Utc};
use futures::{Stream, StreamExt};
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;
use tokio_stream::wrappers::BroadcastStream;
use uuid::Uuid;

use crate::ids::TenantId;

/// What happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    UserInvited,
    UserJoined,
    UserDeactivated,
    UserReactivated,
    /// An agent's presence changed (`data`: agent, state, reason, since).
    AgentState,
    /// A call is offered to an agent (`data`: agent, callId, legId, ringUntil, screenPop).
    AgentOffer,
    /// Something happened to an agent's call (`data`: agent, callId, legId, status).
    AgentCall,
}

/// Something that happened in one tenant.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TenantEvent {
    pub id: Uuid,
    pub tenant_id: TenantId,
    pub at: DateTime<Utc>,
    pub kind: EventKind,
    pub data: serde_json::Value,
}

impl TenantEvent {
    pub fn new(tenant_id: TenantId, kind: EventKind, data: serde_json::Value) -> Self {
        Self {
            id: Uuid::now_v7(),
            tenant_id,
            at: Utc::now(),
            kind,
            data,
        }
    }
}

/// A live stream of one tenant's events.
pub type EventStream = Pin<Box<dyn Stream<Item = TenantEvent> + Send>>;

/// Why the bus failed.
#[derive(Debug, thiserror::Error)]
pub enum BusError {
    #[error("event bus unavailable: {0}")]
    Unavailable(String),
    #[error("event could not be encoded or decoded: {0}")]
    Codec(#[from] serde_json::Error),
}

/// Publishes tenant events and subscribes to one tenant's events.
#[async_trait::async_trait]
pub trait EventBus: Send + Sync + 'static {
    async fn publish(&self, event: &TenantEvent) -> Result<(), BusError>;
    /// Events of `tenant` published after this call returns.
    async fn subscribe(&self, tenant: TenantId) -> Result<EventStream, BusError>;
    /// Whether the bus can deliver right now (for `/readyz`).
    async fn ready(&self) -> bool;
    /// A short name for logs and metrics.
    fn name(&self) -> &'static str;
}

/// The embedded default: a broadcast channel inside this process.
pub struct InProcessBus {
    tx: broadcast::Sender<TenantEvent>,
}

impl InProcessBus {
    pub fn new() -> Self {
        let (tx, _) = broadcast::channel(4096);
        Self { tx }
    }
}

impl Default for InProcessBus {
    fn default() -> Self {
        Self::new()
    }
}

#[async_trait::async_trait]
impl EventBus for InProcessBus {
    async fn publish(&self, event: &TenantEvent) -> Result<(), BusError> {
        // No receivers is fine: nobody is listening.
        let _ = self.tx.send(event.clone());
        Ok(())
    }

    async fn subscribe(&self, tenant: TenantId) -> Result<EventStream, BusError> {
        let rx = self.tx.subscribe();
        let stream = BroadcastStream::new(rx).filter_map(move |item| async move {
            match item {
                Ok(event) if event.tenant_id == tenant => Some(event),
                Ok(_) => None,
                Err(lagged) => {
                    tracing::warn!(%tenant, error = %lagged, "tenant event subscriber lagged");
                    None
                }
            }
        });
        Ok(Box::pin(stream))
    }

    async fn ready(&self) -> bool {
        true
    }

    fn name(&self) -> &'static str {
        "in-process"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn subscribers_see_only_their_tenant() {
        let bus = InProcessBus::new();
        let (a, b) = (TenantId::new(), TenantId::new());
        let mut sub_a = bus.subscribe(a).await.unwrap();
        bus.publish(&TenantEvent::new(
            b,
            EventKind::UserJoined,
            serde_json::json!({"n": 1}),
        ))
        .await
        .unwrap();
        bus.publish(&TenantEvent::new(
            a,
            EventKind::UserJoined,
            serde_json::json!({"n": 2}),
        ))
        .await
        .unwrap();
        let got = sub_a.next().await.unwrap();
        assert_eq!(got.tenant_id, a);
        assert_eq!(got.data["n"], 2);
    }
}
