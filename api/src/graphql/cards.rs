//! Member cards: look-up, issuing, PIN checks, the ledger, and posting transactions with
//! idempotency keys. Every member may use cards; issuing and adjustments need a supervisor.

use async_graphql::{ComplexObject, Context, Enum, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use qiao_tenants::crm::cards::repo::NewCard;
use qiao_tenants::crm::cards::{TxKind, TxRequest};
use qiao_tenants::ctx::UseCards;
use qiao_tenants::entities::{card_ledger, member_card};

use super::kit;
use super::kit::guard;
use crate::error::Gql;

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum CardTransactionKind {
    TopUp,
    Spend,
    Refund,
    Accrue,
    Redeem,
    Adjust,
}

impl From<CardTransactionKind> for TxKind {
    fn from(k: CardTransactionKind) -> Self {
        match k {
            CardTransactionKind::TopUp => TxKind::TopUp,
            CardTransactionKind::Spend => TxKind::Spend,
            CardTransactionKind::Refund => TxKind::Refund,
            CardTransactionKind::Accrue => TxKind::Accrue,
            CardTransactionKind::Redeem => TxKind::Redeem,
            CardTransactionKind::Adjust => TxKind::Adjust,
        }
    }
}

#[derive(SimpleObject)]
#[graphql(complex)]
pub struct MemberCard {
    pub id: ID,
    pub card_number: String,
    pub tier: String,
    /// Stored value in minor units (fen).
    pub balance_minor: i64,
    pub points: i64,
    pub overdraft_minor: i64,
    pub contact_id: Option<ID>,
    pub locked_until: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

impl From<member_card::Model> for MemberCard {
    fn from(c: member_card::Model) -> Self {
        Self {
            id: ID(c.id.to_string()),
            card_number: c.card_number,
            tier: c.tier,
            balance_minor: c.balance_minor,
            points: c.points,
            overdraft_minor: c.overdraft_minor,
            contact_id: c.contact_id.map(|u| ID(u.to_string())),
            locked_until: c.locked_until.filter(|t| *t > Utc::now()),
            created_at: c.created_at,
        }
    }
}

#[ComplexObject]
impl MemberCard {
    /// Ledger entries, newest first.
    async fn ledger(
        &self,
        cx: &Context<'_>,
        #[graphql(default = 50)] limit: i32,
    ) -> Result<Vec<CardLedgerEntry>> {
        let (state, cap) = guard::<UseCards>(cx).await?;
        let id = kit::id::<uuid::Uuid>(&self.id, "member card")?;
        let rows = state
            .crm
            .card_ledger(&cap, id, limit.max(1) as u64)
            .await
            .gql()?;
        Ok(rows.into_iter().map(Into::into).collect())
    }
}

#[derive(SimpleObject)]
pub struct CardLedgerEntry {
    pub id: ID,
    pub kind: String,
    pub amount_minor: i64,
    pub points_delta: i64,
    pub balance_after: i64,
    pub points_after: i64,
    pub reason: String,
    pub actor: String,
    pub idempotency_key: Option<String>,
    pub at: DateTime<Utc>,
}

impl From<card_ledger::Model> for CardLedgerEntry {
    fn from(e: card_ledger::Model) -> Self {
        Self {
            id: ID(e.id.to_string()),
            kind: e.kind,
            amount_minor: e.amount_minor,
            points_delta: e.points_delta,
            balance_after: e.balance_after,
            points_after: e.points_after,
            reason: e.reason,
            actor: e.actor,
            idempotency_key: e.idempotency_key,
            at: e.at,
        }
    }
}

#[derive(SimpleObject)]
pub struct CardTransactionResult {
    pub entry: CardLedgerEntry,
    pub card: MemberCard,
    /// True when this idempotency key was seen before: nothing new was applied.
    pub replayed: bool,
}

#[derive(InputObject)]
pub struct MemberCardInput {
    pub card_number: String,
    pub pin: String,
    #[graphql(default_with = "\"standard\".to_string()")]
    pub tier: String,
    /// How far below zero the balance may go; 0 (the default) never.
    #[graphql(default)]
    pub overdraft_minor: i64,
    /// The card holder.
    pub contact_id: Option<ID>,
}

#[derive(InputObject)]
pub struct CardTransactionInput {
    pub card_id: ID,
    pub kind: CardTransactionKind,
    #[graphql(default)]
    pub amount_minor: i64,
    #[graphql(default)]
    pub points: i64,
    #[graphql(default)]
    pub reason: String,
    /// Retrying with the same key returns the first result instead of applying twice.
    pub idempotency_key: Option<String>,
}

#[derive(Default)]
pub struct CardQuery;

#[Object]
impl CardQuery {
    /// Cards by number; only one contact's with `contactId`.
    async fn member_cards(
        &self,
        cx: &Context<'_>,
        contact_id: Option<ID>,
        #[graphql(default = 100)] limit: i32,
        #[graphql(default = 0)] offset: i32,
    ) -> Result<Vec<MemberCard>> {
        let (state, cap) = guard::<UseCards>(cx).await?;
        let contact = contact_id
            .as_ref()
            .map(|c| kit::parse::<uuid::Uuid>(c, "contact"))
            .transpose()
            .gql()?;
        let rows = state
            .crm
            .cards(&cap, contact, limit.max(1) as u64, offset.max(0) as u64)
            .await
            .gql()?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    async fn member_card(&self, cx: &Context<'_>, id: ID) -> Result<MemberCard> {
        let (state, cap) = guard::<UseCards>(cx).await?;
        let id = kit::id::<uuid::Uuid>(&id, "member card")?;
        Ok(state.crm.card(&cap, id).await.gql()?.into())
    }

    async fn member_card_by_number(
        &self,
        cx: &Context<'_>,
        card_number: String,
    ) -> Result<MemberCard> {
        let (state, cap) = guard::<UseCards>(cx).await?;
        Ok(state
            .crm
            .card_by_number(&cap, &card_number)
            .await
            .gql()?
            .into())
    }
}

#[derive(Default)]
pub struct CardMutation;

#[Object]
impl CardMutation {
    /// Issues a card with a PIN (supervisors and above).
    async fn create_member_card(
        &self,
        cx: &Context<'_>,
        input: MemberCardInput,
    ) -> Result<MemberCard> {
        let (state, cap) = guard::<UseCards>(cx).await?;
        let card = state
            .crm
            .create_card(
                &cap,
                NewCard {
                    contact_id: input
                        .contact_id
                        .as_ref()
                        .map(|c| kit::parse::<uuid::Uuid>(c, "contact"))
                        .transpose()
                        .gql()?,
                    card_number: input.card_number,
                    pin: input.pin,
                    tier: input.tier,
                    overdraft_minor: input.overdraft_minor,
                },
            )
            .await
            .gql()?;
        Ok(card.into())
    }

    /// Checks a card's PIN (as the IVR does); five wrong PINs lock the card for 15 minutes.
    async fn verify_card_pin(
        &self,
        cx: &Context<'_>,
        card_number: String,
        pin: String,
    ) -> Result<MemberCard> {
        let (state, cap) = guard::<UseCards>(cx).await?;
        Ok(state
            .crm
            .verify_card_pin(&cap, &card_number, &pin)
            .await
            .gql()?
            .into())
    }

    /// Posts a top-up, spend, refund, accrual, redemption or adjustment.
    async fn post_card_transaction(
        &self,
        cx: &Context<'_>,
        input: CardTransactionInput,
    ) -> Result<CardTransactionResult> {
        let (state, cap) = guard::<UseCards>(cx).await?;
        let card_id = kit::id::<uuid::Uuid>(&input.card_id, "member card")?;
        let posted = state
            .crm
            .post_card(
                &cap,
                card_id,
                TxRequest {
                    kind: input.kind.into(),
                    amount_minor: input.amount_minor,
                    points: input.points,
                    reason: input.reason,
                    idempotency_key: input.idempotency_key,
                },
            )
            .await
            .gql()?;
        Ok(CardTransactionResult {
            entry: posted.entry.into(),
            card: posted.card.into(),
            replayed: posted.replayed,
        })
    }
}
