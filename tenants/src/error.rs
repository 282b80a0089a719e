//! The domain's error type.
//!
//! Policy: every message is safe to show the user; database and hashing failures become
//! `Internal` and are logged by the API, never shown. A row of another tenant is `NotFound`,
//! never `Forbidden`. Credentials that do not match are one `Unauthenticated` message whatever
//! part was wrong (no account enumeration). A refused change stores nothing.

use sea_orm::{DbErr, SqlErr};

use crate::ctx::Forbidden;
use crate::hours::calendar::RejectedRow;
use crate::ivr::FlowIssue;
use crate::values::InvalidValue;

#[derive(Debug, thiserror::Error)]
pub enum DomainError {
    #[error(transparent)]
    Invalid(#[from] InvalidValue),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Unauthenticated(&'static str),
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("too many failed log-ins; try again in {retry_after_secs} seconds")]
    RateLimited { retry_after_secs: i64 },
    #[error("the flow has {} problem(s); fix them before publishing", .0.len())]
    FlowInvalid(Vec<FlowIssue>),
    #[error("{} row(s) were refused; nothing was imported", .0.len())]
    RowsRejected(Vec<RejectedRow>),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<DbErr> for DomainError {
    fn from(e: DbErr) -> Self {
        DomainError::Internal(anyhow::Error::new(e).context("database"))
    }
}

/// True when `e` is a unique-constraint violation.
pub(crate) fn is_unique_violation(e: &DbErr) -> bool {
    matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}

/// Maps a unique violation to `Conflict(message)`, anything else to `Internal`.
pub(crate) fn conflict_on_unique(
    message: impl FnOnce() -> String,
) -> impl FnOnce(DbErr) -> DomainError {
    move |e| {
        if is_unique_violation(&e) {
            DomainError::Conflict(message())
        } else {
            e.into()
        }
    }
}
