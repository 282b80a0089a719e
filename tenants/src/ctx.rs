//! `TenantCtx`: who is acting, for which tenant; and the capabilities a role hands out.

use crate::ids::{TenantId, UserId};
use crate::values::Role;

/// The tenant a request acts for, and the acting user when there is one.
///
/// Built only by the API's authentication (after verifying a JWT) or by the account flows
/// that admit a caller through a token naming its tenant. Repositories take `&TenantCtx`
/// and scope every query to `tenant_id`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TenantCtx {
    tenant_id: TenantId,
    actor: Option<(UserId, Role)>,
}

/// A permission check failed: the acting role may not do this.
#[derive(Debug, Clone, thiserror::Error)]
#[error("your role may not {0}")]
pub struct Forbidden(pub &'static str);

impl TenantCtx {
    /// A user acting for their tenant, from verified credentials: only the account flows
    /// build one (`Accounts::actor` loads the user and their current role).
    pub(crate) fn for_user(tenant_id: TenantId, user_id: UserId, role: Role) -> Self {
        Self {
            tenant_id,
            actor: Some((user_id, role)),
        }
    }

    /// The platform acting inside one tenant (admitting a token, seeding the demo).
    pub(crate) fn system(tenant_id: TenantId) -> Self {
        Self {
            tenant_id,
            actor: None,
        }
    }

    pub fn tenant_id(&self) -> TenantId {
        self.tenant_id
    }

    pub fn user_id(&self) -> Option<UserId> {
        self.actor.map(|(u, _)| u)
    }

    pub fn role(&self) -> Option<Role> {
        self.actor.map(|(_, r)| r)
    }

    fn at_least(&self, role: Role, what: &'static str) -> Result<(UserId, Role), Forbidden> {
        match self.actor {
            Some((user, r)) if r >= role => Ok((user, r)),
            _ => Err(Forbidden(what)),
        }
    }

    /// Supervisors and above may see the tenant's users.
    pub fn can_view_users(&self) -> Result<ViewUsers<'_>, Forbidden> {
        self.at_least(Role::Supervisor, "view users")?;
        Ok(ViewUsers(self))
    }

    /// Admins and owners may invite, deactivate and reactivate users.
    pub fn can_manage_users(&self) -> Result<ManageUsers<'_>, Forbidden> {
        let (user, role) = self.at_least(Role::Admin, "manage users")?;
        Ok(ManageUsers {
            ctx: self,
            actor: user,
            role,
        })
    }
}

impl TenantCtx {
    /// Supervisors and above may read the center's configuration.
    pub fn can_view_config(&self) -> Result<ViewConfig<'_>, Forbidden> {
        self.at_least(Role::Supervisor, "view the center's configuration")?;
        Ok(ViewConfig(self))
    }

    /// Admins and owners may change the center's configuration.
    pub fn can_manage_config(&self) -> Result<ManageConfig<'_>, Forbidden> {
        let (user, _) = self.at_least(Role::Admin, "change the center's configuration")?;
        Ok(ManageConfig {
            ctx: self,
            actor: user,
        })
    }
}

impl TenantCtx {
    /// Every member may read and search the knowledge base.
    pub fn can_read_knowledge(&self) -> Result<ReadKnowledge<'_>, Forbidden> {
        self.at_least(Role::Agent, "read the knowledge base")?;
        Ok(ReadKnowledge(self))
    }
}

impl TenantCtx {
    /// Every member may look up cards and post everyday transactions.
    pub fn can_use_cards(&self) -> Result<UseCards<'_>, Forbidden> {
        let (user, role) = self.at_least(Role::Agent, "use member cards")?;
        Ok(UseCards {
            ctx: self,
            actor: user,
            role,
        })
    }
}

impl TenantCtx {
    /// Every member may look up and edit contacts (merging needs a supervisor).
    pub fn can_use_contacts(&self) -> Result<UseContacts<'_>, Forbidden> {
        let (user, role) = self.at_least(Role::Agent, "use contacts")?;
        Ok(UseContacts {
            ctx: self,
            actor: user,
            role,
        })
    }
}

