//! Callers waiting in queues, as every node sees them. A call entering a queue stamps
//! `calls.queued_at` (cleared when it leaves, and by the call's end); a caller's position
//! is one more than the open calls of the same queue that entered it earlier, whichever
//! node holds them. The estimated wait comes from the queue's recent talk times and the
//! agents logged in who could take the call (`estimated_wait_secs`, pure).

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::calls::Calls;
use crate::calls::agents::{Presence, RosterEntry, read_roster};
use crate::center::queues::QueueSettings;
use crate::ctx::{CallAccess, TenantCtx, ViewCalls};
use crate::entities::{call, call_leg, queue};
use crate::error::DomainError;

/// Talk time assumed per caller while a queue has no answered call yet.
pub const ASSUMED_HANDLE_SECS: u32 = 180;
/// How many of the queue's latest answered calls the average handle time is taken over.
const HANDLE_SAMPLE: u64 = 50;

/// Where a waiting caller stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueueStanding {
    pub queue_id: Uuid,
    /// 1-based: the callers ahead plus one.
    pub position: u32,
    pub queued_at: DateTime<Utc>,
    /// Agents logged in (any state but logged out) who meet the queue's skill requirements.
    pub agents_serving: u32,
    /// Of those, the ones free now (available, no call, no offer ringing).
    pub agents_free: u32,
    /// Mean talk time of the queue's latest answered calls; none before the first.
    pub average_handle_secs: Option<u32>,
    /// None while no agent who could take the call is logged in.
    pub estimated_wait_secs: Option<u32>,
}

/// The wait of the caller at `position`: the free agents take the first callers at once;
/// every caller behind them waits for one of the serving agents to finish a call of the
/// average handle time (the assumed one before any). Unknown with nobody serving.
pub fn estimated_wait_secs(
    position: u32,
    agents_serving: u32,
    agents_free: u32,
    average_handle_secs: Option<u32>,
) -> Option<u32> {
    if agents_serving == 0 {
        return None;
    }
    let behind_free = u64::from(position.saturating_sub(agents_free));
    let handle = u64::from(average_handle_secs.unwrap_or(ASSUMED_HANDLE_SECS));
    let secs = (behind_free * handle).div_ceil(u64::from(agents_serving));
    Some(u32::try_from(secs).unwrap_or(u32::MAX))
}

impl Calls {
    /// The call joins queue `queue_id` now (at the back: a transferred caller too).
    pub async fn enter_queue(
        &self,
        call: &CallAccess,
        id: Uuid,
        queue_id: Uuid,
    ) -> Result<(), DomainError> {
        let update = crate::store::update_in::<call::Entity>(call)
            .col_expr(call::Column::QueueId, Expr::value(Some(queue_id)))
            .col_expr(call::Column::QueuedAt, Expr::value(Some(Utc::now())))
            .filter(call::Column::Id.eq(id));
        self.write_call(call, update).await
    }

    /// The call left its queue (answered by an agent, abandoned, overflowed…).
    pub async fn leave_queue(&self, call: &CallAccess, id: Uuid) -> Result<(), DomainError> {
        let update = crate::store::update_in::<call::Entity>(call)
            .col_expr(call::Column::QueuedAt, Expr::value(None::<DateTime<Utc>>))
            .filter(call::Column::Id.eq(id));
        self.write_call(call, update).await
    }

