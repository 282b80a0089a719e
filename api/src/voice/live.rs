//! The calls this node holds, by id: how an agent's command (answer, hang up, hold,
//! transfer…) reaches the task that owns the call. Only the call's own tenant finds it.
//!
//! A command for a call held by another node is "not found" here; forwarding commands
//! between nodes over the bus is still to come.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use qiao_tenants::TenantId;
use qiao_tenants::error::DomainError;
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

/// Where a transfer goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TransferTo {
    Agent(Uuid),
    Queue(Uuid),
    /// An outside number (E.164), through the organisation's trunk.
    Number(String),
}

pub type Reply<T> = oneshot::Sender<Result<T, DomainError>>;

/// What an agent asks of a call.
pub enum AgentCmd {
    /// The browser's SDP offer; answers our SDP answer.
    Answer {
        agent: Uuid,
        sdp: String,
        reply: Reply<String>,
    },
    Reject {
        agent: Uuid,
        reply: Reply<()>,
    },
    Hangup {
        agent: Uuid,
        reply: Reply<()>,
    },
    Hold {
        agent: Uuid,
        on: bool,
        reply: Reply<()>,
    },
    Transfer {
        agent: Uuid,
        to: TransferTo,
        reply: Reply<()>,
    },
    /// Attended transfer, first step: the caller is held and `to` is offered the call to
    /// talk to the agent.
    Consult {
        agent: Uuid,
        to: Uuid,
        reply: Reply<()>,
    },
    /// Leave the caller with the consulted agent.
    CompleteTransfer {
        agent: Uuid,
        reply: Reply<()>,
    },
    /// Drop the consultation (ringing or connected) and take the caller back.
    CancelConsult {
        agent: Uuid,
        reply: Reply<()>,
    },
    /// Everyone in the call hears everyone: caller, agent and consulted agent.
    Conference {
        agent: Uuid,
        reply: Reply<()>,
    },
    /// Keys to send to the far side (an IVR the agent called, an extension).
    Keys {
        agent: Uuid,
        keys: String,
        reply: Reply<()>,
    },
}

impl AgentCmd {
    /// Answers a command that does not fit the call's state.
    pub fn refuse(self, why: &str) {
        let e = || DomainError::Conflict(why.to_owned());
        match self {
            AgentCmd::Answer { reply, .. } => {
                let _ = reply.send(Err(e()));
            }
            AgentCmd::Reject { reply, .. }
            | AgentCmd::Hangup { reply, .. }
            | AgentCmd::Hold { reply, .. }
            | AgentCmd::Transfer { reply, .. }
            | AgentCmd::Consult { reply, .. }
            | AgentCmd::CompleteTransfer { reply, .. }
            | AgentCmd::CancelConsult { reply, .. }
            | AgentCmd::Conference { reply, .. }
            | AgentCmd::Keys { reply, .. } => {
                let _ = reply.send(Err(e()));
            }
        }
    }

    pub fn agent(&self) -> Uuid {
        match self {
            AgentCmd::Answer { agent, .. }
            | AgentCmd::Reject { agent, .. }
            | AgentCmd::Hangup { agent, .. }
            | AgentCmd::Hold { agent, .. }
            | AgentCmd::Transfer { agent, .. }
            | AgentCmd::Consult { agent, .. }
            | AgentCmd::CompleteTransfer { agent, .. }
            | AgentCmd::CancelConsult { agent, .. }
            | AgentCmd::Conference { agent, .. }
            | AgentCmd::Keys { agent, .. } => *agent,
        }
    }
}

type Map = HashMap<Uuid, (TenantId, mpsc::UnboundedSender<AgentCmd>)>;

#[derive(Clone, Default)]
pub struct LiveCalls {
    inner: Arc<Mutex<Map>>,
}

/// A call's registration; dropping it removes the call.
pub struct LiveCall {
    calls: LiveCalls,
    id: Uuid,
    pub commands: mpsc::UnboundedReceiver<AgentCmd>,
}

impl Drop for LiveCall {
    fn drop(&mut self) {
        self.calls
            .inner
            .lock()
            .expect("live calls")
            .remove(&self.id);
    }
}

