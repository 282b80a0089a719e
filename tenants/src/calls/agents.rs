//! Agents' presence and the offers made to them, in the database: the durable truth every
//! node reads. An offer is reserved with one conditional update (the agent is available,
//! has no offer ringing and no call), so two nodes can never ring one agent at once; every
//! offer leaves a call leg (answered, missed, rejected…), which is how a call record shows
//! its agents.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use uuid::Uuid;

use crate::calls::Calls;
use crate::ctx::{CallAccess, TakeCalls};
use crate::entities::{agent_state, sip_endpoint, sip_registration, skill_group_member, user};
use crate::error::DomainError;
use crate::store::invalid;

/// What an agent says about themselves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    LoggedOut,
    Available,
    /// On a break (the reason says which), or set aside after a missed offer.
    NotReady,
    AfterCallWork,
}

impl Presence {
    pub const fn as_str(self) -> &'static str {
        match self {
            Presence::LoggedOut => "logged_out",
            Presence::Available => "available",
            Presence::NotReady => "not_ready",
            Presence::AfterCallWork => "after_call_work",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "logged_out" => Presence::LoggedOut,
            "available" => Presence::Available,
            "not_ready" => Presence::NotReady,
            "after_call_work" => Presence::AfterCallWork,
            _ => return None,
        })
    }
}

/// An agent as the router sees them.
#[derive(Clone, Debug)]
pub struct RosterEntry {
    pub user_id: Uuid,
    pub presence: Presence,
    pub skills: HashMap<Uuid, u8>,
    pub on_call: bool,
    pub ringing: Option<Uuid>,
    pub since: DateTime<Utc>,
}

/// An agent's presence with who they are, for supervisors.
#[derive(Clone, Debug)]
pub struct AgentView {
    pub state: agent_state::Model,
    pub email: String,
}

fn state_row(tenant: Uuid, user: Uuid, now: DateTime<Utc>) -> agent_state::ActiveModel {
    agent_state::ActiveModel {
        user_id: Set(user),
        tenant_id: Set(tenant),
        state: Set(Presence::LoggedOut.as_str().into()),
        reason: Set(String::new()),
        since: Set(now),
        offer_call_id: Set(None),
        offered_at: Set(None),
        call_id: Set(None),
        chats: Set(0),
        device: Set("browser".into()),
        acw_until: Set(None),
        updated_at: Set(now),
    }
}

