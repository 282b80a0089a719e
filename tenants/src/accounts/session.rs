//! Sign-up, log-in, refresh-token rotation (with reuse detection), log-out, change password,
//! and turning verified token claims into a `TenantCtx`.

use std::net::IpAddr;

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use super::rate_limit::AttemptKeys;
use super::{AccountError, Accounts, Session, is_unique_violation};
use crate::ctx::TenantCtx;
use crate::entities::{refresh_token, tenant, user};
use crate::ids::{TenantId, UserId};
use crate::secrets::{hash_password, issue_token, parse_token, token_matches, verify_password};
use crate::values::{Email, NewPassword, Role, Slug, parse_tenant_name};

/// Input of the online sign-up.
#[derive(Clone, Debug)]
pub struct SignUp {
    pub tenant_name: String,
    pub tenant_slug: String,
    pub email: String,
    pub password: String,
}

/// Input of a log-in.
#[derive(Clone, Debug)]
pub struct LogIn {
    pub tenant_slug: String,
    pub email: String,
    pub password: String,
    pub client_addr: Option<IpAddr>,
}

/// Input of accepting an invitation.
#[derive(Clone, Debug)]
pub struct AcceptInvite {
    pub token: String,
    pub password: String,
}

const BAD_CREDENTIALS: &str = "the organisation, email or password is not right";
const BAD_REFRESH: &str = "the refresh token is not valid; log in again";

impl Accounts {
    /// Creates a tenant and its owner, and logs the owner in.
    pub async fn sign_up(&self, input: SignUp) -> Result<Session, AccountError> {
        let name = parse_tenant_name(&input.tenant_name)?;
        let slug = Slug::parse(&input.tenant_slug)?;
        let email = Email::parse(&input.email)?;
        let password = NewPassword::parse(
            &input.password,
            &[email.as_str(), slug.as_str(), name.as_str()],
        )?;
        let taken =
            || AccountError::Conflict(format!("the organisation slug '{slug}' is already taken"));
        if self.tenant_by_slug(slug.as_str()).await?.is_some() {
            return Err(taken());
        }
        let hash = hash_password(password.expose().to_owned()).await?;
        let now = Utc::now();
        let tenant_id = TenantId::new();
        let row = tenant::ActiveModel {
            id: Set(tenant_id.as_uuid()),
            slug: Set(slug.as_str().to_owned()),
            name: Set(name),
            created_at: Set(now),
        };
        let (txn, tenant) = crate::store::platform::insert_tenant(&self.db, row)
            .await
            .map_err(|e| {
                if is_unique_violation(&e) {
                    taken()
                } else {
                    e.into()
                }
            })?;
        let user = insert_user(&txn, tenant_id, &email, hash, Role::Owner).await?;
        let refresh_token = self.new_refresh_token(&txn, &user, Uuid::now_v7()).await?;
        txn.commit().await?;
        tracing::info!(tenant = %tenant.id, "tenant signed up");
        Ok(Session {
            tenant,
            user,
            refresh_token,
        })
    }

    /// Logs a user in; failures are counted per account and per address.
    pub async fn log_in(&self, input: LogIn) -> Result<Session, AccountError> {
        let keys = AttemptKeys::new(&input.tenant_slug, &input.email, input.client_addr);
        self.check_rate(&keys).await?;
        let tenant = self.tenant_by_slug(input.tenant_slug.trim()).await?;
        let email = Email::parse(&input.email).ok();
        let user = match (&tenant, &email) {
            (Some(t), Some(email)) => {
                let ctx = TenantCtx::system(TenantId::from_uuid(t.id));
                let txn = self.db.tx(&ctx).await?;
                let u = txn
                    .select::<user::Entity>()
                    .filter(user::Column::Email.eq(email.as_str()))
                    .one(&txn)
                    .await?;
                txn.commit().await?;
                u
            }
            _ => None,
        };
        let ok = verify_password(
            user.as_ref().map(|u| u.password_hash.clone()),
            input.password,
        )
        .await;
        let (Some(tenant), Some(user), true) = (tenant, user, ok) else {
            self.record_failure(&keys).await?;
            return Err(AccountError::Unauthenticated(BAD_CREDENTIALS));
        };
        if !user.active {
            self.record_failure(&keys).await?;
            return Err(AccountError::Unauthenticated(
                "this account has been deactivated; ask an administrator",
            ));
        }
        self.clear_account_failures(&keys).await?;
        let ctx = TenantCtx::system(TenantId::from_uuid(tenant.id));
        let txn = self.db.tx(&ctx).await?;
        let refresh_token = self.new_refresh_token(&txn, &user, Uuid::now_v7()).await?;
        txn.commit().await?;
        Ok(Session {
            tenant,
            user,
            refresh_token,
        })
    }

