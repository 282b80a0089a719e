//! Membership: listing users, inviting (and accepting), deactivating and reactivating.

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, QueryFilter, QueryOrder, Set};
use serde_json::json;
use uuid::Uuid;

use super::session::{insert_user, revoke_user_tokens};
use super::{AcceptInvite, AccountError, Accounts, Session};
use crate::ctx::{ManageUsers, TenantCtx, ViewUsers};
use crate::entities::{invitation, tenant, user};
use crate::events::{EventKind, TenantEvent};
use crate::ids::{InvitationId, TenantId, UserId};
use crate::secrets::{hash_password, issue_token, parse_token, token_matches};
use crate::values::{Email, NewPassword, Role};

/// A new invitation and its token, shown once.
#[derive(Debug)]
pub struct InviteCreated {
    pub invitation: invitation::Model,
    pub token: String,
}

const BAD_INVITE: &str = "this invitation is not valid; ask for a new one";

impl Accounts {
    /// The tenant's users, oldest first.
    pub async fn users(&self, cap: &ViewUsers<'_>) -> Result<Vec<user::Model>, AccountError> {
        let ctx = cap.0;
        let txn = self.db.tx(ctx).await?;
        let users = txn
            .select::<user::Entity>()
            .order_by_asc(user::Column::CreatedAt)
            .order_by_asc(user::Column::Id)
            .all(&txn)
            .await?;
        txn.commit().await?;
        Ok(users)
    }

    /// Invites `email` with `role`. A pending invitation for the same email is replaced.
    pub async fn invite(
        &self,
        cap: &ManageUsers<'_>,
        email: &str,
        role: Role,
    ) -> Result<InviteCreated, AccountError> {
        let email = Email::parse(email)?;
        cap.may_touch(role)?;
        let ctx = cap.ctx;
        let tenant = ctx.tenant_id();
        let txn = self.db.tx(ctx).await?;
        let member = txn
            .select::<user::Entity>()
            .filter(user::Column::Email.eq(email.as_str()))
            .one(&txn)
            .await?;
        if member.is_some() {
            return Err(AccountError::Conflict(format!(
                "{email} is already a member of this organisation"
            )));
        }
        let now = Utc::now();
        txn.update_where::<invitation::Entity>()
            .col_expr(invitation::Column::RevokedAt, Expr::value(now))
            .filter(invitation::Column::Email.eq(email.as_str()))
            .filter(invitation::Column::AcceptedAt.is_null())
            .filter(invitation::Column::RevokedAt.is_null())
            .exec(&txn)
            .await?;
        let id = InvitationId::new().as_uuid();
        let issued = issue_token(tenant, id);
        let invitation = invitation::ActiveModel {
            id: Set(id),
            tenant_id: Set(tenant.as_uuid()),
            email: Set(email.as_str().to_owned()),
            role: Set(role.as_str().to_owned()),
            token_hash: Set(issued.hash),
            invited_by: Set(cap.actor.as_uuid()),
            created_at: Set(now),
            expires_at: Set(now + self.policy.invite_ttl),
            accepted_at: Set(None),
            revoked_at: Set(None),
        }
        .insert(&txn)
        .await?;
        txn.commit().await?;
        self.publish(TenantEvent::new(
            tenant,
            EventKind::UserInvited,
            json!({ "invitationId": id, "email": email.as_str(), "role": role.code(), "by": cap.actor }),
        ))
        .await;
        Ok(InviteCreated {
            invitation,
            token: issued.token,
        })
    }

    /// The tenant's invitations, newest first.
    pub async fn invitations(
        &self,
        cap: &ManageUsers<'_>,
    ) -> Result<Vec<invitation::Model>, AccountError> {
        let ctx = cap.ctx;
        let txn = self.db.tx(ctx).await?;
        let list = txn
            .select::<invitation::Entity>()
            .order_by_desc(invitation::Column::CreatedAt)
            .all(&txn)
            .await?;
        txn.commit().await?;
        Ok(list)
    }

    /// Revokes a pending invitation.
    pub async fn revoke_invitation(
        &self,
        cap: &ManageUsers<'_>,
        id: InvitationId,
    ) -> Result<invitation::Model, AccountError> {
        let ctx = cap.ctx;
        let txn = self.db.tx(ctx).await?;
        let found = txn
            .find::<invitation::Entity>(id.as_uuid())
            .await?
            .ok_or(AccountError::NotFound("invitation"))?;
        if found.accepted_at.is_some() {
            return Err(AccountError::Conflict(
                "this invitation was already accepted".into(),
            ));
        }
        if found.revoked_at.is_some() {
            return Ok(found);
        }
        let updated = invitation::ActiveModel {
            id: Set(found.id),
            revoked_at: Set(Some(Utc::now())),
            ..Default::default()
        }
        .update(&txn)
        .await?;
        txn.commit().await?;
        Ok(updated)
    }

