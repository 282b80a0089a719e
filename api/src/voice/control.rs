//! `Control`: the one way the rest of the application acts on live calls — an agent's
//! softphone commands today; supervisors' monitor, whisper and barge, chats and federation
//! transfers later. A command runs on this node when it holds the call, else it is relayed
//! to the node named in the call record. Placing a call out goes through here too.

use std::sync::{Arc, OnceLock};

use qiao_tenants::ctx::{Scope, TakeCalls};
use qiao_tenants::error::DomainError;
use qiao_tenants::values::E164;
use uuid::Uuid;

use super::Voice;
use super::deps::VoiceDeps;
use super::live::WireCmd;

#[derive(Clone)]
pub struct Control {
    deps: VoiceDeps,
    /// The voice service, once `voice::start` ran on this node.
    voice: Arc<OnceLock<Voice>>,
}

impl Control {
    pub fn new(deps: VoiceDeps) -> Self {
        Self {
            deps,
            voice: Arc::default(),
        }
    }

    pub(crate) fn deps(&self) -> &VoiceDeps {
        &self.deps
    }

    pub(crate) fn started(&self, voice: Voice) {
        let _ = self.voice.set(voice);
    }

    /// Runs `cmd` on call `call` as the acting agent: here when this node holds the call,
    /// else on the node that does. Another tenant's call, or one that ended, is not found.
    pub async fn command(
        &self,
        cap: &TakeCalls<'_>,
        call: Uuid,
        cmd: WireCmd,
    ) -> Result<serde_json::Value, DomainError> {
        let (tenant, agent) = (cap.ctx().tenant_id(), cap.agent.as_uuid());
        let local = self
            .deps
            .live
            .command(tenant, call, agent, cmd.clone())
            .await;
        match local {
            Err(DomainError::NotFound(_)) => {
                match self.deps.calls.call_node(cap.ctx(), call).await? {
                    Some(node) => self.deps.relay.send(node, tenant, call, agent, cmd).await,
                    None => Err(DomainError::NotFound("call")),
                }
            }
            other => other,
        }
    }

    /// The acting agent calls `to` from their browser (`sdp`, their offer): the call's id and
    /// our SDP answer.
    pub async fn dial_out(
        &self,
        cap: &TakeCalls<'_>,
        to: &E164,
        sdp: String,
    ) -> Result<(Uuid, String), DomainError> {
        let Some(voice) = self.voice.get() else {
            return Err(DomainError::Internal(anyhow::anyhow!(
                "telephony is not running on this node"
            )));
        };
        super::dial_out::dial_out(&self.deps, voice, cap, to, sdp).await
    }
}
