//! The resolver kit: what every resolver of a tenant-owned resource does, written once.
//!
//! ```ignore
//! async fn queues(&self, cx: &Context<'_>) -> Result<Vec<Queue>> {
//!     let (s, cap) = guard::<ViewConfig>(cx).await?;
//!     Ok(list(s.center.queues(&cap).await.gql()?))
//! }
//! ```

use std::str::FromStr;

use async_graphql::{Context, ID, Result};
use qiao_tenants::ctx::Capability;

use crate::caller::Caller;
use crate::error::{ApiError, Gql};
use crate::state::AppState;

/// The app state and the caller's capability `C` (UNAUTHENTICATED without a valid session,
/// FORBIDDEN when the caller's role is not granted `C`).
pub(crate) async fn guard<'a, C: Capability<'a>>(cx: &'a Context<'_>) -> Result<(&'a AppState, C)> {
    let (state, caller) = (cx.data::<AppState>()?, cx.data::<Caller>()?);
    let ctx = caller.tenant(&state.accounts).await.gql()?;
    record_tenant(ctx);
    Ok((state, C::grant(ctx).gql()?))
}

/// Names the caller's tenant in the operation's span.
pub(crate) fn record_tenant(ctx: &qiao_tenants::TenantCtx) {
    tracing::Span::current().record("tenant_id", tracing::field::display(ctx.tenant_id()));
}

/// Parses an id argument; a malformed one is BAD_USER_INPUT naming what it should be.
pub(crate) fn id<T: FromStr>(raw: &ID, what: &str) -> Result<T> {
    parse(raw, what).gql()
}

/// The parse behind [`id`], for code that maps errors itself.
pub(crate) fn parse<T: FromStr>(raw: &ID, what: &str) -> Result<T, ApiError> {
    raw.as_str()
        .parse()
        .map_err(|_| ApiError::bad_input(format!("'{}' is not a valid {what} id", raw.as_str())))
}

/// [`parse`] for an optional argument.
pub(crate) fn opt_parse<T: FromStr>(raw: &Option<ID>, what: &str) -> Result<Option<T>, ApiError> {
    raw.as_ref().map(|r| parse(r, what)).transpose()
}

/// The GraphQL id of a row.
pub(crate) fn gid(u: impl std::fmt::Display) -> ID {
    ID(u.to_string())
}

/// Domain rows as GraphQL objects.
pub(crate) fn list<T, U: From<T>>(rows: Vec<T>) -> Vec<U> {
    rows.into_iter().map(U::from).collect()
}
