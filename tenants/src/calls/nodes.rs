//! Nodes and what a dead one leaves behind. Every `qiao serve` keeps a row in `nodes` fresh
//! (a heartbeat); a node whose row has not been refreshed for the dead-after time is taken
//! for dead, and any live node closes the calls it held: their records become
//! `interrupted`, their agents' legs end and the agents are free again. Calls whose node has
//! no row at all (it was swept, or the call predates the table) are swept the same way once
//! they are older than the dead-after time. Deleting the dead node's row is the claim: of two
//! sweepers, only the one whose conditional `DELETE` removed it closes that node's calls,
//! and closing a call is itself conditional on it still being open.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, QueryFilter};
use uuid::Uuid;

use crate::calls::Calls;
use crate::ctx::CallAccess;
use crate::entities::{agent_state, call, call_leg};
use crate::error::DomainError;
use crate::ids::TenantId;

/// What a sweep closed.
#[derive(Debug, Default)]
pub struct Swept {
    /// Calls closed as `interrupted`.
    pub calls: usize,
    /// Agents whose offer or call was released, as stored afterwards (to publish).
    pub agents: Vec<(TenantId, agent_state::Model)>,
}

/// At most this many calls are closed per sweep; the next sweep goes on.
const SWEEP_BATCH: u64 = 500;

impl Calls {
    /// This node is alive at `now` (its row is created at the first beat).
    pub async fn node_heartbeat(
        &self,
        id: Uuid,
        started_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<(), DomainError> {
        crate::store::platform::node_heartbeat(&self.db, id, started_at, now).await?;
        Ok(())
    }

    /// Closes the calls of nodes not seen since `now - dead_after` (never `me`'s), and of
    /// no node at all once they are that old.
    pub async fn sweep_dead_nodes(
        &self,
        me: Uuid,
        now: DateTime<Utc>,
        dead_after: Duration,
    ) -> Result<Swept, DomainError> {
        let cutoff = now - dead_after;
        let mut last_seen = std::collections::HashMap::new();
        for n in crate::store::platform::claim_dead_nodes(&self.db, me, cutoff).await? {
            tracing::warn!(node = %n.id, seen_at = %n.seen_at, "a node stopped without closing its calls; closing them");
            last_seen.insert(n.id, n.seen_at);
        }
        // Open calls of no living node: the dead ones just removed, and any older orphan.
        let orphans = crate::store::platform::orphaned_calls(&self.db, cutoff, SWEEP_BATCH).await?;
        let mut swept = Swept::default();
        for c in orphans {
            let ended_at = c
                .node_id
                .and_then(|n| last_seen.get(&n).copied())
                .unwrap_or(now)
                .max(c.started_at);
            if let Some(agents) = self.close_orphan(&c, ended_at).await? {
                swept.calls += 1;
                let tenant = TenantId::from_uuid(c.tenant_id);
                swept.agents.extend(agents.into_iter().map(|a| (tenant, a)));
            }
        }
        Ok(swept)
    }

    /// One orphaned call: closed `interrupted` at `ended_at`, its legs ended, its agents'
    /// offer or call released. `None` when it was closed meanwhile.
    async fn close_orphan(
        &self,
        c: &call::Model,
        ended_at: DateTime<Utc>,
    ) -> Result<Option<Vec<agent_state::Model>>, DomainError> {
        let access = CallAccess::new(TenantId::from_uuid(c.tenant_id));
        let txn = self.db.tx(access.ctx()).await?;
        let closed = txn
            .update_where::<call::Entity>()
            .col_expr(call::Column::EndedAt, Expr::value(Some(ended_at)))
            .col_expr(call::Column::Disposition, Expr::value("interrupted"))
            .col_expr(call::Column::EndedBy, Expr::value(Some("system")))
            .filter(call::Column::Id.eq(c.id))
            .filter(call::Column::EndedAt.is_null())
            .exec(&txn)
            .await?;
        if closed.rows_affected == 0 {
            txn.rollback().await?;
            return Ok(None);
        }
        for (answered, outcome) in [(true, "ended"), (false, "withdrawn")] {
            let answered_filter = if answered {
                call_leg::Column::AnsweredAt.is_not_null()
            } else {
                call_leg::Column::AnsweredAt.is_null()
            };
            txn.update_where::<call_leg::Entity>()
                .col_expr(call_leg::Column::Outcome, Expr::value(outcome))
                .col_expr(call_leg::Column::EndedAt, Expr::value(Some(ended_at)))
                .filter(call_leg::Column::CallId.eq(c.id))
                .filter(call_leg::Column::EndedAt.is_null())
                .filter(answered_filter)
                .exec(&txn)
                .await?;
        }
        let held: Vec<Uuid> = txn
            .select::<agent_state::Entity>()
            .filter(
                agent_state::Column::OfferCallId
                    .eq(c.id)
                    .or(agent_state::Column::CallId.eq(c.id)),
            )
            .all(&txn)
            .await?
            .into_iter()
            .map(|a| a.user_id)
            .collect();
        let now = Utc::now();
        for (col, at) in [
            (
                agent_state::Column::OfferCallId,
                Some(agent_state::Column::OfferedAt),
            ),
            (agent_state::Column::CallId, None),
        ] {
            let mut up = txn
                .update_where::<agent_state::Entity>()
                .col_expr(col, Expr::value(Option::<Uuid>::None))
                .col_expr(agent_state::Column::UpdatedAt, Expr::value(now));
            if let Some(at) = at {
                up = up.col_expr(at, Expr::value(Option::<DateTime<Utc>>::None));
            }
            up.filter(col.eq(c.id)).exec(&txn).await?;
        }
        let released = txn
            .select::<agent_state::Entity>()
            .filter(agent_state::Column::UserId.is_in(held))
            .all(&txn)
            .await?;
        txn.commit().await?;
        Ok(Some(released))
    }
}
