//! The knowledge base for agents and the IVR: typed entries (routes, timetables, fares,
//! vehicles, FAQ, scenic spots, branch offices, regulations) in zh and en. `entry.rs` parses
//! and checks entries, `search.rs` ranks them for a query (pure), `import.rs` reads CSV,
//! `repo.rs` stores them.

pub mod entry;
pub mod import;
pub mod repo;
pub mod search;

pub use entry::{EntryType, KbEntry};
