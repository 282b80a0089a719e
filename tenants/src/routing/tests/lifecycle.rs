//! Offers over time: ring timeouts, rejections, failed reservations and logouts.

use super::super::{AgentState, Channel, Decision, NotReadyReason};
use super::{Sim, TENANT, id};

#[test]
fn ring_timeout_misses_offers_the_next_agent_and_sets_the_agent_not_ready() {
    let mut s = Sim::new();
    s.ready(1, TENANT, &[], 0.0);
    s.ready(2, TENANT, &[], 1.0);
    s.arrive(s.contact(100, &[], 2.0));
    let offer = s.poll(2.0);
    assert_eq!(
        offer,
        [Decision::Offer {
            contact: id(100),
            agent: id(1),
            ring_until: s.at(17.0)
        }]
    );
    assert_eq!(s.e.poll_timeout(), Some(s.at(17.0)));
    assert_eq!(s.poll(16.9), []);
    assert_eq!(
        s.poll(17.0),
        [
            Decision::Missed {
                contact: id(100),
                agent: id(1)
            },
            Decision::Offer {
                contact: id(100),
                agent: id(2),
                ring_until: s.at(32.0)
            },
        ]
    );
    let a = s.e.agent_state(id(1)).unwrap();
    assert_eq!(
        (a.state, a.not_ready_reason),
        (AgentState::NotReady, Some(NotReadyReason::Missed))
    );
    s.e.agent_available(id(1), s.at(18.0));
    assert_eq!(s.poll(18.0), [], "the contact rings at agent 2");
    // Agent 2 misses it too; agent 1, back from not ready, may have it again.
    assert_eq!(
        s.poll(32.0),
        [
            Decision::Missed {
                contact: id(100),
                agent: id(2)
            },
            Decision::Offer {
                contact: id(100),
                agent: id(1),
                ring_until: s.at(47.0)
            },
        ]
    );
    assert_eq!(s.e.waiting(), 1);
}

#[test]
fn rejected_offer_goes_to_the_next_agent_and_the_agent_stays_available() {
    let mut s = Sim::new();
    s.ready(1, TENANT, &[], 0.0);
    s.ready(2, TENANT, &[], 1.0);
    s.arrive(s.contact(100, &[], 2.0));
    assert_eq!(s.offers(2.0), [(100, 1)]);
    s.e.offer_rejected(id(100), s.at(3.0));
    assert_eq!(s.offers(3.0), [(100, 2)]);
    assert_eq!(s.e.agent_state(id(1)).unwrap().state, AgentState::Available);
    s.arrive(s.contact(101, &[], 4.0));
    assert_eq!(s.offers(4.0), [(101, 1)]);
}

#[test]
fn reservation_failed_makes_the_agent_busy_and_the_contact_wait() {
    let mut s = Sim::new();
    s.ready(1, TENANT, &[], 0.0);
    s.arrive(s.contact(100, &[], 1.0));
    assert_eq!(s.offers(1.0), [(100, 1)]);
    s.e.reservation_failed(id(100), id(1));
    assert!(s.e.agent_state(id(1)).unwrap().reserved_elsewhere);
    assert_eq!(s.e.ringing_agent(id(100)), None);
    assert_eq!(s.offers(2.0), []);
    s.ready(2, TENANT, &[], 3.0);
    assert_eq!(s.offers(3.0), [(100, 2)]);
    s.arrive(s.contact(101, &[], 4.0));
    assert_eq!(s.offers(4.0), [], "agent 1 counts as busy");
    s.e.agent_available(id(1), s.at(5.0));
    assert_eq!(s.offers(5.0), [(101, 1)]);
    s.e.agent_not_ready(id(2));
    s.e.offer_rejected(id(100), s.at(6.0));
    s.e.reservation_failed(id(101), id(1));
    s.e.interaction_ended(id(1), Channel::Voice, s.at(7.0));
    assert_eq!(
        s.offers(7.0),
        [(100, 1)],
        "not excluded after a failed reservation"
    );
}

#[test]
fn logout_while_ringing_returns_the_contact_to_waiting() {
    let mut s = Sim::new();
    s.ready(1, TENANT, &[], 0.0);
    s.ready(2, TENANT, &[], 1.0);
    s.arrive(s.contact(100, &[], 2.0));
    assert_eq!(s.offers(2.0), [(100, 1)]);
    assert_eq!(s.e.agent_logout(id(1)), Some(id(100)));
    assert_eq!(s.e.agent_state(id(1)), None);
    assert_eq!(s.offers(3.0), [(100, 2)]);
    assert_eq!(s.e.agent_logout(id(2)), Some(id(100)));
    assert_eq!(s.e.agent_logout(id(2)), None);
    assert_eq!(s.e.ringing_agent(id(100)), None);
    assert_eq!(s.e.poll_timeout(), None);
}

#[test]
fn contact_leaving_while_ringing_releases_the_agent() {
    let mut s = Sim::new();
    s.ready(1, TENANT, &[], 0.0);
    s.arrive(s.contact(100, &[], 1.0));
    assert_eq!(s.offers(1.0), [(100, 1)]);
    assert_eq!(s.e.contact_left(id(100)), Some(id(1)));
    assert_eq!(s.e.agent_state(id(1)).unwrap().ringing, None);
    assert_eq!(s.e.poll_timeout(), None);
    s.arrive(s.contact(101, &[], 2.0));
    assert_eq!(s.offers(2.0), [(101, 1)]);
}
