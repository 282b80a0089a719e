//! `VoiceDeps`: what the voice service uses of the application, named — the domain's
//! handles, the object store and bus, this node's id, the shutdown signal, and the calls
//! this node holds. Call tasks hold this, never the app state.

use std::sync::Arc;

use qiao_tenants::calls::Calls;
use qiao_tenants::center::Center;
use qiao_tenants::crm::Crm;
use qiao_tenants::events::EventBus;
use qiao_tenants::objects::ObjectStore;

use super::live::LiveCalls;
use super::relay::Relay;
use crate::config::Config;
use crate::shutdown::Shutdown;

#[derive(Clone)]
pub struct VoiceDeps {
    pub config: Arc<Config>,
    pub center: Center,
    pub crm: Crm,
    pub calls: Calls,
    pub objects: Arc<dyn ObjectStore>,
    pub bus: Arc<dyn EventBus>,
    /// This process, as named in the records of the calls it holds.
    pub node_id: uuid::Uuid,
    pub shutdown: Shutdown,
    /// The calls this node holds, for agents' commands.
    pub live: LiveCalls,
    /// Agents' commands for calls held by other nodes.
    pub relay: Relay,
}
