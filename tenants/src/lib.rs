//! Qiao's domain: tenants, users, and (in later capabilities) everything a tenant owns.
//!
//! Every repository method that touches tenant-owned rows takes a [`TenantCtx`]; the only
//! ways to get one are the API's authentication (a verified JWT) and the account flows in
//! [`accounts`] that admit a caller by a token that names its tenant.

pub mod accounts;
pub mod agents;
pub mod audit;
pub mod calls;
pub mod cards;
pub mod cases;
pub mod center;
pub mod contacts;
pub mod ctx;
pub mod db;
pub mod entities;
pub mod error;
pub mod events;
pub mod hours;
pub mod ids;
pub mod ivr;
pub mod kb;
pub mod nodes;
pub mod numbers;
pub mod objects;
pub mod prompts;
pub mod queues;
pub mod registrations;
pub mod requests;
pub mod routing;
pub mod screen_pop;
pub mod skills;
pub mod store;
pub mod values;
pub mod waiting;

pub use ctx::TenantCtx;
pub use db::Db;
pub use ids::{InvitationId, TenantId, UserId};
pub use values::{Email, Role, Slug};
