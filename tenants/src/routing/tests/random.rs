//! Seeded random events checked against a brute-force oracle: one offer per agent, one agent
//! per contact, no free agent left eligible for a waiting contact after a poll, and the same
//! inputs give the same decisions.

use std::collections::HashMap;
use std::time::Duration;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::super::engine::{AgentEntry, ContactEntry, Engine};
use super::super::{Channel, Decision, Escalation, Uuid};
use super::{A, B, H, HUB, Sim, TENANT, id, reqs};

/// Whether the agent may take the contact now, decided from scratch.
fn eligible(e: &Engine, c: &ContactEntry, a: &AgentEntry, waited: Duration) -> bool {
    let agent = a.profile.id;
    if !a.free() || !a.has_room(c.spec.channel) || c.excluded.contains(&agent) {
        return false;
    }
    let stage = c
        .spec
        .expansions
        .iter()
        .filter(|(after, _)| *after <= waited)
        .count();
    let skills = if stage == 0 {
        &c.spec.skills
    } else {
        &c.spec.expansions[stage - 1].1
    };
    let named_ok = |n: Uuid| {
        e.agents.get(&n).is_some_and(|w| {
            w.profile.tenant == c.spec.tenant && w.profile.meets(skills) && !c.excluded.contains(&n)
        })
    };
    let sticky = c
        .spec
        .sticky
        .filter(|(_, window)| waited < *window)
        .map(|(n, _)| n);
    if let Some(window) = c
        .spec
        .dedicated
        .into_iter()
        .chain(sticky)
        .find(|&n| named_ok(n))
    {
        return window == agent;
    }
    let own = a.profile.tenant == c.spec.tenant && a.profile.meets(skills);
    let escalated = c.spec.escalation.as_ref().is_some_and(|x| {
        x.after <= waited && a.profile.tenant == x.tenant && a.profile.meets(&x.skills)
    });
    own || escalated
}

type Logged = (bool, u128, u128, Option<Duration>);

/// Random events over 12 agents of the tenant and 3 of a hub; returns every decision in
/// order as (offer?, contact, agent, ring deadline from the start).
fn random_run(seed: u64) -> Vec<Logged> {
    let mut s = Sim::new();
    let mut rng = StdRng::seed_from_u64(seed);
    let mut log = Vec::new();
    let mut ringing_agent: HashMap<Uuid, Uuid> = HashMap::new(); // agent -> contact
    let mut ringing_contact: HashMap<Uuid, Uuid> = HashMap::new(); // contact -> agent
    let skills = |n: u128| [(A, (n % 5 + 1) as u8), (B + n % 2, 3), (H, 2)];
    let login = |s: &mut Sim, n: u128, t: f64| {
        let tenant = if n > 12 { HUB } else { TENANT };
        s.login(n, tenant, &skills(n)[..if n > 12 { 3 } else { 2 }], t);
    };
    for n in 1..=15u128 {
        login(&mut s, n, 0.0);
    }
    let mut next_contact = 1000u128;
    for step in 0..6000u32 {
        let t = f64::from(step) * 0.7;
        let agent = id(rng.gen_range(1..=15u128));
        match rng.gen_range(0..10) {
            0 | 1 => {
                let k = rng.gen_range(0..=2);
                let mut c = s.contact(next_contact, &[(A, rng.gen_range(1..=5)), (B, 1)][..k], t);
                c.channel = if rng.gen_bool(0.5) {
                    Channel::Voice
                } else {
                    Channel::Chat
                };
                c.vip = rng.gen_range(0..3);
                c.priority = rng.gen_range(0..3);
                if rng.gen_bool(0.1) {
                    c.sticky = Some((agent, Duration::from_secs(5)));
                }
                if rng.gen_bool(0.05) {
                    c.dedicated = Some(id(rng.gen_range(1..=15u128)));
                }
                if rng.gen_bool(0.2) {
                    c.expansions = vec![(Duration::from_secs(10), reqs(&[(B + 1, 1)]))];
                }
                if rng.gen_bool(0.2) {
                    let skills = reqs(&[(H, 1)]);
                    c.escalation = Some(Escalation {
                        after: Duration::from_secs(20),
                        tenant: id(HUB),
                        skills,
                    });
                }
                s.arrive(c);
                next_contact += 1;
            }
            2 | 3 => s.e.agent_available(agent, s.at(t)),
            4 => s.e.agent_not_ready(agent),
            5 => {
                let channel = if rng.gen_bool(0.5) {
                    Channel::Voice
                } else {
                    Channel::Chat
                };
                s.e.interaction_ended(agent, channel, s.at(t));
            }
            6 | 7 => {
                if let Some(c) = ringing_agent.remove(&agent) {
                    ringing_contact.remove(&c);
                    match rng.gen_range(0..4) {
                        0 => s.e.offer_rejected(c, s.at(t)),
                        1 => s.e.reservation_failed(c, agent),
                        2 => assert_eq!(s.e.contact_left(c), Some(agent)),
                        _ => assert!(s.e.offer_accepted(c, s.at(t))),
                    }
                }
            }
            8 => {
                if let Some(c) = s.e.agent_logout(agent) {
                    assert_eq!(ringing_agent.remove(&agent), Some(c));
                    ringing_contact.remove(&c);
                }
                login(&mut s, agent.as_u128(), t);
            }
            _ => {
                if let Some(c) = s.e.contacts.keys().min().copied()
                    && let Some(a) = s.e.contact_left(c)
                {
                    assert_eq!(ringing_agent.remove(&a), Some(c));
                    ringing_contact.remove(&c);
                }
            }
        }
        for d in s.poll(t) {
            log.push(match d {
                Decision::Offer {
                    contact,
                    agent,
                    ring_until,
                } => {
                    assert!(
                        ringing_agent.insert(agent, contact).is_none(),
                        "{agent} offered twice"
                    );
                    assert!(
                        ringing_contact.insert(contact, agent).is_none(),
                        "{contact} to two agents"
                    );
                    (
                        true,
                        contact.as_u128(),
                        agent.as_u128(),
                        Some(ring_until - s.t0),
                    )
                }
                Decision::Missed { contact, agent } => {
                    assert_eq!(ringing_agent.remove(&agent), Some(contact));
                    assert_eq!(ringing_contact.remove(&contact), Some(agent));
                    (false, contact.as_u128(), agent.as_u128(), None)
                }
            });
        }
        for (&agent, &contact) in &ringing_agent {
            assert_eq!(s.e.agent_state(agent).unwrap().ringing, Some(contact));
            assert_eq!(s.e.ringing_agent(contact), Some(agent));
        }
        let now = s.at(t);
        for c in s.e.contacts.values().filter(|c| c.ringing.is_none()) {
            let waited = now.saturating_duration_since(c.spec.arrived);
            for a in s.e.agents.values() {
                assert!(
                    !eligible(&s.e, c, a, waited),
                    "step {step}: {} left idle for {}",
                    a.profile.id,
                    c.spec.id
                );
            }
        }
    }
    log
}

#[test]
fn one_offer_per_agent_one_agent_per_contact_nobody_left_idle_and_deterministic() {
    let first = random_run(7);
    let offers = first.iter().filter(|d| d.0).count();
    assert!(offers > 500, "only {offers} offers");
    assert!(first.iter().any(|d| !d.0), "some offers rang out");
    assert!(
        first.iter().any(|d| d.0 && d.2 > 12),
        "some contacts escalated to the hub"
    );
    assert_eq!(first, random_run(7));
    random_run(8);
}
