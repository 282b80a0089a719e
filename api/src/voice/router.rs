//! The node's router: one task that owns a routing `Engine` per tenant with callers
//! waiting here, feeds it the tenant's agents (the roster from the database, then every
//! presence change from the event bus, whichever node made it) and tells each waiting call
//! whom to offer itself to. The engine only decides; the call then reserves the agent in
//! the database (a conditional update), so two nodes never ring one agent at once.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use futures::StreamExt;
use qiao_tenants::TenantId;
use qiao_tenants::calls::agents::{Presence, RosterEntry};
use qiao_tenants::ctx::CallAccess;
use qiao_tenants::events::{EventKind, TenantEvent};
use qiao_tenants::routing::{AgentProfile, Channel, ContactSpec, Decision, Engine, EngineConfig};
use tokio::sync::mpsc;
use uuid::Uuid;

use super::deps::VoiceDeps;

/// What the router tells a waiting call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RouteEvent {
    /// Offer yourself to this agent (reserve them first).
    Offer { agent: Uuid },
    /// The agent did not answer in time.
    Missed { agent: Uuid },
    /// The agent logged out while it rang.
    Withdrawn { agent: Uuid },
}

enum Cmd {
    Enqueue {
        access: CallAccess,
        spec: Box<ContactSpec>,
        events: mpsc::UnboundedSender<RouteEvent>,
    },
    Leave(TenantId, Uuid),
    Accepted(TenantId, Uuid),
    Rejected(TenantId, Uuid),
    ReservationFailed(TenantId, Uuid, Uuid),
    InteractionEnded(TenantId, Uuid),
    Roster(TenantId, Vec<RosterEntry>),
    Presence(TenantId, Uuid, Presence),
}

#[derive(Clone)]
pub struct Router {
    tx: mpsc::UnboundedSender<Cmd>,
}

struct Pool {
    access: CallAccess,
    engine: Engine,
    waiting: HashMap<Uuid, mpsc::UnboundedSender<RouteEvent>>,
    agents: HashSet<Uuid>,
    reloading: bool,
}

impl Router {
    pub fn start(state: VoiceDeps, ring_timeout: Duration) -> Self {
        let (tx, rx) = mpsc::unbounded_channel();
        let router = Self { tx };
        tokio::spawn(run(state, router.clone(), rx, ring_timeout));
        router
    }

    fn send(&self, c: Cmd) {
        let _ = self.tx.send(c);
    }

    /// Puts a contact up for routing; offers and missed offers come on the receiver.
    pub fn enqueue(
        &self,
        access: &CallAccess,
        spec: ContactSpec,
    ) -> mpsc::UnboundedReceiver<RouteEvent> {
        let (events, rx) = mpsc::unbounded_channel();
        self.send(Cmd::Enqueue {
            access: access.clone(),
            spec: Box::new(spec),
            events,
        });
        rx
    }

    pub fn leave(&self, tenant: TenantId, contact: Uuid) {
        self.send(Cmd::Leave(tenant, contact));
    }
    pub fn accepted(&self, tenant: TenantId, contact: Uuid) {
        self.send(Cmd::Accepted(tenant, contact));
    }
    pub fn rejected(&self, tenant: TenantId, contact: Uuid) {
        self.send(Cmd::Rejected(tenant, contact));
    }
    pub fn reservation_failed(&self, tenant: TenantId, contact: Uuid, agent: Uuid) {
        self.send(Cmd::ReservationFailed(tenant, contact, agent));
    }
    pub fn interaction_ended(&self, tenant: TenantId, agent: Uuid) {
        self.send(Cmd::InteractionEnded(tenant, agent));
    }
}

fn profile(tenant: TenantId, e: &RosterEntry) -> AgentProfile {
    AgentProfile {
        id: e.user_id,
        tenant: tenant.as_uuid(),
        skills: e.skills.clone(),
        max_chats: 0,
    }
}

fn load_roster(state: &VoiceDeps, router: &Router, access: &CallAccess) {
    let (state, router, access) = (state.clone(), router.clone(), access.clone());
    tokio::spawn(async move {
        match state.calls.routing_roster(&access).await {
            Ok(r) => router.send(Cmd::Roster(access.tenant_id(), r)),
            Err(e) => tracing::error!(error = %e, "loading the agents for routing"),
        }
    });
}

/// Follows the tenant's presence changes from every node.
fn follow_presence(state: &VoiceDeps, router: &Router, tenant: TenantId) {
    let (state, router) = (state.clone(), router.clone());
    tokio::spawn(async move {
        let mut stream = match state.bus.subscribe(tenant).await {
            Ok(s) => s,
            Err(e) => {
                tracing::error!(error = %e, "routing cannot follow presence");
                return;
            }
        };
        let shutdown = state.shutdown.clone();
        loop {
            let e: TenantEvent = tokio::select! {
                e = stream.next() => match e { Some(e) => e, None => return },
                () = shutdown.wait() => return,
            };
            if e.tenant_id != tenant || e.kind != EventKind::AgentState {
                continue;
            }
            let agent = e.data["agent"].as_str().and_then(|a| a.parse().ok());
            let presence = e.data["state"].as_str().and_then(Presence::parse);
            if let (Some(agent), Some(p)) = (agent, presence) {
                router.send(Cmd::Presence(tenant, agent, p));
            }
        }
    });
}

