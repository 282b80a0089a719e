//! Which agent and which contact: skills, idle time, priority, VIP, aging, capacity, tenants.

use std::time::Duration;

use super::super::{Channel, EngineConfig, Escalation};
use super::{A, B, H, HUB, OTHER, QUEUE, Sim, TENANT, id, reqs};

#[test]
fn skill_match_and_proficiency_minimum() {
    let mut s = Sim::new();
    s.ready(1, TENANT, &[(A, 2)], 0.0);
    s.ready(2, TENANT, &[(A, 4)], 1.0);
    s.ready(3, TENANT, &[(B, 5)], 0.0);
    s.arrive(s.contact(100, &[(A, 3)], 2.0));
    assert_eq!(
        s.offers(2.0),
        [(100, 2)],
        "agent 1 is idle longer but below the minimum"
    );
    s.arrive(s.contact(101, &[(A, 1), (B, 1)], 3.0));
    assert_eq!(s.offers(3.0), [], "nobody has both groups");
    s.arrive(s.contact(102, &[(A, 2)], 4.0));
    assert_eq!(s.offers(4.0), [(102, 1)]);
    assert_eq!(s.e.waiting(), 3);
}

#[test]
fn longest_idle_wins_then_proficiency_then_id() {
    let mut s = Sim::new();
    s.ready(1, TENANT, &[(A, 1)], 3.0);
    s.ready(2, TENANT, &[(A, 1)], 1.0);
    s.ready(3, TENANT, &[(A, 1)], 2.0);
    s.arrive(s.contact(100, &[(A, 1)], 4.0));
    assert_eq!(s.offers(4.0), [(100, 2)]);

    let mut s = Sim::new();
    s.ready(4, TENANT, &[(A, 3), (B, 3)], 1.0);
    s.ready(5, TENANT, &[(A, 5), (B, 1)], 1.0);
    s.ready(6, TENANT, &[(A, 4), (B, 2)], 1.0);
    s.arrive(s.contact(100, &[(A, 1)], 2.0));
    assert_eq!(
        s.offers(2.0),
        [(100, 5)],
        "same idle time: higher proficiency"
    );
    s.arrive(s.contact(101, &[(A, 1), (B, 1)], 2.0));
    assert_eq!(
        s.offers(2.0),
        [(101, 4)],
        "proficiency 6 for both: smaller id"
    );
}

#[test]
fn vip_before_non_vip() {
    let mut s = Sim::new();
    s.arrive(s.contact(100, &[], 0.0));
    let mut vip = s.contact(101, &[], 30.0);
    vip.vip = 1;
    s.arrive(vip);
    assert_eq!(s.offers(30.0), []);
    s.ready(1, TENANT, &[], 40.0);
    assert_eq!(s.offers(40.0), [(101, 1)]);
    s.ready(2, TENANT, &[], 41.0);
    assert_eq!(s.offers(41.0), [(100, 2)]);
}

#[test]
fn aging_lets_an_older_normal_contact_pass_newer_vips() {
    let cfg = EngineConfig::default();
    assert_eq!(cfg.effective_priority(0, 9, Duration::ZERO), 90.0);
    assert_eq!(cfg.effective_priority(1, 0, Duration::from_secs(60)), 105.0);
    let mut s = Sim::new();
    s.arrive(s.contact(100, &[], 0.0));
    // A VIP 9 (90 points, 18 minutes of waiting) arrives every minute and an agent frees
    // a second later: the normal contact wins once it is more than 18 minutes older.
    for minute in 1..=20u128 {
        let t = minute as f64 * 60.0 + 30.0;
        let mut vip = s.contact(1000 + minute, &[], t);
        vip.vip = 9;
        s.arrive(vip);
        s.ready(minute, TENANT, &[], t + 1.0);
        let got = s.offers(t + 1.0);
        let expected = if minute == 18 {
            100
        } else {
            1000 + minute - u128::from(minute > 18)
        };
        assert_eq!(got, [(expected, minute)], "minute {minute}");
        s.accept(expected, t + 2.0);
    }
}

