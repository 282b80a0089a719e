//! The orders in which contacts and agents are chosen: static contact ranks and idle keys.
//!
//! Effective priority is `base + aging_per_min × minutes waited` (see
//! [`EngineConfig::effective_priority`]). Every waiting contact gains the same points per
//! minute, so at any instant `now` the effective priority, scaled by nanoseconds per minute, is
//! `key + aging_per_min × (now − epoch)` with the static
//! `key = base × NANOS_PER_MIN − aging_per_min × (arrived − epoch)`. Ordering by `key`
//! orders by effective priority at every instant, and a contact's rank never changes while it
//! waits.

use std::cmp::Reverse;
use std::time::Instant;

use uuid::Uuid;

use super::model::{EngineConfig, PRIORITY_WEIGHT};

const NANOS_PER_MIN: i128 = 60_000_000_000;

/// A contact's place in every ordered set of contacts: higher effective priority first, then
/// earlier arrival, then smaller id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) struct ContactRank {
    key: Reverse<i128>,
    arrived: Instant,
    pub(super) id: Uuid,
}

impl ContactRank {
    pub(super) fn new(
        cfg: &EngineConfig,
        epoch: Instant,
        priority: u8,
        vip: u8,
        arrived: Instant,
        id: Uuid,
    ) -> Self {
        let base = i128::from(priority) * i128::from(PRIORITY_WEIGHT)
            + i128::from(vip) * i128::from(cfg.vip_weight);
        let key =
            base * NANOS_PER_MIN - i128::from(cfg.aging_per_min) * signed_nanos(epoch, arrived);
        Self {
            key: Reverse(key),
            arrived,
            id,
        }
    }
}

/// `to − from` in nanoseconds, negative when `to` is earlier.
fn signed_nanos(from: Instant, to: Instant) -> i128 {
    let nanos = |d: std::time::Duration| i128::try_from(d.as_nanos()).unwrap_or(i128::MAX);
    match to.checked_duration_since(from) {
        Some(d) => nanos(d),
        None => -nanos(from.duration_since(to)),
    }
}

/// A free agent's place in a class's ordered set of free agents: idle the longest first, then
/// higher total proficiency on the class's skills, then smaller id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) struct FreeKey {
    idle_since: Instant,
    proficiency: Reverse<u32>,
    pub(super) id: Uuid,
}

impl FreeKey {
    pub(super) fn new(idle_since: Instant, proficiency: u32, id: Uuid) -> Self {
        Self {
            idle_since,
            proficiency: Reverse(proficiency),
            id,
        }
    }
}
