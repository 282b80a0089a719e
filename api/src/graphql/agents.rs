//! The agent desktop: presence, the softphone's commands on a call offered to or answered
//! by the acting agent (answer with the browser's SDP, reject, hold, hang up, transfer),
//! wrap-up, the supervisors' view of every agent, and a call's legs.

use async_graphql::{Context, Enum, ID, Object, Result, SimpleObject, Subscription};
use chrono::{DateTime, Utc};
use futures::{Stream, StreamExt};
use qiao_tenants::calls::agents::Presence;
use qiao_tenants::entities::{agent_state, call_leg};
use qiao_tenants::events::EventKind;

use super::kit;
use super::types::TenantEvent;
use crate::caller::Caller;
use crate::error::Gql;

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum AgentPresence {
    LoggedOut,
    Available,
    NotReady,
    AfterCallWork,
}

impl From<AgentPresence> for Presence {
    fn from(p: AgentPresence) -> Self {
        match p {
            AgentPresence::LoggedOut => Presence::LoggedOut,
            AgentPresence::Available => Presence::Available,
            AgentPresence::NotReady => Presence::NotReady,
            AgentPresence::AfterCallWork => Presence::AfterCallWork,
        }
    }
}

fn presence_gql(s: &str) -> AgentPresence {
    match Presence::parse(s) {
        Some(Presence::Available) => AgentPresence::Available,
        Some(Presence::NotReady) => AgentPresence::NotReady,
        Some(Presence::AfterCallWork) => AgentPresence::AfterCallWork,
        _ => AgentPresence::LoggedOut,
    }
}

/// An agent's presence: what they said, since when, and what rings or runs for them.
#[derive(SimpleObject)]
pub struct AgentState {
    pub agent_id: ID,
    pub email: Option<String>,
    pub state: AgentPresence,
    /// Why they are not ready (a break reason, or "missed").
    pub reason: String,
    pub since: DateTime<Utc>,
    /// The call ringing at them.
    pub offer_call_id: Option<ID>,
    /// The call they are on.
    pub call_id: Option<ID>,
    /// After-call work ends by itself at this time.
    pub after_call_work_until: Option<DateTime<Utc>>,
    /// Offers ring on the agent's desk phone instead of the console.
    pub desk_phone: bool,
}

fn state_gql(s: agent_state::Model, email: Option<String>) -> AgentState {
    AgentState {
        agent_id: ID(s.user_id.to_string()),
        email,
        state: presence_gql(&s.state),
        reason: s.reason,
        since: s.since,
        offer_call_id: s.offer_call_id.map(|c| ID(c.to_string())),
        call_id: s.call_id.map(|c| ID(c.to_string())),
        after_call_work_until: s.acw_until,
        desk_phone: s.device == "desk_phone",
    }
}

/// One offer of a call to an agent and what became of it.
#[derive(SimpleObject)]
pub struct CallLeg {
    pub id: ID,
    pub call_id: ID,
    pub agent_id: ID,
    /// offered, answered, missed, rejected, withdrawn, ended or transferred.
    pub outcome: String,
    pub offered_at: DateTime<Utc>,
    pub answered_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
    pub wrap_up_code: Option<String>,
    pub notes: String,
}

impl From<call_leg::Model> for CallLeg {
    fn from(l: call_leg::Model) -> Self {
        Self {
            id: ID(l.id.to_string()),
            call_id: ID(l.call_id.to_string()),
            agent_id: ID(l.user_id.to_string()),
            outcome: l.outcome,
            offered_at: l.offered_at,
            answered_at: l.answered_at,
            ended_at: l.ended_at,
            wrap_up_code: l.wrap_up_code,
            notes: l.notes,
        }
    }
}

#[derive(SimpleObject)]
pub struct TransferQueue {
    pub id: ID,
    pub name: String,
}

/// ICE servers for the browser's RTCPeerConnection.
#[derive(SimpleObject)]
pub struct IceServerConfig {
    pub urls: Vec<String>,
    pub username: Option<String>,
    pub credential: Option<String>,
}

#[derive(Default)]
pub struct AgentQuery;

#[Object]
impl AgentQuery {
    /// The acting user's own presence as an agent.
    async fn my_agent_state(&self, cx: &Context<'_>) -> Result<AgentState> {
        let (state, ctx) = super::tenant(cx).await?;
        let row = state
            .calls
            .my_agent_state(&ctx.can_take_calls().gql()?)
            .await
            .gql()?;
        Ok(state_gql(row, None))
    }

