//! Foundation tables: tenants, users, refresh tokens, invitations and log-in failures.

use sea_orm_migration::prelude::*;

use crate::rls::{ensure_app_role, protect};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261122_000001_foundation"
    }
}

#[derive(DeriveIden)]
enum Tenants {
    Table,
    Id,
    Slug,
    Name,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    TenantId,
    Email,
    PasswordHash,
    Role,
    Active,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum RefreshTokens {
    Table,
    Id,
    TenantId,
    UserId,
    FamilyId,
    TokenHash,
    CreatedAt,
    ExpiresAt,
    UsedAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum Invitations {
    Table,
    Id,
    TenantId,
    Email,
    Role,
    TokenHash,
    InvitedBy,
    CreatedAt,
    ExpiresAt,
    AcceptedAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum LoginFailures {
    Table,
    Id,
    Key,
    At,
}

fn ts(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col)
        .timestamp_with_time_zone()
        .not_null()
        .take()
}

fn ts_null(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).timestamp_with_time_zone().null().take()
}

fn uuid_pk(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).uuid().not_null().primary_key().take()
}

fn uuid(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).uuid().not_null().take()
}

fn text(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).string().not_null().take()
}

fn tenant_fk(from: (impl IntoIden + 'static, impl IntoIden)) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from.0, from.1)
        .to(Tenants::Table, Tenants::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        ensure_app_role(m).await?;

        m.create_table(
            Table::create()
                .table(Tenants::Table)
                .col(uuid_pk(Tenants::Id))
                .col(text(Tenants::Slug).unique_key().take())
                .col(text(Tenants::Name))
                .col(ts(Tenants::CreatedAt))
                .to_owned(),
        )
        .await?;
        protect(m, "tenants", false).await?;

        m.create_table(
            Table::create()
                .table(Users::Table)
                .col(uuid_pk(Users::Id))
                .col(uuid(Users::TenantId))
                .col(text(Users::Email))
                .col(text(Users::PasswordHash))
                .col(text(Users::Role))
                .col(ColumnDef::new(Users::Active).boolean().not_null())
                .col(ts(Users::CreatedAt))
                .col(ts(Users::UpdatedAt))
                .foreign_key(&mut tenant_fk((Users::Table, Users::TenantId)))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("users_tenant_email")
                .table(Users::Table)
                .col(Users::TenantId)
                .col(Users::Email)
                .unique()
                .to_owned(),
        )
        .await?;
        protect(m, "users", true).await?;

        m.create_table(
            Table::create()
                .table(RefreshTokens::Table)
                .col(uuid_pk(RefreshTokens::Id))
                .col(uuid(RefreshTokens::TenantId))
                .col(uuid(RefreshTokens::UserId))
                .col(uuid(RefreshTokens::FamilyId))
                .col(text(RefreshTokens::TokenHash))
                .col(ts(RefreshTokens::CreatedAt))
                .col(ts(RefreshTokens::ExpiresAt))
                .col(ts_null(RefreshTokens::UsedAt))
                .col(ts_null(RefreshTokens::RevokedAt))
                .foreign_key(&mut tenant_fk((
                    RefreshTokens::Table,
                    RefreshTokens::TenantId,
                )))
                .foreign_key(
                    ForeignKey::create()
                        .from(RefreshTokens::Table, RefreshTokens::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("refresh_tokens_family")
                .table(RefreshTokens::Table)
                .col(RefreshTokens::TenantId)
                .col(RefreshTokens::FamilyId)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("refresh_tokens_user")
                .table(RefreshTokens::Table)
                .col(RefreshTokens::TenantId)
                .col(RefreshTokens::UserId)
                .to_owned(),
        )
        .await?;
        protect(m, "refresh_tokens", true).await?;

        m.create_table(
            Table::create()
                .table(Invitations::Table)
                .col(uuid_pk(Invitations::Id))
                .col(uuid(Invitations::TenantId))
                .col(text(Invitations::Email))
                .col(text(Invitations::Role))
                .col(text(Invitations::TokenHash))
                .col(uuid(Invitations::InvitedBy))
                .col(ts(Invitations::CreatedAt))
                .col(ts(Invitations::ExpiresAt))
                .col(ts_null(Invitations::AcceptedAt))
                .col(ts_null(Invitations::RevokedAt))
                .foreign_key(&mut tenant_fk((Invitations::Table, Invitations::TenantId)))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("invitations_tenant_email")
                .table(Invitations::Table)
                .col(Invitations::TenantId)
                .col(Invitations::Email)
                .to_owned(),
        )
        .await?;
        protect(m, "invitations", true).await?;

        // Platform-level, not tenant-owned: keys are "account:<tenant>:<email>" or "addr:<ip>".
        m.create_table(
            Table::create()
                .table(LoginFailures::Table)
                .col(uuid_pk(LoginFailures::Id))
                .col(text(LoginFailures::Key))
                .col(ts(LoginFailures::At))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("login_failures_key_at")
                .table(LoginFailures::Table)
                .col(LoginFailures::Key)
                .col(LoginFailures::At)
                .to_owned(),
        )
        .await?;
        protect(m, "login_failures", false).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            LoginFailures::Table.into_iden(),
            Invitations::Table.into_iden(),
            RefreshTokens::Table.into_iden(),
            Users::Table.into_iden(),
            Tenants::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
