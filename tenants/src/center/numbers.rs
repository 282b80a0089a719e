//! Phone numbers (DIDs, unique platform-wide) and where they route, SIP trunks (host,
//! credentials, allowed source addresses) and SIP endpoints for desk phones (digest HA1).

use std::net::IpAddr;

use chrono::Utc;
use ipnet::IpNet;
use md5::{Digest, Md5};
use sea_orm::{ActiveModelTrait, ColumnTrait, QueryFilter, QueryOrder, Set};
use serde_json::json;
use uuid::Uuid;

use crate::center::Center;
use crate::ctx::{ManageConfig, ViewConfig};
use crate::entities::{number, sip_endpoint, sip_trunk};
use crate::error::DomainError;
use crate::store::conflict_on_unique;
use crate::store::invalid;
use crate::values::{E164, NewPassword};

/// Where a number's calls go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    /// Not in service: callers hear that the number is unavailable.
    None,
    Flow(Uuid),
    Queue(Uuid),
}

impl Route {
    fn parts(self) -> (&'static str, Option<Uuid>) {
        match self {
            Route::None => ("none", None),
            Route::Flow(id) => ("flow", Some(id)),
            Route::Queue(id) => ("queue", Some(id)),
        }
    }

    /// The route stored in a row.
    pub fn of(n: &number::Model) -> Route {
        match (n.route_kind.as_str(), n.route_id) {
            ("flow", Some(id)) => Route::Flow(id),
            ("queue", Some(id)) => Route::Queue(id),
            _ => Route::None,
        }
    }
}

#[derive(Clone, Debug)]
pub struct NumberInput {
    pub number: String,
    pub label: String,
    pub route: Route,
    pub trunk_id: Option<Uuid>,
}

#[derive(Clone)]
pub struct TrunkInput {
    pub name: String,
    pub host: String,
    pub port: i32,
    pub transport: String,
    pub username: Option<String>,
    /// `None` keeps the stored password on update; `Some("")` removes it.
    pub password: Option<String>,
    pub allowed_sources: Vec<String>,
}

#[derive(Clone)]
pub struct EndpointInput {
    pub username: String,
    pub display_name: String,
    pub password: String,
    pub user_id: Option<Uuid>,
}