impl TenantCtx {
    /// Every member may open, work on, escalate and close cases.
    pub fn can_handle_cases(&self) -> Result<HandleCases<'_>, Forbidden> {
        let (user, _) = self.at_least(Role::Agent, "handle cases")?;
        Ok(HandleCases {
            ctx: self,
            actor: user,
        })
    }
}

impl TenantCtx {
    /// Every member may be an agent: log in to take calls, change their own presence,
    /// answer what is offered to them and wrap it up.
    pub fn can_take_calls(&self) -> Result<TakeCalls<'_>, Forbidden> {
        let (user, _) = self.at_least(Role::Agent, "take calls")?;
        Ok(TakeCalls {
            ctx: self,
            agent: user,
        })
    }
}

/// Capability: act as the agent `agent` (always the acting user).
#[derive(Clone, Copy, Debug)]
pub struct TakeCalls<'a> {
    pub(crate) ctx: &'a TenantCtx,
    pub agent: UserId,
}

/// Capability: what the IVR of a call admitted to one of the tenant's numbers may do —
/// search the knowledge base, read the configuration (flows, queues, hours, prompts), check
/// a member card's PIN and balance, find the caller's contact, and record the call; for a
/// desk phone, store its registration. Built only by `Center::admit_call` (the dialled
/// number names the tenant) and `Center::desk_phone` (the digest realm does, and the phone
/// must then prove its password); no user acts.
#[derive(Clone, Debug)]
pub struct CallAccess {
    ctx: TenantCtx,
}

impl CallAccess {
    pub(crate) fn new(tenant_id: TenantId) -> Self {
        Self {
            ctx: TenantCtx::system(tenant_id),
        }
    }

    pub fn ctx(&self) -> &TenantCtx {
        &self.ctx
    }

    pub fn tenant_id(&self) -> TenantId {
        self.ctx.tenant_id()
    }

    pub fn knowledge(&self) -> ReadKnowledge<'_> {
        ReadKnowledge(&self.ctx)
    }

    pub fn config(&self) -> ViewConfig<'_> {
        ViewConfig(&self.ctx)
    }
}

impl TenantCtx {
    /// Supervisors and above may read call records, recordings and callback tasks.
    pub fn can_view_calls(&self) -> Result<ViewCalls<'_>, Forbidden> {
        self.at_least(Role::Supervisor, "view call records and recordings")?;
        Ok(ViewCalls(self))
    }
}

/// Capability: call records, recordings and callback tasks.
pub struct ViewCalls<'a>(pub(crate) &'a TenantCtx);

/// Capability: cases.
pub struct HandleCases<'a> {
    pub(crate) ctx: &'a TenantCtx,
    pub(crate) actor: UserId,
}

/// Capability: contacts and their timelines.
pub struct UseContacts<'a> {
    pub(crate) ctx: &'a TenantCtx,
    pub(crate) actor: UserId,
    pub(crate) role: Role,
}

/// Capability: member cards (issuing cards and adjustments need a supervisor).
pub struct UseCards<'a> {
    pub(crate) ctx: &'a TenantCtx,
    pub(crate) actor: UserId,
    pub(crate) role: Role,
}

impl UseCards<'_> {
    pub fn may_manage(&self) -> Result<(), Forbidden> {
        if self.role < Role::Supervisor {
            return Err(Forbidden("issue cards or adjust balances"));
        }
        Ok(())
    }
}

/// Capability: read and search the knowledge base.
pub struct ReadKnowledge<'a>(pub(crate) &'a TenantCtx);

impl<'a> From<&ManageConfig<'a>> for ReadKnowledge<'a> {
    fn from(cap: &ManageConfig<'a>) -> Self {
        ReadKnowledge(cap.ctx)
    }
}

/// Capability: read numbers, queues, skills, hours and flows.
pub struct ViewConfig<'a>(pub(crate) &'a TenantCtx);

impl ViewConfig<'_> {
    pub fn tenant_id(&self) -> TenantId {
        self.0.tenant_id()
    }
}

