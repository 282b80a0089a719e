//! Failed log-in counting per account and per client address, kept in the database so every
//! node sees the same counts.

use std::net::IpAddr;

use chrono::Utc;

use super::{AccountError, Accounts};

/// The keys one log-in attempt is counted under.
pub(crate) struct AttemptKeys {
    account: String,
    address: Option<String>,
}

impl AttemptKeys {
    pub(crate) fn new(slug: &str, email: &str, address: Option<IpAddr>) -> Self {
        Self {
            account: format!(
                "account:{}:{}",
                slug.trim().to_lowercase(),
                email.trim().to_lowercase()
            ),
            address: address.map(|a| format!("addr:{a}")),
        }
    }
}

impl Accounts {
    /// Refuses the attempt when either key has too many recent failures.
    pub(crate) async fn check_rate(&self, keys: &AttemptKeys) -> Result<(), AccountError> {
        let limits = [
            (Some(&keys.account), self.policy.max_failures_per_account),
            (keys.address.as_ref(), self.policy.max_failures_per_address),
        ];
        for (key, max) in limits {
            let Some(key) = key else { continue };
            if let Some(retry_after_secs) = self.retry_after(key, max).await? {
                return Err(AccountError::RateLimited { retry_after_secs });
            }
        }
        Ok(())
    }

    async fn retry_after(&self, key: &str, max: u64) -> Result<Option<i64>, AccountError> {
        let now = Utc::now();
        let since = now - self.policy.login_window;
        // Locked until the oldest failure that keeps the count at the limit leaves the window.
        let (count, oldest) =
            crate::store::platform::login_failures(&self.db, key, since, max.saturating_sub(1))
                .await?;
        if count < max {
            return Ok(None);
        }
        let until = oldest.map_or(now + self.policy.login_window, |f| {
            f.at + self.policy.login_window
        });
        Ok(Some((until - now).num_seconds().max(1)))
    }

    pub(crate) async fn record_failure(&self, keys: &AttemptKeys) -> Result<(), AccountError> {
        let now = Utc::now();
        let keys = std::iter::once(&keys.account)
            .chain(keys.address.as_ref())
            .cloned();
        crate::store::platform::record_login_failures(
            &self.db,
            keys,
            now,
            now - self.policy.login_window,
        )
        .await?;
        Ok(())
    }

    pub(crate) async fn clear_account_failures(
        &self,
        keys: &AttemptKeys,
    ) -> Result<(), AccountError> {
        crate::store::platform::clear_login_failures(&self.db, keys.account.as_str()).await?;
        Ok(())
    }
}