    /// Joins the tenant named by an invitation token, as the invited email and role.
    pub async fn accept_invite(&self, input: AcceptInvite) -> Result<Session, AccountError> {
        let (tenant_id, id) =
            parse_token(&input.token).ok_or(AccountError::Unauthenticated(BAD_INVITE))?;
        let ctx = TenantCtx::system(tenant_id);
        let txn = self.db.tx(&ctx).await?;
        let inv = txn
            .find::<invitation::Entity>(id)
            .await?
            .filter(|i| token_matches(&input.token, &i.token_hash))
            .ok_or(AccountError::Unauthenticated(BAD_INVITE))?;
        let now = Utc::now();
        if inv.accepted_at.is_some() {
            return Err(AccountError::Conflict(
                "this invitation was already accepted".into(),
            ));
        }
        if inv.revoked_at.is_some() || inv.expires_at <= now {
            return Err(AccountError::Unauthenticated(
                "this invitation was revoked or has expired; ask for a new one",
            ));
        }
        let email = Email::parse(&inv.email)?;
        let role = inv.role.parse::<Role>()?;
        let password = NewPassword::parse(&input.password, &[email.as_str()])?;
        let hash = hash_password(password.expose().to_owned()).await?;
        let user = insert_user(&txn, tenant_id, &email, hash, role).await?;
        invitation::ActiveModel {
            id: Set(inv.id),
            accepted_at: Set(Some(now)),
            ..Default::default()
        }
        .update(&txn)
        .await?;
        let refresh_token = self.new_refresh_token(&txn, &user, Uuid::now_v7()).await?;
        let tenant = crate::store::platform::tenant_in(&txn, tenant_id.as_uuid())
            .await?
            .ok_or(AccountError::Unauthenticated(BAD_INVITE))?;
        txn.commit().await?;
        self.publish(TenantEvent::new(
            tenant_id,
            EventKind::UserJoined,
            json!({ "userId": user.id, "email": user.email, "role": role.code(), "invitationId": inv.id }),
        ))
        .await;
        Ok(Session {
            tenant,
            user,
            refresh_token,
        })
    }

    /// Deactivates (ends every log-in) or reactivates a user.
    pub async fn set_active(
        &self,
        cap: &ManageUsers<'_>,
        id: UserId,
        active: bool,
    ) -> Result<user::Model, AccountError> {
        let ctx = cap.ctx;
        let tenant = ctx.tenant_id();
        let txn = self.db.tx(ctx).await?;
        let target = txn
            .find::<user::Entity>(id.as_uuid())
            .await?
            .ok_or(AccountError::NotFound("user"))?;
        cap.may_touch(target.role.parse::<Role>()?)?;
        if !active && id == cap.actor {
            return Err(AccountError::Conflict(
                "you cannot deactivate yourself".into(),
            ));
        }
        if target.active == active {
            return Ok(target);
        }
        let updated = user::ActiveModel {
            id: Set(target.id),
            active: Set(active),
            updated_at: Set(Utc::now()),
            ..Default::default()
        }
        .update(&txn)
        .await?;
        if !active {
            revoke_user_tokens(&txn, id).await?;
        }
        txn.commit().await?;
        let kind = if active {
            EventKind::UserReactivated
        } else {
            EventKind::UserDeactivated
        };
        self.publish(TenantEvent::new(
            tenant,
            kind,
            json!({ "userId": updated.id, "email": updated.email, "by": cap.actor }),
        ))
        .await;
        Ok(updated)
    }

    /// Ensures `email` is an active member with `role` and `password` (the demo seed).
    pub async fn ensure_member(
        &self,
        tenant_id: TenantId,
        email: &str,
        role: Role,
        password: &str,
    ) -> Result<user::Model, AccountError> {
        let email = Email::parse(email)?;
        let hash = hash_password(password.to_owned()).await?;
        let txn = self.db.tx(&TenantCtx::system(tenant_id)).await?;
        let existing = txn
            .select::<user::Entity>()
            .filter(user::Column::Email.eq(email.as_str()))
            .one(&txn)
            .await?;
        let user = match existing {
            Some(u) => {
                user::ActiveModel {
                    id: Set(u.id),
                    password_hash: Set(hash),
                    role: Set(role.as_str().to_owned()),
                    active: Set(true),
                    updated_at: Set(Utc::now()),
                    ..Default::default()
                }
                .update(&txn)
                .await?
            }
            None => insert_user(&txn, tenant_id, &email, hash, role).await?,
        };
        txn.commit().await?;
        Ok(user)
    }

    /// Finds or creates the tenant with `slug` (the demo seed).
    pub async fn ensure_tenant(
        &self,
        slug: &str,
        name: &str,
    ) -> Result<tenant::Model, AccountError> {
        let slug = crate::values::Slug::parse(slug)?;
        if let Some(t) = self.tenant_by_slug(slug.as_str()).await? {
            return Ok(t);
        }
        let row = tenant::ActiveModel {
            id: Set(TenantId::new().as_uuid()),
            slug: Set(slug.as_str().to_owned()),
            name: Set(name.to_owned()),
            created_at: Set(Utc::now()),
        };
        Ok(crate::store::platform::create_tenant(&self.db, row).await?)
    }
}