    /// Exchanges a refresh token for a new one in the same family. A token presented twice
    /// means it leaked: the whole family is revoked.
    pub async fn refresh(&self, token: &str) -> Result<Session, AccountError> {
        let (tenant_id, token_id) =
            parse_token(token).ok_or(AccountError::Unauthenticated(BAD_REFRESH))?;
        let ctx = TenantCtx::system(tenant_id);
        let txn = self.db.tx(&ctx).await?;
        let row = txn
            .find::<refresh_token::Entity>(token_id)
            .await?
            .filter(|r| token_matches(token, &r.token_hash))
            .ok_or(AccountError::Unauthenticated(BAD_REFRESH))?;
        let now = Utc::now();
        if row.revoked_at.is_some() || row.expires_at <= now {
            return Err(AccountError::Unauthenticated(BAD_REFRESH));
        }
        // Claim the token; a concurrent or repeated use finds it already used.
        let claimed = refresh_token::Entity::update_many()
            .col_expr(refresh_token::Column::UsedAt, Expr::value(now))
            .filter(refresh_token::Column::Id.eq(row.id))
            .filter(refresh_token::Column::UsedAt.is_null())
            .exec(&txn)
            .await?;
        if claimed.rows_affected != 1 {
            revoke_family(&txn, row.family_id).await?;
            txn.commit().await?;
            tracing::warn!(tenant = %tenant_id, family = %row.family_id, "refresh token reuse; family revoked");
            return Err(AccountError::Unauthenticated(
                "this refresh token was already used; every session of this log-in was ended",
            ));
        }
        let user = txn
            .find::<user::Entity>(row.user_id)
            .await?
            .filter(|u| u.active)
            .ok_or(AccountError::Unauthenticated(BAD_REFRESH))?;
        let tenant = crate::store::platform::tenant_in(&txn, tenant_id.as_uuid())
            .await?
            .ok_or(AccountError::Unauthenticated(BAD_REFRESH))?;
        let refresh_token = self.new_refresh_token(&txn, &user, row.family_id).await?;
        txn.commit().await?;
        Ok(Session {
            tenant,
            user,
            refresh_token,
        })
    }

    /// Ends the log-in a refresh token belongs to. Unknown or already-ended tokens are fine.
    pub async fn log_out(&self, token: &str) -> Result<(), AccountError> {
        let Some((tenant_id, token_id)) = parse_token(token) else {
            return Err(AccountError::Unauthenticated(BAD_REFRESH));
        };
        let txn = self.db.tx(&TenantCtx::system(tenant_id)).await?;
        let row = txn
            .find::<refresh_token::Entity>(token_id)
            .await?
            .filter(|r| token_matches(token, &r.token_hash));
        if let Some(row) = row {
            revoke_family(&txn, row.family_id).await?;
        }
        txn.commit().await?;
        Ok(())
    }

    /// Changes the acting user's password and ends their other log-ins.
    pub async fn change_password(
        &self,
        ctx: &TenantCtx,
        current: &str,
        new: &str,
    ) -> Result<(), AccountError> {
        let me = self.me(ctx).await?;
        if !verify_password(Some(me.password_hash.clone()), current.to_owned()).await {
            return Err(AccountError::Unauthenticated(
                "the current password is not right",
            ));
        }
        let new = NewPassword::parse(new, &[me.email.as_str()])?;
        let hash = hash_password(new.expose().to_owned()).await?;
        let txn = self.db.tx(ctx).await?;
        let now = Utc::now();
        user::ActiveModel {
            id: Set(me.id),
            password_hash: Set(hash),
            updated_at: Set(now),
            ..Default::default()
        }
        .update(&txn)
        .await?;
        revoke_user_tokens(&txn, UserId::from_uuid(me.id)).await?;
        txn.commit().await?;
        Ok(())
    }

