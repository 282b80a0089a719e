//! The agent's softphone: answering, rejecting, holding, transferring, consulting,
//! conferencing, keys and hang-up of the calls offered to them, dialling out, and wrap-up.

use async_graphql::{Context, ID, Object, Result, SimpleObject};

use super::agents::CallLeg;
use super::kit;
use crate::error::{ApiError, Gql};
use crate::voice::live::WireCmd;
use qiao_tenants::ctx::TakeCalls;

/// A call placed from the softphone.
#[derive(SimpleObject)]
pub struct DialOut {
    pub call_id: ID,
    /// Qiao's SDP answer for the browser.
    pub sdp: String,
}

/// Runs a command on a call as the acting agent (this node or the one holding the call).
async fn ask(cx: &Context<'_>, call_id: &ID, cmd: WireCmd) -> Result<serde_json::Value> {
    let (state, cap) = kit::guard::<TakeCalls>(cx).await?;
    let call = kit::id::<uuid::Uuid>(call_id, "callId")?;
    state.voice.command(&cap, call, cmd).await.gql()
}

#[derive(Default)]
pub struct SoftphoneMutation;

#[Object]
impl SoftphoneMutation {
    /// Answers the call offered to you with your browser's SDP offer (PCMU); returns
    /// Qiao's SDP answer with its ICE candidates.
    async fn answer_call(&self, cx: &Context<'_>, call_id: ID, sdp: String) -> Result<String> {
        if sdp.len() > 64 * 1024 || !sdp.starts_with("v=0") {
            return Err(ApiError::bad_input("sdp must be an SDP offer (v=0…)").into_gql());
        }
        let v = ask(cx, &call_id, WireCmd::Answer { sdp }).await?;
        Ok(v.as_str().unwrap_or_default().to_owned())
    }

    /// Declines the call offered to you; it goes to the next agent.
    async fn reject_call(&self, cx: &Context<'_>, call_id: ID) -> Result<bool> {
        ask(cx, &call_id, WireCmd::Reject).await?;
        Ok(true)
    }

    /// Hangs up your call.
    async fn hang_up_call(&self, cx: &Context<'_>, call_id: ID) -> Result<bool> {
        ask(cx, &call_id, WireCmd::Hangup).await?;
        Ok(true)
    }

    /// Puts the caller on hold (music) or takes them off hold.
    async fn hold_call(&self, cx: &Context<'_>, call_id: ID, on: bool) -> Result<bool> {
        ask(cx, &call_id, WireCmd::Hold { on }).await?;
        Ok(true)
    }

    /// Blind transfer of your call to another agent, a queue, or an outside number (E.164,
    /// through the organisation's trunk): exactly one.
    async fn transfer_call(
        &self,
        cx: &Context<'_>,
        call_id: ID,
        agent_id: Option<ID>,
        queue_id: Option<ID>,
        number: Option<String>,
    ) -> Result<bool> {
        let cmd = match (agent_id, queue_id, number) {
            (Some(a), None, None) => WireCmd::TransferToAgent {
                to: kit::id::<uuid::Uuid>(&a, "agentId")?,
            },
            (None, Some(q), None) => WireCmd::TransferToQueue {
                to: kit::id::<uuid::Uuid>(&q, "queueId")?,
            },
            (None, None, Some(n)) => WireCmd::TransferToNumber {
                to: qiao_tenants::values::E164::parse(n.trim())
                    .map_err(|e| ApiError::bad_input(format!("number: {}", e.reason)).into_gql())?
                    .as_str()
                    .to_owned(),
            },
            _ => {
                return Err(
                    ApiError::bad_input("give exactly one of agentId, queueId and number")
                        .into_gql(),
                );
            }
        };
        ask(cx, &call_id, cmd).await?;
        Ok(true)
    }

    /// Attended transfer, first step: the caller hears music while `agentId` is offered the
    /// call to talk to you. Then `completeTransfer`, `cancelConsult` or `startConference`.
    async fn consult_call(&self, cx: &Context<'_>, call_id: ID, agent_id: ID) -> Result<bool> {
        let to = kit::id::<uuid::Uuid>(&agent_id, "agentId")?;
        ask(cx, &call_id, WireCmd::Consult { to }).await?;
        Ok(true)
    }

    /// Leaves the caller with the agent you consulted.
    async fn complete_transfer(&self, cx: &Context<'_>, call_id: ID) -> Result<bool> {
        ask(cx, &call_id, WireCmd::CompleteTransfer).await?;
        Ok(true)
    }

    /// Ends the consultation (ringing or connected) and takes the caller back.
    async fn cancel_consult(&self, cx: &Context<'_>, call_id: ID) -> Result<bool> {
        ask(cx, &call_id, WireCmd::CancelConsult).await?;
        Ok(true)
    }

    /// Three-way conference: the caller, you and the agent you consulted all hear each
    /// other.
    async fn start_conference(&self, cx: &Context<'_>, call_id: ID) -> Result<bool> {
        ask(cx, &call_id, WireCmd::Conference).await?;
        Ok(true)
    }

    /// Sends keys (0–9, *, #, A–D; at most 32) to the other side of your call, as RFC 4733
    /// events: for an IVR or an extension you called.
    async fn send_keys(&self, cx: &Context<'_>, call_id: ID, keys: String) -> Result<bool> {
        let keys = keys.trim().to_ascii_uppercase();
        if keys.is_empty()
            || keys.chars().count() > 32
            || !keys
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '*' | '#' | 'A'..='D'))
        {
            return Err(ApiError::bad_input("keys must be 1 to 32 of 0-9, *, #, A-D").into_gql());
        }
        ask(cx, &call_id, WireCmd::Keys { keys }).await?;
        Ok(true)
    }

    /// Calls a number from your softphone (your browser's SDP offer), through the trunk of
    /// the organisation's first number with a trunk, that number as caller ID. Answers the
    /// call's id and Qiao's SDP answer; the callee is heard once they pick up.
    async fn dial_out(&self, cx: &Context<'_>, number: String, sdp: String) -> Result<DialOut> {
        if sdp.len() > 64 * 1024 || !sdp.starts_with("v=0") {
            return Err(ApiError::bad_input("sdp must be an SDP offer (v=0…)").into_gql());
        }
        let to = qiao_tenants::values::E164::parse(number.trim())
            .map_err(|e| ApiError::bad_input(format!("number: {}", e.reason)).into_gql())?;
        let (state, cap) = kit::guard::<TakeCalls>(cx).await?;
        let (id, sdp) = state.voice.dial_out(&cap, &to, sdp).await.gql()?;
        Ok(DialOut {
            call_id: ID(id.to_string()),
            sdp,
        })
    }

    /// Wraps up one of your answered calls: a wrap-up code and notes. Ends after-call work.
    async fn wrap_up_call(
        &self,
        cx: &Context<'_>,
        leg_id: ID,
        code: String,
        notes: Option<String>,
    ) -> Result<CallLeg> {
        let (app, ctx) = super::tenant(cx).await?;
        let cap = ctx.can_take_calls().gql()?;
        let leg = kit::id::<uuid::Uuid>(&leg_id, "legId")?;
        let row = app
            .calls
            .wrap_up(&cap, leg, &code, notes.as_deref().unwrap_or(""))
            .await
            .gql()?;
        if let Ok(s) = app.calls.my_agent_state(&cap).await {
            app.calls.publish_presence(ctx.tenant_id(), &s).await;
        }
        Ok(row.into())
    }
}
