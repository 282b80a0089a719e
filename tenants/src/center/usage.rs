//! What refers to what inside the center's configuration, so that nothing is deleted from
//! under a number, a queue or a flow that uses it.

use sea_orm::{ColumnTrait, QueryFilter};
use uuid::Uuid;

use super::queue_settings::QueueSettings;
use crate::entities::{ivr_flow, ivr_flow_version, queue};
use crate::error::DomainError;
use crate::store::Tx;

/// The name of the first of the tenant's queues whose settings `uses` accepts.
pub(crate) async fn queue_using(
    txn: &Tx,
    uses: impl Fn(&queue::Model, &QueueSettings) -> bool,
) -> Result<Option<String>, DomainError> {
    for row in txn.list::<queue::Entity>(queue::Column::Name).await? {
        let settings: QueueSettings = serde_json::from_value(row.settings.clone())
            .map_err(|e| anyhow::anyhow!("stored settings of queue {}: {e}", row.id))?;
        if uses(&row, &settings) {
            return Ok(Some(row.name));
        }
    }
    Ok(None)
}

/// The name of a flow whose draft or published version mentions `id` (a queue, schedule,
/// prompt or user), so that it is not deleted from under a flow.
pub(crate) async fn flow_using(db: &Tx, id: Uuid) -> Result<Option<String>, DomainError> {
    let needle = id.to_string();
    let flows = db.select::<ivr_flow::Entity>().all(db).await?;
    for f in flows {
        if f.draft.to_string().contains(&needle) {
            return Ok(Some(f.name));
        }
        if let Some(v) = f.published_version {
            let published = db
                .select::<ivr_flow_version::Entity>()
                .filter(ivr_flow_version::Column::FlowId.eq(f.id))
                .filter(ivr_flow_version::Column::Version.eq(v))
                .one(db)
                .await?;
            if published.is_some_and(|p| p.graph.to_string().contains(&needle)) {
                return Ok(Some(f.name));
            }
        }
    }
    Ok(None)
}
