//! Accounts: the caller, the tenant's users and invitations (queries); signing up, logging
//! in and out, refreshing, invitations, roles and deactivation (mutations).

use super::types::{
    AcceptInviteInput, AuthPayload, ChangePasswordInput, Invitation, InvitePayload,
    InviteUserInput, LogInInput, SignUpInput, Tenant, User,
};
use crate::caller::Caller;
use crate::error::Gql;
use crate::state::AppState;
use async_graphql::{Context, ID, Object, Result};
use qiao_tenants::accounts::{AcceptInvite, LogIn, Session, SignUp};
use qiao_tenants::{InvitationId, Role as DomainRole, UserId};
use std::sync::Arc;

#[derive(Default)]
pub struct AccountQuery;

#[Object]
impl AccountQuery {
    /// The logged-in user.
    async fn me(&self, cx: &Context<'_>) -> Result<User> {
        let (state, caller) = (cx.data::<AppState>()?, cx.data::<Caller>()?);
        let ctx = caller.tenant(&state.accounts).await.gql()?;
        let me = state.accounts.me(ctx).await.gql()?;
        let tenant = Arc::new(Tenant::from(&state.accounts.tenant(ctx).await.gql()?));
        Ok(User::new(&me, &tenant))
    }

    /// The tenant's users (supervisors and above).
    async fn users(&self, cx: &Context<'_>) -> Result<Vec<User>> {
        let (state, caller) = (cx.data::<AppState>()?, cx.data::<Caller>()?);
        let ctx = caller.tenant(&state.accounts).await.gql()?;
        let cap = ctx.can_view_users().gql()?;
        let users = state.accounts.users(&cap).await.gql()?;
        let tenant = Arc::new(Tenant::from(&state.accounts.tenant(ctx).await.gql()?));
        Ok(users.iter().map(|u| User::new(u, &tenant)).collect())
    }

    /// The tenant's invitations, newest first (admins and owners).
    async fn invitations(&self, cx: &Context<'_>) -> Result<Vec<Invitation>> {
        let (state, caller) = (cx.data::<AppState>()?, cx.data::<Caller>()?);
        let ctx = caller.tenant(&state.accounts).await.gql()?;
        let cap = ctx.can_manage_users().gql()?;
        let list = state.accounts.invitations(&cap).await.gql()?;
        Ok(list.iter().map(Invitation::from).collect())
    }
}

#[derive(Default)]
pub struct AccountMutation;

fn auth_payload(state: &AppState, s: Session) -> Result<AuthPayload> {
    let role = s
        .user
        .role
        .parse::<DomainRole>()
        .map_err(anyhow::Error::from)
        .gql()?;
    let access_token = state.jwt.issue(s.tenant.id, s.user.id, role).gql()?;
    let tenant = Arc::new(Tenant::from(&s.tenant));
    Ok(AuthPayload {
        access_token,
        refresh_token: s.refresh_token,
        expires_in: state.jwt.ttl_secs(),
        user: User::new(&s.user, &tenant),
        tenant: Tenant::clone(&tenant),
    })
}

#[Object]
impl AccountMutation {
    /// Creates an organisation (tenant) and its owner, and logs the owner in.
    async fn sign_up(&self, cx: &Context<'_>, input: SignUpInput) -> Result<AuthPayload> {
        let state = cx.data::<AppState>()?;
        let session = state
            .accounts
            .sign_up(SignUp {
                tenant_name: input.tenant_name,
                tenant_slug: input.tenant_slug,
                email: input.email,
                password: input.password,
            })
            .await
            .gql()?;
        auth_payload(state, session)
    }

    /// Logs in to an organisation. Repeated failures are rate-limited per account and address.
    async fn log_in(&self, cx: &Context<'_>, input: LogInInput) -> Result<AuthPayload> {
        let (state, caller) = (cx.data::<AppState>()?, cx.data::<Caller>()?);
        let session = state
            .accounts
            .log_in(LogIn {
                tenant_slug: input.tenant_slug,
                email: input.email,
                password: input.password,
                client_addr: caller.client_addr,
            })
            .await
            .gql()?;
        auth_payload(state, session)
    }

