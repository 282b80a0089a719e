//! Knowledge entries per tenant: CRUD, search, CSV import and timetable lookups.

use chrono::{NaiveDate, Utc};
use sea_orm::sea_query::{Expr, LikeExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use super::entry::{EntryType, KbEntry};
use super::import::parse_csv;
use super::search::{score, terms};
use crate::center::hours::calendar::RejectedRow;
use crate::crm::Crm;
use crate::ctx::{ManageConfig, ReadKnowledge};
use crate::entities::kb_entry;
use crate::error::DomainError;
use crate::store::invalid;

/// What an import did.
#[derive(Clone, Debug)]
pub struct ImportReport {
    /// Entries created (timetable rows are grouped per station and date).
    pub imported: usize,
    /// CSV rows accepted.
    pub imported_rows: usize,
    pub rejected: Vec<RejectedRow>,
}

fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

fn row(tenant: Uuid, id: Uuid, e: &KbEntry) -> kb_entry::ActiveModel {
    let now = Utc::now();
    kb_entry::ActiveModel {
        id: Set(id),
        tenant_id: Set(tenant),
        entry_type: Set(e.entry_type.as_str().to_owned()),
        language: Set(e.language.clone()),
        title: Set(e.title.clone()),
        body: Set(e.body.clone()),
        data: Set(e.data.clone()),
        search_text: Set(e.search_text()),
        created_at: Set(now),
        updated_at: Set(now),
    }
}

impl Crm {
    pub async fn kb_entries(
        &self,
        cap: &ReadKnowledge<'_>,
        entry_type: Option<EntryType>,
        language: Option<&str>,
        limit: u64,
        offset: u64,
    ) -> Result<Vec<kb_entry::Model>, DomainError> {
        let txn = self.db.tx(cap.0).await?;
        let mut q = txn.select::<kb_entry::Entity>();
        if let Some(t) = entry_type {
            q = q.filter(kb_entry::Column::EntryType.eq(t.as_str()));
        }
        if let Some(l) = language {
            q = q.filter(kb_entry::Column::Language.eq(l));
        }
        let rows = q
            .order_by_asc(kb_entry::Column::EntryType)
            .order_by_asc(kb_entry::Column::Title)
            .limit(limit.min(500))
            .offset(offset)
            .all(&txn)
            .await?;
        txn.commit().await?;
        Ok(rows)
    }

    pub async fn kb_entry(
        &self,
        cap: &ReadKnowledge<'_>,
        id: Uuid,
    ) -> Result<kb_entry::Model, DomainError> {
        self.db
            .get::<crate::entities::kb_entry::Entity>(cap.0, id)
            .await
    }

    pub async fn save_kb_entry(
        &self,
        cap: &ManageConfig<'_>,
        id: Option<Uuid>,
        entry: KbEntry,
    ) -> Result<kb_entry::Model, DomainError> {
        let tenant = cap.view().tenant_id().as_uuid();
        let txn = self.db.tx(cap.ctx).await?;
        let saved = match id {
            None => row(tenant, Uuid::now_v7(), &entry).insert(&txn).await?,
            Some(id) => {
                let existing = txn.get::<crate::entities::kb_entry::Entity>(id).await?;
                let mut r = row(tenant, existing.id, &entry);
                r.created_at = Set(existing.created_at);
                r.update(&txn).await?
            }
        };
        txn.commit().await?;
        Ok(saved)
    }

    pub async fn delete_kb_entry(
        &self,
        cap: &ManageConfig<'_>,
        id: Uuid,
    ) -> Result<(), DomainError> {
        let txn = self.db.tx(cap.ctx).await?;
        txn.delete::<kb_entry::Entity>(id).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Entries holding every term of `query`, best first (see `search.rs`).
    pub async fn search_kb(
        &self,
        cap: &ReadKnowledge<'_>,
        query: &str,
        entry_type: Option<EntryType>,
        language: Option<&str>,
        limit: usize,
    ) -> Result<Vec<(kb_entry::Model, u32)>, DomainError> {
        let terms = terms(query);
        let Some(longest) = terms.iter().max_by_key(|t| t.chars().count()) else {
            return Ok(Vec::new());
        };
        let txn = self.db.tx(cap.0).await?;
        let mut q = txn.select::<kb_entry::Entity>().filter(
            Expr::col(kb_entry::Column::SearchText)
                .like(LikeExpr::new(format!("%{}%", escape_like(longest))).escape('\\')),
        );
        if let Some(t) = entry_type {
            q = q.filter(kb_entry::Column::EntryType.eq(t.as_str()));
        }
        if let Some(l) = language {
            q = q.filter(kb_entry::Column::Language.eq(l));
        }
        let candidates = q.limit(5000).all(&txn).await?;
        txn.commit().await?;
        let mut hits: Vec<_> = candidates
            .into_iter()
            .filter_map(|e| {
                let s = score(&terms, &e.title.to_lowercase(), &e.search_text)?;
                Some((e, s))
            })
            .collect();
        hits.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.title.cmp(&b.0.title)));
        hits.truncate(limit.clamp(1, 100));
        Ok(hits)
    }

    /// Imports CSV of one type. Good rows go in together (one transaction); refused rows are
    /// reported. With `all_or_nothing`, any refused row stores nothing.
    pub async fn import_kb_csv(
        &self,
        cap: &ManageConfig<'_>,
        entry_type: EntryType,
        csv: &str,
        all_or_nothing: bool,
    ) -> Result<ImportReport, DomainError> {
        if csv.len() > 2 * 1024 * 1024 {
            return Err(invalid("csv", "is larger than 2 MiB; split it"));
        }
        let (entries, rejected) = parse_csv(entry_type, csv);
        if all_or_nothing && !rejected.is_empty() {
            return Err(DomainError::rejected(crate::error::Refused::Rows, rejected));
        }
        let tenant = cap.view().tenant_id().as_uuid();
        let txn = self.db.tx(cap).await?;
        let imported = entries.len();
        let imported_rows = entries
            .iter()
            .map(|(_, e)| e.data["departures"].as_array().map_or(1, Vec::len))
            .sum();
        for chunk in entries.chunks(200) {
            kb_entry::Entity::insert_many(
                chunk.iter().map(|(_, e)| row(tenant, Uuid::now_v7(), e)),
            )
            .exec(&txn)
            .await?;
        }
        txn.commit().await?;
        Ok(ImportReport {
            imported,
            imported_rows,
            rejected,
        })
    }

    /// Departures from `station` on `date`: the date's own timetable if there is one, else
    /// the every-day one; sorted by time.
    pub async fn timetable(
        &self,
        cap: &ReadKnowledge<'_>,
        station: &str,
        date: NaiveDate,
        language: Option<&str>,
    ) -> Result<Vec<super::entry::Departure>, DomainError> {
        let station = station.trim();
        let txn = self.db.tx(cap.0).await?;
        let mut q = txn
            .select::<kb_entry::Entity>()
            .filter(kb_entry::Column::EntryType.eq(EntryType::Timetable.as_str()))
            .filter(Expr::col(kb_entry::Column::SearchText).like(
                LikeExpr::new(format!("%{}%", escape_like(&station.to_lowercase()))).escape('\\'),
            ));
        if let Some(l) = language {
            q = q.filter(kb_entry::Column::Language.eq(l));
        }
        let rows = q.all(&txn).await?;
        txn.commit().await?;
        let parsed: Vec<super::entry::TimetableData> = rows
            .into_iter()
            .filter_map(|r| serde_json::from_value(r.data).ok())
            .filter(|t: &super::entry::TimetableData| t.station == station)
            .collect();
        let chosen = parsed
            .iter()
            .find(|t| t.date == Some(date))
            .or_else(|| parsed.iter().find(|t| t.date.is_none()));
        let mut deps = chosen.map(|t| t.departures.clone()).unwrap_or_default();
        deps.sort_by(|a, b| a.time.cmp(&b.time));
        Ok(deps)
    }
}
