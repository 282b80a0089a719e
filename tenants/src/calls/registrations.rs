//! Desk-phone registration (SIP REGISTER): finding the endpoint a phone claims to be (the
//! tenant by its slug, which is also the digest realm), and the phone's bindings — where
//! it can be reached until they expire. Bindings live in the database so every node sees
//! them.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use uuid::Uuid;

use crate::calls::Calls;
use crate::ctx::{CallAccess, ViewConfig};
use crate::entities::{sip_endpoint, sip_registration};
use crate::error::DomainError;
use crate::ids::TenantId;

/// A REGISTER's claimed identity, found.
#[derive(Clone, Debug)]
pub struct DeskPhone {
    pub access: CallAccess,
    pub endpoint: sip_endpoint::Model,
}

/// One binding to store; `expires_at` in the past removes it.
#[derive(Clone, Debug)]
pub struct Binding {
    pub contact: String,
    pub source: String,
    pub transport: String,
    pub user_agent: String,
    pub expires_at: DateTime<Utc>,
}

impl Calls {
    /// The endpoint `username` of the tenant whose slug is `realm`.
    pub async fn desk_phone(
        &self,
        realm: &str,
        username: &str,
    ) -> Result<Option<DeskPhone>, DomainError> {
        let Some(t) =
            crate::store::platform::tenant_by_slug(&self.db, &realm.trim().to_lowercase()).await?
        else {
            return Ok(None);
        };
        let access = CallAccess::new(TenantId::from_uuid(t.id));
        let txn = self.db.tx(access.ctx()).await?;
        let endpoint = txn
            .select::<sip_endpoint::Entity>()
            .filter(sip_endpoint::Column::Username.eq(username.trim().to_lowercase()))
            .one(&txn)
            .await?;
        txn.commit().await?;
        Ok(endpoint.map(|endpoint| DeskPhone { access, endpoint }))
    }

    /// Adds, refreshes or (when expired) removes bindings of a phone; returns its live ones.
    pub async fn register_bindings(
        &self,
        phone: &DeskPhone,
        bindings: &[Binding],
        remove_all: bool,
    ) -> Result<Vec<sip_registration::Model>, DomainError> {
        let tenant = phone.access.tenant_id().as_uuid();
        let now = Utc::now();
        let txn = self.db.tx(phone.access.ctx()).await?;
        let mine = || {
            txn.delete_where::<sip_registration::Entity>()
                .filter(sip_registration::Column::EndpointId.eq(phone.endpoint.id))
        };
        if remove_all {
            mine().exec(&txn).await?;
        }
        for b in bindings {
            if b.expires_at <= now {
                mine()
                    .filter(sip_registration::Column::Contact.eq(b.contact.as_str()))
                    .exec(&txn)
                    .await?;
                continue;
            }
            let row = sip_registration::ActiveModel {
                id: Set(Uuid::now_v7()),
                tenant_id: Set(tenant),
                endpoint_id: Set(phone.endpoint.id),
                contact: Set(b.contact.chars().take(500).collect()),
                source: Set(b.source.clone()),
                transport: Set(b.transport.clone()),
                user_agent: Set(b.user_agent.chars().take(200).collect()),
                expires_at: Set(b.expires_at),
                updated_at: Set(now),
            };
            sip_registration::Entity::insert(row)
                .on_conflict(
                    OnConflict::columns([
                        sip_registration::Column::TenantId,
                        sip_registration::Column::EndpointId,
                        sip_registration::Column::Contact,
                    ])
                    .update_columns([
                        sip_registration::Column::Source,
                        sip_registration::Column::Transport,
                        sip_registration::Column::UserAgent,
                        sip_registration::Column::ExpiresAt,
                        sip_registration::Column::UpdatedAt,
                    ])
                    .to_owned(),
                )
                .exec_without_returning(&txn)
                .await?;
        }
        mine()
            .filter(sip_registration::Column::ExpiresAt.lte(now))
            .exec(&txn)
            .await?;
        let live = txn
            .select::<sip_registration::Entity>()
            .filter(sip_registration::Column::EndpointId.eq(phone.endpoint.id))
            .order_by_asc(sip_registration::Column::Contact)
            .all(&txn)
            .await?;
        txn.commit().await?;
        Ok(live)
    }

    /// The tenant's live registrations (phones reachable now).
    pub async fn registrations(
        &self,
        cap: &ViewConfig<'_>,
    ) -> Result<Vec<sip_registration::Model>, DomainError> {
        let ctx = cap.0;
        let txn = self.db.tx(ctx).await?;
        let rows = txn
            .select::<sip_registration::Entity>()
            .filter(sip_registration::Column::ExpiresAt.gt(Utc::now()))
            .order_by_asc(sip_registration::Column::EndpointId)
            .all(&txn)
            .await?;
        txn.commit().await?;
        Ok(rows)
    }
}
