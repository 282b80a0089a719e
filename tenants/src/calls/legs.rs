//! Call legs: an agent's part in a call from offer to end, its wrap-up code and notes, and
//! who last served a caller (sticky routing).

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, QueryFilter, QueryOrder, Set};
use uuid::Uuid;

use super::agents::{Presence, end_after_call_work};
use crate::calls::Calls;
use crate::ctx::{CallAccess, TakeCalls, TenantCtx};
use crate::entities::{agent_state, call_leg};
use crate::error::DomainError;
use crate::store::invalid;

pub(super) async fn set_leg(
    c: &crate::store::Tx,
    leg: Uuid,
    outcome: &str,
    answered: Option<DateTime<Utc>>,
    ended: Option<DateTime<Utc>>,
) -> Result<(), DomainError> {
    let mut up = c
        .update_where::<call_leg::Entity>()
        .col_expr(call_leg::Column::Outcome, Expr::value(outcome));
    if answered.is_some() {
        up = up.col_expr(call_leg::Column::AnsweredAt, Expr::value(answered));
    }
    if ended.is_some() {
        up = up.col_expr(call_leg::Column::EndedAt, Expr::value(ended));
    }
    up.filter(call_leg::Column::Id.eq(leg)).exec(c).await?;
    Ok(())
}

impl Calls {
    /// The agent's part of the call is over (`ended` or `transferred`): after-call work
    /// for `acw_secs` (then available again), or available at once.
    pub async fn leg_ended(
        &self,
        access: &CallAccess,
        agent: Uuid,
        leg: Uuid,
        outcome: &'static str,
        acw_secs: u32,
    ) -> Result<(), DomainError> {
        let now = Utc::now();
        let txn = self.db.tx(access.ctx()).await?;
        let (state, until) = if acw_secs > 0 {
            (
                Presence::AfterCallWork,
                Some(now + Duration::seconds(i64::from(acw_secs))),
            )
        } else {
            (Presence::Available, None)
        };
        txn.update_where::<agent_state::Entity>()
            .col_expr(
                agent_state::Column::CallId,
                Expr::value(Option::<Uuid>::None),
            )
            .col_expr(agent_state::Column::State, Expr::value(state.as_str()))
            .col_expr(agent_state::Column::Reason, Expr::value(""))
            .col_expr(agent_state::Column::Since, Expr::value(now))
            .col_expr(agent_state::Column::AcwUntil, Expr::value(until))
            .col_expr(agent_state::Column::UpdatedAt, Expr::value(now))
            .filter(agent_state::Column::UserId.eq(agent))
            // Someone who logged out or took a break during the call stays so.
            .filter(agent_state::Column::State.eq(Presence::Available.as_str()))
            .exec(&txn)
            .await?;
        txn.update_where::<agent_state::Entity>()
            .col_expr(
                agent_state::Column::CallId,
                Expr::value(Option::<Uuid>::None),
            )
            .col_expr(agent_state::Column::UpdatedAt, Expr::value(now))
            .filter(agent_state::Column::UserId.eq(agent))
            .exec(&txn)
            .await?;
        set_leg(&txn, leg, outcome, None, Some(now)).await?;
        txn.commit().await?;
        Ok(())
    }

    /// The acting agent wraps up one of their legs: a code from the queue's list (checked
    /// by the caller of this method) and notes. Ends after-call work.
    pub async fn wrap_up(
        &self,
        cap: &TakeCalls<'_>,
        leg: Uuid,
        code: &str,
        notes: &str,
    ) -> Result<call_leg::Model, DomainError> {
        let code = code.trim();
        if code.is_empty() || code.chars().count() > 40 {
            return Err(invalid("code", "must be 1 to 40 characters"));
        }
        if notes.chars().count() > 4000 {
            return Err(invalid("notes", "is longer than 4000 characters"));
        }
        let (_tenant, agent) = (cap.ctx.tenant_id().as_uuid(), cap.agent.as_uuid());
        let now = Utc::now();
        let txn = self.db.tx(cap.ctx).await?;
        let row = txn
            .select::<call_leg::Entity>()
            .filter(call_leg::Column::Id.eq(leg))
            .filter(call_leg::Column::UserId.eq(agent))
            .one(&txn)
            .await?
            .ok_or(DomainError::NotFound("call leg"))?;
        if row.answered_at.is_none() {
            return Err(DomainError::Conflict(
                "only a call you answered can be wrapped up".into(),
            ));
        }
        let mut active: call_leg::ActiveModel = row.into();
        active.wrap_up_code = Set(Some(code.into()));
        active.notes = Set(notes.trim().into());
        let saved = active.update(&txn).await?;
        end_after_call_work(&txn, now, Some(agent)).await?;
        txn.commit().await?;
        Ok(saved)
    }

    /// The legs (offers to agents) of one call, oldest first.
    pub async fn call_legs(
        &self,
        ctx: &TenantCtx,
        call: Uuid,
    ) -> Result<Vec<call_leg::Model>, DomainError> {
        let txn = self.db.tx(ctx).await?;
        let rows = txn
            .select::<call_leg::Entity>()
            .filter(call_leg::Column::CallId.eq(call))
            .order_by_asc(call_leg::Column::OfferedAt)
            .all(&txn)
            .await?;
        txn.commit().await?;
        Ok(rows)
    }

    /// The agent who last answered a call from `caller` within `days`, for sticky routing.
    pub async fn last_agent_for(
        &self,
        access: &CallAccess,
        caller: &str,
        days: i64,
    ) -> Result<Option<Uuid>, DomainError> {
        use crate::entities::call;
        let since = Utc::now() - Duration::days(days);
        let txn = self.db.tx(access.ctx()).await?;
        let calls: Vec<Uuid> = txn
            .select::<call::Entity>()
            .filter(call::Column::Caller.eq(caller))
            .filter(call::Column::StartedAt.gte(since))
            .order_by_desc(call::Column::StartedAt)
            .all(&txn)
            .await?
            .into_iter()
            .take(20)
            .map(|c| c.id)
            .collect();
        let leg = if calls.is_empty() {
            None
        } else {
            txn.select::<call_leg::Entity>()
                .filter(call_leg::Column::CallId.is_in(calls))
                .filter(call_leg::Column::AnsweredAt.is_not_null())
                .order_by_desc(call_leg::Column::AnsweredAt)
                .one(&txn)
                .await?
        };
        txn.commit().await?;
        Ok(leg.map(|l| l.user_id))
    }
}
