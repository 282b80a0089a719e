//! The engine's state and the events it is fed: agents logging in and out, changing state,
//! contacts arriving and leaving, offers answered or refused.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::time::Instant;

use uuid::Uuid;

use super::index::{ClassId, Classes, normalize};
use super::model::{
    AgentProfile, AgentSnapshot, AgentState, Channel, ContactSpec, EngineConfig, NotReadyReason,
};
use super::order::{ContactRank, FreeKey};

/// The routing engine; see the [module documentation](super).
#[derive(Debug)]
pub struct Engine {
    pub(super) cfg: EngineConfig,
    /// The reference instant of contact ranks: the arrival of the first contact.
    pub(super) epoch: Option<Instant>,
    pub(super) agents: HashMap<Uuid, AgentEntry>,
    pub(super) contacts: HashMap<Uuid, ContactEntry>,
    pub(super) classes: Classes,
    /// Logged-in agents per tenant.
    pub(super) tenant_agents: HashMap<Uuid, BTreeSet<Uuid>>,
    /// Contacts in a sticky or dedicated window that is in force, per window agent.
    pub(super) reserved: HashMap<Uuid, BTreeSet<ContactRank>>,
    /// Contacts naming an agent as dedicated or sticky, per agent (window in force or not).
    pub(super) named_by: HashMap<Uuid, BTreeSet<Uuid>>,
    /// Every contact in the engine per queue, for `position`.
    pub(super) queues: HashMap<Uuid, BTreeSet<ContactRank>>,
    /// Ring deadlines.
    pub(super) rings: BTreeSet<(Instant, Uuid)>,
    /// Instants at which a contact's requirements, escalation or window change.
    pub(super) changes: BTreeSet<(Instant, Uuid)>,
    /// Agents that may have become able to take a contact since the last poll.
    pub(super) dirty_agents: BTreeSet<Uuid>,
    /// Contacts that arrived or became routable again since the last poll.
    pub(super) dirty_contacts: BTreeSet<Uuid>,
}

#[derive(Debug)]
pub(super) struct AgentEntry {
    pub(super) profile: AgentProfile,
    pub(super) state: AgentState,
    pub(super) reason: Option<NotReadyReason>,
    pub(super) ringing: Option<Uuid>,
    pub(super) voice: u8,
    pub(super) chats: u8,
    pub(super) idle_since: Instant,
    pub(super) reserved_elsewhere: bool,
    /// Classes of the agent's tenant whose skills it meets, with its proficiency sum there.
    pub(super) classes: Vec<(ClassId, u32)>,
    /// Where the agent sits in classes' free sets.
    pub(super) indexed: Vec<(ClassId, FreeKey)>,
}

impl AgentEntry {
    /// Available, not ringing and not reserved by another node.
    pub(super) fn free(&self) -> bool {
        self.state == AgentState::Available && self.ringing.is_none() && !self.reserved_elsewhere
    }

    pub(super) fn has_room(&self, channel: Channel) -> bool {
        match channel {
            Channel::Voice => self.voice == 0,
            Channel::Chat => self.chats < self.profile.max_chats,
        }
    }
}

/// Where a contact is indexed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Placement {
    /// Ringing (or being removed).
    Nowhere,
    /// In a window: only this agent's reserved set.
    Reserved(Uuid),
    /// Its current requirement class, and the escalation class once escalated.
    Classes(ClassId, Option<ClassId>),
}

#[derive(Debug)]
pub(super) struct ContactEntry {
    /// With requirements normalized and expansions sorted by delay.
    pub(super) spec: ContactSpec,
    pub(super) rank: ContactRank,
    /// Agents that rejected or missed the contact.
    pub(super) excluded: HashSet<Uuid>,
    pub(super) ringing: Option<(Uuid, Instant)>,
    /// 0 = `spec.skills`, i = `spec.expansions[i - 1]`.
    pub(super) stage: usize,
    pub(super) escalated: bool,
    pub(super) sticky_open: bool,
    /// The class of each stage.
    pub(super) stage_classes: Vec<ClassId>,
    pub(super) escalation_class: Option<ClassId>,
    pub(super) placed: Placement,
    pub(super) next_change: Option<Instant>,
}

impl Engine {
    pub fn new(cfg: EngineConfig) -> Self {
        Self {
            cfg,
            epoch: None,
            agents: HashMap::new(),
            contacts: HashMap::new(),
            classes: Classes::default(),
            tenant_agents: HashMap::new(),
            reserved: HashMap::new(),
            named_by: HashMap::new(),
            queues: HashMap::new(),
            rings: BTreeSet::new(),
            changes: BTreeSet::new(),
            dirty_agents: BTreeSet::new(),
            dirty_contacts: BTreeSet::new(),
        }
    }

    pub fn config(&self) -> &EngineConfig {
        &self.cfg
    }

