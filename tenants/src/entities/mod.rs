//! sea-orm entities, one file per table. Tenant-owned tables carry a non-null `tenant_id`.

pub mod invitation;
pub mod login_failure;
pub mod refresh_token;
pub mod tenant;
pub mod user;
