//! Skill-based routing: a pure engine that matches waiting contacts to free agents.
//!
//! The [`Engine`] does no IO, never reads the clock and never awaits: the caller feeds it
//! events (an agent logged in, a contact arrived, an offer was accepted …) with the current
//! [`Instant`](std::time::Instant), then drains [`Engine::poll`] for [`Decision`]s and sleeps
//! until [`Engine::poll_timeout`]. Same events in, same decisions out. Events naming an agent
//! that is not logged in, or a contact the engine does not hold, are ignored.
//!
//! # Who gets what
//!
//! An agent may serve a contact when it is logged in and Available, has no offer ringing,
//! has room on the contact's channel (one call, plus up to `max_chats` chats), belongs to the
//! contact's tenant (or to the escalation tenant once the contact's escalation has started,
//! meeting the escalation skills), meets every current skill requirement and has not
//! rejected or missed that contact.
//!
//! * A **freed agent** takes the waiting contact with the highest effective priority
//!   ([`EngineConfig::effective_priority`]), ties by earlier arrival, then by id.
//! * An **arriving contact** goes to the eligible agent idle the longest, ties by higher total
//!   proficiency on the required skills, then by id.
//! * When both happen in one poll, contacts are served in effective-priority order, each by
//!   the longest-idle eligible agent still free.
//! * A **dedicated** agent, and a **sticky** agent during its window, is the only agent a
//!   contact is offered to, while that agent is logged in, in the contact's tenant, meets the
//!   current skills and has not rejected or missed the contact; otherwise routing is normal.
//!
//! # How it stays cheap
//!
//! Effective priority grows at the same rate for every contact, so each contact gets a static
//! rank at arrival (`order.rs`). Contacts wait in ordered sets per requirement class
//! (tenant, channel, skill requirements); free agents sit in ordered sets per class they
//! qualify for (`index.rs`); contacts in a sticky or dedicated window wait only in their
//! agent's set. `poll` looks only at agents and contacts that changed since the last poll and
//! at timers that are due (`matching.rs`), so a decision costs a few ordered-set operations
//! whatever the number of waiting contacts.

mod engine;
mod index;
mod matching;
mod model;
mod order;
mod placement;

#[cfg(test)]
mod tests;

pub use engine::Engine;
pub use model::{
    AgentProfile, AgentSnapshot, AgentState, Channel, ContactSpec, Decision, EngineConfig,
    Escalation, NotReadyReason, PRIORITY_WEIGHT, SkillReq,
};
pub use uuid::Uuid;
