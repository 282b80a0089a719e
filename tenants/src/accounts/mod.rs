//! Accounts: sign-up, log-in with rotating refresh tokens, invitations and membership.
//!
//! Errors follow the policy in `crate::error`.

mod members;
mod rate_limit;

mod session;

use std::sync::Arc;

use crate::db::Db;
use crate::entities::{tenant, user};
use crate::events::{EventBus, TenantEvent};
use chrono::Duration;

pub(crate) use crate::secrets::{hash_password, verify_password};
pub use members::InviteCreated;
pub use session::{AcceptInvite, LogIn, SignUp};

/// Account operations fail with the domain's error.
pub type AccountError = crate::error::DomainError;

pub(crate) use crate::store::is_unique_violation;

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

    /// Publishes after the change committed; a bus failure is logged, the change stands.
    async fn publish(&self, event: TenantEvent) {
        if let Err(e) = self.bus.publish(&event).await {
            tracing::error!(error = %e, kind = ?event.kind, "publishing tenant event failed");
        }
    }
}
