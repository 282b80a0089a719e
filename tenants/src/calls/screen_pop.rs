//! What an agent sees when a call is offered: who is calling (or "unknown caller"), their
//! VIP level and dedicated agent, member cards, open cases and recent calls.

use sea_orm::{ColumnTrait, QueryFilter, QueryOrder, QuerySelect};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::calls::Calls;
use crate::ctx::CallAccess;
use crate::entities::{call, case, member_card};
use crate::error::DomainError;

/// The caller as routing and the screen pop see them.
#[derive(Clone, Debug, Default)]
pub struct CallerProfile {
    pub contact_id: Option<Uuid>,
    pub vip_level: u8,
    pub dedicated_agent: Option<Uuid>,
    /// JSON for the agent's screen: `contact`, `cards`, `openCases`, `recentCalls`.
    pub screen: Value,
}

impl Calls {
    /// Looks the caller up by caller ID; `exclude_call` is the call in progress.
    pub async fn caller_profile(
        &self,
        access: &CallAccess,
        caller: &str,
        exclude_call: Uuid,
    ) -> Result<CallerProfile, DomainError> {
        let contact = self.caller_contact(access, caller).await?;
        let txn = self.db.tx(access.ctx()).await?;
        let recent: Vec<Value> = txn
            .select::<call::Entity>()
            .filter(call::Column::Caller.eq(caller))
            .filter(call::Column::Id.ne(exclude_call))
            .order_by_desc(call::Column::StartedAt)
            .limit(5)
            .all(&txn)
            .await?
            .into_iter()
            .map(|c| {
                json!({"id": c.id, "startedAt": c.started_at, "disposition": c.disposition,
                       "ivrPath": c.ivr_path})
            })
            .collect();
        let (cards, cases) = match &contact {
            Some(v) => {
                let cards: Vec<Value> = txn
                    .select::<member_card::Entity>()
                    .filter(member_card::Column::ContactId.eq(v.contact.id))
                    .all(&txn)
                    .await?
                    .into_iter()
                    .map(|c| {
                        json!({"number": c.card_number, "tier": c.tier,
                               "balanceMinor": c.balance_minor, "points": c.points})
                    })
                    .collect();
                let cases: Vec<Value> = txn
                    .select::<case::Entity>()
                    .filter(case::Column::ContactId.eq(v.contact.id))
                    .filter(case::Column::Status.ne("closed"))
                    .order_by_desc(case::Column::CreatedAt)
                    .limit(10)
                    .all(&txn)
                    .await?
                    .into_iter()
                    .map(|c| {
                        json!({"id": c.id, "subject": c.subject, "status": c.status,
                               "priority": c.priority, "dueAt": c.due_at})
                    })
                    .collect();
                (cards, cases)
            }
            None => (Vec::new(), Vec::new()),
        };
        txn.commit().await?;
        let contact_json = contact.as_ref().map(|v| {
            json!({"id": v.contact.id, "name": v.contact.name, "vipLevel": v.contact.vip_level,
                   "tags": v.contact.tags, "language": v.contact.preferred_language,
                   "notes": v.contact.notes})
        });
        Ok(CallerProfile {
            contact_id: contact.as_ref().map(|v| v.contact.id),
            vip_level: contact.as_ref().map_or(0, |v| {
                u8::try_from(v.contact.vip_level.clamp(0, 9)).unwrap_or(0)
            }),
            dedicated_agent: contact.as_ref().and_then(|v| v.contact.dedicated_agent_id),
            screen: json!({
                "caller": caller,
                "contact": contact_json,
                "cards": cards,
                "openCases": cases,
                "recentCalls": recent,
            }),
        })
    }
}
