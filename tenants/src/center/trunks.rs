//! SIP trunks: the carrier's host, port and transport, credentials, and the addresses it
//! calls from.

use std::net::IpAddr;

use ipnet::IpNet;
use sea_orm::{ColumnTrait, QueryFilter, Set};
use serde_json::json;
use uuid::Uuid;

use crate::center::Center;
use crate::ctx::{ManageConfig, ViewConfig};
use crate::entities::{number, sip_trunk};
use crate::error::DomainError;
use crate::store::invalid;

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
    pub async fn trunks(&self, cap: &ViewConfig<'_>) -> Result<Vec<sip_trunk::Model>, DomainError> {
        let ctx = cap.0;
        self.db
            .list::<sip_trunk::Entity>(ctx, sip_trunk::Column::Name)
            .await
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
