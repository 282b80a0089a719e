//! Business-hours schedules, stored per tenant as JSON, and holiday imports.

use chrono::{DateTime, Utc};
use sea_orm::{QueryOrder, Set};
use uuid::Uuid;

use super::calendar::{parse_calendar_csv, split};
use super::schedule::{DatedDay, Schedule};
use crate::center::Center;
use crate::ctx::{ManageConfig, ViewConfig};
use crate::entities::business_hours;
use crate::error::DomainError;
use crate::values::parse_name;

/// A stored schedule with its parsed form.
#[derive(Clone, Debug)]
pub struct HoursView {
    pub row: business_hours::Model,
    pub schedule: Schedule,
}

fn view(row: business_hours::Model) -> Result<HoursView, DomainError> {
    let schedule = serde_json::from_value(row.schedule.clone())
        .map_err(|e| anyhow::anyhow!("stored schedule {}: {e}", row.id))?;
    Ok(HoursView { row, schedule })
}

/// Adds `days` to `list`, replacing entries on the same date; keeps the list sorted.
fn merge(list: &mut Vec<DatedDay>, days: Vec<DatedDay>) {
    for d in days {
        list.retain(|x| x.date != d.date);
        list.push(d);
    }
    list.sort_by_key(|d| d.date);
}

impl Center {
    pub async fn business_hours(
        &self,
        cap: &ViewConfig<'_>,
    ) -> Result<Vec<HoursView>, DomainError> {
        let txn = self.db.tx(cap.0).await?;
        let rows = txn
            .select::<business_hours::Entity>()
            .order_by_asc(business_hours::Column::Name)
            .all(&txn)
            .await?;
        txn.commit().await?;
        rows.into_iter().map(view).collect()
    }

    pub async fn hours(&self, cap: &ViewConfig<'_>, id: Uuid) -> Result<HoursView, DomainError> {
        let txn = self.db.tx(cap.0).await?;
        let row = txn
            .get::<crate::entities::business_hours::Entity>(id)
            .await?;
        txn.commit().await?;
        view(row)
    }

    /// Whether schedule `id` is open at `at`.
    pub async fn hours_open(
        &self,
        cap: &ViewConfig<'_>,
        id: Uuid,
        at: DateTime<Utc>,
    ) -> Result<bool, DomainError> {
        Ok(self.hours(cap, id).await?.schedule.is_open(at))
    }

    pub async fn save_hours(
        &self,
        cap: &ManageConfig<'_>,
        id: Option<Uuid>,
        name: &str,
        mut schedule: Schedule,
    ) -> Result<HoursView, DomainError> {
        let name = parse_name("name", name)?;
        schedule.holidays.sort_by_key(|d| d.date);
        schedule.workdays.sort_by_key(|d| d.date);
        schedule.special_days.sort_by_key(|d| d.date);
        let json = serde_json::to_value(&schedule).map_err(anyhow::Error::from)?;
        let txn = self.db.tx(cap.ctx).await?;
        let row = txn
            .save::<business_hours::Entity>(
                id,
                |h| {
                    h.name = Set(name.clone());
                    h.schedule = Set(json);
                },
                || format!("a schedule named '{name}' already exists"),
            )
            .await?;
        txn.commit().await?;
        Ok(HoursView { row, schedule })
    }

    /// Merges the bundled Chinese public-holiday calendar (holidays and 调休 workdays).
    pub async fn import_cn_holidays(
        &self,
        cap: &ManageConfig<'_>,
        id: Uuid,
    ) -> Result<HoursView, DomainError> {
        let (holidays, workdays) = super::calendar::cn_public_holidays();
        self.merge_days(cap, id, holidays, workdays).await
    }

    /// Merges a calendar CSV (`date,kind,name`). Any bad row refuses the whole import.
    pub async fn import_holidays_csv(
        &self,
        cap: &ManageConfig<'_>,
        id: Uuid,
        csv: &str,
    ) -> Result<HoursView, DomainError> {
        if csv.len() > 256 * 1024 {
            return Err(crate::store::invalid("csv", "is larger than 256 KiB"));
        }
        let (rows, rejected) = parse_calendar_csv(csv);
        if !rejected.is_empty() {
            return Err(DomainError::rejected(crate::error::Refused::Rows, rejected));
        }
        let (holidays, workdays) = split(rows);
        self.merge_days(cap, id, holidays, workdays).await
    }

    async fn merge_days(
        &self,
        cap: &ManageConfig<'_>,
        id: Uuid,
        holidays: Vec<DatedDay>,
        workdays: Vec<DatedDay>,
    ) -> Result<HoursView, DomainError> {
        let current = self.hours(&cap.view(), id).await?;
        let mut schedule = current.schedule;
        // A date is either a holiday or a workday: the import decides.
        let dates: Vec<_> = holidays.iter().chain(&workdays).map(|d| d.date).collect();
        schedule.holidays.retain(|d| !dates.contains(&d.date));
        schedule.workdays.retain(|d| !dates.contains(&d.date));
        merge(&mut schedule.holidays, holidays);
        merge(&mut schedule.workdays, workdays);
        self.save_hours(cap, Some(id), &current.row.name, schedule)
            .await
    }

    /// Deletes a schedule no queue uses.
    pub async fn delete_hours(&self, cap: &ManageConfig<'_>, id: Uuid) -> Result<(), DomainError> {
        let txn = self.db.tx(cap.ctx).await?;
        let h = txn
            .get::<crate::entities::business_hours::Entity>(id)
            .await?;
        if let Some(q) = crate::center::usage::queue_using(&txn, |_, s| s.refers_to(h.id)).await? {
            return Err(DomainError::Conflict(format!(
                "queue '{q}' uses this schedule; change it first"
            )));
        }
        if let Some(name) = crate::center::usage::flow_using(&txn, h.id).await? {
            return Err(DomainError::Conflict(format!(
                "IVR flow '{name}' checks this schedule; change it first"
            )));
        }
        txn.delete::<business_hours::Entity>(h.id).await?;
        txn.commit().await?;
        Ok(())
    }
}
