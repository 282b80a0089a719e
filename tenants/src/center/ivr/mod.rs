//! IVR flows: a versioned graph of nodes. `graph.rs` is the definition (as stored and as the
//! console edits it), `validate.rs` the pure checks, `repo.rs` drafts, versions and publishing.

pub mod cache;
pub mod graph;
pub mod repo;
pub mod run;
pub mod validate;

pub use graph::FlowGraph;
pub use validate::{FlowIssue, IssueCode, References, validate};
