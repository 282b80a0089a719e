//! Desk phones: SIP accounts that register with digest credentials (only the HA1,
//! `md5(user:realm:password)` with the tenant's slug as realm, is stored), each linked to a
//! user.

use md5::{Digest, Md5};
use sea_orm::Set;
use uuid::Uuid;

use crate::center::Center;
use crate::ctx::{ManageConfig, ViewConfig};
use crate::entities::sip_endpoint;
use crate::error::DomainError;
use crate::store::invalid;
use crate::values::NewPassword;

#[derive(Clone)]
pub struct EndpointInput {
    pub username: String,
    pub display_name: String,
    pub password: String,
    pub user_id: Option<Uuid>,
}

fn parse_display_name(raw: &str) -> Result<String, DomainError> {
    let name = raw.trim().to_owned();
    if name.chars().count() > 100 {
        return Err(invalid("displayName", "is longer than 100 characters"));
    }
    Ok(name)
}

/// Digest HA1: `md5(username:realm:password)` in hex (RFC 2617).
pub fn ha1(username: &str, realm: &str, password: &str) -> String {
    Md5::digest(format!("{username}:{realm}:{password}").as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Center {
    pub async fn sip_endpoints(
        &self,
        cap: &ViewConfig<'_>,
    ) -> Result<Vec<sip_endpoint::Model>, DomainError> {
        let ctx = cap.0;
        self.db
            .list::<sip_endpoint::Entity>(ctx, sip_endpoint::Column::Username)
            .await
    }

    /// Adds a desk phone account. Only the digest HA1 (`md5(user:realm:password)`, realm the
    /// tenant's slug) is stored.
    pub async fn create_sip_endpoint(
        &self,
        cap: &ManageConfig<'_>,
        input: EndpointInput,
    ) -> Result<sip_endpoint::Model, DomainError> {
        let username = input.username.trim().to_lowercase();
        let ok = (3..=32).contains(&username.len())
            && username
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
        if !ok {
            return Err(invalid(
                "username",
                "must be 3 to 32 of a-z, 0-9, '.', '_', '-'",
            ));
        }
        let display_name = parse_display_name(&input.display_name)?;
        let password = NewPassword::parse(&input.password, &[username.as_str()])?;
        let txn = self.db.tx(cap).await?;
        if let Some(u) = input.user_id {
            txn.get::<crate::entities::user::Entity>(u).await?;
        }
        let ha1 = ha1(&username, &self.realm(&txn).await?, password.expose());
        let saved = txn
            .save::<sip_endpoint::Entity>(
                None,
                |e| {
                    e.username = Set(username.clone());
                    e.display_name = Set(display_name);
                    e.ha1 = Set(ha1);
                    e.user_id = Set(input.user_id);
                },
                || format!("the SIP user '{username}' already exists"),
            )
            .await?;
        txn.commit().await?;
        Ok(saved)
    }

    /// The digest realm of the transaction's tenant: its slug.
    async fn realm(&self, txn: &crate::store::Tx) -> Result<String, DomainError> {
        Ok(crate::store::platform::tenant(&self.db, txn.tenant())
            .await?
            .ok_or(DomainError::NotFound("tenant"))?
            .slug)
    }

    /// Changes a desk phone's display name, linked user and (when given) password.
    pub async fn update_sip_endpoint(
        &self,
        cap: &ManageConfig<'_>,
        id: Uuid,
        display_name: &str,
        user_id: Option<Uuid>,
        password: Option<&str>,
    ) -> Result<sip_endpoint::Model, DomainError> {
        let display_name = parse_display_name(display_name)?;
        let txn = self.db.tx(cap).await?;
        let e = txn.get::<sip_endpoint::Entity>(id).await?;
        if let Some(u) = user_id {
            txn.get::<crate::entities::user::Entity>(u).await?;
        }
        let new_ha1 = match password {
            Some(p) => {
                let password = NewPassword::parse(p, &[e.username.as_str()])?;
                Some(ha1(
                    &e.username,
                    &self.realm(&txn).await?,
                    password.expose(),
                ))
            }
            None => None,
        };
        let saved = txn
            .save::<sip_endpoint::Entity>(
                Some(e.id),
                |row| {
                    row.display_name = Set(display_name);
                    row.user_id = Set(user_id);
                    if let Some(h) = new_ha1 {
                        row.ha1 = Set(h);
                    }
                },
                || format!("the SIP user '{}' already exists", e.username),
            )
            .await?;
        txn.commit().await?;
        Ok(saved)
    }

    pub async fn delete_sip_endpoint(
        &self,
        cap: &ManageConfig<'_>,
        id: Uuid,
    ) -> Result<(), DomainError> {
        let txn = self.db.tx(cap.ctx).await?;
        txn.delete::<sip_endpoint::Entity>(id).await?;
        txn.commit().await?;
        Ok(())
    }
}
