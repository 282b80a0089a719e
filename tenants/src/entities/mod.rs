//! sea-orm entities, one file per table. Tenant-owned tables carry a non-null `tenant_id`.

pub mod audit_entry;
pub mod business_hours;
pub mod card_ledger;
pub mod case;
pub mod case_event;
pub mod contact;
pub mod contact_event;
pub mod contact_phone;
pub mod department;
pub mod invitation;
pub mod ivr_flow;
pub mod ivr_flow_version;
pub mod kb_entry;
pub mod login_failure;
pub mod member_card;
pub mod number;
pub mod prompt;
pub mod queue;
pub mod refresh_token;
pub mod service_request;
pub mod sip_endpoint;
pub mod sip_trunk;
pub mod skill_group;
pub mod skill_group_member;
pub mod tenant;
pub mod user;