impl LiveCalls {
    pub fn register(&self, tenant: TenantId, call: Uuid) -> LiveCall {
        let (tx, rx) = mpsc::unbounded_channel();
        self.inner
            .lock()
            .expect("live calls")
            .insert(call, (tenant, tx));
        LiveCall {
            calls: self.clone(),
            id: call,
            commands: rx,
        }
    }

    /// Sends a command to call `call` of `tenant` and waits for its answer.
    pub async fn ask<T>(
        &self,
        tenant: TenantId,
        call: Uuid,
        make: impl FnOnce(Reply<T>) -> AgentCmd,
    ) -> Result<T, DomainError> {
        let tx = {
            let m = self.inner.lock().expect("live calls");
            match m.get(&call) {
                Some((t, tx)) if *t == tenant => tx.clone(),
                _ => return Err(DomainError::NotFound("call")),
            }
        };
        let (reply, rx) = oneshot::channel();
        tx.send(make(reply))
            .map_err(|_| DomainError::NotFound("call"))?;
        rx.await.map_err(|_| DomainError::NotFound("call"))?
    }
}

/// An agent's command as it travels between nodes.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WireCmd {
    Answer { sdp: String },
    Reject,
    Hangup,
    Hold { on: bool },
    TransferToAgent { to: Uuid },
    TransferToQueue { to: Uuid },
    TransferToNumber { to: String },
    Consult { to: Uuid },
    CompleteTransfer,
    CancelConsult,
    Conference,
    Keys { keys: String },
}

impl LiveCalls {
    /// Runs `cmd` as `agent` on call `call` of `tenant` held by this node; answers JSON (the
    /// SDP answer for `Answer`, `true` otherwise).
    pub async fn command(
        &self,
        tenant: TenantId,
        call: Uuid,
        agent: Uuid,
        cmd: WireCmd,
    ) -> Result<serde_json::Value, DomainError> {
        let done = |()| serde_json::Value::Bool(true);
        match cmd {
            WireCmd::Answer { sdp } => self
                .ask(tenant, call, |reply| AgentCmd::Answer { agent, sdp, reply })
                .await
                .map(serde_json::Value::String),
            WireCmd::Reject => self
                .ask(tenant, call, |reply| AgentCmd::Reject { agent, reply })
                .await
                .map(done),
            WireCmd::Hangup => self
                .ask(tenant, call, |reply| AgentCmd::Hangup { agent, reply })
                .await
                .map(done),
            WireCmd::Hold { on } => self
                .ask(tenant, call, |reply| AgentCmd::Hold { agent, on, reply })
                .await
                .map(done),
            WireCmd::TransferToAgent { to } => self
                .ask(tenant, call, |reply| AgentCmd::Transfer {
                    agent,
                    to: TransferTo::Agent(to),
                    reply,
                })
                .await
                .map(done),
            WireCmd::TransferToQueue { to } => self
                .ask(tenant, call, |reply| AgentCmd::Transfer {
                    agent,
                    to: TransferTo::Queue(to),
                    reply,
                })
                .await
                .map(done),
            WireCmd::TransferToNumber { to } => self
                .ask(tenant, call, |reply| AgentCmd::Transfer {
                    agent,
                    to: TransferTo::Number(to),
                    reply,
                })
                .await
                .map(done),
            WireCmd::Consult { to } => self
                .ask(tenant, call, |reply| AgentCmd::Consult { agent, to, reply })
                .await
                .map(done),
            WireCmd::CompleteTransfer => self
                .ask(tenant, call, |reply| AgentCmd::CompleteTransfer {
                    agent,
                    reply,
                })
                .await
                .map(done),
            WireCmd::CancelConsult => self
                .ask(tenant, call, |reply| AgentCmd::CancelConsult {
                    agent,
                    reply,
                })
                .await
                .map(done),
            WireCmd::Conference => self
                .ask(tenant, call, |reply| AgentCmd::Conference { agent, reply })
                .await
                .map(done),
            WireCmd::Keys { keys } => self
                .ask(tenant, call, |reply| AgentCmd::Keys { agent, keys, reply })
                .await
                .map(done),
        }
    }
}
