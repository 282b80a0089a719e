//! Failed log-in counting per account and per client address, kept in the database so every
//! node sees the same counts.

use std::net::IpAddr;

use chrono::Utc;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use uuid::Uuid;

use super::{AccountError, Accounts};
use crate::entities::login_failure;

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
        let db = self.db.platform();
        let limits = [
            (Some(&keys.account), self.policy.max_failures_per_account),
            (keys.address.as_ref(), self.policy.max_failures_per_address),
        ];
        for (key, max) in limits {
            let Some(key) = key else { continue };
            if let Some(retry_after_secs) = self.retry_after(db, key, max).await? {
                return Err(AccountError::RateLimited { retry_after_secs });
            }
        }
        Ok(())
    }

    async fn retry_after(
        &self,
        db: &impl ConnectionTrait,
        key: &str,
        max: u64,
    ) -> Result<Option<i64>, AccountError> {
        let now = Utc::now();
        let since = now - self.policy.login_window;
        let recent = login_failure::Entity::find()
            .filter(login_failure::Column::Key.eq(key))
            .filter(login_failure::Column::At.gt(since));
        if recent.clone().count(db).await? < max {
            return Ok(None);
        }
        // Locked until the oldest failure that keeps the count at the limit leaves the window.
        let oldest = recent
            .order_by_desc(login_failure::Column::At)
            .offset(max - 1)
            .one(db)
            .await?;
        let until = oldest.map_or(now + self.policy.login_window, |f| {
            f.at + self.policy.login_window
        });
        Ok(Some((until - now).num_seconds().max(1)))
    }

    pub(crate) async fn record_failure(&self, keys: &AttemptKeys) -> Result<(), AccountError> {
        let db = self.db.platform();
        let now = Utc::now();
        let rows = std::iter::once(&keys.account)
            .chain(keys.address.as_ref())
            .map(|key| login_failure::ActiveModel {
                id: Set(Uuid::now_v7()),
                key: Set(key.clone()),
                at: Set(now),
            });
        login_failure::Entity::insert_many(rows).exec(db).await?;
        login_failure::Entity::delete_many()
            .filter(login_failure::Column::At.lt(now - self.policy.login_window))
            .exec(db)
            .await?;
        Ok(())
    }

    pub(crate) async fn clear_account_failures(
        &self,
        keys: &AttemptKeys,
    ) -> Result<(), AccountError> {
        login_failure::Entity::delete_many()
            .filter(login_failure::Column::Key.eq(keys.account.as_str()))
            .exec(self.db.platform())
            .await?;
        Ok(())
    }
}
