//! The domain's error type.
//!
//! Policy: every message is safe to show the user; database and hashing failures become
//! `Internal` and are logged by the API, never shown. A row of another tenant is `NotFound`,
//! never `Forbidden`. Credentials that do not match are one `Unauthenticated` message whatever
//! part was wrong (no account enumeration). A refused change stores nothing. An input refused
//! for several reasons at once (a flow that does not validate, CSV rows that do not parse) is
//! `Rejected` with one [`Issue`] per reason; features map their own findings into issues, so
//! this module imports none of them.

use sea_orm::DbErr;

use crate::ctx::Forbidden;
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
    #[error("{}", .what.message(.issues.len()))]
    Rejected { what: Refused, issues: Vec<Issue> },
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// What was refused as a whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    /// A flow draft that does not validate, at publishing.
    Flow,
    /// An import: nothing of it was stored.
    Rows,
}

impl Refused {
    fn message(self, n: usize) -> String {
        match self {
            Refused::Flow => format!("the flow has {n} problem(s); fix them before publishing"),
            Refused::Rows => format!("{n} row(s) were refused; nothing was imported"),
        }
    }
}

/// One reason an input was refused: where, a stable code when there is one, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issue {
    pub at: At,
    pub code: Option<&'static str>,
    pub message: String,
}

/// Where in the input an [`Issue`] is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum At {
    /// The input as a whole.
    Whole,
    /// A node of a graph, by its id.
    Node(String),
    /// A 1-based line of a text import.
    Line(u64),
}

impl DomainError {
    /// `what` refused for every one of `issues`.
    pub fn rejected<I: Into<Issue>>(what: Refused, issues: impl IntoIterator<Item = I>) -> Self {
        DomainError::Rejected {
            what,
            issues: issues.into_iter().map(Into::into).collect(),
        }
    }
}

impl From<DbErr> for DomainError {
    fn from(e: DbErr) -> Self {
        DomainError::Internal(anyhow::Error::new(e).context("database"))
    }
}
