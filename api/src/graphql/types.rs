//! GraphQL object, input and enum types, mapped from the domain's models.

use std::sync::Arc;

use async_graphql::{Enum, ID, InputObject, Json, SimpleObject};
use chrono::{DateTime, Utc};
use qiao_tenants::entities::{invitation, tenant, user};
use qiao_tenants::events::{EventKind, TenantEvent as DomainEvent};

#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Owner,
    Admin,
    Supervisor,
    Agent,
}

impl From<qiao_tenants::Role> for Role {
    fn from(r: qiao_tenants::Role) -> Self {
        match r {
            qiao_tenants::Role::Owner => Role::Owner,
            qiao_tenants::Role::Admin => Role::Admin,
            qiao_tenants::Role::Supervisor => Role::Supervisor,
            qiao_tenants::Role::Agent => Role::Agent,
        }
    }
}

impl From<Role> for qiao_tenants::Role {
    fn from(r: Role) -> Self {
        match r {
            Role::Owner => qiao_tenants::Role::Owner,
            Role::Admin => qiao_tenants::Role::Admin,
            Role::Supervisor => qiao_tenants::Role::Supervisor,
            Role::Agent => qiao_tenants::Role::Agent,
        }
    }
}

/// Parses a stored role; stored values are written only from `Role`, so this cannot fail
/// for rows Qiao wrote — an unknown value is reported as the least-privileged role.
fn stored_role(s: &str) -> Role {
    s.parse::<qiao_tenants::Role>()
        .map(Role::from)
        .unwrap_or(Role::Agent)
}

/// A customer organisation.
#[derive(SimpleObject, Clone)]
pub struct Tenant {
    pub id: ID,
    pub slug: String,
    pub name: String,
    pub created_at: DateTime<Utc>,
}

impl From<&tenant::Model> for Tenant {
    fn from(t: &tenant::Model) -> Self {
        Self {
            id: ID(t.id.to_string()),
            slug: t.slug.clone(),
            name: t.name.clone(),
            created_at: t.created_at,
        }
    }
}

/// A console user.
#[derive(SimpleObject, Clone)]
pub struct User {
    pub id: ID,
    pub email: String,
    pub role: Role,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub tenant: Tenant,
}

impl User {
    pub fn new(u: &user::Model, tenant: &Arc<Tenant>) -> Self {
        Self {
            id: ID(u.id.to_string()),
            email: u.email.clone(),
            role: stored_role(&u.role),
            active: u.active,
            created_at: u.created_at,
            tenant: Tenant::clone(tenant),
        }
    }
}

/// A logged-in session.
#[derive(SimpleObject)]
pub struct AuthPayload {
    pub access_token: String,
    pub refresh_token: String,
    /// Seconds until `accessToken` expires.
    pub expires_in: i64,
    pub user: User,
    pub tenant: Tenant,
}

/// An invitation to join the tenant.
#[derive(SimpleObject, Clone)]
pub struct Invitation {
    pub id: ID,
    pub email: String,
    pub role: Role,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<&invitation::Model> for Invitation {
    fn from(i: &invitation::Model) -> Self {
        Self {
            id: ID(i.id.to_string()),
            email: i.email.clone(),
            role: stored_role(&i.role),
            created_at: i.created_at,
            expires_at: i.expires_at,
            accepted_at: i.accepted_at,
            revoked_at: i.revoked_at,
        }
    }
}

/// A new invitation. The token is shown only here, once.
#[derive(SimpleObject)]
pub struct InvitePayload {
    pub id: ID,
    pub token: String,
    pub invitation: Invitation,
}

#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TenantEventKind {
    UserInvited,
    UserJoined,
    UserDeactivated,
    UserReactivated,
    AgentState,
    AgentOffer,
    AgentCall,
}

impl From<EventKind> for TenantEventKind {
    fn from(k: EventKind) -> Self {
        match k {
            EventKind::UserInvited => TenantEventKind::UserInvited,
            EventKind::UserJoined => TenantEventKind::UserJoined,
            EventKind::UserDeactivated => TenantEventKind::UserDeactivated,
            EventKind::UserReactivated => TenantEventKind::UserReactivated,
            EventKind::AgentState => TenantEventKind::AgentState,
            EventKind::AgentOffer => TenantEventKind::AgentOffer,
            EventKind::AgentCall => TenantEventKind::AgentCall,
        }
    }
}

/// Something that happened in the tenant.
#[derive(SimpleObject)]
pub struct TenantEvent {
    pub id: ID,
    pub kind: TenantEventKind,
    pub at: DateTime<Utc>,
    pub data: Json<serde_json::Value>,
}

impl From<DomainEvent> for TenantEvent {
    fn from(e: DomainEvent) -> Self {
        Self {
            id: ID(e.id.to_string()),
            kind: e.kind.into(),
            at: e.at,
            data: Json(e.data),
        }
    }
}

#[derive(InputObject)]
pub struct SignUpInput {
    pub tenant_name: String,
    pub tenant_slug: String,
    pub email: String,
    pub password: String,
}

#[derive(InputObject)]
pub struct LogInInput {
    pub tenant_slug: String,
    pub email: String,
    pub password: String,
}

#[derive(InputObject)]
pub struct InviteUserInput {
    pub email: String,
    pub role: Role,
}

#[derive(InputObject)]
pub struct AcceptInviteInput {
    pub token: String,
    pub password: String,
}

#[derive(InputObject)]
pub struct ChangePasswordInput {
    pub current_password: String,
    pub new_password: String,
}
