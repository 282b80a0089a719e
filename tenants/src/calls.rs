//! Calls: admitting an INVITE to a tenant's number (the only way a call gets a tenant),
//! call detail records, recordings and callback tasks. Admission reads the platform-wide
//! number index and then acts inside the number's tenant through a [`CallAccess`].

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use serde_json::json;
use uuid::Uuid;

use crate::center::Center;
use crate::contacts::ContactView;
use crate::ctx::{CallAccess, ViewCalls};
use crate::entities::{
    call, call_leg, callback_task, ivr_flow_version, number, recording, sip_trunk,
};
use crate::error::DomainError;
use crate::ids::TenantId;
use crate::ivr::graph::FlowGraph;
use crate::numbers::{Route, parse_sources};
use crate::objects::ObjectKey;
use crate::queues::QueueView;
use crate::values::E164;

/// How an agent's outbound call leaves: the tenant's number shown as caller ID and the
/// trunk it belongs to.
#[derive(Clone, Debug)]
pub struct OutboundRoute {
    pub access: CallAccess,
    pub number: number::Model,
    pub trunk: sip_trunk::Model,
}

/// Where an admitted call goes first.
#[derive(Clone, Debug)]
pub enum Target {
    Flow {
        id: Uuid,
        version: i32,
        graph: Arc<FlowGraph>,
    },
    Queue(Box<QueueView>),
    /// The number routes nowhere, or its flow was never published.
    NotInService,
}

/// A call admitted to a tenant's number.
#[derive(Clone, Debug)]
pub struct Admission {
    pub access: CallAccess,
    pub number: number::Model,
    pub trunk: Option<sip_trunk::Model>,
    pub target: Target,
}

/// The dialled user part as E.164: `+861085550100`, `861085550100` and `00861085550100` are
/// the same number.
pub fn dialled_e164(user: &str) -> Option<E164> {
    let digits = user.trim();
    let plus = if let Some(rest) = digits.strip_prefix("00") {
        format!("+{rest}")
    } else if digits.starts_with('+') {
        digits.to_owned()
    } else {
        format!("+{digits}")
    };
    E164::parse(&plus).ok()
}

/// Whether a trunk accepts calls from `source` by address (credentials are checked apart).
pub fn trunk_admits_source(trunk: &sip_trunk::Model, source: IpAddr) -> bool {
    let listed: Vec<String> =
        serde_json::from_value(trunk.allowed_sources.clone()).unwrap_or_default();
    parse_sources(&listed)
        .unwrap_or_default()
        .iter()
        .any(|net| net.contains(&source))
}

/// The CDR written when a call is admitted.
#[derive(Clone, Debug)]
pub struct CallStart {
    pub id: Uuid,
    pub number_id: Option<Uuid>,
    pub dialled: String,
    pub caller: String,
    pub sip_call_id: String,
    pub started_at: DateTime<Utc>,
    /// The node holding the call.
    pub node_id: Option<Uuid>,
    /// `inbound`, or `outbound` for a call an agent placed.
    pub direction: &'static str,
}

/// What the end of a call adds to its CDR.
#[derive(Clone, Debug, Default)]
pub struct CallEnd {
    pub answered_at: Option<DateTime<Utc>>,
    pub ended_at: DateTime<Utc>,
    pub disposition: String,
    pub ended_by: Option<String>,
    pub ivr_path: Vec<String>,
    pub digits: String,
    pub queue_id: Option<Uuid>,
    pub queue_wait_ms: Option<i64>,
}

/// A recording's row, written when the call (or message) ends; the audio follows through
/// the upload queue.
#[derive(Clone, Debug)]
pub struct NewRecording {
    pub id: Uuid,
    pub call_id: Uuid,
    /// `call` or `voicemail`.
    pub kind: String,
    pub object_key: ObjectKey,
    pub dialled: String,
    pub caller: String,
    pub legs: serde_json::Value,
    pub started_at: DateTime<Utc>,
    pub ended_at: DateTime<Utc>,
    pub duration_ms: i64,
}

/// A recording the process died in the middle of, found in the spool at the next start.
#[derive(Clone, Debug)]
pub struct CutOffRecording {
    pub id: Uuid,
    pub call_id: Uuid,
    /// A voicemail message, else the call's own recording.
    pub voicemail: bool,
    pub started_at: DateTime<Utc>,
    pub ended_at: DateTime<Utc>,
    pub duration_ms: i64,
}

