//! Scenarios for the routing engine, each on a simulated clock (a base instant plus offsets).

mod lifecycle;
mod random;
mod selection;
mod windows;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use super::{AgentProfile, Channel, ContactSpec, Decision, Engine, EngineConfig, SkillReq, Uuid};

const TENANT: u128 = 0x7e;
const HUB: u128 = 0x40b;
const OTHER: u128 = 0x07e2;
const QUEUE: u128 = 0x9;
/// Skill groups.
const A: u128 = 0x5a;
const B: u128 = 0x5b;
const H: u128 = 0x5f;

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn reqs(skills: &[(u128, u8)]) -> Vec<SkillReq> {
    skills
        .iter()
        .map(|&(g, min)| SkillReq {
            skill_group: id(g),
            min_proficiency: min,
        })
        .collect()
}

/// An engine with default configuration and a clock that starts at `t0`.
struct Sim {
    e: Engine,
    t0: Instant,
}

impl Sim {
    fn new() -> Self {
        Self {
            e: Engine::new(EngineConfig::default()),
            t0: Instant::now(),
        }
    }

    fn at(&self, secs: f64) -> Instant {
        self.t0 + Duration::from_secs_f64(secs)
    }

    fn profile(&self, n: u128, tenant: u128, skills: &[(u128, u8)]) -> AgentProfile {
        AgentProfile {
            id: id(n),
            tenant: id(tenant),
            skills: skills
                .iter()
                .map(|&(g, p)| (id(g), p))
                .collect::<HashMap<_, _>>(),
            max_chats: 2,
        }
    }

    /// Logs the agent in; it stays NotReady.
    fn login(&mut self, n: u128, tenant: u128, skills: &[(u128, u8)], secs: f64) {
        let p = self.profile(n, tenant, skills);
        self.e.agent_login(p, self.at(secs));
    }

    /// Logs the agent in and makes it Available at `secs`.
    fn ready(&mut self, n: u128, tenant: u128, skills: &[(u128, u8)], secs: f64) {
        self.login(n, tenant, skills, secs);
        self.e.agent_available(id(n), self.at(secs));
    }

    /// A voice contact of TENANT in QUEUE, arrived at `secs`.
    fn contact(&self, n: u128, skills: &[(u128, u8)], secs: f64) -> ContactSpec {
        ContactSpec {
            id: id(n),
            tenant: id(TENANT),
            queue: id(QUEUE),
            channel: Channel::Voice,
            skills: reqs(skills),
            expansions: Vec::new(),
            priority: 0,
            vip: 0,
            sticky: None,
            dedicated: None,
            escalation: None,
            arrived: self.at(secs),
        }
    }

    fn arrive(&mut self, c: ContactSpec) {
        let now = c.arrived;
        self.e.contact_arrived(c, now);
    }

    fn poll(&mut self, secs: f64) -> Vec<Decision> {
        let now = self.at(secs);
        self.e.poll(now)
    }

    /// Polls and returns the offers as (contact, agent) numbers; panics on a Missed.
    fn offers(&mut self, secs: f64) -> Vec<(u128, u128)> {
        self.poll(secs).into_iter().map(|d| offer(&d)).collect()
    }

    fn accept(&mut self, contact: u128, secs: f64) {
        assert!(
            self.e.offer_accepted(id(contact), self.at(secs)),
            "contact {contact} was not ringing"
        );
    }
}

fn offer(d: &Decision) -> (u128, u128) {
    match d {
        Decision::Offer { contact, agent, .. } => (contact.as_u128(), agent.as_u128()),
        Decision::Missed { .. } => panic!("unexpected {d:?}"),
    }
}
