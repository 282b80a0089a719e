//! Routing engine benchmark: decision latency with 10,000 waiting contacts and 1,000 agents.
//!
//! Seeded (same figures' inputs every run); a simulated clock advances 2 ms per step, the
//! stopwatch times only calls into the engine. Run with `tests/bench/routing.sh`.
//!
//! * agent-frees: every agent is on a call and 10,000 contacts wait; a random agent's call
//!   ends (`interaction_ended` + `poll`, timed), it accepts the offer, and a new contact
//!   arrives in the same queue to keep 10,000 waiting spread over the queues as at the start.
//! * contact-arrives: 1,000 free agents and nobody waiting; a contact arrives
//!   (`contact_arrived` + `poll`, timed), the agent accepts and its call ends at once.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use qiao_tenants::routing::{
    AgentProfile, Channel, ContactSpec, Decision, Engine, EngineConfig, SkillReq, Uuid,
};
use rand::rngs::StdRng;
use rand::seq::index::sample;
use rand::{Rng, SeedableRng};

const SEED: u64 = 42;
const AGENTS: usize = 1_000;
const GROUPS: usize = 20;
const QUEUES: usize = 50;
const WAITING: usize = 10_000;
const DECISIONS: usize = 100_000;
const STEP: Duration = Duration::from_millis(2);

struct Queue {
    id: Uuid,
    priority: u8,
    skills: Vec<SkillReq>,
}

struct World {
    tenant: Uuid,
    agents: Vec<AgentProfile>,
    queues: Vec<Queue>,
    rng: StdRng,
    next_id: u128,
}

impl World {
    fn new() -> Self {
        let mut rng = StdRng::seed_from_u64(SEED);
        let tenant = Uuid::from_u128(1);
        let group = |g: usize| Uuid::from_u128(0x100 + g as u128);
        let agents: Vec<AgentProfile> = (0..AGENTS)
            .map(|i| {
                let k = rng.gen_range(2..=4);
                let skills = sample(&mut rng, GROUPS, k)
                    .into_iter()
                    .map(|g| (group(g), rng.gen_range(1..=5)))
                    .collect();
                AgentProfile {
                    id: Uuid::from_u128(0x10_000 + i as u128),
                    tenant,
                    skills,
                    max_chats: 2,
                }
            })
            .collect();
        let mut queues = Vec::with_capacity(QUEUES);
        while queues.len() < QUEUES {
            let k = rng.gen_range(1..=2);
            let skills: Vec<SkillReq> = sample(&mut rng, GROUPS, k)
                .into_iter()
                .map(|g| SkillReq {
                    skill_group: group(g),
                    min_proficiency: rng.gen_range(1..=3),
                })
                .collect();
            // Every queue needs a few agents who can serve it.
            if agents.iter().filter(|a| a.meets(&skills)).count() >= 3 {
                let id = Uuid::from_u128(0x1000 + queues.len() as u128);
                queues.push(Queue {
                    id,
                    priority: rng.gen_range(0..=10),
                    skills,
                });
            }
        }
        Self {
            tenant,
            agents,
            queues,
            rng,
            next_id: 1 << 64,
        }
    }

    fn fresh_id(&mut self) -> Uuid {
        self.next_id += 1;
        Uuid::from_u128(self.next_id)
    }

    /// A voice contact of a random queue.
    fn contact(&mut self, now: Instant) -> ContactSpec {
        let queue = self.rng.gen_range(0..QUEUES);
        self.contact_in(queue, now)
    }

    /// A voice contact of the queue: 5% VIP, 2% sticky to a random agent for 30 s.
    fn contact_in(&mut self, queue: usize, now: Instant) -> ContactSpec {
        let id = self.fresh_id();
        let q = &self.queues[queue];
        let (queue, priority, skills) = (q.id, q.priority, q.skills.clone());
        let vip = if self.rng.gen_bool(0.05) {
            self.rng.gen_range(1..=9)
        } else {
            0
        };
        let sticky = self.rng.gen_bool(0.02).then(|| {
            (
                self.agents[self.rng.gen_range(0..AGENTS)].id,
                Duration::from_secs(30),
            )
        });
        ContactSpec {
            id,
            tenant: self.tenant,
            queue,
            channel: Channel::Voice,
            skills,
            expansions: Vec::new(),
            priority,
            vip,
            sticky,
            dedicated: None,
            escalation: None,
            arrived: now,
        }
    }
}

/// Latencies of timed engine calls that produced one decision each.
#[derive(Default)]
struct Samples(Vec<Duration>);

impl Samples {
    fn print(&mut self, path: &str) {
        self.0.sort();
        let n = self.0.len();
        let total: Duration = self.0.iter().sum();
        let at = |q: usize| self.0[(n * q / 100).min(n - 1)].as_secs_f64() * 1e6;
        println!(
            "{path}: {n} decisions, {:.0}/s, p50 {:.1} µs, p99 {:.1} µs, max {:.1} µs",
            n as f64 / total.as_secs_f64(),
            at(50),
            at(99),
            self.0[n - 1].as_secs_f64() * 1e6,
        );
    }
}

