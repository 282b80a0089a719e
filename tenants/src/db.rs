//! The database handle: connecting (SQLite or PostgreSQL), migrating, and opening
//! tenant-scoped transactions that also arm PostgreSQL's row-level security.

use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use qiao_migrations::{APP_ROLE, Migrator, MigratorTrait, TENANT_SETTING};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend,
    DbErr, SqlxSqliteConnector, Statement, TransactionTrait,
};
use sqlx::ConnectOptions as _;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::ctx::TenantCtx;

/// A pooled connection to Qiao's database.
#[derive(Clone, Debug)]
pub struct Db {
    conn: DatabaseConnection,
}

impl Db {
    /// Connects to `url` (`sqlite://path?mode=rwc` or `postgres://…`).
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        let conn = if url.starts_with("sqlite:") {
            let opts = SqliteConnectOptions::from_str(url)
                .with_context(|| format!("invalid SQLite URL {url}"))?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                // WAL with synchronous=NORMAL: a commit is in the WAL (the OS's page cache)
                // before it returns, so a killed process loses nothing; only a power cut can
                // lose the last commits. FULL would fsync every commit (about a sixth of the
                // CPU of an IVR call).
                .synchronous(SqliteSynchronous::Normal)
                .log_statements(log::LevelFilter::Off)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true);
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                .connect_with(opts)
                .await
                .context("opening the SQLite database")?;
            SqlxSqliteConnector::from_sqlx_sqlite_pool(pool)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let mut opts = ConnectOptions::new(url.to_owned());
            opts.max_connections(32)
                .min_connections(1)
                .connect_timeout(Duration::from_secs(10))
                .sqlx_logging(false);
            Database::connect(opts)
                .await
                .context("connecting to PostgreSQL")?
        } else {
            anyhow::bail!(
                "database.url must start with sqlite: or postgres:, got {}",
                url.split(':').next().unwrap_or_default()
            );
        };
        Ok(Self { conn })
    }

    /// Applies every pending migration.
    /// Applies pending migrations. On PostgreSQL the role set-up is cluster-wide, and two
    /// processes migrating different databases at the same moment can collide on it
    /// ("tuple concurrently updated"): a failed attempt is retried twice before giving up.
    pub async fn migrate(&self) -> anyhow::Result<()> {
        let mut attempt = 1;
        loop {
            match Migrator::up(&self.conn, None).await {
                Ok(()) => return Ok(()),
                Err(e) if attempt < 3 => {
                    tracing::warn!(error = %e, attempt, "applying migrations failed; retrying");
                    tokio::time::sleep(std::time::Duration::from_millis(200 * attempt)).await;
                    attempt += 1;
                }
                Err(e) => return Err(anyhow::Error::new(e).context("applying migrations")),
            }
        }
    }

    pub fn backend(&self) -> DbBackend {
        self.conn.get_database_backend()
    }

    /// For platform-level rows that belong to no tenant (tenants, log-in failures): used
    /// only by `store::platform`, where every such access is named.
    pub(crate) fn platform(&self) -> &DatabaseConnection {
        &self.conn
    }

    /// Checks the database answers.
    pub async fn ping(&self) -> Result<(), DbErr> {
        self.conn.ping().await
    }

    /// Begins a transaction scoped to `ctx`'s tenant. On PostgreSQL it sets the tenant
    /// setting and drops to the unprivileged role, so row-level security admits only this
    /// tenant's rows even if a query forgot its `tenant_id` filter.
    pub(crate) async fn begin(&self, ctx: &TenantCtx) -> Result<DatabaseTransaction, DbErr> {
        let txn = self.conn.begin().await?;
        scope(&txn, ctx).await?;
        Ok(txn)
    }
}

/// Arms row-level security for `ctx` inside an open transaction (a no-op on SQLite).
pub async fn scope(txn: &DatabaseTransaction, ctx: &TenantCtx) -> Result<(), DbErr> {
    if txn.get_database_backend() == DbBackend::Postgres {
        txn.execute(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT set_config($1, $2, true), set_config('role', $3, true)",
            [
                TENANT_SETTING.into(),
                ctx.tenant_id().to_string().into(),
                APP_ROLE.into(),
            ],
        ))
        .await?;
    }
    Ok(())
}
