//! Who may use the SIP service: trunks by source address or by digest credentials
//! (challenged with 407), and desk phones registering with digest against their
//! endpoint's HA1 (challenged with 401; realm = the tenant's slug). Nonces are stateless,
//! keyed from the JWT secret, so any node can check another node's challenge.

use std::net::SocketAddr;

use chrono::Utc;
use qiao_media::sip::digest::{self, Verdict};
use qiao_media::sip::msg::{header_value, uri_user};
use qiao_media::sip::{Peer, Transport};
use qiao_tenants::calls::registrations::Binding;
use qiao_tenants::calls::trunk_admits_source;
use qiao_tenants::center::desk_phones::ha1;
use qiao_tenants::entities::sip_trunk;
use rsip::headers::Header;
use rsip::prelude::*;
use sha2::{Digest, Sha256};

use super::deps::VoiceDeps;

/// The realm trunks authenticate in.
pub const TRUNK_REALM: &str = "qiao";
/// Registrations last at most this long, and at least `MIN_EXPIRES` (423 below).
const MAX_EXPIRES: u32 = 3600;
const MIN_EXPIRES: u32 = 60;

#[derive(Clone)]
pub struct SipAuth {
    key: Vec<u8>,
}

/// A refusal: the status and the headers that go with it.
pub type Refusal = (u16, Vec<Header>);

fn now_secs() -> u64 {
    u64::try_from(Utc::now().timestamp()).unwrap_or(0)
}

impl SipAuth {
    pub fn new(secret: &[u8]) -> Self {
        let mut h = Sha256::new();
        h.update(b"qiao sip digest nonces\n");
        h.update(secret);
        Self {
            key: h.finalize().to_vec(),
        }
    }

    fn challenge(&self, code: u16, realm: &str, stale: bool) -> Refusal {
        let mut value = digest::challenge(realm, &self.key, now_secs());
        if stale {
            value.push_str(", stale=true");
        }
        let name = if code == 407 {
            "Proxy-Authenticate"
        } else {
            "WWW-Authenticate"
        };
        (code, vec![Header::Other(name.into(), value)])
    }

    /// Checks credentials in `header` (Authorization or Proxy-Authorization) for `user`.
    fn verify(
        &self,
        request: &rsip::Request,
        header: &str,
        user: &str,
        ha1: &str,
        code: u16,
        realm: &str,
    ) -> Result<(), Refusal> {
        let Some(creds) =
            header_value(&request.headers, header).and_then(|v| digest::parse_credentials(&v))
        else {
            return Err(self.challenge(code, realm, false));
        };
        if !creds.username.eq_ignore_ascii_case(user) || creds.realm != realm {
            return Err((403, vec![]));
        }
        match digest::verify(
            &creds,
            &request.method.to_string(),
            ha1,
            &self.key,
            now_secs(),
        ) {
            Verdict::Ok => Ok(()),
            Verdict::Stale => Err(self.challenge(code, realm, true)),
            Verdict::Wrong => Err((403, vec![])),
        }
    }

    /// An INVITE to a number on `trunk`: from one of its addresses, or with its credentials.
    pub fn admit_trunk(
        &self,
        trunk: Option<&sip_trunk::Model>,
        request: &rsip::Request,
        from: SocketAddr,
    ) -> Result<(), Refusal> {
        let Some(trunk) = trunk else {
            return Err((403, vec![]));
        };
        if trunk_admits_source(trunk, from.ip()) {
            return Ok(());
        }
        match (trunk.username.as_deref(), trunk.password.as_deref()) {
            (Some(u), Some(p)) if !u.is_empty() && !p.is_empty() => {
                let ha1 = ha1(u, TRUNK_REALM, p);
                self.verify(request, "proxy-authorization", u, &ha1, 407, TRUNK_REALM)
            }
            _ => Err((403, vec![])),
        }
    }
}

