//! sea-orm entities, one file per table. Tenant-owned tables carry a non-null `tenant_id`.

pub mod agent_state;
pub mod audit_entry;
pub mod business_hours;
pub mod call;
pub mod call_leg;
pub mod callback_task;
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
pub mod node;
pub mod number;
pub mod prompt;
pub mod queue;
pub mod recording;
pub mod refresh_token;
pub mod service_request;
pub mod sip_endpoint;
pub mod sip_registration;
pub mod sip_trunk;
pub mod skill_group;
pub mod skill_group_member;
pub mod tenant;
pub mod user;

crate::store::owned!(
    agent_state => "agent" by UserId,
    audit_entry => "audit entry",
    business_hours => "business-hours schedule",
    call => "call",
    call_leg => "call leg",
    callback_task => "callback task",
    card_ledger => "card transaction",
    case => "case",
    case_event => "case event",
    contact => "contact",
    contact_event => "timeline event",
    contact_phone => "contact phone",
    department => "department",
    invitation => "invitation",
    ivr_flow => "IVR flow",
    ivr_flow_version => "IVR flow version",
    kb_entry => "knowledge entry",
    member_card => "member card",
    number => "number",
    prompt => "prompt",
    queue => "queue",
    recording => "recording",
    refresh_token => "refresh token",
    service_request => "service request",
    sip_endpoint => "SIP endpoint",
    sip_registration => "registration",
    sip_trunk => "trunk",
    skill_group => "skill group",
    skill_group_member => "skill group member",
    user => "user",
);

crate::store::stamped!(
    business_hours,
    callback_task,
    case,
    contact,
    contact_event,
    contact_phone,
    department,
    ivr_flow,
    ivr_flow_version,
    kb_entry,
    member_card,
    number,
    prompt,
    queue,
    service_request,
    sip_endpoint,
    sip_trunk,
    skill_group,
    skill_group_member,
    user,
);