/// Capability: change them.
pub struct ManageConfig<'a> {
    pub(crate) ctx: &'a TenantCtx,
    pub(crate) actor: UserId,
}

impl<'a> ManageConfig<'a> {
    /// Whoever may change the configuration may also read it.
    pub fn view(&self) -> ViewConfig<'a> {
        ViewConfig(self.ctx)
    }
}

/// Capability: read the tenant's user list.
pub struct ViewUsers<'a>(pub(crate) &'a TenantCtx);

/// Capability: change the tenant's membership.
pub struct ManageUsers<'a> {
    pub(crate) ctx: &'a TenantCtx,
    pub(crate) actor: UserId,
    pub(crate) role: Role,
}

impl ManageUsers<'_> {
    /// Only owners may grant or take away the owner role.
    pub fn may_touch(&self, role: Role) -> Result<(), Forbidden> {
        if role == Role::Owner && self.role != Role::Owner {
            return Err(Forbidden("manage owners"));
        }
        Ok(())
    }
}

/// A permission a role may be granted: each capability says once how (the API's resolver
/// kit asks `C::grant(ctx)` instead of naming `can_…` methods).
pub trait Capability<'a>: Sized {
    fn grant(ctx: &'a TenantCtx) -> Result<Self, Forbidden>;
}

/// `Capability` impls from the `can_…` method that grants each.
macro_rules! granted_by {
    ($($cap:ident => $method:ident),* $(,)?) => {$(
        impl<'a> Capability<'a> for $cap<'a> {
            fn grant(ctx: &'a TenantCtx) -> Result<Self, Forbidden> {
                ctx.$method()
            }
        }
    )*};
}
granted_by!(
    ViewUsers => can_view_users,
    ManageUsers => can_manage_users,
    ViewConfig => can_view_config,
    ManageConfig => can_manage_config,
    ReadKnowledge => can_read_knowledge,
    UseCards => can_use_cards,
    UseContacts => can_use_contacts,
    HandleCases => can_handle_cases,
    TakeCalls => can_take_calls,
    ViewCalls => can_view_calls,
);

/// Whatever names the tenant it acts for: every capability, `CallAccess`, a `TenantCtx`
/// (the store opens its transactions from one: `Db::tx`).
pub trait Scope {
    fn ctx(&self) -> &TenantCtx;
}

impl Scope for TenantCtx {
    fn ctx(&self) -> &TenantCtx {
        self
    }
}

impl Scope for CallAccess {
    fn ctx(&self) -> &TenantCtx {
        &self.ctx
    }
}

/// Capabilities that hold their context as `.0`.
macro_rules! scope_0 {
    ($($cap:ident),*) => {$(
        impl Scope for $cap<'_> {
            fn ctx(&self) -> &TenantCtx {
                self.0
            }
        }
    )*};
}
scope_0!(ViewConfig, ViewCalls, ReadKnowledge, ViewUsers);

/// Capabilities that hold their context as `.ctx`.
macro_rules! scope_ctx {
    ($($cap:ident),*) => {$(
        impl Scope for $cap<'_> {
            fn ctx(&self) -> &TenantCtx {
                self.ctx
            }
        }
    )*};
}
scope_ctx!(
    ManageConfig,
    HandleCases,
    UseContacts,
    UseCards,
    TakeCalls,
    ManageUsers
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capabilities_follow_roles() {
        let t = TenantId::new();
        let ctx = |r| TenantCtx::for_user(t, UserId::new(), r);
        assert!(ctx(Role::Agent).can_view_users().is_err());
        assert!(ctx(Role::Supervisor).can_view_users().is_ok());
        assert!(ctx(Role::Supervisor).can_manage_users().is_err());
        let admin = ctx(Role::Admin);
        let cap = admin.can_manage_users().unwrap();
        assert!(cap.may_touch(Role::Agent).is_ok());
        assert!(cap.may_touch(Role::Owner).is_err());
        let owner = ctx(Role::Owner);
        assert!(
            owner
                .can_manage_users()
                .unwrap()
                .may_touch(Role::Owner)
                .is_ok()
        );
        assert!(TenantCtx::system(t).can_view_users().is_err());
    }
}
