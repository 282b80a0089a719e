//! The one error type at the API edge, and its stable GraphQL `extensions.code`.
//!
//! Policy: every resolver error goes through [`ApiError`] (via [`Gql::gql`]) so it carries a
//! code; `ApiError` deliberately has no `Display`, so `?` cannot turn it into an uncoded
//! error by accident. Internal errors are logged with their cause chain and a reference, and
//! the client sees only "internal error" and the reference. Another tenant's resource is
//! NOT_FOUND, never FORBIDDEN.

use async_graphql::{ErrorExtensions, ServerError};
use qiao_tenants::ctx::Forbidden;
use qiao_tenants::error::{At, DomainError, Issue, Refused};

use crate::auth::TokenError;

/// Stable error codes, as they appear in `extensions.code`.
pub mod code {
    pub const UNAUTHENTICATED: &str = "UNAUTHENTICATED";
    pub const FORBIDDEN: &str = "FORBIDDEN";
    pub const NOT_FOUND: &str = "NOT_FOUND";
    pub const BAD_USER_INPUT: &str = "BAD_USER_INPUT";
    pub const CONFLICT: &str = "CONFLICT";
    pub const RATE_LIMITED: &str = "RATE_LIMITED";
    pub const INTERNAL: &str = "INTERNAL";
}

pub enum ApiError {
    Unauthenticated(String),
    Forbidden(String),
    NotFound(String),
    BadUserInput {
        message: String,
        field: Option<String>,
        /// An extra `extensions` entry: (name, value), e.g. a flow's issues.
        details: Option<(&'static str, serde_json::Value)>,
    },
    Conflict(String),
    RateLimited {
        message: String,
        retry_after_secs: i64,
    },
    Internal(anyhow::Error),
}

impl ApiError {
    pub fn bad_input(message: impl Into<String>) -> Self {
        ApiError::BadUserInput {
            message: message.into(),
            field: None,
            details: None,
        }
    }

    /// The GraphQL error, with its code (and details) in `extensions`.
    pub fn into_gql(self) -> async_graphql::Error {
        let (code, message) = match &self {
            ApiError::Unauthenticated(m) => (code::UNAUTHENTICATED, m.clone()),
            ApiError::Forbidden(m) => (code::FORBIDDEN, m.clone()),
            ApiError::NotFound(m) => (code::NOT_FOUND, m.clone()),
            ApiError::BadUserInput { message, .. } => (code::BAD_USER_INPUT, message.clone()),
            ApiError::Conflict(m) => (code::CONFLICT, m.clone()),
            ApiError::RateLimited { message, .. } => (code::RATE_LIMITED, message.clone()),
            ApiError::Internal(e) => {
                let reference = uuid::Uuid::now_v7();
                tracing::error!(%reference, error = ?e, "internal error");
                (
                    code::INTERNAL,
                    format!("internal error (reference {reference})"),
                )
            }
        };
        async_graphql::Error::new(message).extend_with(|_, ext| {
            ext.set("code", code);
            match &self {
                ApiError::BadUserInput { field, details, .. } => {
                    if let Some(f) = field {
                        ext.set("field", f.as_str());
                    }
                    if let Some((name, value)) = details
                        && let Ok(v) = async_graphql::Value::from_json(value.clone())
                    {
                        ext.set(*name, v);
                    }
                }
                ApiError::RateLimited {
                    retry_after_secs, ..
                } => ext.set("retryAfter", *retry_after_secs),
                _ => {}
            }
        })
    }
}

/// The `issues` of a refused flow (`nodeId`, `code`, `message`) or the `rejectedRows` of a
/// refused import (`line`, `reason`), as clients have always read them.
fn issue_details(what: Refused, issues: &[Issue]) -> (&'static str, serde_json::Value) {
    let list = issues.iter().map(|i| match what {
        Refused::Flow => serde_json::json!({
            "nodeId": match &i.at { At::Node(n) => Some(n.as_str()), _ => None },
            "code": i.code,
            "message": i.message,
        }),
        Refused::Rows => serde_json::json!({
            "line": match i.at { At::Line(l) => Some(l), _ => None },
            "reason": i.message,
        }),
    });
    let key = match what {
        Refused::Flow => "issues",
        Refused::Rows => "rejectedRows",
    };
    (key, serde_json::Value::Array(list.collect()))
}

impl From<DomainError> for ApiError {
    fn from(e: DomainError) -> Self {
        match e {
            DomainError::Invalid(v) => ApiError::BadUserInput {
                message: v.to_string(),
                field: Some(v.field.to_owned()),
                details: None,
            },
            ref e @ DomainError::Rejected { what, ref issues } => ApiError::BadUserInput {
                message: e.to_string(),
                field: None,
                details: Some(issue_details(what, issues)),
            },
            DomainError::Conflict(m) => ApiError::Conflict(m),
            DomainError::Unauthenticated(m) => ApiError::Unauthenticated(m.to_owned()),
            DomainError::Forbidden(f) => ApiError::Forbidden(f.to_string()),
            DomainError::NotFound(what) => ApiError::NotFound(format!("{what} not found")),
            e @ DomainError::RateLimited { retry_after_secs } => ApiError::RateLimited {
                message: e.to_string(),
                retry_after_secs,
            },
            DomainError::Internal(e) => ApiError::Internal(e),
        }
    }
}

impl From<Forbidden> for ApiError {
    fn from(f: Forbidden) -> Self {
        ApiError::Forbidden(f.to_string())
    }
}

impl From<TokenError> for ApiError {
    fn from(e: TokenError) -> Self {
        ApiError::Unauthenticated(e.to_string())
    }
}

impl From<anyhow::Error> for ApiError {
    fn from(e: anyhow::Error) -> Self {
        ApiError::Internal(e)
    }
}

/// `result.gql()?` in resolvers: convert through `ApiError`, keeping the code.
pub trait Gql<T> {
    fn gql(self) -> async_graphql::Result<T>;
}

impl<T, E: Into<ApiError>> Gql<T> for Result<T, E> {
    fn gql(self) -> async_graphql::Result<T> {
        self.map_err(|e| e.into().into_gql())
    }
}

/// Gives every error in a response a code: request errors (parse, validation, limits) are
/// BAD_USER_INPUT; an uncoded execution error is a bug, reported as INTERNAL without detail.
pub fn ensure_codes(errors: &mut [ServerError]) {
    for e in errors {
        let has_code = e
            .extensions
            .as_ref()
            .is_some_and(|x| x.get("code").is_some());
        if has_code {
            continue;
        }
        let ext = e.extensions.get_or_insert_with(Default::default);
        // Errors without a path come from parsing, validation and limits, before execution;
        // argument coercion errors come from async-graphql during execution.
        let input_error = [
            "Invalid value for argument",
            "Expected input type",
            "Failed to parse",
        ]
        .iter()
        .any(|p| e.message.starts_with(p));
        if e.path.is_empty() || input_error {
            ext.set("code", code::BAD_USER_INPUT);
        } else {
            let reference = uuid::Uuid::now_v7();
            tracing::error!(%reference, message = %e.message, "uncoded resolver error");
            e.message = format!("internal error (reference {reference})");
            ext.set("code", code::INTERNAL);
        }
    }
}
