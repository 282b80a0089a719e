//! Audio prompts: uploaded recordings and TTS renderings, stored in the object store.

use sea_orm_migration::prelude::*;

use crate::rls::protect;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261122_000003_prompts"
    }
}

#[derive(DeriveIden)]
enum Prompts {
    Table,
    Id,
    TenantId,
    Name,
    Kind,
    Language,
    Text,
    ObjectKey,
    DurationMs,
    SourceName,
    CreatedAt,
    UpdatedAt,
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
                .table(Prompts::Table)
                .col(ColumnDef::new(Prompts::Id).uuid().not_null().primary_key())
                .col(ColumnDef::new(Prompts::TenantId).uuid().not_null())
                .col(ColumnDef::new(Prompts::Name).string().not_null())
                .col(ColumnDef::new(Prompts::Kind).string().not_null())
                .col(ColumnDef::new(Prompts::Language).string().null())
                .col(ColumnDef::new(Prompts::Text).text().null())
                .col(ColumnDef::new(Prompts::ObjectKey).string().not_null())
                .col(ColumnDef::new(Prompts::DurationMs).big_integer().not_null())
                .col(ColumnDef::new(Prompts::SourceName).string().null())
                .col(
                    ColumnDef::new(Prompts::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Prompts::UpdatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Prompts::Table, Prompts::TenantId)
                        .to(Tenants::Table, Tenants::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("prompts_tenant_id_name")
                .table(Prompts::Table)
                .col(Prompts::TenantId)
                .col(Prompts::Name)
                .unique()
                .to_owned(),
        )
        .await?;
        protect(m, "prompts", true).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Prompts::Table).to_owned())
            .await
    }
}