    /// The agent is logged in, NotReady, idle since `now`. Logging in an agent that is
    /// already logged in only updates its profile, as [`agent_update`](Self::agent_update).
    pub fn agent_login(&mut self, p: AgentProfile, now: Instant) {
        if self.agents.contains_key(&p.id) {
            self.agent_update(p);
            return;
        }
        let id = p.id;
        let classes = self.qualifying_classes(&p);
        self.tenant_agents.entry(p.tenant).or_default().insert(id);
        self.agents.insert(
            id,
            AgentEntry {
                profile: p,
                state: AgentState::NotReady,
                reason: Some(NotReadyReason::LoggedIn),
                ringing: None,
                voice: 0,
                chats: 0,
                idle_since: now,
                reserved_elsewhere: false,
                classes,
                indexed: Vec::new(),
            },
        );
        self.replace_named(id);
    }

    /// The agent's skills, capacity or tenant changed.
    pub fn agent_update(&mut self, p: AgentProfile) {
        let id = p.id;
        let classes = self.qualifying_classes(&p);
        let Some(a) = self.agents.get_mut(&id) else {
            return;
        };
        if a.profile.tenant != p.tenant {
            if let Some(set) = self.tenant_agents.get_mut(&a.profile.tenant) {
                set.remove(&id);
            }
            self.tenant_agents.entry(p.tenant).or_default().insert(id);
        }
        a.profile = p;
        a.classes = classes;
        self.reindex_agent(id);
        self.dirty_agents.insert(id);
        self.replace_named(id);
    }

    /// The agent logged out. Returns the contact it was being offered, which waits again.
    pub fn agent_logout(&mut self, agent: Uuid) -> Option<Uuid> {
        let ringing = self.agents.get(&agent)?.ringing;
        if let Some(contact) = ringing {
            self.end_ring(contact);
        }
        if let Some(mut a) = self.agents.remove(&agent) {
            for (class, key) in a.indexed.drain(..) {
                self.classes.get_mut(class).free.remove(&key);
            }
            if let Some(set) = self.tenant_agents.get_mut(&a.profile.tenant) {
                set.remove(&agent);
            }
        }
        self.dirty_agents.remove(&agent);
        if let Some(contact) = ringing {
            self.requeue(contact);
        }
        self.replace_named(agent);
        ringing
    }

    /// The agent is ready for offers. Its idle time starts now unless it was already
    /// Available (idle_since = max(end of its last interaction, when it became available)).
    /// Coming back from not ready clears what it missed or declined.
    pub fn agent_available(&mut self, agent: Uuid, now: Instant) {
        let Some(a) = self.agents.get_mut(&agent) else {
            return;
        };
        if a.state != AgentState::Available || a.reserved_elsewhere {
            a.idle_since = a.idle_since.max(now);
        }
        let returning = a.state != AgentState::Available;
        a.state = AgentState::Available;
        a.reason = None;
        a.reserved_elsewhere = false;
        // Coming back from not ready, the agent may be offered again what they missed or
        // declined before: a caller never waits on while the only qualified agent is free.
        if returning {
            for c in self.contacts.values_mut() {
                c.excluded.remove(&agent);
            }
        }
        self.reindex_agent(agent);
        self.dirty_agents.insert(agent);
    }

    /// Break or after-call work: no new offers. Interactions in progress, and an offer already
    /// ringing, continue.
    pub fn agent_not_ready(&mut self, agent: Uuid) {
        let Some(a) = self.agents.get_mut(&agent) else {
            return;
        };
        a.state = AgentState::NotReady;
        a.reason = Some(NotReadyReason::Requested);
        self.reindex_agent(agent);
    }

    /// A contact waits for an agent. A contact id already in the engine is replaced.
    pub fn contact_arrived(&mut self, mut c: ContactSpec, now: Instant) {
        if self.contacts.contains_key(&c.id) {
            self.contact_left(c.id);
        }
        let id = c.id;
        let epoch = *self.epoch.get_or_insert(c.arrived);
        c.skills = normalize(std::mem::take(&mut c.skills));
        c.expansions.sort_by_key(|(after, _)| *after);
        for (_, skills) in &mut c.expansions {
            *skills = normalize(std::mem::take(skills));
        }
        if let Some(e) = &mut c.escalation {
            e.skills = normalize(std::mem::take(&mut e.skills));
        }
        let mut stage_classes = vec![self.class_for(c.tenant, c.channel, &c.skills)];
        for (_, skills) in &c.expansions {
            stage_classes.push(self.class_for(c.tenant, c.channel, skills));
        }
        let escalation_class = c
            .escalation
            .as_ref()
            .map(|e| self.class_for(e.tenant, c.channel, &e.skills));
        let rank = ContactRank::new(&self.cfg, epoch, c.priority, c.vip, c.arrived, id);
        self.queues.entry(c.queue).or_default().insert(rank);
        for agent in c.dedicated.into_iter().chain(c.sticky.map(|(a, _)| a)) {
            self.named_by.entry(agent).or_default().insert(id);
        }
        self.contacts.insert(
            id,
            ContactEntry {
                spec: c,
                rank,
                excluded: HashSet::new(),
                ringing: None,
                stage: 0,
                escalated: false,
                sticky_open: false,
                stage_classes,
                escalation_class,
                placed: Placement::Nowhere,
                next_change: None,
            },
        );
        self.refresh(id, now);
        self.requeue(id);
    }

