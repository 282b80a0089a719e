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

/// `Debug` for rows that hold a secret (a password, a digest HA1, a hash of a PIN or token):
/// the secret prints as `***`, so no log or panic message carries it.
macro_rules! debug_without_secrets {
    ($($entity:ident::Model { $($field:ident),* } secret { $($secret:ident),* }),* $(,)?) => {$(
        impl std::fmt::Debug for $entity::Model {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(concat!(stringify!($entity), "::Model"))
                    $(.field(stringify!($field), &self.$field))*
                    $(.field(stringify!($secret), &"***"))*
                    .finish()
            }
        }
    )*};
}

debug_without_secrets!(
    sip_trunk::Model { id, tenant_id, name, host, port, transport, username, allowed_sources, created_at, updated_at } secret { password },
    sip_endpoint::Model { id, tenant_id, username, display_name, user_id, created_at, updated_at } secret { ha1 },
    user::Model { id, tenant_id, email, role, active, created_at, updated_at } secret { password_hash },
    member_card::Model { id, tenant_id, card_number, pin_failures, locked_until, contact_id, tier, balance_minor, points, overdraft_minor, created_at, updated_at } secret { pin_hash },
    refresh_token::Model { id, tenant_id, user_id, family_id, created_at, expires_at, used_at, revoked_at } secret { token_hash },
    invitation::Model { id, tenant_id, email, role, invited_by, created_at, expires_at, accepted_at, revoked_at } secret { token_hash },
);

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_print() {
        let now = chrono::Utc::now();
        let trunk = sip_trunk::Model {
            id: uuid::Uuid::nil(),
            tenant_id: uuid::Uuid::nil(),
            name: "Carrier".into(),
            host: "sip.example".into(),
            port: 5060,
            transport: "udp".into(),
            username: Some("qiao".into()),
            password: Some("Trunk-Secret-1".into()),
            allowed_sources: serde_json::json!([]),
            created_at: now,
            updated_at: now,
        };
        let shown = format!("{trunk:?}");
        assert!(!shown.contains("Trunk-Secret-1"), "{shown}");
        assert!(
            shown.contains("password: \"***\"") && shown.contains("sip.example"),
            "{shown}"
        );
    }
}
