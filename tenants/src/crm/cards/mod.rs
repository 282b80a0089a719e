//! Member cards: stored value (integer minor units) and points, with an append-only ledger.
//! `rules.rs` turns a request into signed changes (pure); `repo.rs` applies them atomically
//! with idempotency keys, and checks PINs with lock-out.

pub mod repo;
pub mod rules;

pub use repo::NewCard;
pub use rules::{TxKind, TxRequest};
