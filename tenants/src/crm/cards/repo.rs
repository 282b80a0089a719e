//! Member cards in the database: issuing, look-up, PIN checks with lock-out, and posting
//! ledger entries atomically — the balance update and the entry commit together, a conditional
//! update keeps the balance within its limit under any concurrency, and an idempotency key
//! makes a retried request return the first result instead of applying twice.

use chrono::{Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use uuid::Uuid;

use super::rules::{TxRequest, parse_card_number, parse_pin};
use crate::TenantCtx;
use crate::accounts::{hash_password, verify_password};
use crate::crm::Crm;
use crate::ctx::{CallAccess, UseCards};
use crate::entities::{card_ledger, member_card};
use crate::error::DomainError;
use crate::store::invalid;
use crate::store::{conflict_on_unique, is_unique_violation};

/// PIN attempts before a card is locked, and for how long.
pub const MAX_PIN_FAILURES: i32 = 5;
pub const PIN_LOCK_MINUTES: i64 = 15;

#[derive(Clone, Debug)]
pub struct NewCard {
    pub card_number: String,
    pub pin: String,
    pub tier: String,
    pub overdraft_minor: i64,
    pub contact_id: Option<Uuid>,
}

/// The outcome of posting: the entry, the card after it, and whether it was a replay.
#[derive(Clone, Debug)]
pub struct Posted {
    pub entry: card_ledger::Model,
    pub card: member_card::Model,
    pub replayed: bool,
}

fn money(minor: i64) -> String {
    format!("{}.{:02}", minor / 100, (minor % 100).abs())
}

async fn by_key(
    txn: &crate::store::Tx,
    _tenant: Uuid,
    card: Uuid,
    key: &str,
) -> Result<Option<card_ledger::Model>, DomainError> {
    Ok(txn
        .select::<card_ledger::Entity>()
        .filter(card_ledger::Column::CardId.eq(card))
        .filter(card_ledger::Column::IdempotencyKey.eq(key))
        .one(txn)
        .await?)
}

/// The earlier entry under the same key: a replay if the request is the same, else a conflict.
fn replay(
    existing: card_ledger::Model,
    req: &TxRequest,
    card: member_card::Model,
) -> Result<Posted, DomainError> {
    if existing.request_hash.as_deref() != Some(req.fingerprint().as_str()) {
        return Err(DomainError::Conflict(
            "this idempotency key was already used for a different transaction".into(),
        ));
    }
    Ok(Posted {
        entry: existing,
        card,
        replayed: true,
    })
}

impl Crm {
    pub async fn create_card(
        &self,
        cap: &UseCards<'_>,
        new: NewCard,
    ) -> Result<member_card::Model, DomainError> {
        cap.may_manage()?;
        let number = parse_card_number(&new.card_number)?;
        let pin = parse_pin(&new.pin)?;
        let tier = new.tier.trim().to_owned();
        if tier.is_empty() || tier.chars().count() > 40 {
            return Err(invalid("tier", "must be 1 to 40 characters"));
        }
        if !(0..=crate::crm::cards::rules::MAX_AMOUNT).contains(&new.overdraft_minor) {
            return Err(invalid("overdraftMinor", "must be 0 or more"));
        }
        let pin_hash = hash_password(pin).await?;
        let tenant = cap.ctx.tenant_id().as_uuid();
        let txn = self.db.tx(cap.ctx).await?;
        if let Some(c) = new.contact_id {
            txn.get::<crate::entities::contact::Entity>(c).await?;
        }
        let now = Utc::now();
        let card = member_card::ActiveModel {
            id: Set(Uuid::now_v7()),
            tenant_id: Set(tenant),
            card_number: Set(number.clone()),
            pin_hash: Set(pin_hash),
            pin_failures: Set(0),
            locked_until: Set(None),
            contact_id: Set(new.contact_id),
            tier: Set(tier),
            balance_minor: Set(0),
            points: Set(0),
            overdraft_minor: Set(new.overdraft_minor),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&txn)
        .await
        .map_err(conflict_on_unique(|| {
            format!("card {number} already exists")
        }))?;
        crate::crm::audit::record(
            &txn,
            cap.ctx,
            "card.create",
            "member_card",
            Some(card.id),
            &number,
            serde_json::json!({"tier": card.tier}),
        )
        .await?;
        txn.commit().await?;
        Ok(card)
    }

    /// Cards, by number; only `contact`'s when given.
    pub async fn cards(
        &self,
        cap: &UseCards<'_>,
        contact: Option<Uuid>,
        limit: u64,
        offset: u64,
    ) -> Result<Vec<member_card::Model>, DomainError> {
        let txn = self.db.tx(cap.ctx).await?;
        let mut q = txn.select::<member_card::Entity>();
        if let Some(c) = contact {
            q = q.filter(member_card::Column::ContactId.eq(c));
        }
        let rows = q
            .order_by_asc(member_card::Column::CardNumber)
            .limit(limit.clamp(1, 500))
            .offset(offset)
            .all(&txn)
            .await?;
        txn.commit().await?;
        Ok(rows)
    }

    pub async fn card(
        &self,
        cap: &UseCards<'_>,
        id: Uuid,
    ) -> Result<member_card::Model, DomainError> {
        self.db
            .get::<crate::entities::member_card::Entity>(cap.ctx, id)
            .await
    }

    pub async fn card_by_number(
        &self,
        cap: &UseCards<'_>,
        number: &str,
    ) -> Result<member_card::Model, DomainError> {
        self.card_by_number_in(cap.ctx, number).await
    }

    async fn card_by_number_in(
        &self,
        ctx: &TenantCtx,
        number: &str,
    ) -> Result<member_card::Model, DomainError> {
        let number = parse_card_number(number)?;
        let txn = self.db.tx(ctx).await?;
        let c = txn
            .select::<member_card::Entity>()
            .filter(member_card::Column::CardNumber.eq(number))
            .one(&txn)
            .await?
            .ok_or(DomainError::NotFound("member card"))?;
        txn.commit().await?;
        Ok(c)
    }

    /// The card's ledger, newest first.
    pub async fn card_ledger(
        &self,
        cap: &UseCards<'_>,
        id: Uuid,
        limit: u64,
    ) -> Result<Vec<card_ledger::Model>, DomainError> {
        let txn = self.db.tx(cap.ctx).await?;
        txn.get::<crate::entities::member_card::Entity>(id).await?;
        let rows = txn
            .select::<card_ledger::Entity>()
            .filter(card_ledger::Column::CardId.eq(id))
            .order_by_desc(card_ledger::Column::At)
            .order_by_desc(card_ledger::Column::Id)
            .limit(limit.clamp(1, 1000))
            .all(&txn)
            .await?;
        txn.commit().await?;
        Ok(rows)
    }

    /// Checks a card's PIN; five wrong PINs lock the card for 15 minutes.
    pub async fn verify_card_pin(
        &self,
        cap: &UseCards<'_>,
        number: &str,
        pin: &str,
    ) -> Result<member_card::Model, DomainError> {
        self.verify_pin_in(cap.ctx, number, pin).await
    }

    /// A caller in the IVR keyed in a card number and PIN: the card, if the PIN is right
    /// (wrong PINs count towards the same lock-out as at the desk).
    pub async fn caller_card(
        &self,
        call: &CallAccess,
        number: &str,
        pin: &str,
    ) -> Result<member_card::Model, DomainError> {
        self.verify_pin_in(call.ctx(), number, pin).await
    }

    async fn verify_pin_in(
        &self,
        ctx: &TenantCtx,
        number: &str,
        pin: &str,
    ) -> Result<member_card::Model, DomainError> {
        let card = self.card_by_number_in(ctx, number).await?;
        let now = Utc::now();
        if card.locked_until.is_some_and(|t| t > now) {
            let secs = card
                .locked_until
                .map_or(0, |t| (t - now).num_seconds().max(1));
            return Err(DomainError::RateLimited {
                retry_after_secs: secs,
            });
        }
        let ok = verify_password(Some(card.pin_hash.clone()), pin.to_owned()).await;
        let txn = self.db.tx(ctx).await?;
        let failures = if ok { 0 } else { card.pin_failures + 1 };
        let locked =
            (failures >= MAX_PIN_FAILURES).then(|| now + Duration::minutes(PIN_LOCK_MINUTES));
        member_card::ActiveModel {
            id: Set(card.id),
            pin_failures: Set(if locked.is_some() { 0 } else { failures }),
            locked_until: Set(locked),
            ..Default::default()
        }
        .update(&txn)
        .await?;
        if locked.is_some() {
            crate::crm::audit::record(
                &txn,
                ctx,
                "card.pin_locked",
                "member_card",
                Some(card.id),
                &card.card_number,
                serde_json::json!({}),
            )
            .await?;
        }
        txn.commit().await?;
        if ok {
            return Ok(card);
        }
        match locked {
            Some(_) => Err(DomainError::RateLimited {
                retry_after_secs: PIN_LOCK_MINUTES * 60,
            }),
            None => Err(invalid(
                "pin",
                format!(
                    "the PIN is not right; {} attempt(s) left",
                    MAX_PIN_FAILURES - failures
                ),
            )),
        }
    }

    /// Posts one ledger entry (see the module comment for how it stays exact).
    pub async fn post_card(
        &self,
        cap: &UseCards<'_>,
        card_id: Uuid,
        req: TxRequest,
    ) -> Result<Posted, DomainError> {
        let (dm, dp) = req.deltas()?;
        if req.kind == super::rules::TxKind::Adjust {
            cap.may_manage()?;
        }
        let tenant = cap.ctx.tenant_id().as_uuid();
        let txn = self.db.tx(cap.ctx).await?;
        // The write comes first: it takes the row (PostgreSQL) or database (SQLite) lock, so
        // the checks below see every earlier transaction.
        let applied = txn
            .update_where::<member_card::Entity>()
            .col_expr(
                member_card::Column::BalanceMinor,
                Expr::col(member_card::Column::BalanceMinor).add(dm),
            )
            .col_expr(
                member_card::Column::Points,
                Expr::col(member_card::Column::Points).add(dp),
            )
            .col_expr(member_card::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(member_card::Column::Id.eq(card_id))
            // balance + dm >= -overdraft, and points + dp >= 0
            .filter(
                Expr::expr(
                    Expr::col(member_card::Column::BalanceMinor)
                        .add(Expr::col(member_card::Column::OverdraftMinor)),
                )
                .gte(-dm),
            )
            .filter(Expr::col(member_card::Column::Points).gte(-dp))
            .exec(&txn)
            .await?
            .rows_affected;
        let card = txn
            .get::<crate::entities::member_card::Entity>(card_id)
            .await?;
        if let Some(key) = &req.idempotency_key
            && let Some(existing) = by_key(&txn, tenant, card_id, key).await?
        {
            // Undo the update above.
            txn.rollback().await?;
            let card = self.card(cap, card_id).await?;
            return replay(existing, &req, card);
        }
        if applied == 0 {
            let reason = if card.points + dp < 0 {
                format!("not enough points: {} available", card.points)
            } else {
                format!(
                    "not enough balance: {} available",
                    money(card.balance_minor + card.overdraft_minor)
                )
            };
            txn.rollback().await?;
            return Err(invalid(
                if dp < 0 { "points" } else { "amountMinor" },
                reason,
            ));
        }
        let entry = card_ledger::ActiveModel {
            id: Set(Uuid::now_v7()),
            tenant_id: Set(tenant),
            card_id: Set(card_id),
            kind: Set(req.kind.as_str().to_owned()),
            amount_minor: Set(dm),
            points_delta: Set(dp),
            balance_after: Set(card.balance_minor),
            points_after: Set(card.points),
            reason: Set(req.reason.trim().to_owned()),
            actor: Set(format!("user:{}", cap.actor)),
            idempotency_key: Set(req.idempotency_key.clone()),
            request_hash: Set(req.idempotency_key.as_ref().map(|_| req.fingerprint())),
            at: Set(Utc::now()),
        }
        .insert(&txn)
        .await;
        match entry {
            Ok(entry) => {
                crate::crm::audit::record(
                    &txn,
                    cap.ctx,
                    &format!("card.{}", req.kind.as_str()),
                    "member_card",
                    Some(card.id),
                    &format!("{} {}", money(dm), req.reason.trim()),
                    serde_json::json!({"entryId": entry.id, "points": dp}),
                )
                .await?;
                if let Some(contact) = card.contact_id {
                    let summary = format!(
                        "card {}: {} {}",
                        card.card_number,
                        req.kind.as_str(),
                        if dm != 0 {
                            money(dm)
                        } else {
                            format!("{dp} points")
                        }
                    );
                    crate::crm::contacts::append_event(
                        &txn,
                        tenant,
                        contact,
                        "card_transaction",
                        &summary,
                        serde_json::json!({"cardId": card.id, "entryId": entry.id}),
                    )
                    .await?;
                }
                txn.commit().await?;
                Ok(Posted {
                    entry,
                    card,
                    replayed: false,
                })
            }
            // A concurrent request with the same key won the race: report its result.
            Err(e) if is_unique_violation(&e) => {
                txn.rollback().await?;
                let key = req.idempotency_key.clone().unwrap_or_default();
                let txn = self.db.tx(cap.ctx).await?;
                let existing = by_key(&txn, tenant, card_id, &key)
                    .await?
                    .ok_or(DomainError::NotFound("ledger entry"))?;
                txn.commit().await?;
                let card = self.card(cap, card_id).await?;
                replay(existing, &req, card)
            }
            Err(e) => Err(e.into()),
        }
    }
}
