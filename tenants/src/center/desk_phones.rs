//! Desk phones: SIP accounts that register with digest credentials (only the HA1,
//! `md5(user:realm:password)` with the tenant's slug as realm, is stored), each linked to a
//! user.

use chrono::Utc;
use md5::{Digest, Md5};
use sea_orm::{ActiveModelTrait, QueryOrder, Set};
use uuid::Uuid;

use crate::center::Center;
use crate::ctx::{ManageConfig, ViewConfig};
use crate::entities::sip_endpoint;
use crate::error::DomainError;
use crate::store::conflict_on_unique;
use crate::store::invalid;
use crate::values::NewPassword;

#[derive(Clone)]
pub struct EndpointInput {
    pub username: String,
    pub display_name: String,
    pub password: String,
    pub user_id: Option<Uuid>,
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
        let txn = self.db.tx(ctx).await?;
        let rows = txn
            .select::<sip_endpoint::Entity>()
            .order_by_asc(sip_endpoint::Column::Username)
            .all(&txn)
            .await?;
        txn.commit().await?;
        Ok(rows)
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
        let display_name = input.display_name.trim().to_owned();
        if display_name.chars().count() > 100 {
            return Err(invalid("displayName", "is longer than 100 characters"));
        }
        let password = NewPassword::parse(&input.password, &[username.as_str()])?;
        let tenant = cap.ctx.tenant_id().as_uuid();
        let txn = self.db.tx(cap.ctx).await?;
        if let Some(u) = input.user_id {
            txn.get::<crate::entities::user::Entity>(u).await?;
        }
        let realm = crate::store::platform::tenant(&self.db, tenant)
            .await?
            .ok_or(DomainError::NotFound("tenant"))?
            .slug;
        let ha1 = ha1(&username, &realm, password.expose());
        let now = Utc::now();
        let saved = sip_endpoint::ActiveModel {
            id: Set(Uuid::now_v7()),
            tenant_id: Set(tenant),
            username: Set(username.clone()),
            display_name: Set(display_name),
            ha1: Set(ha1),
            user_id: Set(input.user_id),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&txn)
        .await
        .map_err(conflict_on_unique(|| {
            format!("the SIP user '{username}' already exists")
        }))?;
        txn.commit().await?;
        Ok(saved)
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
        let display_name = display_name.trim().to_owned();
        if display_name.chars().count() > 100 {
            return Err(invalid("displayName", "is longer than 100 characters"));
        }
        let txn = self.db.tx(cap.ctx).await?;
        let e = txn.get::<crate::entities::sip_endpoint::Entity>(id).await?;
        if let Some(u) = user_id {
            txn.get::<crate::entities::user::Entity>(u).await?;
        }
        let mut row = sip_endpoint::ActiveModel {
            id: Set(e.id),
            display_name: Set(display_name),
            user_id: Set(user_id),
            updated_at: Set(Utc::now()),
            ..Default::default()
        };
        if let Some(p) = password {
            let password = NewPassword::parse(p, &[e.username.as_str()])?;
            let realm = crate::store::platform::tenant(&self.db, txn.tenant())
                .await?
                .ok_or(DomainError::NotFound("tenant"))?
                .slug;
            row.ha1 = Set(ha1(&e.username, &realm, password.expose()));
        }
        let saved = row.update(&txn).await?;
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