async fn run(
    state: VoiceDeps,
    router: Router,
    mut rx: mpsc::UnboundedReceiver<Cmd>,
    ring_timeout: Duration,
) {
    let config = EngineConfig {
        ring_timeout,
        ..EngineConfig::default()
    };
    let mut pools: HashMap<TenantId, Pool> = HashMap::new();
    loop {
        let next = pools.values().filter_map(|p| p.engine.poll_timeout()).min();
        let sleep = async {
            match next {
                Some(t) => tokio::time::sleep_until(t.into()).await,
                None => std::future::pending().await,
            }
        };
        let cmd = tokio::select! {
            c = rx.recv() => match c { Some(c) => Some(c), None => return },
            () = sleep => None,
        };
        let now = Instant::now();
        if let Some(cmd) = cmd {
            apply(&state, &router, &mut pools, &config, cmd, now);
        }
        // The engine keeps dirty sets: polling a pool where nothing changed costs little.
        for pool in pools.values_mut() {
            for d in pool.engine.poll(now) {
                let (contact, ev) = match d {
                    Decision::Offer { contact, agent, .. } => {
                        (contact, RouteEvent::Offer { agent })
                    }
                    Decision::Missed { contact, agent } => (contact, RouteEvent::Missed { agent }),
                };
                if let Some(tx) = pool.waiting.get(&contact) {
                    let _ = tx.send(ev);
                }
            }
        }
    }
}

fn apply(
    state: &VoiceDeps,
    router: &Router,
    pools: &mut HashMap<TenantId, Pool>,
    config: &EngineConfig,
    cmd: Cmd,
    now: Instant,
) {
    match cmd {
        Cmd::Enqueue {
            access,
            spec,
            events,
        } => {
            let tenant = access.tenant_id();
            let pool = pools.entry(tenant).or_insert_with(|| {
                follow_presence(state, router, tenant);
                load_roster(state, router, &access);
                Pool {
                    access: access.clone(),
                    engine: Engine::new(config.clone()),
                    waiting: HashMap::new(),
                    agents: HashSet::new(),
                    reloading: true,
                }
            });
            pool.waiting.insert(spec.id, events);
            pool.engine.contact_arrived(*spec, now);
        }
        Cmd::Leave(t, contact) => {
            if let Some(p) = pools.get_mut(&t) {
                p.waiting.remove(&contact);
                p.engine.contact_left(contact);
            }
        }
        Cmd::Accepted(t, contact) => {
            if let Some(p) = pools.get_mut(&t) {
                p.waiting.remove(&contact);
                if !p.engine.offer_accepted(contact, now) {
                    // Not ringing in the engine any more (it rang out meanwhile): drop it.
                    p.engine.contact_left(contact);
                }
            }
        }
        Cmd::Rejected(t, contact) => {
            if let Some(p) = pools.get_mut(&t) {
                p.engine.offer_rejected(contact, now);
            }
        }
        Cmd::ReservationFailed(t, contact, agent) => {
            if let Some(p) = pools.get_mut(&t) {
                p.engine.reservation_failed(contact, agent);
            }
        }
        Cmd::InteractionEnded(t, agent) => {
            if let Some(p) = pools.get_mut(&t) {
                p.engine.interaction_ended(agent, Channel::Voice, now);
            }
        }
        Cmd::Roster(t, roster) => {
            if let Some(p) = pools.get_mut(&t) {
                p.reloading = false;
                let present: HashSet<Uuid> = roster.iter().map(|e| e.user_id).collect();
                for gone in p.agents.difference(&present).copied().collect::<Vec<_>>() {
                    logout(p, gone);
                }
                for e in &roster {
                    if p.agents.insert(e.user_id) {
                        p.engine.agent_login(profile(t, e), now);
                    } else {
                        p.engine.agent_update(profile(t, e));
                    }
                    if e.presence == Presence::Available && !e.on_call && e.ringing.is_none() {
                        p.engine.agent_available(e.user_id, now);
                    } else {
                        p.engine.agent_not_ready(e.user_id);
                    }
                }
            }
        }
        Cmd::Presence(t, agent, presence) => {
            if let Some(p) = pools.get_mut(&t) {
                match presence {
                    Presence::LoggedOut => logout(p, agent),
                    // Someone new (or whose skills may have changed): read them again.
                    _ if !p.agents.contains(&agent) => {
                        if !p.reloading {
                            p.reloading = true;
                            load_roster(state, router, &p.access);
                        }
                    }
                    Presence::Available => p.engine.agent_available(agent, now),
                    Presence::NotReady | Presence::AfterCallWork => {
                        p.engine.agent_not_ready(agent);
                    }
                }
            }
        }
    }
}

fn logout(p: &mut Pool, agent: Uuid) {
    p.agents.remove(&agent);
    if let Some(contact) = p.engine.agent_logout(agent)
        && let Some(tx) = p.waiting.get(&contact)
    {
        let _ = tx.send(RouteEvent::Withdrawn { agent });
    }
}