    /// One update of a call row: on SQLite a statement of its own (no row-level security
    /// to arm; it spares the single writer a BEGIN and a COMMIT), else in a scoped
    /// transaction.
    async fn write_call(
        &self,
        call: &CallAccess,
        update: sea_orm::UpdateMany<call::Entity>,
    ) -> Result<(), DomainError> {
        let txn = self.db.unit(call).await?;
        update.exec(&txn).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Where the call stands in its queue, for its announcements.
    pub async fn standing_of_call(
        &self,
        call: &CallAccess,
        id: Uuid,
    ) -> Result<Option<QueueStanding>, DomainError> {
        self.standing(call.ctx(), id).await
    }

    /// Where a call of the supervisor's tenant stands in its queue; none when it is not
    /// waiting in one.
    pub async fn queue_standing(
        &self,
        cap: &ViewCalls<'_>,
        id: Uuid,
    ) -> Result<Option<QueueStanding>, DomainError> {
        self.standing(cap.0, id).await
    }

    async fn standing(
        &self,
        ctx: &TenantCtx,
        id: Uuid,
    ) -> Result<Option<QueueStanding>, DomainError> {
        let _tenant = ctx.tenant_id().as_uuid();
        let txn = self.db.tx(ctx).await?;
        let me = txn.get::<crate::entities::call::Entity>(id).await?;
        let (Some(queue_id), Some(queued_at), None) = (me.queue_id, me.queued_at, me.ended_at)
        else {
            txn.commit().await?;
            return Ok(None);
        };
        let ahead = txn
            .select::<call::Entity>()
            .filter(call::Column::QueueId.eq(queue_id))
            .filter(call::Column::EndedAt.is_null())
            .filter(
                sea_orm::Condition::any()
                    .add(call::Column::QueuedAt.lt(queued_at))
                    .add(
                        sea_orm::Condition::all()
                            .add(call::Column::QueuedAt.eq(queued_at))
                            .add(call::Column::Id.lt(id)),
                    ),
            )
            .count(&txn)
            .await?;
        let roster = read_roster(&txn).await?;
        let load = queue_load(&txn, queue_id, &roster).await?;
        txn.commit().await?;
        let position = u32::try_from(ahead + 1).unwrap_or(u32::MAX);
        Ok(Some(load.standing(queue_id, position, queued_at)))
    }

    /// Every caller of the supervisor's tenant waiting in a queue now, by queue and place.
    pub async fn waiting_calls(
        &self,
        cap: &ViewCalls<'_>,
    ) -> Result<Vec<(call::Model, QueueStanding)>, DomainError> {
        let _tenant = cap.0.tenant_id().as_uuid();
        let txn = self.db.tx(cap.0).await?;
        let calls = txn
            .select::<call::Entity>()
            .filter(call::Column::QueuedAt.is_not_null())
            .filter(call::Column::QueueId.is_not_null())
            .filter(call::Column::EndedAt.is_null())
            .order_by_asc(call::Column::QueueId)
            .order_by_asc(call::Column::QueuedAt)
            .order_by_asc(call::Column::Id)
            .limit(1000)
            .all(&txn)
            .await?;
        let roster = if calls.is_empty() {
            Vec::new()
        } else {
            read_roster(&txn).await?
        };
        let mut out = Vec::with_capacity(calls.len());
        let mut current: Option<(Uuid, QueueLoad, u32)> = None;
        for c in calls {
            let (Some(queue_id), Some(queued_at)) = (c.queue_id, c.queued_at) else {
                continue;
            };
            let position = match &mut current {
                Some((q, _, n)) if *q == queue_id => {
                    *n += 1;
                    *n
                }
                _ => {
                    let load = queue_load(&txn, queue_id, &roster).await?;
                    current = Some((queue_id, load, 1));
                    1
                }
            };
            let load = &current.as_ref().expect("set above").1;
            let standing = load.standing(queue_id, position, queued_at);
            out.push((c, standing));
        }
        txn.commit().await?;
        Ok(out)
    }
}

/// What a queue's wait depends on besides the place in it.
struct QueueLoad {
    agents_serving: u32,
    agents_free: u32,
    average_handle_secs: Option<u32>,
}

impl QueueLoad {
    fn standing(&self, queue_id: Uuid, position: u32, queued_at: DateTime<Utc>) -> QueueStanding {
        QueueStanding {
            queue_id,
            position,
            queued_at,
            agents_serving: self.agents_serving,
            agents_free: self.agents_free,
            average_handle_secs: self.average_handle_secs,
            estimated_wait_secs: estimated_wait_secs(
                position,
                self.agents_serving,
                self.agents_free,
                self.average_handle_secs,
            ),
        }
    }
}

/// The queue's serving and free agents (of `roster`) and its average handle time.
async fn queue_load(
    c: &crate::store::Tx,
    queue_id: Uuid,
    roster: &[RosterEntry],
) -> Result<QueueLoad, DomainError> {
    let settings = match c.find::<queue::Entity>(queue_id).await? {
        Some(q) => serde_json::from_value::<QueueSettings>(q.settings)
            .map_err(|e| anyhow::anyhow!("stored settings of queue {queue_id}: {e}"))?,
        None => QueueSettings::default(),
    };
    let serving: Vec<&RosterEntry> = roster
        .iter()
        .filter(|a| {
            settings.required_skills.iter().all(|r| {
                a.skills
                    .get(&r.skill_group_id)
                    .is_some_and(|&p| p >= r.min_proficiency)
            })
        })
        .collect();
    let free = serving
        .iter()
        .filter(|a| a.presence == Presence::Available && !a.on_call && a.ringing.is_none())
        .count();
    Ok(QueueLoad {
        agents_serving: u32::try_from(serving.len()).unwrap_or(u32::MAX),
        agents_free: u32::try_from(free).unwrap_or(u32::MAX),
        average_handle_secs: average_handle_secs(c, queue_id).await?,
    })
}

/// Mean talk time (answer to hang-up of the agent's leg) of the queue's latest answered
/// calls.
async fn average_handle_secs(
    c: &crate::store::Tx,
    queue_id: Uuid,
) -> Result<Option<u32>, DomainError> {
    let calls: Vec<Uuid> = c
        .select::<call::Entity>()
        .select_only()
        .column(call::Column::Id)
        .filter(call::Column::QueueId.eq(queue_id))
        .filter(call::Column::EndedAt.is_not_null())
        .filter(call::Column::Disposition.eq("completed"))
        .order_by_desc(call::Column::EndedAt)
        .limit(HANDLE_SAMPLE)
        .into_tuple()
        .all(c)
        .await?;
    if calls.is_empty() {
        return Ok(None);
    }
    let legs = c
        .select::<call_leg::Entity>()
        .filter(call_leg::Column::CallId.is_in(calls))
        .filter(call_leg::Column::AnsweredAt.is_not_null())
        .filter(call_leg::Column::EndedAt.is_not_null())
        .all(c)
        .await?;
    let talks: Vec<i64> = legs
        .iter()
        .filter_map(|l| Some((l.ended_at? - l.answered_at?).num_seconds().max(0)))
        .collect();
    if talks.is_empty() {
        return Ok(None);
    }
    let mean = talks.iter().sum::<i64>() / i64::try_from(talks.len()).unwrap_or(1);
    Ok(Some(u32::try_from(mean).unwrap_or(u32::MAX)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nobody_serving_means_no_estimate() {
        assert_eq!(estimated_wait_secs(1, 0, 0, Some(120)), None);
    }

    #[test]
    fn free_agents_take_the_first_callers_at_once() {
        assert_eq!(estimated_wait_secs(1, 3, 2, Some(120)), Some(0));
        assert_eq!(estimated_wait_secs(2, 3, 2, Some(120)), Some(0));
        // The third caller waits for one of three agents to finish.
        assert_eq!(estimated_wait_secs(3, 3, 2, Some(120)), Some(40));
    }

    #[test]
    fn callers_behind_share_the_serving_agents() {
        assert_eq!(estimated_wait_secs(1, 1, 0, Some(200)), Some(200));
        assert_eq!(estimated_wait_secs(4, 2, 0, Some(200)), Some(400));
        assert_eq!(estimated_wait_secs(5, 2, 0, Some(61)), Some(153));
    }

    #[test]
    fn before_any_answered_call_the_assumed_handle_time_counts() {
        assert_eq!(
            estimated_wait_secs(2, 1, 0, None),
            Some(2 * ASSUMED_HANDLE_SECS)
        );
    }
}
