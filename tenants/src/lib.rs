//! Qiao's domain: tenants, users, and (in later capabilities) everything a tenant owns.
//!
//! Every repository method that touches tenant-owned rows takes a [`TenantCtx`]; the only
//! ways to get one are the API's authentication (a verified JWT) and the account flows in
//! [`accounts`] that admit a caller by a token that names its tenant.

// The ground floor: imports none of the features below.
pub mod ctx;
pub mod db;
pub mod entities;
pub mod error;
pub mod events;
pub mod ids;
pub mod objects;
pub mod secrets;
pub mod store;
pub mod values;

// The features, each behind one handle: `calls` → `crm` → `center` → `store`.
pub mod accounts;
pub mod calls;
pub mod center;
pub mod crm;
pub mod routing;

pub use calls::Calls;
pub use center::Center;
pub use crm::Crm;
pub use ctx::TenantCtx;
pub use db::Db;
pub use ids::{InvitationId, TenantId, UserId};
pub use values::{Email, Role, Slug};
