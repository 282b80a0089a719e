//! The routing engine's vocabulary: agents, contacts, configuration, decisions and snapshots.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use uuid::Uuid;

/// Points one level of queue priority is worth in the effective priority.
pub const PRIORITY_WEIGHT: u32 = 100;

/// The medium of a contact; an agent holds at most one call and up to `max_chats` chats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Channel {
    Voice,
    Chat,
}

/// One skill requirement: a skill group and the minimum proficiency (1..=5) in it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SkillReq {
    pub skill_group: Uuid,
    pub min_proficiency: u8,
}

/// What the engine knows of an agent.
#[derive(Clone, Debug)]
pub struct AgentProfile {
    pub id: Uuid,
    pub tenant: Uuid,
    /// Skill group → proficiency 1..=5.
    pub skills: HashMap<Uuid, u8>,
    /// Capacity: one call plus this many chats.
    pub max_chats: u8,
}

impl AgentProfile {
    /// Whether the agent meets every requirement (proficiency at least the minimum).
    pub fn meets(&self, reqs: &[SkillReq]) -> bool {
        reqs.iter().all(|r| {
            self.skills
                .get(&r.skill_group)
                .is_some_and(|&p| p >= r.min_proficiency)
        })
    }

    /// The sum of the agent's proficiencies in the required skill groups.
    pub fn proficiency_sum(&self, reqs: &[SkillReq]) -> u32 {
        reqs.iter()
            .map(|r| u32::from(self.skills.get(&r.skill_group).copied().unwrap_or(0)))
            .sum()
    }
}

/// Escalation of a contact to a parent (hub) tenant's skill group after waiting `after`.
#[derive(Clone, Debug)]
pub struct Escalation {
    pub after: Duration,
    pub tenant: Uuid,
    pub skills: Vec<SkillReq>,
}

/// A contact (call or chat) waiting for an agent.
#[derive(Clone, Debug)]
pub struct ContactSpec {
    pub id: Uuid,
    pub tenant: Uuid,
    pub queue: Uuid,
    pub channel: Channel,
    /// All must be met; empty means any agent of the tenant.
    pub skills: Vec<SkillReq>,
    /// After waiting this long, these requirements replace `skills` (overflow to other skill
    /// groups). Applied in order of their delay: the latest one whose delay has passed holds.
    pub expansions: Vec<(Duration, Vec<SkillReq>)>,
    /// Queue priority 0..=100, higher first.
    pub priority: u8,
    /// VIP level 0..=9.
    pub vip: u8,
    /// The agent who last served this contact, and how long after arrival only they are tried.
    pub sticky: Option<(Uuid, Duration)>,
    /// Only this agent, for as long as they are logged in.
    pub dedicated: Option<Uuid>,
    pub escalation: Option<Escalation>,
    pub arrived: Instant,
}

/// Tunables of the engine.
#[derive(Clone, Debug)]
pub struct EngineConfig {
    /// How long an offer rings before it counts as missed (default 15 s).
    pub ring_timeout: Duration,
    /// Priority points per VIP level (default 10).
    pub vip_weight: u32,
    /// Priority points gained per minute waited (default 5).
    pub aging_per_min: u32,
}

impl Default for EngineConfig {
    fn default() -> Self {
        Self {
            ring_timeout: Duration::from_secs(15),
            vip_weight: 10,
            aging_per_min: 5,
        }
    }
}

impl EngineConfig {
    /// The effective priority of a contact that has waited `waited`:
    ///
    /// `priority × PRIORITY_WEIGHT + vip × vip_weight + aging_per_min × minutes waited`,
    ///
    /// minutes being fractional (the engine keeps it exact to the nanosecond). With the
    /// defaults one priority level is worth 100 points (20 minutes of waiting) and one VIP
    /// level 10 points (2 minutes). Higher is served first; ties go to the earlier arrival.
    pub fn effective_priority(&self, priority: u8, vip: u8, waited: Duration) -> f64 {
        let base = u64::from(priority) * u64::from(PRIORITY_WEIGHT)
            + u64::from(vip) * u64::from(self.vip_weight);
        base as f64 + f64::from(self.aging_per_min) * waited.as_secs_f64() / 60.0
    }
}

/// What the caller must act upon.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Ring `agent` for `contact` until `ring_until` (reserve the agent in the durable store;
    /// on failure call [`Engine::reservation_failed`](super::Engine::reservation_failed)).
    Offer {
        contact: Uuid,
        agent: Uuid,
        ring_until: Instant,
    },
    /// The agent did not answer within `ring_timeout`: the contact is waiting again (with that
    /// agent excluded for this contact), the agent is set NotReady (reason "missed") by the
    /// engine.
    Missed { contact: Uuid, agent: Uuid },
}

/// Whether an agent takes new offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AgentState {
    Available,
    NotReady,
}

/// Why an agent is NotReady.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NotReadyReason {
    /// Just logged in and not yet made available.
    LoggedIn,
    /// Through [`Engine::agent_not_ready`](super::Engine::agent_not_ready): a break or
    /// after-call work.
    Requested,
    /// Set by the engine: an offer rang out unanswered.
    Missed,
}

/// An agent as the engine sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgentSnapshot {
    pub state: AgentState,
    /// `None` while Available.
    pub not_ready_reason: Option<NotReadyReason>,
    /// The contact being offered to the agent.
    pub ringing: Option<Uuid>,
    pub voice_load: u8,
    pub chat_load: u8,
    pub idle_since: Instant,
    /// The durable store refused a reservation; no offers until the agent is made available
    /// again or an interaction ends.
    pub reserved_elsewhere: bool,
}
