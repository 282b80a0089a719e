//! Queries: the caller, the tenant's users and invitations.

use std::sync::Arc;

use async_graphql::{Context, Object, Result};

use super::error::Gql;
use super::types::{Invitation, Tenant, User};
use crate::app::AppState;
use crate::caller::Caller;

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
