//! Offers: reserving an agent for a call with one conditional update (so two nodes never
//! take the same agent), and what becomes of the offer — answered, missed, rejected or
//! withdrawn.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, QueryFilter, Set};
use uuid::Uuid;

use super::agents::Presence;
use super::legs::set_leg;
use crate::calls::Calls;
use crate::ctx::CallAccess;
use crate::entities::{agent_state, call_leg};
use crate::error::DomainError;

/// How an offer ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OfferEnd {
    /// Not answered within the ring time: the agent is set not ready ("missed").
    Missed,
    /// Declined by the agent, who stays available.
    Rejected,
    /// The caller left, or the call went elsewhere, while it rang.
    Withdrawn,
}

impl Calls {
    /// Reserves `agent` for `call` if they are available with nothing ringing and no call,
    /// and opens the offer's leg; `None` when someone else got them first.
    pub async fn reserve_agent(
        &self,
        access: &CallAccess,
        agent: Uuid,
        call: Uuid,
    ) -> Result<Option<Uuid>, DomainError> {
        self.reserve(access, agent, call, Some(Presence::Available))
            .await
    }

    /// The agent places a call: reserved for it like an offer (nothing ringing, no call in
    /// progress, logged in), with its leg; `offer_answered` then puts them on it.
    pub async fn reserve_for_outbound(
        &self,
        access: &CallAccess,
        agent: Uuid,
        call: Uuid,
    ) -> Result<Uuid, DomainError> {
        self.reserve(access, agent, call, None)
            .await?
            .ok_or_else(|| {
                DomainError::Conflict(
                    "log in first, and finish the call or offer in progress".into(),
                )
            })
    }

    /// The reservation itself: one conditional update (in `presence`, or any presence but
    /// logged out; nothing ringing; no call), then the leg, in one transaction.
    async fn reserve(
        &self,
        access: &CallAccess,
        agent: Uuid,
        call: Uuid,
        presence: Option<Presence>,
    ) -> Result<Option<Uuid>, DomainError> {
        let tenant = access.tenant_id().as_uuid();
        let now = Utc::now();
        let txn = self.db.tx(access.ctx()).await?;
        let state = match presence {
            Some(p) => agent_state::Column::State.eq(p.as_str()),
            None => agent_state::Column::State.ne(Presence::LoggedOut.as_str()),
        };
        let res = txn
            .update_where::<agent_state::Entity>()
            .col_expr(agent_state::Column::OfferCallId, Expr::value(Some(call)))
            .col_expr(agent_state::Column::OfferedAt, Expr::value(Some(now)))
            .col_expr(agent_state::Column::UpdatedAt, Expr::value(now))
            .filter(agent_state::Column::UserId.eq(agent))
            .filter(state)
            .filter(agent_state::Column::OfferCallId.is_null())
            .filter(agent_state::Column::CallId.is_null())
            .exec(&txn)
            .await?;
        if res.rows_affected == 0 {
            txn.rollback().await?;
            return Ok(None);
        }
        let leg = Uuid::now_v7();
        call_leg::ActiveModel {
            id: Set(leg),
            tenant_id: Set(tenant),
            call_id: Set(call),
            user_id: Set(agent),
            outcome: Set("offered".into()),
            offered_at: Set(now),
            answered_at: Set(None),
            ended_at: Set(None),
            wrap_up_code: Set(None),
            notes: Set(String::new()),
        }
        .insert(&txn)
        .await?;
        txn.commit().await?;
        Ok(Some(leg))
    }

    /// The agent answered the offer `leg`: they are on the call.
    pub async fn offer_answered(
        &self,
        access: &CallAccess,
        agent: Uuid,
        call: Uuid,
        leg: Uuid,
    ) -> Result<(), DomainError> {
        let now = Utc::now();
        let txn = self.db.tx(access.ctx()).await?;
        let res = clear_offer(&txn)
            .col_expr(agent_state::Column::CallId, Expr::value(Some(call)))
            .col_expr(agent_state::Column::UpdatedAt, Expr::value(now))
            .filter(agent_state::Column::UserId.eq(agent))
            .filter(agent_state::Column::OfferCallId.eq(call))
            .exec(&txn)
            .await?;
        if res.rows_affected == 0 {
            txn.rollback().await?;
            return Err(DomainError::Conflict(
                "this call is no longer offered to you".into(),
            ));
        }
        set_leg(&txn, leg, "answered", Some(now), None).await?;
        txn.commit().await?;
        Ok(())
    }

    /// An offer that was not answered: the leg records why, and the agent's reservation is
    /// released (a missed offer also sets them not ready, so the next caller is not
    /// offered to an empty chair).
    pub async fn offer_ended(
        &self,
        access: &CallAccess,
        agent: Uuid,
        call: Uuid,
        leg: Uuid,
        end: OfferEnd,
    ) -> Result<(), DomainError> {
        let now = Utc::now();
        let txn = self.db.tx(access.ctx()).await?;
        let mut up = clear_offer(&txn).col_expr(agent_state::Column::UpdatedAt, Expr::value(now));
        if end == OfferEnd::Missed {
            up = up
                .col_expr(
                    agent_state::Column::State,
                    Expr::value(Presence::NotReady.as_str()),
                )
                .col_expr(agent_state::Column::Reason, Expr::value("missed"))
                .col_expr(agent_state::Column::Since, Expr::value(now));
        }
        up.filter(agent_state::Column::UserId.eq(agent))
            .filter(agent_state::Column::OfferCallId.eq(call))
            .exec(&txn)
            .await?;
        let outcome = match end {
            OfferEnd::Missed => "missed",
            OfferEnd::Rejected => "rejected",
            OfferEnd::Withdrawn => "withdrawn",
        };
        set_leg(&txn, leg, outcome, None, Some(now)).await?;
        txn.commit().await?;
        Ok(())
    }
}

/// An update of this tenant's agent states that clears the offer ringing.
fn clear_offer(txn: &crate::store::Tx) -> sea_orm::UpdateMany<agent_state::Entity> {
    txn.update_where::<agent_state::Entity>()
        .col_expr(
            agent_state::Column::OfferCallId,
            Expr::value(Option::<Uuid>::None),
        )
        .col_expr(
            agent_state::Column::OfferedAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
}
