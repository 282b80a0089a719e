//! Who is calling: the verified access token (if any) and the client's address. Resolvers
//! turn it into a `TenantCtx`, checking the user still exists and is active (once per request).

use std::net::IpAddr;

use qiao_tenants::TenantCtx;
use qiao_tenants::accounts::Accounts;
use tokio::sync::OnceCell;

use crate::auth::{Claims, TokenError};
use crate::error::ApiError;

/// The credentials a request or WebSocket connection arrived with.
pub struct Caller {
    token: Option<Result<Claims, TokenError>>,
    pub client_addr: Option<IpAddr>,
    ctx: OnceCell<TenantCtx>,
}

impl Caller {
    pub fn new(token: Option<Result<Claims, TokenError>>, client_addr: Option<IpAddr>) -> Self {
        Self {
            token,
            client_addr,
            ctx: OnceCell::new(),
        }
    }

    /// The tenant context of an authenticated, active user; UNAUTHENTICATED otherwise.
    pub async fn tenant(&self, accounts: &Accounts) -> Result<&TenantCtx, ApiError> {
        let claims = match &self.token {
            None => return Err(ApiError::Unauthenticated("log in first".into())),
            Some(Err(e)) => return Err((*e).into()),
            Some(Ok(c)) => c,
        };
        self.ctx
            .get_or_try_init(|| async {
                accounts
                    .actor(claims.tenant_id(), claims.user_id())
                    .await
                    .map_err(ApiError::from)
            })
            .await
    }
}
