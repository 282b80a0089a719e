//! Keeps every contact and every agent in exactly the ordered sets its state calls for, and a
//! contact's time-dependent state (requirement stage, escalation, sticky window) current.

use std::time::{Duration, Instant};

use uuid::Uuid;

use super::engine::{ContactEntry, Engine, Placement};
use super::index::ClassId;
use super::model::{AgentProfile, Channel, SkillReq};
use super::order::FreeKey;

impl Engine {
    /// The classes of the agent's tenant whose skills it meets, with its proficiency sum.
    pub(super) fn qualifying_classes(&self, p: &AgentProfile) -> Vec<(ClassId, u32)> {
        self.classes
            .of_tenant(p.tenant)
            .iter()
            .filter_map(|&id| {
                let skills = &self.classes.get(id).skills;
                p.meets(skills).then(|| (id, p.proficiency_sum(skills)))
            })
            .collect()
    }

    /// The class for these (normalized) requirements; a new class is filled with the tenant's
    /// qualifying agents.
    pub(super) fn class_for(
        &mut self,
        tenant: Uuid,
        channel: Channel,
        skills: &[SkillReq],
    ) -> ClassId {
        let (id, created) = self.classes.get_or_create(tenant, channel, skills.to_vec());
        if created {
            for agent in self.tenant_agents.get(&tenant).into_iter().flatten() {
                let Some(a) = self.agents.get_mut(agent) else {
                    continue;
                };
                if !a.profile.meets(skills) {
                    continue;
                }
                let proficiency = a.profile.proficiency_sum(skills);
                a.classes.push((id, proficiency));
                if a.free() && a.has_room(channel) {
                    let key = FreeKey::new(a.idle_since, proficiency, a.profile.id);
                    self.classes.get_mut(id).free.insert(key);
                    a.indexed.push((id, key));
                }
            }
        }
        id
    }

    /// Puts the agent in the free set of every class it qualifies for and has room in, if it
    /// is free; takes it out of all of them otherwise.
    pub(super) fn reindex_agent(&mut self, agent: Uuid) {
        let Some(a) = self.agents.get_mut(&agent) else {
            return;
        };
        for (class, key) in a.indexed.drain(..) {
            self.classes.get_mut(class).free.remove(&key);
        }
        if !a.free() {
            return;
        }
        for &(id, proficiency) in &a.classes {
            let class = self.classes.get_mut(id);
            if a.has_room(class.channel) {
                let key = FreeKey::new(a.idle_since, proficiency, agent);
                class.free.insert(key);
                a.indexed.push((id, key));
            }
        }
    }

    /// The agent whose window is in force for the contact: the dedicated agent, else the
    /// sticky agent while the window is open, provided that agent is logged in, in the
    /// contact's tenant, meets its current requirements and has not rejected or missed it.
    pub(super) fn window_agent(&self, c: &ContactEntry) -> Option<Uuid> {
        let sticky = c
            .spec
            .sticky
            .filter(|_| c.sticky_open)
            .map(|(agent, _)| agent);
        c.spec.dedicated.into_iter().chain(sticky).find(|agent| {
            self.agents.get(agent).is_some_and(|a| {
                a.profile.tenant == c.spec.tenant
                    && a.profile.meets(c.current_skills())
                    && !c.excluded.contains(agent)
            })
        })
    }

    fn unplace(&mut self, contact: Uuid) {
        let Some(c) = self.contacts.get_mut(&contact) else {
            return;
        };
        match std::mem::replace(&mut c.placed, Placement::Nowhere) {
            Placement::Nowhere => {}
            Placement::Reserved(agent) => {
                if let Some(set) = self.reserved.get_mut(&agent) {
                    set.remove(&c.rank);
                    if set.is_empty() {
                        self.reserved.remove(&agent);
                    }
                }
            }
            Placement::Classes(own, escalation) => {
                for id in std::iter::once(own).chain(escalation) {
                    self.classes.get_mut(id).waiting.remove(&c.rank);
                }
            }
        }
    }

    /// Indexes the contact for its current state.
    pub(super) fn place(&mut self, contact: Uuid) {
        self.unplace(contact);
        let Some(c) = self.contacts.get(&contact) else {
            return;
        };
        let placed = if c.ringing.is_some() {
            Placement::Nowhere
        } else if let Some(agent) = self.window_agent(c) {
            self.reserved.entry(agent).or_default().insert(c.rank);
            Placement::Reserved(agent)
        } else {
            let own = c.stage_classes[c.stage];
            let escalation = c.escalation_class.filter(|_| c.escalated);
            for id in std::iter::once(own).chain(escalation) {
                self.classes.get_mut(id).waiting.insert(c.rank);
            }
            Placement::Classes(own, escalation)
        };
        if let Some(c) = self.contacts.get_mut(&contact) {
            c.placed = placed;
        }
    }

