//! PostgreSQL row-level security: the second wall behind tenant-scoped repositories.
//!
//! Every tenant-owned table gets a policy that admits only rows whose `tenant_id` equals the
//! per-transaction setting [`TENANT_SETTING`]. Superusers and table owners bypass policies, so
//! tenant transactions switch to the unprivileged [`APP_ROLE`] (`SET LOCAL ROLE`) as well.
//! SQLite has no such feature; there the repositories alone keep tenants apart.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

/// The per-transaction setting holding the current tenant's id.
pub const TENANT_SETTING: &str = "qiao.tenant_id";
/// The role tenant transactions run as on PostgreSQL.
pub const APP_ROLE: &str = "qiao_app";

/// Creates the application role once per cluster; several databases (and concurrent test
/// databases) share it, so creation tolerates a race.
pub(crate) async fn ensure_app_role(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    if manager.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    let sql = format!(
        "DO $$ BEGIN
           IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN
             CREATE ROLE {APP_ROLE} NOLOGIN;
           END IF;
         EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
         END $$;"
    );
    manager.get_connection().execute_unprepared(&sql).await?;
    manager
        .get_connection()
        .execute_unprepared(&format!(
            "GRANT USAGE ON SCHEMA public TO {APP_ROLE}; GRANT {APP_ROLE} TO CURRENT_USER"
        ))
        .await?;
    Ok(())
}

/// Grants the application role access to `table` and, when `tenant_owned`, enforces the
/// tenant policy on it (also for the table's owner).
pub(crate) async fn protect(
    manager: &SchemaManager<'_>,
    table: &str,
    tenant_owned: bool,
) -> Result<(), DbErr> {
    if manager.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    let conn = manager.get_connection();
    conn.execute_unprepared(&format!(
        "GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {APP_ROLE}"
    ))
    .await?;
    if tenant_owned {
        conn.execute_unprepared(&format!(
            "ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;
             ALTER TABLE {table} FORCE ROW LEVEL SECURITY;
             CREATE POLICY tenant_isolation ON {table}
               USING (tenant_id = NULLIF(current_setting('{TENANT_SETTING}', true), '')::uuid)
               WITH CHECK (tenant_id = NULLIF(current_setting('{TENANT_SETTING}', true), '')::uuid);"
        ))
        .await?;
    }
    Ok(())
}