    /// Exchanges a refresh token for a new pair. Each refresh token works once; presenting
    /// a used one ends every session of that log-in.
    async fn refresh(&self, cx: &Context<'_>, refresh_token: String) -> Result<AuthPayload> {
        let state = cx.data::<AppState>()?;
        let session = state.accounts.refresh(&refresh_token).await.gql()?;
        auth_payload(state, session)
    }

    /// Ends the log-in the refresh token belongs to.
    async fn log_out(&self, cx: &Context<'_>, refresh_token: String) -> Result<bool> {
        let state = cx.data::<AppState>()?;
        state.accounts.log_out(&refresh_token).await.gql()?;
        Ok(true)
    }

    /// Changes the caller's password and ends their log-ins (log in again afterwards).
    async fn change_password(&self, cx: &Context<'_>, input: ChangePasswordInput) -> Result<bool> {
        let (state, caller) = (cx.data::<AppState>()?, cx.data::<Caller>()?);
        let ctx = caller.tenant(&state.accounts).await.gql()?;
        state
            .accounts
            .change_password(ctx, &input.current_password, &input.new_password)
            .await
            .gql()?;
        Ok(true)
    }

    /// Invites someone by email with a role (admins; only owners invite owners).
    async fn invite_user(&self, cx: &Context<'_>, input: InviteUserInput) -> Result<InvitePayload> {
        let (state, caller) = (cx.data::<AppState>()?, cx.data::<Caller>()?);
        let ctx = caller.tenant(&state.accounts).await.gql()?;
        let cap = ctx.can_manage_users().gql()?;
        let created = state
            .accounts
            .invite(&cap, &input.email, input.role.into())
            .await
            .gql()?;
        Ok(InvitePayload {
            id: ID(created.invitation.id.to_string()),
            token: created.token,
            invitation: Invitation::from(&created.invitation),
        })
    }

    /// Joins an organisation with an invitation token, and logs in.
    async fn accept_invite(
        &self,
        cx: &Context<'_>,
        input: AcceptInviteInput,
    ) -> Result<AuthPayload> {
        let state = cx.data::<AppState>()?;
        let session = state
            .accounts
            .accept_invite(AcceptInvite {
                token: input.token,
                password: input.password,
            })
            .await
            .gql()?;
        auth_payload(state, session)
    }

    /// Revokes a pending invitation.
    async fn revoke_invitation(&self, cx: &Context<'_>, id: ID) -> Result<Invitation> {
        let (state, caller) = (cx.data::<AppState>()?, cx.data::<Caller>()?);
        let ctx = caller.tenant(&state.accounts).await.gql()?;
        let cap = ctx.can_manage_users().gql()?;
        let id: InvitationId = super::kit::id(&id, "invitation")?;
        let inv = state.accounts.revoke_invitation(&cap, id).await.gql()?;
        Ok(Invitation::from(&inv))
    }

    /// Deactivates a user: their log-ins end at once.
    async fn deactivate_user(&self, cx: &Context<'_>, id: ID) -> Result<User> {
        set_active(cx, id, false).await
    }

    /// Reactivates a deactivated user.
    async fn reactivate_user(&self, cx: &Context<'_>, id: ID) -> Result<User> {
        set_active(cx, id, true).await
    }
}

async fn set_active(cx: &Context<'_>, id: ID, active: bool) -> Result<User> {
    let (state, caller) = (cx.data::<AppState>()?, cx.data::<Caller>()?);
    let ctx = caller.tenant(&state.accounts).await.gql()?;
    let cap = ctx.can_manage_users().gql()?;
    let id: UserId = super::kit::id(&id, "user")?;
    let user = state.accounts.set_active(&cap, id, active).await.gql()?;
    let tenant = Arc::new(Tenant::from(&state.accounts.tenant(ctx).await.gql()?));
    Ok(User::new(&user, &tenant))
}
