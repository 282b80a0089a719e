//! The knowledge base: typed entries with their searchable text.

use sea_orm_migration::prelude::*;

use crate::rls::protect;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261122_000004_knowledge"
    }
}

#[derive(DeriveIden)]
enum KbEntries {
    Table,
    Id,
    TenantId,
    EntryType,
    Language,
    Title,
    Body,
    Data,
    SearchText,
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
                .table(KbEntries::Table)
                .col(
                    ColumnDef::new(KbEntries::Id)
                        .uuid()
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(KbEntries::TenantId).uuid().not_null())
                .col(ColumnDef::new(KbEntries::EntryType).string().not_null())
                .col(ColumnDef::new(KbEntries::Language).string().not_null())
                .col(ColumnDef::new(KbEntries::Title).string().not_null())
                .col(ColumnDef::new(KbEntries::Body).text().not_null())
                .col(ColumnDef::new(KbEntries::Data).json_binary().not_null())
                .col(ColumnDef::new(KbEntries::SearchText).text().not_null())
                .col(
                    ColumnDef::new(KbEntries::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(KbEntries::UpdatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(KbEntries::Table, KbEntries::TenantId)
                        .to(Tenants::Table, Tenants::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("kb_entries_tenant_type_language")
                .table(KbEntries::Table)
                .col(KbEntries::TenantId)
                .col(KbEntries::EntryType)
                .col(KbEntries::Language)
                .to_owned(),
        )
        .await?;
        protect(m, "kb_entries", true).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(KbEntries::Table).to_owned())
            .await
    }
}