    /// The contact abandoned, overflowed or was answered elsewhere. Returns the agent it was
    /// ringing, whose reservation is released.
    pub fn contact_left(&mut self, contact: Uuid) -> Option<Uuid> {
        let agent = self.end_ring(contact);
        self.remove_contact(contact);
        agent
    }

    /// The ringing agent answered: the contact leaves the engine and the agent's load on its
    /// channel grows by one. False if the contact was not ringing.
    pub fn offer_accepted(&mut self, contact: Uuid, now: Instant) -> bool {
        let Some((agent, channel)) = self
            .contacts
            .get(&contact)
            .and_then(|c| Some((c.ringing?.0, c.spec.channel)))
        else {
            return false;
        };
        if let Some(a) = self.agents.get_mut(&agent) {
            match channel {
                Channel::Voice => a.voice = a.voice.saturating_add(1),
                Channel::Chat => a.chats = a.chats.saturating_add(1),
            }
            a.idle_since = a.idle_since.max(now);
        }
        // Ending the ring re-indexes the agent with its new load.
        self.end_ring(contact);
        self.remove_contact(contact);
        true
    }

    /// The agent declined: the contact waits again, never to be offered to that agent; the
    /// agent stays available.
    pub fn offer_rejected(&mut self, contact: Uuid, now: Instant) {
        let Some(agent) = self.end_ring(contact) else {
            return;
        };
        if let Some(c) = self.contacts.get_mut(&contact) {
            c.excluded.insert(agent);
        }
        self.refresh(contact, now);
        self.requeue(contact);
    }

    /// The durable store said the agent is taken (by another node): the agent counts as busy
    /// until [`agent_available`](Self::agent_available) or
    /// [`interaction_ended`](Self::interaction_ended); the contact, if it was ringing that
    /// agent, waits again (the agent is not excluded for it).
    pub fn reservation_failed(&mut self, contact: Uuid, agent: Uuid) {
        if self
            .contacts
            .get(&contact)
            .and_then(|c| c.ringing)
            .is_some_and(|(a, _)| a == agent)
        {
            self.end_ring(contact);
            self.requeue(contact);
        }
        if let Some(a) = self.agents.get_mut(&agent) {
            a.reserved_elsewhere = true;
            self.reindex_agent(agent);
        }
        self.dirty_agents.remove(&agent);
    }

    /// An interaction of the agent on `channel` ended: load − 1, idle since `now`.
    pub fn interaction_ended(&mut self, agent: Uuid, channel: Channel, now: Instant) {
        let Some(a) = self.agents.get_mut(&agent) else {
            return;
        };
        match channel {
            Channel::Voice => a.voice = a.voice.saturating_sub(1),
            Channel::Chat => a.chats = a.chats.saturating_sub(1),
        }
        a.idle_since = a.idle_since.max(now);
        a.reserved_elsewhere = false;
        self.reindex_agent(agent);
        self.dirty_agents.insert(agent);
    }

    /// Contacts in the engine: waiting or ringing, not yet answered.
    pub fn waiting(&self) -> usize {
        self.contacts.len()
    }

    /// 1-based rank of the contact among the contacts of its queue (waiting or ringing) in
    /// effective-priority order. Costs a walk over the contacts ahead of it.
    pub fn position(&self, contact: Uuid) -> Option<usize> {
        let c = self.contacts.get(&contact)?;
        let queue = self.queues.get(&c.spec.queue)?;
        Some(queue.range(..c.rank).count() + 1)
    }

    pub fn agent_state(&self, agent: Uuid) -> Option<AgentSnapshot> {
        let a = self.agents.get(&agent)?;
        Some(AgentSnapshot {
            state: a.state,
            not_ready_reason: a.reason,
            ringing: a.ringing,
            voice_load: a.voice,
            chat_load: a.chats,
            idle_since: a.idle_since,
            reserved_elsewhere: a.reserved_elsewhere,
        })
    }

    /// The agent the contact is being offered to.
    pub fn ringing_agent(&self, contact: Uuid) -> Option<Uuid> {
        self.contacts.get(&contact)?.ringing.map(|(a, _)| a)
    }
}
