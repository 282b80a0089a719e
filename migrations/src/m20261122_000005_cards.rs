//! Member cards and their append-only ledger.

use sea_orm_migration::prelude::*;

use crate::rls::protect;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261122_000005_cards"
    }
}

#[derive(DeriveIden)]
enum MemberCards {
    Table,
    Id,
    TenantId,
    CardNumber,
    PinHash,
    PinFailures,
    LockedUntil,
    ContactId,
    Tier,
    BalanceMinor,
    Points,
    OverdraftMinor,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CardLedger {
    Table,
    Id,
    TenantId,
    CardId,
    Kind,
    AmountMinor,
    PointsDelta,
    BalanceAfter,
    PointsAfter,
    Reason,
    Actor,
    IdempotencyKey,
    RequestHash,
    At,
}

#[derive(DeriveIden)]
enum Tenants {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(MemberCards::Table)
                .col(
                    ColumnDef::new(MemberCards::Id)
                        .uuid()
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(MemberCards::TenantId).uuid().not_null())
                .col(ColumnDef::new(MemberCards::CardNumber).string().not_null())
                .col(ColumnDef::new(MemberCards::PinHash).string().not_null())
                .col(
                    ColumnDef::new(MemberCards::PinFailures)
                        .integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(MemberCards::LockedUntil)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(ColumnDef::new(MemberCards::ContactId).uuid().null())
                .col(ColumnDef::new(MemberCards::Tier).string().not_null())
                .col(
                    ColumnDef::new(MemberCards::BalanceMinor)
                        .big_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(MemberCards::Points).big_integer().not_null())
                .col(
                    ColumnDef::new(MemberCards::OverdraftMinor)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(MemberCards::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(MemberCards::UpdatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(MemberCards::Table, MemberCards::TenantId)
                        .to(Tenants::Table, Tenants::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("member_cards_tenant_number")
                .table(MemberCards::Table)
                .col(MemberCards::TenantId)
                .col(MemberCards::CardNumber)
                .unique()
                .to_owned(),
        )
        .await?;
        protect(m, "member_cards", true).await?;

        m.create_table(
            Table::create()
                .table(CardLedger::Table)
                .col(
                    ColumnDef::new(CardLedger::Id)
                        .uuid()
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(CardLedger::TenantId).uuid().not_null())
                .col(ColumnDef::new(CardLedger::CardId).uuid().not_null())
                .col(ColumnDef::new(CardLedger::Kind).string().not_null())
                .col(
                    ColumnDef::new(CardLedger::AmountMinor)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(CardLedger::PointsDelta)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(CardLedger::BalanceAfter)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(CardLedger::PointsAfter)
                        .big_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(CardLedger::Reason).string().not_null())
                .col(ColumnDef::new(CardLedger::Actor).string().not_null())
                .col(ColumnDef::new(CardLedger::IdempotencyKey).string().null())
                .col(ColumnDef::new(CardLedger::RequestHash).string().null())
                .col(
                    ColumnDef::new(CardLedger::At)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(CardLedger::Table, CardLedger::CardId)
                        .to(MemberCards::Table, MemberCards::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("card_ledger_card_at")
                .table(CardLedger::Table)
                .col(CardLedger::TenantId)
                .col(CardLedger::CardId)
                .col(CardLedger::At)
                .to_owned(),
        )
        .await?;
        // One entry per idempotency key and card (NULL keys do not collide).
        m.create_index(
            Index::create()
                .name("card_ledger_idempotency")
                .table(CardLedger::Table)
                .col(CardLedger::TenantId)
                .col(CardLedger::CardId)
                .col(CardLedger::IdempotencyKey)
                .unique()
                .to_owned(),
        )
        .await?;
        protect(m, "card_ledger", true).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(CardLedger::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(MemberCards::Table).to_owned())
            .await
    }
}