/// Digest HA1: `md5(username:realm:password)` in hex (RFC 2617).
pub fn ha1(username: &str, realm: &str, password: &str) -> String {
    Md5::digest(format!("{username}:{realm}:{password}").as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn parse_label(raw: &str) -> Result<String, DomainError> {
    let s = raw.trim();
    if s.chars().count() > 100 {
        return Err(invalid("label", "is longer than 100 characters"));
    }
    Ok(s.to_owned())
}

/// Parses allowed source addresses: IPs or CIDR blocks.
pub fn parse_sources(raw: &[String]) -> Result<Vec<IpNet>, DomainError> {
    raw.iter()
        .map(|s| {
            let s = s.trim();
            s.parse::<IpNet>()
                .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| {
                    invalid(
                        "allowedSources",
                        format!("'{s}' is not an IP address or CIDR block"),
                    )
                })
        })
        .collect()
}

fn parse_trunk(input: &TrunkInput) -> Result<(String, String, Vec<IpNet>), DomainError> {
    let name = crate::values::parse_name("name", &input.name)?;
    let host = input.host.trim().to_lowercase();
    let host_ok = !host.is_empty()
        && host.len() <= 253
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    if !host_ok {
        return Err(invalid("host", "must be a host name or IP address"));
    }
    if !(1..=65535).contains(&input.port) {
        return Err(invalid("port", "must be 1 to 65535"));
    }
    if !matches!(input.transport.as_str(), "udp" | "tcp") {
        return Err(invalid("transport", "must be udp or tcp"));
    }
    let sources = parse_sources(&input.allowed_sources)?;
    if sources.is_empty() && input.username.as_deref().unwrap_or("").is_empty() {
        return Err(invalid(
            "allowedSources",
            "give the addresses the trunk calls from, or credentials, or both",
        ));
    }
    Ok((name, host, sources))
}

impl Center {
    pub async fn numbers(&self, cap: &ViewConfig<'_>) -> Result<Vec<number::Model>, DomainError> {
        let ctx = cap.0;
        let txn = self.db.tx(ctx).await?;
        let rows = txn
            .select::<number::Entity>()
            .order_by_asc(number::Column::E164)
            .all(&txn)
            .await?;
        txn.commit().await?;
        Ok(rows)
    }

    /// Adds a number; it must not belong to any tenant yet.
    pub async fn create_number(
        &self,
        cap: &ManageConfig<'_>,
        input: NumberInput,
    ) -> Result<number::Model, DomainError> {
        self.save_number(cap, None, input).await
    }

    pub async fn update_number(
        &self,
        cap: &ManageConfig<'_>,
        id: Uuid,
        input: NumberInput,
    ) -> Result<number::Model, DomainError> {
        self.save_number(cap, Some(id), input).await
    }

    async fn save_number(
        &self,
        cap: &ManageConfig<'_>,
        id: Option<Uuid>,
        input: NumberInput,
    ) -> Result<number::Model, DomainError> {
        let e164 = E164::parse(&input.number)?;
        let label = parse_label(&input.label)?;
        let txn = self.db.tx(cap.ctx).await?;
        match input.route {
            Route::Flow(f) => {
                txn.get::<crate::entities::ivr_flow::Entity>(f).await?;
            }
            Route::Queue(q) => {
                txn.get::<crate::entities::queue::Entity>(q).await?;
            }
            Route::None => {}
        }
        if let Some(t) = input.trunk_id {
            txn.get::<crate::entities::sip_trunk::Entity>(t).await?;
        }
        let (kind, route_id) = input.route.parts();
        let saved = txn
            .save::<number::Entity>(
                id,
                |n| {
                    n.e164 = Set(e164.as_str().to_owned());
                    n.label = Set(label);
                    n.route_kind = Set(kind.to_owned());
                    n.route_id = Set(route_id);
                    n.trunk_id = Set(input.trunk_id);
                },
                || format!("{e164} is already in use"),
            )
            .await?;
        txn.commit().await?;
        Ok(saved)
    }

    pub async fn delete_number(&self, cap: &ManageConfig<'_>, id: Uuid) -> Result<(), DomainError> {
        let txn = self.db.tx(cap.ctx).await?;
        txn.delete::<number::Entity>(id).await?;
        txn.commit().await?;
        Ok(())
    }

    pub async fn trunks(&self, cap: &ViewConfig<'_>) -> Result<Vec<sip_trunk::Model>, DomainError> {
        let ctx = cap.0;
        let txn = self.db.tx(ctx).await?;
        let rows = txn
            .select::<sip_trunk::Entity>()
            .order_by_asc(sip_trunk::Column::Name)
            .all(&txn)
            .await?;
        txn.commit().await?;
        Ok(rows)
    }

    pub async fn save_trunk(
        &self,
        cap: &ManageConfig<'_>,
        id: Option<Uuid>,
        input: TrunkInput,
    ) -> Result<sip_trunk::Model, DomainError> {
        let (name, host, sources) = parse_trunk(&input)?;
        let sources = json!(sources.iter().map(ToString::to_string).collect::<Vec<_>>());
        let username = input
            .username
            .map(|u| u.trim().to_owned())
            .filter(|u| !u.is_empty());
        let txn = self.db.tx(cap.ctx).await?;
        let saved = txn
            .save::<sip_trunk::Entity>(
                id,
                |t| {
                    t.name = Set(name.clone());
                    t.host = Set(host);
                    t.port = Set(input.port);
                    t.transport = Set(input.transport);
                    t.username = Set(username);
                    t.allowed_sources = Set(sources);
                    // `None` keeps the stored password on update; a new trunk has none.
                    match input.password {
                        Some(p) => t.password = Set(Some(p).filter(|p| !p.is_empty())),
                        None if id.is_none() => t.password = Set(None),
                        None => {}
                    }
                },
                || format!("a trunk named '{name}' already exists"),
            )
            .await?;
        txn.commit().await?;
        Ok(saved)
    }

    pub async fn delete_trunk(&self, cap: &ManageConfig<'_>, id: Uuid) -> Result<(), DomainError> {
        let txn = self.db.tx(cap.ctx).await?;
        let t = txn.get::<crate::entities::sip_trunk::Entity>(id).await?;
        let used = txn
            .select::<number::Entity>()
            .filter(number::Column::TrunkId.eq(t.id))
            .one(&txn)
            .await?;
        if let Some(n) = used {
            return Err(DomainError::Conflict(format!(
                "number {} uses this trunk; move it first",
                n.e164
            )));
        }
        txn.delete::<sip_trunk::Entity>(t.id).await?;
        txn.commit().await?;
        Ok(())
    }

    pub async fn sip_endpoints(
        &self,
        cap: &ViewConfig<'_>,
    ) -> Result<Vec<sip_endpoint::Model>, DomainError> {
        let ctx = cap.0;
        let txn = self.db.tx(ctx).await?;
        let rows = txn
            .select::<sip_endpoint::Entity>()
            .order_by_asc(sip_endpoint::Column::Username)
            .all(&txn)
            .await?;
        txn.commit().await?;
        Ok(rows)
    }

    /// Adds a desk phone account. Only the digest HA1 (`md5(user:realm:password)`, realm the
    /// tenant's slug) is stored.
    pub async fn create_sip_endpoint(
        &self,
        cap: &ManageConfig<'_>,
        input: EndpointInput,
    ) -> Result<sip_endpoint::Model, DomainError> {
        let username = input.username.trim().to_lowercase();
        let ok = (3..=32).contains(&username.len())
            && username
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
        if !ok {
            return Err(invalid(
                "username",
                "must be 3 to 32 of a-z, 0-9, '.', '_', '-'",
            ));
        }
        let display_name = input.display_name.trim().to_owned();
        if display_name.chars().count() > 100 {
            return Err(invalid("displayName", "is longer than 100 characters"));
        }
        let password = NewPassword::parse(&input.password, &[username.as_str()])?;
        let tenant = cap.ctx.tenant_id().as_uuid();
        let txn = self.db.tx(cap.ctx).await?;
        if let Some(u) = input.user_id {
            txn.get::<crate::entities::user::Entity>(u).await?;
        }
        let realm = crate::store::platform::tenant(&self.db, tenant)
            .await?
            .ok_or(DomainError::NotFound("tenant"))?
            .slug;
        let ha1 = ha1(&username, &realm, password.expose());
        let now = Utc::now();
        let saved = sip_endpoint::ActiveModel {
            id: Set(Uuid::now_v7()),
            tenant_id: Set(tenant),
            username: Set(username.clone()),
            display_name: Set(display_name),
            ha1: Set(ha1),
            user_id: Set(input.user_id),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&txn)
        .await
        .map_err(conflict_on_unique(|| {
            format!("the SIP user '{username}' already exists")
        }))?;
        txn.commit().await?;
        Ok(saved)
    }

    /// Changes a desk phone's display name, linked user and (when given) password.
    pub async fn update_sip_endpoint(
        &self,
        cap: &ManageConfig<'_>,
        id: Uuid,
        display_name: &str,
        user_id: Option<Uuid>,
        password: Option<&str>,
    ) -> Result<sip_endpoint::Model, DomainError> {
        let display_name = display_name.trim().to_owned();
        if display_name.chars().count() > 100 {
            return Err(invalid("displayName", "is longer than 100 characters"));
        }
        let txn = self.db.tx(cap.ctx).await?;
        let e = txn.get::<crate::entities::sip_endpoint::Entity>(id).await?;
        if let Some(u) = user_id {
            txn.get::<crate::entities::user::Entity>(u).await?;
        }
        let mut row = sip_endpoint::ActiveModel {
            id: Set(e.id),
            display_name: Set(display_name),
            user_id: Set(user_id),
            updated_at: Set(Utc::now()),
            ..Default::default()
        };
        if let Some(p) = password {
            let password = NewPassword::parse(p, &[e.username.as_str()])?;
            let realm = crate::store::platform::tenant(&self.db, txn.tenant())
                .await?
                .ok_or(DomainError::NotFound("tenant"))?
                .slug;
            row.ha1 = Set(ha1(&e.username, &realm, password.expose()));
        }
        let saved = row.update(&txn).await?;
        txn.commit().await?;
        Ok(saved)
    }

    pub async fn delete_sip_endpoint(
        &self,
        cap: &ManageConfig<'_>,
        id: Uuid,
    ) -> Result<(), DomainError> {
        let txn = self.db.tx(cap.ctx).await?;
        txn.delete::<sip_endpoint::Entity>(id).await?;
        txn.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_parse_ips_and_blocks() {
        let ok = parse_sources(&["127.0.0.1".into(), "10.0.0.0/8".into(), "::1".into()]).unwrap();
        assert_eq!(ok[0].to_string(), "127.0.0.1/32");
        assert!(parse_sources(&["localhost".into()]).is_err());
        assert!(parse_sources(&["10.0.0.0/33".into()]).is_err());
    }
}