async fn load_state(
    c: &crate::store::Tx,
    tenant: Uuid,
    user: Uuid,
) -> Result<agent_state::Model, DomainError> {
    let now = Utc::now();
    agent_state::Entity::insert(state_row(tenant, user, now))
        .on_conflict(
            OnConflict::column(agent_state::Column::UserId)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(c)
        .await?;
    c.find::<agent_state::Entity>(user)
        .await?
        .ok_or(DomainError::NotFound("agent"))
}

impl Calls {
    /// The acting agent's presence (logged out until they log in).
    pub async fn my_agent_state(
        &self,
        cap: &TakeCalls<'_>,
    ) -> Result<agent_state::Model, DomainError> {
        let txn = self.db.tx(cap.ctx).await?;
        let row = load_state(&txn, cap.ctx.tenant_id().as_uuid(), cap.agent.as_uuid()).await?;
        txn.commit().await?;
        Ok(row)
    }

    /// One agent's presence, for the call that offered them something.
    pub async fn agent_state_of(
        &self,
        access: &CallAccess,
        agent: Uuid,
    ) -> Result<agent_state::Model, DomainError> {
        let txn = self.db.tx(access.ctx()).await?;
        let row = txn
            .find::<agent_state::Entity>(agent)
            .await?
            .ok_or(DomainError::NotFound("agent"))?;
        txn.commit().await?;
        Ok(row)
    }

    /// Changes the acting agent's presence. Logging out or taking a break never cuts a call
    /// in progress: it only stops new offers (an offer ringing is withdrawn by the router).
    pub async fn set_presence(
        &self,
        cap: &TakeCalls<'_>,
        presence: Presence,
        reason: &str,
        desk_phone: Option<bool>,
    ) -> Result<agent_state::Model, DomainError> {
        let reason = reason.trim();
        if reason.chars().count() > 60 {
            return Err(invalid("reason", "is longer than 60 characters"));
        }
        if presence == Presence::AfterCallWork {
            return Err(invalid(
                "state",
                "after-call work starts by itself when a call ends",
            ));
        }
        let (tenant, agent) = (cap.ctx.tenant_id().as_uuid(), cap.agent.as_uuid());
        let now = Utc::now();
        let txn = self.db.tx(cap.ctx).await?;
        let cur = load_state(&txn, tenant, agent).await?;
        let reason = if presence == Presence::NotReady {
            if reason.is_empty() { "break" } else { reason }
        } else {
            ""
        };
        let mut row: agent_state::ActiveModel = cur.clone().into();
        if cur.state != presence.as_str() || cur.reason != reason {
            row.since = Set(now);
        }
        row.state = Set(presence.as_str().into());
        row.reason = Set(reason.into());
        row.acw_until = Set(None);
        row.updated_at = Set(now);
        if let Some(desk) = desk_phone {
            if desk
                && txn
                    .select::<sip_endpoint::Entity>()
                    .filter(sip_endpoint::Column::UserId.eq(agent))
                    .one(&txn)
                    .await?
                    .is_none()
            {
                return Err(invalid(
                    "deskPhone",
                    "no desk phone is assigned to you; ask an administrator",
                ));
            }
            row.device = Set(if desk { "desk_phone" } else { "browser" }.into());
        }
        let saved = row.update(&txn).await?;
        txn.commit().await?;
        Ok(saved)
    }

    /// Every agent who has ever logged in, with their presence: the team's status for
    /// colleagues (transfer targets) and the supervisors' wallboard.
    pub async fn agent_states(&self, cap: &TakeCalls<'_>) -> Result<Vec<AgentView>, DomainError> {
        let txn = self.db.tx(cap.ctx).await?;
        let rows = txn.select::<agent_state::Entity>().all(&txn).await?;
        let users: HashMap<Uuid, String> = txn
            .select::<user::Entity>()
            .all(&txn)
            .await?
            .into_iter()
            .map(|u| (u.id, u.email))
            .collect();
        txn.commit().await?;
        let mut out: Vec<AgentView> = rows
            .into_iter()
            .map(|state| AgentView {
                email: users.get(&state.user_id).cloned().unwrap_or_default(),
                state,
            })
            .collect();
        out.sort_by(|a, b| a.email.cmp(&b.email));
        Ok(out)
    }

    /// The logged-in agents of the call's tenant with their skills, for the router.
    pub async fn routing_roster(
        &self,
        access: &CallAccess,
    ) -> Result<Vec<RosterEntry>, DomainError> {
        let _tenant = access.tenant_id().as_uuid();
        let txn = self.db.tx(access.ctx()).await?;
        self.expire_after_call_work(&txn, Utc::now()).await?;
        let roster = read_roster(&txn).await?;
        txn.commit().await?;
        Ok(roster)
    }

    /// After-call work whose time is up becomes available (also done lazily here, so a
    /// node that died during someone's after-call work leaves nobody stuck).
    async fn expire_after_call_work(
        &self,
        c: &crate::store::Tx,
        now: DateTime<Utc>,
    ) -> Result<u64, DomainError> {
        end_after_call_work(c, now, None).await
    }

    /// Ends after-call work that is due; true when someone became available.
    pub async fn after_call_work_due(&self, access: &CallAccess) -> Result<bool, DomainError> {
        let txn = self.db.tx(access.ctx()).await?;
        let n = self.expire_after_call_work(&txn, Utc::now()).await?;
        txn.commit().await?;
        Ok(n > 0)
    }

    /// Where an agent's desk phone can be rung now: the freshest live registration of a
    /// phone assigned to them (Contact URI, source `ip:port`, transport).
    pub async fn desk_phone_of(
        &self,
        access: &CallAccess,
        agent: Uuid,
    ) -> Result<Option<sip_registration::Model>, DomainError> {
        let txn = self.db.tx(access.ctx()).await?;
        let phones: Vec<Uuid> = txn
            .select::<sip_endpoint::Entity>()
            .filter(sip_endpoint::Column::UserId.eq(agent))
            .all(&txn)
            .await?
            .into_iter()
            .map(|p| p.id)
            .collect();
        let reg = if phones.is_empty() {
            None
        } else {
            txn.select::<sip_registration::Entity>()
                .filter(sip_registration::Column::EndpointId.is_in(phones))
                .filter(sip_registration::Column::ExpiresAt.gt(Utc::now()))
                .order_by_desc(sip_registration::Column::UpdatedAt)
                .one(&txn)
                .await?
        };
        txn.commit().await?;
        Ok(reg)
    }

    /// The tenant's queues by name, for an agent's transfer menu.
    pub async fn transfer_queues(
        &self,
        cap: &TakeCalls<'_>,
    ) -> Result<Vec<(Uuid, String)>, DomainError> {
        use crate::entities::queue;
        let txn = self.db.tx(cap.ctx).await?;
        let rows = txn
            .select::<queue::Entity>()
            .order_by_asc(queue::Column::Name)
            .all(&txn)
            .await?;
        txn.commit().await?;
        Ok(rows.into_iter().map(|q| (q.id, q.name)).collect())
    }
}

/// Agents in after-call work become available: `agent` at once, or (None) everyone whose
/// after-call work is due.
pub(super) async fn end_after_call_work(
    c: &crate::store::Tx,
    now: DateTime<Utc>,
    agent: Option<Uuid>,
) -> Result<u64, DomainError> {
    let mut up = c
        .update_where::<agent_state::Entity>()
        .col_expr(
            agent_state::Column::State,
            Expr::value(Presence::Available.as_str()),
        )
        .col_expr(agent_state::Column::Since, Expr::value(now))
        .col_expr(
            agent_state::Column::AcwUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(agent_state::Column::UpdatedAt, Expr::value(now))
        .filter(agent_state::Column::State.eq(Presence::AfterCallWork.as_str()));
    up = match agent {
        Some(a) => up.filter(agent_state::Column::UserId.eq(a)),
        None => up.filter(agent_state::Column::AcwUntil.lte(now)),
    };
    Ok(up.exec(c).await?.rows_affected)
}

/// The tenant's agents who are logged in (and active users), with their skills.
pub(crate) async fn read_roster(c: &crate::store::Tx) -> Result<Vec<RosterEntry>, DomainError> {
    let rows = c
        .select::<agent_state::Entity>()
        .filter(agent_state::Column::State.ne(Presence::LoggedOut.as_str()))
        .all(c)
        .await?;
    let active: std::collections::HashSet<Uuid> = c
        .select::<user::Entity>()
        .filter(user::Column::Active.eq(true))
        .all(c)
        .await?
        .into_iter()
        .map(|u| u.id)
        .collect();
    let mut skills: HashMap<Uuid, HashMap<Uuid, u8>> = HashMap::new();
    for m in c.select::<skill_group_member::Entity>().all(c).await? {
        skills.entry(m.user_id).or_default().insert(
            m.skill_group_id,
            u8::try_from(m.proficiency.clamp(1, 5)).unwrap_or(1),
        );
    }
    Ok(rows
        .into_iter()
        .filter(|r| active.contains(&r.user_id))
        .map(|r| RosterEntry {
            user_id: r.user_id,
            presence: Presence::parse(&r.state).unwrap_or(Presence::NotReady),
            skills: skills.remove(&r.user_id).unwrap_or_default(),
            on_call: r.call_id.is_some(),
            ringing: r.offer_call_id,
            since: r.since,
        })
        .collect())
}
