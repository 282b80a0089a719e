//! `Calls`: what happens to calls — admission by dialled number (the only way a call gets a
//! tenant), call detail records, recordings and callback tasks, agents' presence, offers,
//! legs and wrap-up, callers' places in queues, desk-phone registrations, nodes' heartbeats,
//! and the screen pop. It reads the configuration through [`Center`] and customers through
//! [`Crm`]: both are fields, so every cross-feature read is visible.

pub mod admission;
pub mod agents;
pub mod callbacks;
pub mod legs;
pub mod nodes;
pub mod offers;
pub mod recordings;
pub mod records;
pub mod registrations;
pub mod screen_pop;
pub mod waiting;

pub use admission::{Admission, OutboundRoute, Target, dialled_e164, trunk_admits_source};
pub use callbacks::NewCallbackTask;
pub use recordings::{CutOffRecording, NewRecording};
pub use records::{CallEnd, CallStart};

use std::sync::Arc;

use serde_json::json;

use crate::center::Center;
use crate::crm::Crm;
use crate::db::Db;
use crate::entities::agent_state;
use crate::events::{EventBus, EventKind, TenantEvent};
use crate::ids::TenantId;

#[derive(Clone)]
pub struct Calls {
    pub(crate) db: Db,
    bus: Arc<dyn EventBus>,
    pub center: Center,
    pub crm: Crm,
}

impl Calls {
    pub fn new(db: Db, bus: Arc<dyn EventBus>, center: Center, crm: Crm) -> Self {
        Self {
            db,
            bus,
            center,
            crm,
        }
    }

    /// Tells every node's consoles and routers an agent's presence as stored (call it after
    /// the change committed). A bus that cannot deliver is logged: the row is the truth, and
    /// routers reload it.
    pub async fn publish_presence(&self, tenant: TenantId, row: &agent_state::Model) {
        let data = json!({"agent": row.user_id, "state": row.state, "reason": row.reason,
                          "since": row.since, "callId": row.call_id});
        let event = TenantEvent::new(tenant, EventKind::AgentState, data);
        if let Err(e) = self.bus.publish(&event).await {
            tracing::warn!(error = %e, "publishing an agent's presence");
        }
    }
}
