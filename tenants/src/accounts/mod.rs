//! Accounts: sign-up, log-in with rotating refresh tokens, invitations and membership.
//!
//! Error policy: every failure is an [`AccountError`] whose message is safe to show the user;
//! database and hashing failures become `Internal` and are logged by the API, never shown.
//! A row of another tenant is `NotFound`, never `Forbidden`. Credentials that do not match
//! are one `Unauthenticated` message whatever part was wrong (no account enumeration).

mod members;
mod rate_limit;
mod secrets;
mod session;

use std::sync::Arc;

use chrono::Duration;
use sea_orm::{DbErr, SqlErr};

use crate::ctx::Forbidden;
use crate::db::Db;
use crate::entities::{tenant, user};
use crate::events::{EventBus, TenantEvent};
use crate::values::InvalidValue;

pub use members::InviteCreated;
pub use session::{AcceptInvite, LogIn, SignUp};

/// Why an account operation failed.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error(transparent)]
    Invalid(#[from] InvalidValue),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Unauthenticated(&'static str),
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("too many failed log-ins; try again in {retry_after_secs} seconds")]
    RateLimited { retry_after_secs: i64 },
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<DbErr> for AccountError {
    fn from(e: DbErr) -> Self {
        AccountError::Internal(anyhow::Error::new(e).context("database"))
    }
}

/// True when `e` is a unique-constraint violation.
pub(crate) fn is_unique_violation(e: &DbErr) -> bool {
    matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}

/// Lifetimes and limits of the account flows.
#[derive(Clone, Debug)]
pub struct AccountPolicy {
    pub refresh_ttl: Duration,
    pub invite_ttl: Duration,
    /// Failed log-ins are counted over this window.
    pub login_window: Duration,
    pub max_failures_per_account: u64,
    pub max_failures_per_address: u64,
}

impl Default for AccountPolicy {
    fn default() -> Self {
        Self {
            refresh_ttl: Duration::days(30),
            invite_ttl: Duration::days(7),
            login_window: Duration::minutes(15),
            max_failures_per_account: 5,
            max_failures_per_address: 50,
        }
    }
}

/// A logged-in user: the API adds a short-lived access token to it.
#[derive(Debug)]
pub struct Session {
    pub tenant: tenant::Model,
    pub user: user::Model,
    pub refresh_token: String,
}

/// The account service.
#[derive(Clone)]
pub struct Accounts {
    db: Db,
    bus: Arc<dyn EventBus>,
    policy: AccountPolicy,
}

impl Accounts {
    pub fn new(db: Db, bus: Arc<dyn EventBus>, policy: AccountPolicy) -> Self {
        Self { db, bus, policy }
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Publishes after the change committed; a bus failure is logged, the change stands.
    async fn publish(&self, event: TenantEvent) {
        if let Err(e) = self.bus.publish(&event).await {
            tracing::error!(error = %e, kind = ?event.kind, "publishing tenant event failed");
        }
    }
}