    /// Re-indexes the contact and has the next poll route it.
    pub(super) fn requeue(&mut self, contact: Uuid) {
        self.place(contact);
        if self
            .contacts
            .get(&contact)
            .is_some_and(|c| c.ringing.is_none())
        {
            self.dirty_contacts.insert(contact);
        }
    }

    /// Re-indexes the contacts naming the agent (its login, logout or update may open or close
    /// their windows).
    pub(super) fn replace_named(&mut self, agent: Uuid) {
        let named: Vec<Uuid> = self
            .named_by
            .get(&agent)
            .into_iter()
            .flatten()
            .copied()
            .collect();
        for contact in named {
            self.requeue(contact);
        }
    }

    /// Brings the contact's stage, escalation and sticky window up to `now` and schedules its
    /// next change. Returns whether anything changed (the caller then re-indexes it).
    pub(super) fn refresh(&mut self, contact: Uuid, now: Instant) -> bool {
        let Some(c) = self.contacts.get_mut(&contact) else {
            return false;
        };
        let waited = now.saturating_duration_since(c.spec.arrived);
        let stage = c
            .spec
            .expansions
            .iter()
            .take_while(|(after, _)| *after <= waited)
            .count();
        let escalated = c
            .spec
            .escalation
            .as_ref()
            .is_some_and(|e| e.after <= waited);
        let sticky_open = c.spec.sticky.is_some_and(|(_, window)| waited < window);
        let changed = stage != c.stage || escalated != c.escalated || sticky_open != c.sticky_open;
        c.stage = stage;
        c.escalated = escalated;
        c.sticky_open = sticky_open;
        let next: Option<Duration> = [
            c.spec.expansions.get(stage).map(|(after, _)| *after),
            c.spec
                .escalation
                .as_ref()
                .filter(|_| !escalated)
                .map(|e| e.after),
            c.spec
                .sticky
                .filter(|_| sticky_open)
                .map(|(_, window)| window),
        ]
        .into_iter()
        .flatten()
        .min();
        let next = next.and_then(|d| c.spec.arrived.checked_add(d));
        if next != c.next_change {
            if let Some(old) = c.next_change {
                self.changes.remove(&(old, contact));
            }
            if let Some(at) = next {
                self.changes.insert((at, contact));
            }
            c.next_change = next;
        }
        changed
    }

    /// Stops the contact's offer, if any: frees the agent and returns it. The caller
    /// re-indexes or removes the contact.
    pub(super) fn end_ring(&mut self, contact: Uuid) -> Option<Uuid> {
        let c = self.contacts.get_mut(&contact)?;
        let (agent, until) = c.ringing.take()?;
        self.rings.remove(&(until, contact));
        if let Some(a) = self.agents.get_mut(&agent) {
            if a.ringing == Some(contact) {
                a.ringing = None;
            }
            self.reindex_agent(agent);
            self.dirty_agents.insert(agent);
        }
        Some(agent)
    }

    /// Drops the contact from every index.
    pub(super) fn remove_contact(&mut self, contact: Uuid) {
        self.unplace(contact);
        let Some(c) = self.contacts.remove(&contact) else {
            return;
        };
        if let Some(queue) = self.queues.get_mut(&c.spec.queue) {
            queue.remove(&c.rank);
            if queue.is_empty() {
                self.queues.remove(&c.spec.queue);
            }
        }
        for agent in c
            .spec
            .dedicated
            .into_iter()
            .chain(c.spec.sticky.map(|(a, _)| a))
        {
            if let Some(set) = self.named_by.get_mut(&agent) {
                set.remove(&contact);
                if set.is_empty() {
                    self.named_by.remove(&agent);
                }
            }
        }
        if let Some(at) = c.next_change {
            self.changes.remove(&(at, contact));
        }
        self.dirty_contacts.remove(&contact);
    }
}

impl ContactEntry {
    /// The requirements of the current stage.
    pub(super) fn current_skills(&self) -> &[SkillReq] {
        match self.stage {
            0 => &self.spec.skills,
            n => &self.spec.expansions[n - 1].1,
        }
    }
}