#[test]
fn agent_on_a_call_takes_chats_up_to_max_chats_but_no_second_call() {
    let mut s = Sim::new();
    s.ready(1, TENANT, &[], 0.0);
    s.arrive(s.contact(100, &[], 1.0));
    assert_eq!(s.offers(1.0), [(100, 1)]);
    s.accept(100, 2.0);
    s.arrive(s.contact(101, &[], 3.0));
    assert_eq!(s.offers(3.0), [], "one call at a time");
    for (n, t) in [(102, 4.0), (103, 5.0), (104, 6.0)] {
        let mut chat = s.contact(n, &[], t);
        chat.channel = Channel::Chat;
        s.arrive(chat);
    }
    assert_eq!(s.offers(6.0), [(102, 1)], "one offer at a time");
    s.accept(102, 7.0);
    assert_eq!(s.offers(7.0), [(103, 1)]);
    s.accept(103, 8.0);
    assert_eq!(s.offers(8.0), [], "max_chats is 2");
    let a = s.e.agent_state(id(1)).unwrap();
    assert_eq!((a.voice_load, a.chat_load), (1, 2));
    s.e.interaction_ended(id(1), Channel::Chat, s.at(9.0));
    assert_eq!(s.offers(9.0), [(104, 1)]);
    s.accept(104, 10.0);
    s.e.interaction_ended(id(1), Channel::Voice, s.at(11.0));
    assert_eq!(s.offers(11.0), [(101, 1)]);
}

#[test]
fn expansion_to_another_skill_group_after_a_delay() {
    let mut s = Sim::new();
    s.ready(1, TENANT, &[(B, 3)], 0.0);
    let mut c = s.contact(100, &[(A, 1)], 1.0);
    c.expansions = vec![(Duration::from_secs(30), reqs(&[(B, 2)]))];
    s.arrive(c);
    assert_eq!(s.offers(1.0), []);
    assert_eq!(s.e.poll_timeout(), Some(s.at(31.0)));
    assert_eq!(s.offers(30.9), []);
    assert_eq!(s.offers(31.0), [(100, 1)]);
}

#[test]
fn escalation_to_a_hub_agent_and_never_to_another_tenant() {
    let mut s = Sim::new();
    // Same skill group ids in every tenant: only the tenant keeps them apart.
    s.ready(1, OTHER, &[(A, 5), (H, 5)], 0.0);
    s.ready(2, HUB, &[(A, 5)], 0.0);
    s.ready(3, HUB, &[(H, 2)], 1.0);
    let mut c = s.contact(100, &[(A, 1)], 2.0);
    c.escalation = Some(Escalation {
        after: Duration::from_secs(60),
        tenant: id(HUB),
        skills: reqs(&[(H, 1)]),
    });
    s.arrive(c);
    s.arrive(s.contact(101, &[], 2.0));
    assert_eq!(
        s.offers(2.0),
        [],
        "no agent of the tenant; other tenants never"
    );
    assert_eq!(s.e.poll_timeout(), Some(s.at(62.0)));
    assert_eq!(s.offers(61.9), []);
    assert_eq!(
        s.offers(62.0),
        [(100, 3)],
        "hub agent with the escalation skill"
    );
    s.accept(100, 63.0);
    assert_eq!(s.offers(3600.0), [], "101 has no escalation");
    s.ready(4, TENANT, &[], 3601.0);
    assert_eq!(s.offers(3601.0), [(101, 4)]);
}

#[test]
fn position_among_contacts_of_the_same_queue() {
    let mut s = Sim::new();
    s.arrive(s.contact(100, &[], 0.0));
    let mut high = s.contact(101, &[], 1.0);
    high.priority = 10;
    s.arrive(high);
    let mut vip = s.contact(102, &[], 2.0);
    vip.vip = 1;
    s.arrive(vip);
    let mut elsewhere = s.contact(103, &[], 0.5);
    elsewhere.queue = id(QUEUE + 1);
    s.arrive(elsewhere);
    let pos = |s: &Sim, n| s.e.position(id(n));
    assert_eq!(
        [100, 101, 102, 103].map(|n| pos(&s, n)),
        [Some(3), Some(1), Some(2), Some(1)]
    );
    assert_eq!(s.e.contact_left(id(101)), None);
    assert_eq!(
        [100, 102, 103].map(|n| pos(&s, n)),
        [Some(2), Some(1), Some(1)]
    );
    assert_eq!(pos(&s, 101), None);
    assert_eq!(s.e.waiting(), 3);
}
