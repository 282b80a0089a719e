//! Published flows for the call path: parsed once per (flow, version) and kept, read with
//! plain platform reads filtered by the call's tenant.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use sea_orm::{ColumnTrait, QueryFilter};
use uuid::Uuid;

use crate::center::Center;
use crate::center::ivr::graph::FlowGraph;
use crate::ctx::CallAccess;
use crate::entities::ivr_flow_version;
use crate::error::DomainError;

/// Parsed published flow versions by flow id and version. A published version never
/// changes, and the flow row (read in the caller's tenant on every admission) says which
/// version is live, so an entry is never stale; the cache is emptied when it grows past
/// `FLOW_CACHE_MAX` entries.
#[derive(Clone, Default)]
pub(crate) struct FlowCache(Arc<Mutex<FlowVersions>>);

/// Parsed graphs by (flow id, version).
type FlowVersions = HashMap<(Uuid, i32), Arc<FlowGraph>>;

const FLOW_CACHE_MAX: usize = 4096;

impl FlowCache {
    pub(crate) fn get(&self, flow: Uuid, version: i32) -> Option<Arc<FlowGraph>> {
        let map = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        map.get(&(flow, version)).cloned()
    }

    pub(crate) fn put(&self, flow: Uuid, version: i32, graph: Arc<FlowGraph>) {
        let mut map = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if map.len() >= FLOW_CACHE_MAX {
            map.clear();
        }
        map.insert((flow, version), graph);
    }
}

impl Center {
    /// The live version of a flow of the call's tenant (a queue's overflow to a flow);
    /// `None` when it was never published.
    pub async fn published_flow(
        &self,
        call: &CallAccess,
        flow: Uuid,
    ) -> Result<Option<Arc<FlowGraph>>, DomainError> {
        Ok(self
            .published_graph(call.tenant_id().as_uuid(), flow)
            .await?
            .map(|(_, g)| g))
    }

    /// A flow's published version and its parsed graph, from the cache when it holds it
    /// (platform reads, filtered by `tenant`).
    pub(crate) async fn published_graph(
        &self,
        tenant: Uuid,
        id: Uuid,
    ) -> Result<Option<(i32, Arc<FlowGraph>)>, DomainError> {
        let db = crate::store::platform::pool_for(&self.db, tenant);
        let flow = db
            .get_as::<crate::entities::ivr_flow::Entity>(id, "flow")
            .await?;
        let Some(v) = flow.published_version else {
            return Ok(None);
        };
        if let Some(g) = self.flows.get(id, v) {
            return Ok(Some((v, g)));
        }
        let row = db
            .select::<ivr_flow_version::Entity>()
            .filter(ivr_flow_version::Column::FlowId.eq(id))
            .filter(ivr_flow_version::Column::Version.eq(v))
            .one(&db)
            .await?
            .ok_or(DomainError::NotFound("flow version"))?;
        let g = Arc::new(crate::center::ivr::repo::parse_graph(&row.graph)?);
        self.flows.put(id, v, g.clone());
        Ok(Some((v, g)))
    }
}
