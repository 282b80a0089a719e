//! Admitting an INVITE to a tenant's number (the only way a call gets a tenant): the
//! platform-wide number index names the tenant, and everything after acts inside it through
//! a [`CallAccess`]; where an agent's outbound call leaves.

use std::net::IpAddr;
use std::sync::Arc;

use sea_orm::{ColumnTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::calls::Calls;
use crate::center::ivr::graph::FlowGraph;
use crate::center::numbers::Route;
use crate::center::queues::QueueView;
use crate::center::trunks::parse_sources;
use crate::crm::contacts::ContactView;
use crate::ctx::CallAccess;
use crate::entities::{number, sip_trunk};
use crate::error::DomainError;
use crate::ids::TenantId;
use crate::values::E164;

/// How an agent's outbound call leaves: the tenant's number shown as caller ID and the
/// trunk it belongs to.
#[derive(Clone, Debug)]
pub struct OutboundRoute {
    pub access: CallAccess,
    pub number: number::Model,
    pub trunk: sip_trunk::Model,
}

/// Where an admitted call goes first.
#[derive(Clone, Debug)]
pub enum Target {
    Flow {
        id: Uuid,
        version: i32,
        graph: Arc<FlowGraph>,
    },
    Queue(Box<QueueView>),
    /// The number routes nowhere, or its flow was never published.
    NotInService,
}

/// A call admitted to a tenant's number.
#[derive(Clone, Debug)]
pub struct Admission {
    pub access: CallAccess,
    pub number: number::Model,
    pub trunk: Option<sip_trunk::Model>,
    pub target: Target,
}

/// The dialled user part as E.164: `+861085550100`, `861085550100` and `00861085550100` are
/// the same number.
pub fn dialled_e164(user: &str) -> Option<E164> {
    let digits = user.trim();
    let plus = if let Some(rest) = digits.strip_prefix("00") {
        format!("+{rest}")
    } else if digits.starts_with('+') {
        digits.to_owned()
    } else {
        format!("+{digits}")
    };
    E164::parse(&plus).ok()
}

/// Whether a trunk accepts calls from `source` by address (credentials are checked apart).
pub fn trunk_admits_source(trunk: &sip_trunk::Model, source: IpAddr) -> bool {
    let listed: Vec<String> =
        serde_json::from_value(trunk.allowed_sources.clone()).unwrap_or_default();
    parse_sources(&listed)
        .unwrap_or_default()
        .iter()
        .any(|net| net.contains(&source))
}

impl Calls {
    /// Finds the tenant that owns `dialled` and where the call goes. `None`: no such number.
    pub async fn admit_call(&self, dialled: &E164) -> Result<Option<Admission>, DomainError> {
        let Some(num) = crate::store::platform::number_by_e164(&self.db, dialled.as_str()).await?
        else {
            return Ok(None);
        };
        let access = CallAccess::new(TenantId::from_uuid(num.tenant_id));
        let tenant = num.tenant_id;
        // Platform reads like the number's (no transaction: one round trip each, and no
        // call waits for a BEGIN), every one filtered by the number's tenant.
        let db = crate::store::platform::pool_for(&self.db, tenant);
        let trunk = match num.trunk_id {
            Some(id) => Some(db.get::<crate::entities::sip_trunk::Entity>(id).await?),
            None => None,
        };
        let target = match Route::of(&num) {
            Route::None => Target::NotInService,
            Route::Queue(id) => {
                let q = self.center.queue(&access.config(), id).await?;
                return Ok(Some(Admission {
                    access,
                    number: num,
                    trunk,
                    target: Target::Queue(Box::new(q)),
                }));
            }
            Route::Flow(id) => match self.center.published_graph(tenant, id).await? {
                Some((version, graph)) => Target::Flow { id, version, graph },
                None => Target::NotInService,
            },
        };
        Ok(Some(Admission {
            access,
            number: num,
            trunk,
            target,
        }))
    }

    /// The caller's contact, by caller ID.
    pub async fn caller_contact(
        &self,
        call: &CallAccess,
        phone: &str,
    ) -> Result<Option<ContactView>, DomainError> {
        if E164::parse(phone).is_err() {
            return Ok(None);
        }
        self.crm.contact_by_phone_in(call.ctx(), phone).await
    }

    /// The route for an agent's outbound call: the tenant's first number that has a trunk
    /// (its caller ID), and that trunk.
    pub async fn outbound_route(
        &self,
        cap: &crate::ctx::TakeCalls<'_>,
    ) -> Result<OutboundRoute, DomainError> {
        self.outbound_route_in(cap.ctx).await
    }

    /// The same route, for a call transferred to an outside number.
    pub async fn outbound_route_for(
        &self,
        call: &CallAccess,
    ) -> Result<OutboundRoute, DomainError> {
        self.outbound_route_in(call.ctx()).await
    }

    async fn outbound_route_in(
        &self,
        ctx: &crate::TenantCtx,
    ) -> Result<OutboundRoute, DomainError> {
        let tenant = ctx.tenant_id();
        let txn = self.db.tx(ctx).await?;
        let numbers = txn
            .select::<number::Entity>()
            .filter(number::Column::TrunkId.is_not_null())
            .order_by_asc(number::Column::CreatedAt)
            .all(&txn)
            .await?;
        let mut route = None;
        for n in numbers {
            if let Some(t) = txn
                .find::<sip_trunk::Entity>(n.trunk_id.unwrap_or_default())
                .await?
            {
                route = Some((n, t));
                break;
            }
        }
        txn.commit().await?;
        let (number, trunk) = route.ok_or_else(|| {
            DomainError::Conflict("no number of yours has a trunk to call out through".into())
        })?;
        Ok(OutboundRoute {
            access: CallAccess::new(tenant),
            number,
            trunk,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dialled_numbers_normalise_to_e164() {
        for raw in ["+861085550100", "861085550100", "00861085550100"] {
            assert_eq!(
                dialled_e164(raw).unwrap().as_str(),
                "+861085550100",
                "{raw}"
            );
        }
        assert!(dialled_e164("service").is_none());
        assert!(dialled_e164("").is_none());
    }
}
