//! Sticky and dedicated agents: who alone is tried, and when routing falls back to normal.

use std::time::Duration;

use super::{A, Sim, TENANT, id};

#[test]
fn sticky_agent_within_the_window() {
    let mut s = Sim::new();
    s.login(1, TENANT, &[], 0.0);
    s.ready(2, TENANT, &[], 0.0);
    let mut c = s.contact(100, &[], 1.0);
    c.sticky = Some((id(1), Duration::from_secs(30)));
    s.arrive(c);
    assert_eq!(s.offers(1.0), [], "only agent 1 during the window");
    assert_eq!(s.e.poll_timeout(), Some(s.at(31.0)));
    s.e.agent_available(id(1), s.at(10.0));
    assert_eq!(s.offers(10.0), [(100, 1)]);
}

#[test]
fn sticky_contact_goes_to_another_agent_after_the_window() {
    let mut s = Sim::new();
    s.login(1, TENANT, &[], 0.0);
    s.ready(2, TENANT, &[], 0.0);
    let mut c = s.contact(100, &[], 1.0);
    c.sticky = Some((id(1), Duration::from_secs(30)));
    s.arrive(c);
    // Other agents skip the reserved contact and take the next one.
    s.arrive(s.contact(101, &[], 2.0));
    assert_eq!(s.offers(2.0), [(101, 2)]);
    s.accept(101, 3.0);
    s.ready(3, TENANT, &[], 4.0);
    assert_eq!(s.offers(30.9), []);
    assert_eq!(s.offers(31.0), [(100, 3)]);
}

#[test]
fn sticky_agent_not_logged_in_means_no_window() {
    let mut s = Sim::new();
    s.ready(2, TENANT, &[], 0.0);
    let mut c = s.contact(100, &[], 1.0);
    c.sticky = Some((id(1), Duration::from_secs(30)));
    s.arrive(c);
    assert_eq!(s.offers(1.0), [(100, 2)]);
}

#[test]
fn dedicated_agent_only_while_logged_in() {
    let mut s = Sim::new();
    s.login(1, TENANT, &[], 0.0);
    s.ready(2, TENANT, &[], 0.0);
    let mut c = s.contact(100, &[], 1.0);
    c.dedicated = Some(id(1));
    s.arrive(c);
    assert_eq!(s.offers(1.0), []);
    assert_eq!(
        s.e.poll_timeout(),
        None,
        "no timer: the window lasts while agent 1 is logged in"
    );
    assert_eq!(s.offers(3600.0), []);
    s.e.agent_available(id(1), s.at(3601.0));
    assert_eq!(s.offers(3601.0), [(100, 1)]);

    let mut c = s.contact(101, &[], 3602.0);
    c.dedicated = Some(id(1));
    s.arrive(c);
    assert_eq!(
        s.offers(3602.0),
        [],
        "agent 1 is ringing; agent 2 may not take it"
    );
    assert_eq!(s.e.agent_logout(id(1)), Some(id(100)));
    assert_eq!(s.offers(3603.0), [(100, 2)], "100 was waiting longer");
    s.ready(3, TENANT, &[], 3604.0);
    assert_eq!(
        s.offers(3604.0),
        [(101, 3)],
        "agent 1 logged out: normal routing"
    );
}

#[test]
fn dedicated_agent_must_meet_the_requirements() {
    let mut s = Sim::new();
    s.ready(1, TENANT, &[], 0.0);
    s.ready(2, TENANT, &[(A, 1)], 1.0);
    let mut c = s.contact(100, &[(A, 1)], 2.0);
    c.dedicated = Some(id(1));
    s.arrive(c);
    assert_eq!(
        s.offers(2.0),
        [(100, 2)],
        "agent 1 lacks the skill: no window"
    );
}