fn offers(decisions: &[Decision]) -> Vec<(Uuid, Uuid)> {
    decisions
        .iter()
        .map(|d| match d {
            Decision::Offer { contact, agent, .. } => (*contact, *agent),
            Decision::Missed { .. } => panic!("no offer should ring out: {d:?}"),
        })
        .collect()
}

fn agent_frees(world: &mut World, peak: &mut usize) -> Samples {
    let mut engine = Engine::new(EngineConfig::default());
    let mut now = Instant::now();
    // Put every agent on a call through a contact dedicated to it.
    for a in world.agents.clone() {
        engine.agent_login(a.clone(), now);
        let mut c = world.contact(now);
        c.skills.clear();
        c.sticky = None;
        c.dedicated = Some(a.id);
        engine.contact_arrived(c, now);
        engine.agent_available(a.id, now);
        for (contact, _) in offers(&engine.poll(now)) {
            assert!(engine.offer_accepted(contact, now));
        }
    }
    assert_eq!(engine.waiting(), 0);
    let mut busy: Vec<Uuid> = world.agents.iter().map(|a| a.id).collect();
    let mut idle: HashSet<Uuid> = HashSet::new();
    // Queue of each waiting contact, so an answered contact is replaced in its queue.
    let mut queue_of: HashMap<Uuid, usize> = HashMap::new();
    let mut refill: Vec<usize> = (0..WAITING)
        .map(|_| world.rng.gen_range(0..QUEUES))
        .collect();
    let mut samples = Samples::default();
    let mut rng = StdRng::seed_from_u64(SEED + 1);
    loop {
        // Top up to WAITING; a contact answered at once (an idle agent qualified) is replaced.
        while let Some(queue) = refill.pop() {
            let c = world.contact_in(queue, now);
            queue_of.insert(c.id, queue);
            engine.contact_arrived(c, now);
            *peak = (*peak).max(engine.waiting());
            for (contact, agent) in offers(&engine.poll(now)) {
                assert!(engine.offer_accepted(contact, now));
                refill.extend(queue_of.remove(&contact));
                idle.remove(&agent);
                busy.push(agent);
            }
        }
        if samples.0.len() == DECISIONS {
            break;
        }
        assert!(!busy.is_empty(), "every agent idle with contacts waiting");
        now += STEP;
        let agent = busy.swap_remove(rng.gen_range(0..busy.len()));
        let started = Instant::now();
        engine.interaction_ended(agent, Channel::Voice, now);
        let decisions = engine.poll(now);
        let took = started.elapsed();
        let offered = offers(&decisions);
        if offered.len() == 1 {
            samples.0.push(took);
        }
        if offered.is_empty() {
            idle.insert(agent);
        }
        for (contact, agent) in offered {
            assert!(engine.offer_accepted(contact, now));
            refill.extend(queue_of.remove(&contact));
            idle.remove(&agent);
            busy.push(agent);
        }
    }
    println!(
        "agent-frees: {} agents idle at the end (no waiting contact they qualify for)",
        idle.len()
    );
    samples
}

fn contact_arrives(world: &mut World, peak: &mut usize) -> Samples {
    let mut engine = Engine::new(EngineConfig::default());
    let mut now = Instant::now();
    for a in world.agents.clone() {
        engine.agent_login(a.clone(), now);
        engine.agent_available(a.id, now);
    }
    let mut samples = Samples::default();
    while samples.0.len() < DECISIONS {
        now += STEP;
        let c = world.contact(now);
        let started = Instant::now();
        engine.contact_arrived(c, now);
        let decisions = engine.poll(now);
        let took = started.elapsed();
        *peak = (*peak).max(engine.waiting());
        let offered = offers(&decisions);
        if offered.len() == 1 {
            samples.0.push(took);
        }
        for (contact, agent) in offered {
            assert!(engine.offer_accepted(contact, now));
            engine.interaction_ended(agent, Channel::Voice, now);
            for (contact, _) in offers(&engine.poll(now)) {
                assert!(engine.offer_accepted(contact, now));
            }
        }
    }
    samples
}

fn main() {
    println!(
        "routing bench: {AGENTS} agents over {GROUPS} skill groups (2-4 each, proficiency 1-5), \
         {QUEUES} queues (1-2 groups each), {WAITING} waiting contacts (5% VIP, 2% sticky), seed {SEED}"
    );
    println!(
        "latency = the event call + poll(), timed per decision; decisions/s = decisions / summed latency"
    );
    let mut world = World::new();
    let unqualified = world
        .agents
        .iter()
        .filter(|a| !world.queues.iter().any(|q| a.meets(&q.skills)))
        .count();
    println!("{unqualified} agents qualify for no queue");
    let mut peak = 0;
    let started = Instant::now();
    let mut frees = agent_frees(&mut world, &mut peak);
    frees.print("agent-frees");
    println!("agent-frees: peak waiting {peak}");
    let mut peak = 0;
    let mut arrives = contact_arrives(&mut world, &mut peak);
    arrives.print("contact-arrives");
    println!("contact-arrives: peak waiting {peak}");
    println!("wall time {:.1} s", started.elapsed().as_secs_f64());
}
