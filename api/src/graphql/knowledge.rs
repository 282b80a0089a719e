//! The knowledge base: typed entries, search (agents and the IVR), CSV import, timetables.
//! Every member may read; admins and owners may change.

use async_graphql::{Context, Enum, ID, InputObject, Json, Object, Result, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use qiao_tenants::crm::kb::{EntryType, KbEntry};
use qiao_tenants::ctx::ReadKnowledge;
use qiao_tenants::entities::kb_entry;

use super::kit;
use super::kit::guard;
use crate::caller::Caller;
use crate::error::{ApiError, Gql};
use crate::state::AppState;

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum KnowledgeType {
    Route,
    Timetable,
    Fare,
    Vehicle,
    Faq,
    ScenicSpot,
    Branch,
    Regulation,
}

impl From<KnowledgeType> for EntryType {
    fn from(t: KnowledgeType) -> Self {
        match t {
            KnowledgeType::Route => EntryType::Route,
            KnowledgeType::Timetable => EntryType::Timetable,
            KnowledgeType::Fare => EntryType::Fare,
            KnowledgeType::Vehicle => EntryType::Vehicle,
            KnowledgeType::Faq => EntryType::Faq,
            KnowledgeType::ScenicSpot => EntryType::ScenicSpot,
            KnowledgeType::Branch => EntryType::Branch,
            KnowledgeType::Regulation => EntryType::Regulation,
        }
    }
}

impl From<EntryType> for KnowledgeType {
    fn from(t: EntryType) -> Self {
        match t {
            EntryType::Route => KnowledgeType::Route,
            EntryType::Timetable => KnowledgeType::Timetable,
            EntryType::Fare => KnowledgeType::Fare,
            EntryType::Vehicle => KnowledgeType::Vehicle,
            EntryType::Faq => KnowledgeType::Faq,
            EntryType::ScenicSpot => KnowledgeType::ScenicSpot,
            EntryType::Branch => KnowledgeType::Branch,
            EntryType::Regulation => KnowledgeType::Regulation,
        }
    }
}

#[derive(SimpleObject)]
pub struct KnowledgeEntry {
    pub id: ID,
    #[graphql(name = "type")]
    pub entry_type: KnowledgeType,
    /// zh or en.
    pub language: String,
    pub title: String,
    pub body: String,
    /// The type's fields, e.g. a timetable's `{ station, date, departures: [{ time, destination, routeCode }] }`.
    pub data: Json<serde_json::Value>,
    pub updated_at: DateTime<Utc>,
}

impl From<kb_entry::Model> for KnowledgeEntry {
    fn from(e: kb_entry::Model) -> Self {
        Self {
            id: ID(e.id.to_string()),
            entry_type: EntryType::parse(&e.entry_type)
                .unwrap_or(EntryType::Faq)
                .into(),
            language: e.language,
            title: e.title,
            body: e.body,
            data: Json(e.data),
            updated_at: e.updated_at,
        }
    }
}

#[derive(SimpleObject)]
pub struct KnowledgeHit {
    pub entry: KnowledgeEntry,
    pub score: i32,
}

#[derive(InputObject)]
pub struct KnowledgeEntryInput {
    #[graphql(name = "type")]
    pub entry_type: KnowledgeType,
    pub language: String,
    pub title: String,
    #[graphql(default)]
    pub body: String,
    pub data: Option<Json<serde_json::Value>>,
}

impl KnowledgeEntryInput {
    fn parse(self) -> Result<KbEntry, ApiError> {
        let data = self.data.map(|d| d.0).unwrap_or(serde_json::Value::Null);
        KbEntry::parse(
            self.entry_type.into(),
            &self.language,
            &self.title,
            &self.body,
            &data,
        )
        .map_err(|e| qiao_tenants::error::DomainError::from(e).into())
    }
}

#[derive(SimpleObject)]
pub struct RejectedRow {
    pub line: i32,
    pub reason: String,
}

#[derive(SimpleObject)]
pub struct KnowledgeImportReport {
    /// Entries created (timetable rows are grouped into one entry per station and date).
    pub imported: i32,
    /// CSV rows accepted.
    pub imported_rows: i32,
    pub rejected_rows: Vec<RejectedRow>,
}

#[derive(SimpleObject)]
pub struct TimetableDeparture {
    pub time: String,
    pub destination: String,
    pub route_code: Option<String>,
}

#[derive(Default)]
pub struct KnowledgeQuery;

#[Object]
impl KnowledgeQuery {
    async fn knowledge_entries(
        &self,
        cx: &Context<'_>,
        #[graphql(name = "type")] entry_type: Option<KnowledgeType>,
        language: Option<String>,
        #[graphql(default = 100)] limit: i32,
        #[graphql(default = 0)] offset: i32,
    ) -> Result<Vec<KnowledgeEntry>> {
        let (state, cap) = guard::<ReadKnowledge>(cx).await?;
        let rows = state
            .crm
            .kb_entries(
                &cap,
                entry_type.map(Into::into),
                language.as_deref(),
                limit.max(1) as u64,
                offset.max(0) as u64,
            )
            .await
            .gql()?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    async fn knowledge_entry(&self, cx: &Context<'_>, id: ID) -> Result<KnowledgeEntry> {
        let (state, cap) = guard::<ReadKnowledge>(cx).await?;
        let id = kit::id::<uuid::Uuid>(&id, "knowledge entry")?;
        Ok(state.crm.kb_entry(&cap, id).await.gql()?.into())
    }

    /// Entries holding every word of the query (Chinese or English), best first.
    async fn search_knowledge(
        &self,
        cx: &Context<'_>,
        query: String,
        #[graphql(name = "type")] entry_type: Option<KnowledgeType>,
        language: Option<String>,
        #[graphql(default = 10)] limit: i32,
    ) -> Result<Vec<KnowledgeHit>> {
        let (state, cap) = guard::<ReadKnowledge>(cx).await?;
        let hits = state
            .crm
            .search_kb(
                &cap,
                &query,
                entry_type.map(Into::into),
                language.as_deref(),
                limit.max(1) as usize,
            )
            .await
            .gql()?;
        Ok(hits
            .into_iter()
            .map(|(e, s)| KnowledgeHit {
                entry: e.into(),
                score: i32::try_from(s).unwrap_or(i32::MAX),
            })
            .collect())
    }

    /// Departures from a station on a date (that date's timetable, else the daily one).
    async fn timetable(
        &self,
        cx: &Context<'_>,
        station: String,
        date: NaiveDate,
        language: Option<String>,
    ) -> Result<Vec<TimetableDeparture>> {
        let (state, cap) = guard::<ReadKnowledge>(cx).await?;
        let deps = state
            .crm
            .timetable(&cap, &station, date, language.as_deref())
            .await
            .gql()?;
        Ok(deps
            .into_iter()
            .map(|d| TimetableDeparture {
                time: d.time,
                destination: d.destination,
                route_code: d.route_code,
            })
            .collect())
    }
}

#[derive(Default)]
pub struct KnowledgeMutation;

#[Object]
impl KnowledgeMutation {
    async fn create_knowledge_entry(
        &self,
        cx: &Context<'_>,
        input: KnowledgeEntryInput,
    ) -> Result<KnowledgeEntry> {
        let (state, caller) = (cx.data::<AppState>()?, cx.data::<Caller>()?);
        let ctx = caller.tenant(&state.accounts).await.gql()?;
        let cap = ctx.can_manage_config().gql()?;
        let entry = input.parse().gql()?;
        Ok(state
            .crm
            .save_kb_entry(&cap, None, entry)
            .await
            .gql()?
            .into())
    }

    async fn update_knowledge_entry(
        &self,
        cx: &Context<'_>,
        id: ID,
        input: KnowledgeEntryInput,
    ) -> Result<KnowledgeEntry> {
        let (state, caller) = (cx.data::<AppState>()?, cx.data::<Caller>()?);
        let ctx = caller.tenant(&state.accounts).await.gql()?;
        let cap = ctx.can_manage_config().gql()?;
        let id = kit::id::<uuid::Uuid>(&id, "knowledge entry")?;
        let entry = input.parse().gql()?;
        Ok(state
            .crm
            .save_kb_entry(&cap, Some(id), entry)
            .await
            .gql()?
            .into())
    }

    async fn delete_knowledge_entry(&self, cx: &Context<'_>, id: ID) -> Result<bool> {
        let (state, caller) = (cx.data::<AppState>()?, cx.data::<Caller>()?);
        let ctx = caller.tenant(&state.accounts).await.gql()?;
        let cap = ctx.can_manage_config().gql()?;
        state
            .crm
            .delete_kb_entry(&cap, kit::id::<uuid::Uuid>(&id, "knowledge entry")?)
            .await
            .gql()?;
        Ok(true)
    }

    /// Imports CSV of one entry type (headers in the manual). Good rows are imported and bad
    /// ones reported; with `allOrNothing`, one bad row imports nothing (BAD_USER_INPUT with
    /// `extensions.rejectedRows`).
    async fn import_knowledge_csv(
        &self,
        cx: &Context<'_>,
        #[graphql(name = "type")] entry_type: KnowledgeType,
        csv: String,
        all_or_nothing: Option<bool>,
    ) -> Result<KnowledgeImportReport> {
        let (state, caller) = (cx.data::<AppState>()?, cx.data::<Caller>()?);
        let ctx = caller.tenant(&state.accounts).await.gql()?;
        let cap = ctx.can_manage_config().gql()?;
        let report = state
            .crm
            .import_kb_csv(
                &cap,
                entry_type.into(),
                &csv,
                all_or_nothing.unwrap_or(false),
            )
            .await
            .gql()?;
        Ok(KnowledgeImportReport {
            imported: i32::try_from(report.imported).unwrap_or(i32::MAX),
            imported_rows: i32::try_from(report.imported_rows).unwrap_or(i32::MAX),
            rejected_rows: report
                .rejected
                .into_iter()
                .map(|r| RejectedRow {
                    line: i32::try_from(r.line).unwrap_or(0),
                    reason: r.reason,
                })
                .collect(),
        })
    }
}
