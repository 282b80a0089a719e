//! `poll`: ring timeouts, due timers, then offers for the agents and contacts that changed.

use std::collections::{BTreeSet, HashMap};
use std::time::Instant;

use uuid::Uuid;

use super::engine::{Engine, Placement};
use super::model::{AgentState, Decision, NotReadyReason};
use super::order::{ContactRank, FreeKey};

impl Engine {
    /// Ring timeouts first (each a [`Decision::Missed`]), then new offers.
    ///
    /// Only agents and contacts that changed since the last poll, and timers due by `now`,
    /// are looked at: after a poll no free agent is eligible for a waiting contact, so any new
    /// match involves one of them. Contacts are served in effective-priority order, each by the
    /// longest-idle eligible agent still free.
    pub fn poll(&mut self, now: Instant) -> Vec<Decision> {
        let mut out = Vec::new();
        self.expire_rings(now, &mut out);
        self.run_timers(now);
        self.match_dirty(now, &mut out);
        out
    }

    /// The earliest instant at which `poll` could produce something new: a ring deadline, the
    /// end of a sticky window, an expansion or an escalation. Assumes `poll` was called after
    /// the last event.
    pub fn poll_timeout(&self) -> Option<Instant> {
        let ring = self.rings.first().map(|&(at, _)| at);
        let change = self.changes.first().map(|&(at, _)| at);
        ring.into_iter().chain(change).min()
    }

    fn expire_rings(&mut self, now: Instant, out: &mut Vec<Decision>) {
        while let Some(&(at, contact)) = self.rings.first()
            && at <= now
        {
            let Some(agent) = self.end_ring(contact) else {
                self.rings.remove(&(at, contact));
                continue;
            };
            out.push(Decision::Missed { contact, agent });
            if let Some(c) = self.contacts.get_mut(&contact) {
                c.excluded.insert(agent);
            }
            if let Some(a) = self.agents.get_mut(&agent) {
                a.state = AgentState::NotReady;
                a.reason = Some(NotReadyReason::Missed);
            }
            self.reindex_agent(agent);
            self.dirty_agents.remove(&agent);
            self.requeue(contact);
        }
    }

    fn run_timers(&mut self, now: Instant) {
        while let Some(&(at, contact)) = self.changes.first()
            && at <= now
        {
            self.changes.pop_first();
            if let Some(c) = self.contacts.get_mut(&contact) {
                c.next_change = None;
            }
            if self.refresh(contact, now) {
                self.requeue(contact);
            }
        }
    }

    fn match_dirty(&mut self, now: Instant, out: &mut Vec<Decision>) {
        let mut candidates: BTreeSet<ContactRank> = BTreeSet::new();
        // Agents whose best contact is the key, to be asked again if another agent takes it.
        let mut proposers: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
        for contact in std::mem::take(&mut self.dirty_contacts) {
            if let Some(c) = self.contacts.get(&contact)
                && c.ringing.is_none()
            {
                candidates.insert(c.rank);
            }
        }
        for agent in std::mem::take(&mut self.dirty_agents) {
            self.propose(agent, &mut candidates, &mut proposers);
        }
        while let Some(rank) = candidates.pop_first() {
            let contact = rank.id;
            let waiting_on = proposers.remove(&contact).unwrap_or_default();
            let Some(agent) = self.best_agent_for(contact) else {
                continue;
            };
            self.offer(contact, agent, now, out);
            for other in waiting_on {
                self.propose(other, &mut candidates, &mut proposers);
            }
        }
    }

    fn propose(
        &self,
        agent: Uuid,
        candidates: &mut BTreeSet<ContactRank>,
        proposers: &mut HashMap<Uuid, Vec<Uuid>>,
    ) {
        if let Some(rank) = self.best_contact_for(agent) {
            candidates.insert(rank);
            proposers.entry(rank.id).or_default().push(agent);
        }
    }

    /// The waiting contact a free agent should take: the best-ranked one it is eligible for.
    pub(super) fn best_contact_for(&self, agent: Uuid) -> Option<ContactRank> {
        let a = self.agents.get(&agent).filter(|a| a.free())?;
        let not_excluded = |rank: &&ContactRank| {
            self.contacts
                .get(&rank.id)
                .is_some_and(|c| !c.excluded.contains(&agent))
        };
        let mut best: Option<ContactRank> = None;
        for &(id, _) in &a.classes {
            let class = self.classes.get(id);
            if !a.has_room(class.channel) {
                continue;
            }
            let found = class
                .waiting
                .iter()
                .take_while(|rank| best.is_none_or(|b| **rank < b))
                .find(not_excluded);
            if let Some(&rank) = found {
                best = Some(rank);
            }
        }
        let reserved = self
            .reserved
            .get(&agent)
            .into_iter()
            .flatten()
            .find(|rank| {
                self.contacts
                    .get(&rank.id)
                    .is_some_and(|c| a.has_room(c.spec.channel))
            });
        if let Some(&rank) = reserved
            && best.is_none_or(|b| rank < b)
        {
            best = Some(rank);
        }
        best
    }

    /// The free agent a waiting contact should go to: its window agent, or the longest-idle
    /// eligible agent of its classes.
    pub(super) fn best_agent_for(&self, contact: Uuid) -> Option<Uuid> {
        let c = self.contacts.get(&contact)?;
        match c.placed {
            Placement::Nowhere => None,
            Placement::Reserved(agent) => {
                let a = self.agents.get(&agent)?;
                (a.free() && a.has_room(c.spec.channel)).then_some(agent)
            }
            Placement::Classes(own, escalation) => std::iter::once(own)
                .chain(escalation)
                .filter_map(|id| {
                    self.classes
                        .get(id)
                        .free
                        .iter()
                        .find(|key| !c.excluded.contains(&key.id))
                })
                .min()
                .map(|key: &FreeKey| key.id),
        }
    }

    fn offer(&mut self, contact: Uuid, agent: Uuid, now: Instant, out: &mut Vec<Decision>) {
        let ring_until = now.checked_add(self.cfg.ring_timeout).unwrap_or(now);
        if let Some(c) = self.contacts.get_mut(&contact) {
            c.ringing = Some((agent, ring_until));
        }
        self.place(contact);
        if let Some(a) = self.agents.get_mut(&agent) {
            a.ringing = Some(contact);
        }
        self.reindex_agent(agent);
        self.rings.insert((ring_until, contact));
        out.push(Decision::Offer {
            contact,
            agent,
            ring_until,
        });
    }
}
