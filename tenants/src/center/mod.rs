//! `Center`: the center's configuration — numbers, trunks and desk phones (`numbers.rs`),
//! skill groups (`skills.rs`), queues (`queues.rs`), prompts (`prompts.rs`), business hours
//! (`hours/`) and IVR flows (`ivr/`, with the cache of published flows). Every method takes
//! a capability from `TenantCtx` and stays in its tenant. It depends on the store only.

pub mod desk_phones;
pub mod hours;
pub mod ivr;
pub mod numbers;
pub mod prompts;
pub mod queue_settings;
pub mod queues;
pub mod skills;
pub mod trunks;
pub(crate) mod usage;

use crate::db::Db;

#[derive(Clone)]
pub struct Center {
    pub(crate) db: Db,
    /// Published flow versions, parsed: immutable once published, so never stale.
    pub(crate) flows: ivr::cache::FlowCache,
}

impl Center {
    pub fn new(db: Db) -> Self {
        Self {
            db,
            flows: Default::default(),
        }
    }
}