    /// Every agent's presence: the team's status (transfer targets, the wallboard).
    async fn agent_states(&self, cx: &Context<'_>) -> Result<Vec<AgentState>> {
        let (state, ctx) = super::tenant(cx).await?;
        let rows = state
            .calls
            .agent_states(&ctx.can_take_calls().gql()?)
            .await
            .gql()?;
        Ok(rows
            .into_iter()
            .map(|v| state_gql(v.state, Some(v.email)))
            .collect())
    }

    /// The offers of one call to agents (supervisors and above).
    async fn call_legs(&self, cx: &Context<'_>, call_id: ID) -> Result<Vec<CallLeg>> {
        let (state, ctx) = super::tenant(cx).await?;
        ctx.can_view_calls().gql()?;
        let id = kit::id::<uuid::Uuid>(&call_id, "callId")?;
        let rows = state.calls.call_legs(ctx, id).await.gql()?;
        Ok(rows.into_iter().map(CallLeg::from).collect())
    }

    /// Queues a call can be transferred to.
    async fn transfer_queues(&self, cx: &Context<'_>) -> Result<Vec<TransferQueue>> {
        let (state, ctx) = super::tenant(cx).await?;
        let rows = state
            .calls
            .transfer_queues(&ctx.can_take_calls().gql()?)
            .await
            .gql()?;
        Ok(rows
            .into_iter()
            .map(|(id, name)| TransferQueue {
                id: ID(id.to_string()),
                name,
            })
            .collect())
    }

    /// ICE servers (TURN) the softphone should use besides its own host candidates.
    async fn ice_servers(&self, cx: &Context<'_>) -> Result<Vec<IceServerConfig>> {
        let (state, ctx) = super::tenant(cx).await?;
        ctx.can_take_calls().gql()?;
        let r = &state.config.routing;
        Ok(r.turn_url
            .iter()
            .map(|url| IceServerConfig {
                urls: vec![url.clone()],
                username: r.turn_username.clone(),
                credential: r.turn_password.as_ref().map(|p| p.0.clone()),
            })
            .collect())
    }
}

#[derive(Default)]
pub struct AgentMutation;

#[Object]
impl AgentMutation {
    /// Logs in (available or not ready), takes a break (not ready with a reason), comes
    /// back, or logs out. A call in progress is never cut; new offers stop.
    async fn set_presence(
        &self,
        cx: &Context<'_>,
        state: AgentPresence,
        reason: Option<String>,
        #[graphql(
            desc = "Ring offers on your desk phone (true) or in the console (false); unchanged when omitted."
        )]
        desk_phone: Option<bool>,
    ) -> Result<AgentState> {
        let (app, ctx) = super::tenant(cx).await?;
        let row = app
            .calls
            .set_presence(
                &ctx.can_take_calls().gql()?,
                state.into(),
                reason.as_deref().unwrap_or(""),
                desk_phone,
            )
            .await
            .gql()?;
        app.calls.publish_presence(ctx.tenant_id(), &row).await;
        Ok(state_gql(row, None))
    }
}

#[derive(Default)]
pub struct AgentSubscription;

#[Subscription]
impl AgentSubscription {
    /// The acting agent's own offers (with the screen pop), call changes and presence, as
    /// they happen on any node. `everyone: true` (supervisors) streams every agent's.
    async fn agent_events(
        &self,
        cx: &Context<'_>,
        #[graphql(default = false)] everyone: bool,
    ) -> Result<impl Stream<Item = TenantEvent> + use<>> {
        let (state, caller) = (cx.data::<crate::state::AppState>()?, cx.data::<Caller>()?);
        let ctx = caller.tenant(&state.accounts).await.gql()?;
        let me = ctx.can_take_calls().gql()?.agent.as_uuid().to_string();
        if everyone {
            ctx.can_view_calls().gql()?;
        }
        let tenant = ctx.tenant_id();
        let stream = state
            .bus
            .subscribe(tenant)
            .await
            .map_err(anyhow::Error::from)
            .gql()?;
        let shutdown = state.shutdown.clone();
        Ok(stream
            .filter(move |e| {
                let mine = e.tenant_id == tenant
                    && matches!(
                        e.kind,
                        EventKind::AgentState | EventKind::AgentOffer | EventKind::AgentCall
                    )
                    && (everyone || e.data["agent"].as_str() == Some(me.as_str()));
                std::future::ready(mine)
            })
            .map(TenantEvent::from)
            .take_until(async move { shutdown.wait().await }))
    }
}
