//! Queues: their rows and settings (`queue_settings.rs`), saved and deleted in their tenant.

use sea_orm::{ColumnTrait, QueryFilter, Set};
use uuid::Uuid;

pub use super::queue_settings::{
    Overflow, QueueSettings, SkillOverflow, SkillRequirement, WrapUpCode,
};
use crate::center::Center;
use crate::ctx::{ManageConfig, ViewConfig};
use crate::entities::{number, queue};
use crate::error::DomainError;
use crate::store::invalid;
use crate::values::parse_name;

/// A queue row with its parsed settings.
#[derive(Clone, Debug)]
pub struct QueueView {
    pub row: queue::Model,
    pub settings: QueueSettings,
}

pub(crate) fn view(row: queue::Model) -> Result<QueueView, DomainError> {
    let settings = serde_json::from_value(row.settings.clone())
        .map_err(|e| anyhow::anyhow!("stored settings of queue {}: {e}", row.id))?;
    Ok(QueueView { row, settings })
}

impl Center {
    pub async fn queues(&self, cap: &ViewConfig<'_>) -> Result<Vec<QueueView>, DomainError> {
        let txn = self.db.tx(cap.0).await?;
        let rows = txn.list::<queue::Entity>(queue::Column::Name).await?;
        txn.commit().await?;
        rows.into_iter().map(view).collect()
    }

    pub async fn queue(&self, cap: &ViewConfig<'_>, id: Uuid) -> Result<QueueView, DomainError> {
        let txn = self.db.tx(cap.0).await?;
        let row = txn.get::<crate::entities::queue::Entity>(id).await?;
        txn.commit().await?;
        view(row)
    }

    pub async fn save_queue(
        &self,
        cap: &ManageConfig<'_>,
        id: Option<Uuid>,
        name: &str,
        settings: QueueSettings,
    ) -> Result<QueueView, DomainError> {
        let name = parse_name("name", name)?;
        settings.check()?;
        let txn = self.db.tx(cap.ctx).await?;
        let overflow_skills = settings
            .skill_overflow
            .iter()
            .flat_map(|o| o.required_skills.iter());
        for r in settings.required_skills.iter().chain(overflow_skills) {
            txn.get::<crate::entities::skill_group::Entity>(r.skill_group_id)
                .await?;
        }
        if let Some(h) = settings.business_hours_id {
            txn.get::<crate::entities::business_hours::Entity>(h)
                .await?;
        }
        match &settings.overflow {
            Some(Overflow::Queue { queue_id }) => {
                if Some(*queue_id) == id {
                    return Err(invalid("overflow", "a queue cannot overflow into itself"));
                }
                txn.get_as::<crate::entities::queue::Entity>(*queue_id, "overflow queue")
                    .await?;
            }
            Some(Overflow::Flow { flow_id }) => {
                txn.get_as::<crate::entities::ivr_flow::Entity>(*flow_id, "overflow IVR flow")
                    .await?;
            }
            _ => {}
        }
        let json = serde_json::to_value(&settings).map_err(anyhow::Error::from)?;
        let row = txn
            .save::<queue::Entity>(
                id,
                |q| {
                    q.name = Set(name.clone());
                    q.settings = Set(json);
                },
                || format!("a queue named '{name}' already exists"),
            )
            .await?;
        txn.commit().await?;
        Ok(QueueView { row, settings })
    }

    /// Deletes a queue no number, flow or other queue points at.
    pub async fn delete_queue(&self, cap: &ManageConfig<'_>, id: Uuid) -> Result<(), DomainError> {
        let txn = self.db.tx(cap.ctx).await?;
        let q = txn.get::<crate::entities::queue::Entity>(id).await?;
        let in_use = |what: String| {
            Err(DomainError::Conflict(format!(
                "{what} sends calls to this queue; change it first"
            )))
        };
        let numbers = txn
            .select::<number::Entity>()
            .filter(number::Column::RouteId.eq(q.id))
            .one(&txn)
            .await?;
        if let Some(n) = numbers {
            return in_use(format!("number {}", n.e164));
        }
        if let Some(name) = crate::center::usage::flow_using(&txn, q.id).await? {
            return in_use(format!("IVR flow '{name}'"));
        }
        if let Some(other) =
            crate::center::usage::queue_using(&txn, |o, s| o.id != q.id && s.refers_to(q.id))
                .await?
        {
            return in_use(format!("queue '{other}'"));
        }
        txn.delete::<queue::Entity>(q.id).await?;
        txn.commit().await?;
        Ok(())
    }
}
