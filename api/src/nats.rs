//! The NATS implementation of the event bus: one subject per tenant,
//! `{prefix}.tenant.{tenant_id}.events`, so a subscriber can only ever receive its tenant's.

use async_nats::Client;
use futures::StreamExt;
use qiao_tenants::TenantId;
use qiao_tenants::events::{BusError, EventBus, EventStream, TenantEvent};

pub struct NatsBus {
    client: Client,
    prefix: String,
}

impl NatsBus {
    pub async fn connect(url: &str, prefix: &str) -> anyhow::Result<Self> {
        let client = async_nats::ConnectOptions::new()
            .name("qiao")
            .retry_on_initial_connect()
            .connect(url)
            .await
            .map_err(|e| anyhow::anyhow!("connecting to NATS at nats.url {url}: {e}"))?;
        // retry_on_initial_connect returns at once; wait briefly for a first connection so a
        // wrong URL fails start-up instead of every publish.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while client.connection_state() != async_nats::connection::State::Connected {
            anyhow::ensure!(
                std::time::Instant::now() < deadline,
                "NATS at nats.url {url} did not answer within 10 s"
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        Ok(Self {
            client,
            prefix: prefix.to_owned(),
        })
    }

    fn subject(&self, tenant: TenantId) -> String {
        format!(
            "{}.tenant.{}.events",
            self.prefix,
            tenant.as_uuid().simple()
        )
    }
}

#[async_trait::async_trait]
impl EventBus for NatsBus {
    async fn publish(&self, event: &TenantEvent) -> Result<(), BusError> {
        let payload = serde_json::to_vec(event)?;
        self.client
            .publish(self.subject(event.tenant_id), payload.into())
            .await
            .map_err(|e| BusError::Unavailable(e.to_string()))?;
        self.client
            .flush()
            .await
            .map_err(|e| BusError::Unavailable(e.to_string()))
    }

    async fn subscribe(&self, tenant: TenantId) -> Result<EventStream, BusError> {
        let sub = self
            .client
            .subscribe(self.subject(tenant))
            .await
            .map_err(|e| BusError::Unavailable(e.to_string()))?;
        // The subscription is registered with the server once this flush returns.
        self.client
            .flush()
            .await
            .map_err(|e| BusError::Unavailable(e.to_string()))?;
        let stream = sub.filter_map(move |msg| async move {
            match serde_json::from_slice::<TenantEvent>(&msg.payload) {
                Ok(e) if e.tenant_id == tenant => Some(e),
                Ok(e) => {
                    tracing::error!(expected = %tenant, got = %e.tenant_id, "event on the wrong tenant subject; dropped");
                    None
                }
                Err(err) => {
                    tracing::warn!(error = %err, "undecodable event; dropped");
                    None
                }
            }
        });
        Ok(Box::pin(stream))
    }

    async fn ready(&self) -> bool {
        self.client.connection_state() == async_nats::connection::State::Connected
    }

    fn name(&self) -> &'static str {
        "nats"
    }
}