#[derive(Clone, Debug)]
pub struct NewCallbackTask {
    pub kind: &'static str,
    pub number: String,
    pub queue_id: Option<Uuid>,
    pub call_id: Option<Uuid>,
    pub recording_id: Option<Uuid>,
    pub note: String,
}

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
    fn get(&self, flow: Uuid, version: i32) -> Option<Arc<FlowGraph>> {
        let map = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        map.get(&(flow, version)).cloned()
    }

    fn put(&self, flow: Uuid, version: i32, graph: Arc<FlowGraph>) {
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
    /// Finds the tenant that owns `dialled` and where the call goes. `None`: no such number.
    pub async fn admit_call(&self, dialled: &E164) -> Result<Option<Admission>, DomainError> {
        let Some(num) = crate::store::platform::number_by_e164(&self.db, dialled.as_str()).await?
        else {
            return Ok(None);
        };
        let access = CallAccess::new(TenantId::from_uuid(num.tenant_id));
        let tenant = num.tenant_id;
        // Platform reads like the number's (no transaction: one round trip each, and no
        // call waits for a BEGIN), every one filtered by the number's tenant.
        let db = crate::store::platform::reads_for(&self.db, tenant);
        let trunk = match num.trunk_id {
            Some(id) => Some(db.get::<crate::entities::sip_trunk::Entity>(id).await?),
            None => None,
        };
        let target = match Route::of(&num) {
            Route::None => Target::NotInService,
            Route::Queue(id) => {
                let q = self.queue(&access.config(), id).await?;
                return Ok(Some(Admission {
                    access,
                    number: num,
                    trunk,
                    target: Target::Queue(Box::new(q)),
                }));
            }
            Route::Flow(id) => match self.published_graph(tenant, id).await? {
                Some((version, graph)) => Target::Flow { id, version, graph },
                None => Target::NotInService,
            },
        };
        Ok(Some(Admission {
            access,
            number: num,
            trunk,
            target,
        }))
    }

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
    async fn published_graph(
        &self,
        tenant: Uuid,
        id: Uuid,
    ) -> Result<Option<(i32, Arc<FlowGraph>)>, DomainError> {
        let db = crate::store::platform::reads_for(&self.db, tenant);
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
        let g = Arc::new(crate::ivr::repo::parse_graph(&row.graph)?);
        self.flows.put(id, v, g.clone());
        Ok(Some((v, g)))
    }

    /// The caller's contact, by caller ID.
    pub async fn caller_contact(
        &self,
        call: &CallAccess,
        phone: &str,
    ) -> Result<Option<ContactView>, DomainError> {
        if E164::parse(phone).is_err() {
            return Ok(None);
        }
        self.contact_by_phone_in(call.ctx(), phone).await
    }

    /// The route for an agent's outbound call: the tenant's first number that has a trunk
    /// (its caller ID), and that trunk.
    pub async fn outbound_route(
        &self,
        cap: &crate::ctx::TakeCalls<'_>,
    ) -> Result<OutboundRoute, DomainError> {
        self.outbound_route_in(cap.ctx).await
    }

    /// The same route, for a call transferred to an outside number.
    pub async fn outbound_route_for(
        &self,
        call: &CallAccess,
    ) -> Result<OutboundRoute, DomainError> {
        self.outbound_route_in(call.ctx()).await
    }

    async fn outbound_route_in(
        &self,
        ctx: &crate::TenantCtx,
    ) -> Result<OutboundRoute, DomainError> {
        let tenant = ctx.tenant_id();
        let txn = self.db.tx(ctx).await?;
        let numbers = txn
            .select::<number::Entity>()
            .filter(number::Column::TrunkId.is_not_null())
            .order_by_asc(number::Column::CreatedAt)
            .all(&txn)
            .await?;
        let mut route = None;
        for n in numbers {
            if let Some(t) = txn
                .find::<sip_trunk::Entity>(n.trunk_id.unwrap_or_default())
                .await?
            {
                route = Some((n, t));
                break;
            }
        }
        txn.commit().await?;
        let (number, trunk) = route.ok_or_else(|| {
            DomainError::Conflict("no number of yours has a trunk to call out through".into())
        })?;
        Ok(OutboundRoute {
            access: CallAccess::new(tenant),
            number,
            trunk,
        })
    }

    /// Which node holds a call of the caller's tenant (while it runs).
    pub async fn call_node(
        &self,
        ctx: &crate::TenantCtx,
        id: Uuid,
    ) -> Result<Option<Uuid>, DomainError> {
        let txn = self.db.tx(ctx).await?;
        let row = txn.find::<call::Entity>(id).await?;
        txn.commit().await?;
        Ok(row.filter(|c| c.ended_at.is_none()).and_then(|c| c.node_id))
    }

    /// Writes the CDR of an admitted call (`in_progress`).
    pub async fn open_call(&self, call: &CallAccess, start: CallStart) -> Result<(), DomainError> {
        let row = call::ActiveModel {
            id: Set(start.id),
            tenant_id: Set(call.tenant_id().as_uuid()),
            direction: Set(start.direction.into()),
            number_id: Set(start.number_id),
            dialled: Set(start.dialled),
            caller: Set(start.caller),
            sip_call_id: Set(start.sip_call_id.chars().take(200).collect()),
            started_at: Set(start.started_at),
            answered_at: Set(None),
            ended_at: Set(None),
            disposition: Set("in_progress".into()),
            ended_by: Set(None),
            ivr_path: Set(json!([])),
            digits: Set(String::new()),
            queue_id: Set(None),
            queue_wait_ms: Set(None),
            queued_at: Set(None),
            recording_id: Set(None),
            node_id: Set(start.node_id),
        };
        // One statement: on SQLite (no row-level security to arm) it commits on its own,
        // which spares every call a BEGIN and a COMMIT on the database's single writer.
        if self.db.backend() == sea_orm::DbBackend::Sqlite {
            row.insert(self.db.platform()).await?;
            return Ok(());
        }
        let txn = self.db.tx(call.ctx()).await?;
        row.insert(&txn).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Completes the CDR and, when the call was recorded, writes the recording's row (its
    /// audio waits in the upload queue until `recording_stored`). One transaction that
    /// starts with a write: on SQLite a read that turns into a write can fail at once when
    /// another writer is busy.
    pub async fn close_call(
        &self,
        call: &CallAccess,
        id: Uuid,
        end: CallEnd,
        recording: Option<NewRecording>,
    ) -> Result<(), DomainError> {
        use sea_orm::sea_query::Expr;
        let txn = self.db.tx(call.ctx()).await?;
        let res = txn
            .update_where::<call::Entity>()
            .col_expr(call::Column::AnsweredAt, Expr::value(end.answered_at))
            .col_expr(call::Column::EndedAt, Expr::value(Some(end.ended_at)))
            .col_expr(call::Column::Disposition, Expr::value(end.disposition))
            .col_expr(call::Column::EndedBy, Expr::value(end.ended_by))
            .col_expr(call::Column::IvrPath, Expr::value(json!(end.ivr_path)))
            .col_expr(
                call::Column::Digits,
                Expr::value(end.digits.chars().take(500).collect::<String>()),
            )
            .col_expr(call::Column::QueueId, Expr::value(end.queue_id))
            .col_expr(call::Column::QueueWaitMs, Expr::value(end.queue_wait_ms))
            .col_expr(call::Column::QueuedAt, Expr::value(None::<DateTime<Utc>>))
            .col_expr(
                call::Column::RecordingId,
                Expr::value(recording.as_ref().map(|r| r.id)),
            )
            .filter(call::Column::Id.eq(id))
            .exec(&txn)
            .await?;
        if res.rows_affected == 0 {
            return Err(DomainError::NotFound("call"));
        }
        if let Some(r) = recording {
            insert_recording(&txn, call, r).await?;
        }
        txn.commit().await?;
        Ok(())
    }

    /// A voicemail message: its recording's row and the callback task pointing at it.
    pub async fn leave_voicemail(
        &self,
        call: &CallAccess,
        recording: NewRecording,
        mut task: NewCallbackTask,
    ) -> Result<callback_task::Model, DomainError> {
        task.recording_id = Some(recording.id);
        let txn = self.db.tx(call.ctx()).await?;
        insert_recording(&txn, call, recording).await?;
        let row = insert_task(&txn, call, task).await?;
        txn.commit().await?;
        Ok(row)
    }

    /// Files a recording cut off when the process died (see the spool): its row under its
    /// call's tenant; a call still `in_progress` is closed as `interrupted` at the end of
    /// the audio, its agents' legs ended; a voicemail becomes a callback task to the caller.
    /// `false` when the call is unknown. One transaction.
    pub async fn file_cut_off_recording(&self, cut: CutOffRecording) -> Result<bool, DomainError> {
        use sea_orm::sea_query::Expr;
        let Some(c) = crate::store::platform::call_by_id(&self.db, cut.call_id).await? else {
            return Ok(false);
        };
        let access = CallAccess::new(TenantId::from_uuid(c.tenant_id));
        let folder = if cut.voicemail {
            "voicemail"
        } else {
            "recordings"
        };
        let key = ObjectKey::new(access.tenant_id(), &[folder, &format!("{}.wav", cut.id)])?;
        let txn = self.db.tx(access.ctx()).await?;
        let agents: Vec<Uuid> = txn
            .select::<call_leg::Entity>()
            .filter(call_leg::Column::CallId.eq(c.id))
            .filter(call_leg::Column::AnsweredAt.is_not_null())
            .order_by_asc(call_leg::Column::OfferedAt)
            .all(&txn)
            .await?
            .into_iter()
            .map(|l| l.user_id)
            .collect();
        let legs = if cut.voicemail {
            json!([{"side": "caller", "channel": "mono"}])
        } else {
            let mut legs = vec![
                json!({"side": "caller", "channel": "left", "party": c.caller}),
                json!({"side": "ivr", "channel": "right", "party": "ivr"}),
            ];
            legs.extend(
                agents
                    .iter()
                    .map(|a| json!({"side": "agent", "channel": "right", "party": a})),
            );
            serde_json::Value::Array(legs)
        };
        insert_recording(
            &txn,
            &access,
            NewRecording {
                id: cut.id,
                call_id: c.id,
                kind: if cut.voicemail { "voicemail" } else { "call" }.into(),
                object_key: key,
                dialled: c.dialled.clone(),
                caller: c.caller.clone(),
                legs,
                started_at: cut.started_at,
                ended_at: cut.ended_at,
                duration_ms: cut.duration_ms,
            },
        )
        .await?;
        if cut.voicemail {
            insert_task(
                &txn,
                &access,
                NewCallbackTask {
                    kind: "voicemail",
                    number: c.caller.clone(),
                    queue_id: None,
                    call_id: Some(c.id),
                    recording_id: Some(cut.id),
                    note: "cut off by a restart of the server".into(),
                },
            )
            .await?;
        }
        if c.ended_at.is_none() {
            let mut close = txn
                .update_where::<call::Entity>()
                .col_expr(call::Column::EndedAt, Expr::value(Some(cut.ended_at)))
                .col_expr(call::Column::Disposition, Expr::value("interrupted"))
                .col_expr(call::Column::EndedBy, Expr::value(Some("system")))
                .col_expr(
                    call::Column::AnsweredAt,
                    Expr::value(Some(c.answered_at.unwrap_or(cut.started_at))),
                );
            if !cut.voicemail {
                close = close.col_expr(call::Column::RecordingId, Expr::value(Some(cut.id)));
            }
            close.filter(call::Column::Id.eq(c.id)).exec(&txn).await?;
            txn.update_where::<call_leg::Entity>()
                .col_expr(call_leg::Column::EndedAt, Expr::value(Some(cut.ended_at)))
                .col_expr(call_leg::Column::Outcome, Expr::value("ended"))
                .filter(call_leg::Column::CallId.eq(c.id))
                .filter(call_leg::Column::AnsweredAt.is_not_null())
                .filter(call_leg::Column::EndedAt.is_null())
                .exec(&txn)
                .await?;
        }
        if c.ended_at.is_some() && c.recording_id.is_none() && !cut.voicemail {
            // Closed by the dead-node sweep before this recording was found.
            txn.update_where::<call::Entity>()
                .col_expr(call::Column::RecordingId, Expr::value(Some(cut.id)))
                .filter(call::Column::Id.eq(c.id))
                .exec(&txn)
                .await?;
        }
        txn.commit().await?;
        Ok(true)
    }

    /// A recording's key and whether its audio is stored, by id (the upload queue's files
    /// are named by it). The key is checked to lie under the row's tenant.
    pub async fn recording_to_upload(
        &self,
        id: Uuid,
    ) -> Result<Option<(ObjectKey, bool)>, DomainError> {
        let Some(r) = crate::store::platform::recording_by_id(&self.db, id).await? else {
            return Ok(None);
        };
        let key = ObjectKey::parse(&r.object_key)?;
        if key.tenant().as_uuid() != r.tenant_id {
            return Err(DomainError::Internal(anyhow::anyhow!(
                "recording {id} has a key outside its tenant"
            )));
        }
        Ok(Some((key, r.stored_at.is_some())))
    }

    /// The audio of recording `id` reached the store at `key`: it is stored (a primary-key
    /// update, filtered by the key's tenant). Returns whether a row was updated.
    pub async fn recording_stored(
        &self,
        id: Uuid,
        key: &ObjectKey,
        bytes: i64,
    ) -> Result<bool, DomainError> {
        Ok(crate::store::platform::recording_stored(&self.db, id, key, bytes).await?)
    }

    pub async fn create_callback_task(
        &self,
        call: &CallAccess,
        task: NewCallbackTask,
    ) -> Result<callback_task::Model, DomainError> {
        let txn = self.db.tx(call.ctx()).await?;
        let row = insert_task(&txn, call, task).await?;
        txn.commit().await?;
        Ok(row)
    }

    /// The latest calls, newest first.
    pub async fn calls(
        &self,
        cap: &ViewCalls<'_>,
        limit: u64,
    ) -> Result<Vec<call::Model>, DomainError> {
        let txn = self.db.tx(cap.0).await?;
        let rows = txn
            .select::<call::Entity>()
            .order_by_desc(call::Column::StartedAt)
            .limit(limit.clamp(1, 1000))
            .all(&txn)
            .await?;
        txn.commit().await?;
        Ok(rows)
    }

    pub async fn call(&self, cap: &ViewCalls<'_>, id: Uuid) -> Result<call::Model, DomainError> {
        let txn = self.db.tx(cap.0).await?;
        let row = txn.get::<crate::entities::call::Entity>(id).await?;
        txn.commit().await?;
        Ok(row)
    }

    /// Recordings, newest first; of one call when `call_id` is given.
    pub async fn recordings(
        &self,
        cap: &ViewCalls<'_>,
        call_id: Option<Uuid>,
        limit: u64,
    ) -> Result<Vec<recording::Model>, DomainError> {
        let txn = self.db.tx(cap.0).await?;
        let mut q = txn.select::<recording::Entity>();
        if let Some(c) = call_id {
            q = q.filter(recording::Column::CallId.eq(c));
        }
        let rows = q
            .order_by_desc(recording::Column::StartedAt)
            .limit(limit.clamp(1, 1000))
            .all(&txn)
            .await?;
        txn.commit().await?;
        Ok(rows)
    }

    pub async fn recording(
        &self,
        cap: &ViewCalls<'_>,
        id: Uuid,
    ) -> Result<recording::Model, DomainError> {
        let txn = self.db.tx(cap.0).await?;
        let row = txn.get::<crate::entities::recording::Entity>(id).await?;
        txn.commit().await?;
        Ok(row)
    }

    /// Callback tasks, newest first; only those with `status` when given.
    pub async fn callback_tasks(
        &self,
        cap: &ViewCalls<'_>,
        status: Option<&str>,
        limit: u64,
    ) -> Result<Vec<callback_task::Model>, DomainError> {
        let txn = self.db.tx(cap.0).await?;
        let mut q = txn.select::<callback_task::Entity>();
        if let Some(s) = status {
            q = q.filter(callback_task::Column::Status.eq(s));
        }
        let rows = q
            .order_by_desc(callback_task::Column::CreatedAt)
            .limit(limit.clamp(1, 1000))
            .all(&txn)
            .await?;
        txn.commit().await?;
        Ok(rows)
    }
}

async fn insert_recording(
    txn: &crate::store::Tx,
    call: &CallAccess,
    r: NewRecording,
) -> Result<(), DomainError> {
    if r.object_key.tenant() != call.tenant_id() {
        return Err(DomainError::NotFound("recording"));
    }
    recording::ActiveModel {
        id: Set(r.id),
        tenant_id: Set(call.tenant_id().as_uuid()),
        call_id: Set(r.call_id),
        kind: Set(r.kind),
        object_key: Set(r.object_key.as_str().to_owned()),
        dialled: Set(r.dialled),
        caller: Set(r.caller),
        legs: Set(r.legs),
        started_at: Set(r.started_at),
        ended_at: Set(r.ended_at),
        duration_ms: Set(r.duration_ms),
        bytes: Set(None),
        stored_at: Set(None),
    }
    .insert(txn)
    .await?;
    Ok(())
}

async fn insert_task(
    txn: &crate::store::Tx,
    call: &CallAccess,
    task: NewCallbackTask,
) -> Result<callback_task::Model, DomainError> {
    let now = Utc::now();
    Ok(callback_task::ActiveModel {
        id: Set(Uuid::now_v7()),
        tenant_id: Set(call.tenant_id().as_uuid()),
        kind: Set(task.kind.into()),
        status: Set("open".into()),
        number: Set(task.number.chars().take(40).collect()),
        queue_id: Set(task.queue_id),
        call_id: Set(task.call_id),
        recording_id: Set(task.recording_id),
        note: Set(task.note.chars().take(500).collect()),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(txn)
    .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dialled_numbers_normalise_to_e164() {
        for raw in ["+861085550100", "861085550100", "00861085550100"] {
            assert_eq!(
                dialled_e164(raw).unwrap().as_str(),
                "+861085550100",
                "{raw}"
            );
        }
        assert!(dialled_e164("service").is_none());
        assert!(dialled_e164("").is_none());
    }
}