/// Answers a REGISTER: challenge, verify, then store the phone's bindings.
pub async fn register(
    state: &VoiceDeps,
    auth: &SipAuth,
    request: &rsip::Request,
    peer: Peer,
) -> Refusal {
    let to = request.to_header().ok().and_then(|t| t.uri().ok());
    let (Some(username), Some(host)) = (
        to.as_ref().and_then(uri_user),
        to.as_ref().map(|u| u.host_with_port.host.to_string()),
    ) else {
        return (400, vec![]);
    };
    // `sip:1001@demo` or `sip:1001@demo.example.com`: the first label is the tenant.
    let realm = host.split('.').next().unwrap_or_default().to_lowercase();
    let phone = match state.calls.desk_phone(&realm, &username).await {
        Ok(p) => p,
        Err(e) => {
            tracing::error!(error = %e, "looking up a desk phone");
            return (500, vec![]);
        }
    };
    // Unknown users are challenged like known ones, so names cannot be probed.
    let ha1 = phone
        .as_ref()
        .map_or_else(|| "-".repeat(32), |p| p.endpoint.ha1.clone());
    if let Err(refusal) = auth.verify(request, "authorization", &username, &ha1, 401, &realm) {
        return refusal;
    }
    let Some(phone) = phone else {
        return (403, vec![]);
    };
    let default_expires = header_value(&request.headers, "expires")
        .and_then(|v| v.trim().parse::<u32>().ok())
        .unwrap_or(MAX_EXPIRES);
    let mut bindings = Vec::new();
    let mut remove_all = false;
    let user_agent = header_value(&request.headers, "user-agent").unwrap_or_default();
    let transport = match peer.transport {
        Transport::Udp => "udp",
        Transport::Tcp => "tcp",
    };
    for h in request.headers.iter() {
        let Header::Contact(c) = h else { continue };
        for value in c.value().split(',') {
            let (uri, expires) = contact_parts(value, default_expires);
            if uri == "*" {
                if expires != 0 {
                    return (400, vec![]);
                }
                remove_all = true;
                continue;
            }
            if expires != 0 && expires < MIN_EXPIRES {
                return (
                    423,
                    vec![Header::Other("Min-Expires".into(), MIN_EXPIRES.to_string())],
                );
            }
            let secs = i64::from(expires.min(MAX_EXPIRES));
            bindings.push(Binding {
                contact: uri,
                source: peer.addr.to_string(),
                transport: transport.into(),
                user_agent: user_agent.clone(),
                expires_at: Utc::now() + chrono::Duration::seconds(secs),
            });
        }
    }
    match state
        .calls
        .register_bindings(&phone, &bindings, remove_all)
        .await
    {
        Ok(live) => {
            let now = Utc::now();
            let contacts = live
                .iter()
                .map(|b| {
                    let left = (b.expires_at - now).num_seconds().max(0);
                    Header::Other("Contact".into(), format!("<{}>;expires={left}", b.contact))
                })
                .collect();
            (200, contacts)
        }
        Err(e) => {
            tracing::error!(error = %e, "storing a registration");
            (500, vec![])
        }
    }
}

/// `<sip:1001@10.0.0.5:5060>;expires=120` → (`sip:1001@10.0.0.5:5060`, 120).
fn contact_parts(value: &str, default_expires: u32) -> (String, u32) {
    let value = value.trim();
    let (uri, params) = match (value.find('<'), value.find('>')) {
        (Some(a), Some(b)) if a < b => (&value[a + 1..b], &value[b + 1..]),
        _ => value.split_once(';').unwrap_or((value, "")),
    };
    let expires = params
        .split(';')
        .filter_map(|p| p.trim().split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("expires"))
        .and_then(|(_, v)| v.trim().parse().ok())
        .unwrap_or(default_expires);
    (uri.trim().to_owned(), expires)
}

#[cfg(test)]
mod tests {
    use super::contact_parts;

    #[test]
    fn contact_values_give_uri_and_expiry() {
        assert_eq!(
            contact_parts("<sip:1001@10.0.0.5:5060;transport=udp>;expires=120", 3600),
            ("sip:1001@10.0.0.5:5060;transport=udp".into(), 120)
        );
        assert_eq!(
            contact_parts("sip:1001@10.0.0.5", 600),
            ("sip:1001@10.0.0.5".into(), 600)
        );
        assert_eq!(contact_parts("*", 0), ("*".into(), 0));
    }
}
