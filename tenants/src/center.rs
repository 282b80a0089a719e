//! The center's configuration service: numbers, trunks and desk phones (`numbers.rs`), skill
//! groups (`skills.rs`), queues (`queues.rs`), business hours (`hours/repo.rs`) and IVR flows
//! (`ivr/repo.rs`). Every method takes a capability from `TenantCtx` and stays in its tenant.

use crate::db::Db;

#[derive(Clone)]
pub struct Center {
    pub(crate) db: Db,
    /// Published flow versions, parsed: immutable once published, so never stale.
    pub(crate) flows: crate::calls::FlowCache,
}

impl Center {
    pub fn new(db: Db) -> Self {
        Self {
            db,
            flows: Default::default(),
        }
    }
}
