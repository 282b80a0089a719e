//! Agents' commands for a call held by another node. Every call record names the node that
//! holds it; a command that finds no live call here is sent to that node over NATS
//! (`{prefix}.node.{node}.agent`, request/reply) and run there exactly as if it had
//! arrived locally, with the same tenant check. Without NATS there is one node and nothing
//! to relay.

use std::time::Duration;

use futures::StreamExt;
use qiao_tenants::TenantId;
use qiao_tenants::error::DomainError;
use qiao_tenants::values::InvalidValue;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::live::{LiveCalls, WireCmd};

#[derive(Serialize, Deserialize)]
struct Request {
    tenant: Uuid,
    call: Uuid,
    agent: Uuid,
    cmd: WireCmd,
}

#[derive(Serialize, Deserialize)]
#[serde(tag = "result", rename_all = "snake_case")]
enum Reply {
    Ok { value: serde_json::Value },
    NotFound,
    Conflict { message: String },
    Invalid { reason: String },
    Failed,
}

impl From<Result<serde_json::Value, DomainError>> for Reply {
    fn from(r: Result<serde_json::Value, DomainError>) -> Self {
        match r {
            Ok(value) => Reply::Ok { value },
            Err(DomainError::NotFound(_)) => Reply::NotFound,
            Err(DomainError::Conflict(message)) => Reply::Conflict { message },
            Err(DomainError::Invalid(e)) => Reply::Invalid { reason: e.reason },
            Err(e) => {
                tracing::error!(error = %e, "a relayed agent command failed");
                Reply::Failed
            }
        }
    }
}

#[derive(Clone)]
pub struct Relay {
    nats: Option<(async_nats::Client, String)>,
    node: Uuid,
}

impl Relay {
    /// Connects when `nats_url` is set (a cluster); otherwise a single node relays nothing.
    pub async fn connect(nats_url: Option<&str>, prefix: &str, node: Uuid) -> anyhow::Result<Self> {
        let nats = match nats_url {
            Some(url) => Some((
                async_nats::ConnectOptions::new()
                    .name("qiao-relay")
                    .connect(url)
                    .await
                    .map_err(|e| anyhow::anyhow!("connecting to NATS at nats.url {url}: {e}"))?,
                prefix.to_owned(),
            )),
            None => None,
        };
        Ok(Self { nats, node })
    }

    fn subject(prefix: &str, node: Uuid) -> String {
        format!("{prefix}.node.{}.agent", node.simple())
    }

    /// Answers relayed commands for the calls this node holds.
    pub async fn serve(&self, live: LiveCalls) -> anyhow::Result<()> {
        let Some((client, prefix)) = self.nats.clone() else {
            return Ok(());
        };
        let mut sub = client.subscribe(Self::subject(&prefix, self.node)).await?;
        client.flush().await?;
        tokio::spawn(async move {
            while let Some(msg) = sub.next().await {
                let (client, live) = (client.clone(), live.clone());
                tokio::spawn(async move {
                    let reply = match serde_json::from_slice::<Request>(&msg.payload) {
                        Ok(r) => Reply::from(
                            live.command(TenantId::from_uuid(r.tenant), r.call, r.agent, r.cmd)
                                .await,
                        ),
                        Err(_) => Reply::Failed,
                    };
                    if let (Some(to), Ok(body)) = (msg.reply, serde_json::to_vec(&reply)) {
                        let _ = client.publish(to, body.into()).await;
                    }
                });
            }
        });
        Ok(())
    }

    /// Runs `cmd` on a call held by `node`.
    pub async fn send(
        &self,
        node: Uuid,
        tenant: TenantId,
        call: Uuid,
        agent: Uuid,
        cmd: WireCmd,
    ) -> Result<serde_json::Value, DomainError> {
        let Some((client, prefix)) = &self.nats else {
            return Err(DomainError::NotFound("call"));
        };
        if node == self.node {
            return Err(DomainError::NotFound("call"));
        }
        let req = Request {
            tenant: tenant.as_uuid(),
            call,
            agent,
            cmd,
        };
        let body = serde_json::to_vec(&req).map_err(|e| DomainError::Internal(e.into()))?;
        // Answering sets up WebRTC (candidates gathered) on the far node: allow for it.
        let msg = tokio::time::timeout(
            Duration::from_secs(20),
            client.request(Self::subject(prefix, node), body.into()),
        )
        .await
        .map_err(|_| DomainError::Internal(anyhow::anyhow!("the call's node did not answer")))?
        // No responder: the node is gone, and so is its call.
        .map_err(|_| DomainError::NotFound("call"))?;
        match serde_json::from_slice::<Reply>(&msg.payload) {
            Ok(Reply::Ok { value }) => Ok(value),
            Ok(Reply::NotFound) => Err(DomainError::NotFound("call")),
            Ok(Reply::Conflict { message }) => Err(DomainError::Conflict(message)),
            Ok(Reply::Invalid { reason }) => Err(DomainError::Invalid(InvalidValue {
                field: "sdp",
                reason,
            })),
            Ok(Reply::Failed) | Err(_) => Err(DomainError::Internal(anyhow::anyhow!(
                "the call's node could not run the command"
            ))),
        }
    }
}