    /// The context of a user named by verified token claims, with their current role;
    /// `Unauthenticated` when the user is gone or deactivated.
    pub async fn actor(
        &self,
        tenant_id: TenantId,
        user_id: UserId,
    ) -> Result<TenantCtx, AccountError> {
        let txn = self.db.tx(&TenantCtx::system(tenant_id)).await?;
        let user = txn.find::<user::Entity>(user_id.as_uuid()).await?;
        txn.commit().await?;
        match user {
            Some(u) if u.active => {
                let role = u.role.parse::<Role>()?;
                Ok(TenantCtx::for_user(tenant_id, user_id, role))
            }
            Some(_) => Err(AccountError::Unauthenticated(
                "this account has been deactivated",
            )),
            None => Err(AccountError::Unauthenticated(
                "this account no longer exists",
            )),
        }
    }

    /// The acting user.
    pub async fn me(&self, ctx: &TenantCtx) -> Result<user::Model, AccountError> {
        let id = ctx
            .user_id()
            .ok_or(AccountError::Unauthenticated("log in first"))?;
        let txn = self.db.tx(ctx).await?;
        let user = txn.find::<user::Entity>(id.as_uuid()).await?;
        txn.commit().await?;
        user.ok_or(AccountError::NotFound("user"))
    }

    /// The context's tenant.
    pub async fn tenant(&self, ctx: &TenantCtx) -> Result<tenant::Model, AccountError> {
        crate::store::platform::tenant(&self.db, ctx.tenant_id().as_uuid())
            .await?
            .ok_or(AccountError::NotFound("tenant"))
    }

    pub(crate) async fn tenant_by_slug(
        &self,
        slug: &str,
    ) -> Result<Option<tenant::Model>, AccountError> {
        Ok(crate::store::platform::tenant_by_slug(&self.db, slug).await?)
    }

    pub(crate) async fn new_refresh_token(
        &self,
        txn: &crate::store::Tx,
        user: &user::Model,
        family: Uuid,
    ) -> Result<String, AccountError> {
        let id = Uuid::now_v7();
        let issued = issue_token(TenantId::from_uuid(user.tenant_id), id);
        let now = Utc::now();
        refresh_token::ActiveModel {
            id: Set(id),
            tenant_id: Set(user.tenant_id),
            user_id: Set(user.id),
            family_id: Set(family),
            token_hash: Set(issued.hash),
            created_at: Set(now),
            expires_at: Set(now + self.policy.refresh_ttl),
            used_at: Set(None),
            revoked_at: Set(None),
        }
        .insert(txn)
        .await?;
        Ok(issued.token)
    }
}

pub(crate) async fn insert_user(
    txn: &crate::store::Tx,
    tenant_id: TenantId,
    email: &Email,
    password_hash: String,
    role: Role,
) -> Result<user::Model, AccountError> {
    let now = Utc::now();
    user::ActiveModel {
        id: Set(UserId::new().as_uuid()),
        tenant_id: Set(tenant_id.as_uuid()),
        email: Set(email.as_str().to_owned()),
        password_hash: Set(password_hash),
        role: Set(role.as_str().to_owned()),
        active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(txn)
    .await
    .map_err(|e| {
        if is_unique_violation(&e) {
            AccountError::Conflict(format!("{email} is already a member of this organisation"))
        } else {
            e.into()
        }
    })
}

async fn revoke_family(db: &crate::store::Tx, family: Uuid) -> Result<(), AccountError> {
    db.update_where::<refresh_token::Entity>()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(refresh_token::Column::FamilyId.eq(family))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

pub(crate) async fn revoke_user_tokens(
    db: &crate::store::Tx,
    user_id: UserId,
) -> Result<(), AccountError> {
    db.update_where::<refresh_token::Entity>()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(refresh_token::Column::UserId.eq(user_id.as_uuid()))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}
