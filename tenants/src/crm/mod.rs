//! `Crm`: who the center serves and what it did for them — contacts with their timeline
//! (`contacts.rs`), member cards (`cards/`), cases and departments (`cases/`), service
//! requests (`requests/`), the knowledge base (`kb/`) and the audit log (`audit.rs`). Every
//! method takes a capability from `TenantCtx` and stays in its tenant. It depends on the
//! store only.

pub mod audit;
pub mod cards;
pub mod cases;
pub mod contacts;
pub mod kb;
pub mod requests;

use crate::db::Db;

#[derive(Clone)]
pub struct Crm {
    pub(crate) db: Db,
}

impl Crm {
    pub fn new(db: Db) -> Self {
        Self { db }
    }
}
