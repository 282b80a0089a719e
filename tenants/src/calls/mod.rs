//! `Calls`: what happens to calls — admission by dialled number (the only way a call gets a
//! tenant), call detail records, recordings and callback tasks, agents' presence, offers,
//! legs and wrap-up, callers' places in queues, desk-phone registrations, nodes' heartbeats,
//! and the screen pop. It reads the configuration through [`Center`] and customers through
//! [`Crm`]: both are fields, so every cross-feature read is visible.

pub mod admission;
pub mod agents;
pub mod callbacks;
pub mod nodes;
pub mod recordings;
pub mod records;
pub mod registrations;
pub mod screen_pop;
pub mod waiting;

pub use admission::{Admission, OutboundRoute, Target, dialled_e164, trunk_admits_source};
pub use callbacks::NewCallbackTask;
pub use recordings::{CutOffRecording, NewRecording};
pub use records::{CallEnd, CallStart};

use crate::center::Center;
use crate::crm::Crm;
use crate::db::Db;

#[derive(Clone)]
pub struct Calls {
    pub(crate) db: Db,
    pub center: Center,
    pub crm: Crm,
}

impl Calls {
    pub fn new(db: Db, center: Center, crm: Crm) -> Self {
        Self { db, center, crm }
    }
}
