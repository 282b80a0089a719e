//! Access tokens: short-lived HS256 JWTs carrying user, tenant and role; and the secret they
//! are signed with (configured, or generated once and kept in the data directory).

use std::path::Path;

use anyhow::Context;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode};
use qiao_tenants::{Role, TenantId, UserId};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

const ISSUER: &str = "qiao";

/// The claims of an access token.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Claims {
    pub sub: Uuid,
    pub tid: Uuid,
    pub role: Role,
    pub iat: i64,
    pub exp: i64,
    pub iss: String,
}

impl Claims {
    pub fn tenant_id(&self) -> TenantId {
        TenantId::from_uuid(self.tid)
    }
    pub fn user_id(&self) -> UserId {
        UserId::from_uuid(self.sub)
    }
}

/// Why a presented access token was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("the access token has expired; refresh it")]
    Expired,
    #[error("the access token is not valid")]
    Invalid,
    #[error("the Authorization header must be 'Bearer <token>'")]
    Malformed,
}

/// Signs and verifies access tokens.
#[derive(Clone)]
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    ttl_secs: i64,
}

impl JwtKeys {
    pub fn new(secret: &[u8], ttl_secs: u64) -> Self {
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            ttl_secs: i64::try_from(ttl_secs).unwrap_or(900),
        }
    }

    pub fn ttl_secs(&self) -> i64 {
        self.ttl_secs
    }

    pub fn issue(&self, tenant: Uuid, user: Uuid, role: Role) -> anyhow::Result<String> {
        let now = chrono::Utc::now().timestamp();
        let claims = Claims {
            sub: user,
            tid: tenant,
            role,
            iat: now,
            exp: now + self.ttl_secs,
            iss: ISSUER.into(),
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding).context("signing JWT")
    }

    pub fn verify(&self, token: &str) -> Result<Claims, TokenError> {
        let mut v = Validation::new(Algorithm::HS256);
        v.set_issuer(&[ISSUER]);
        v.set_required_spec_claims(&["exp", "iss", "sub"]);
        v.leeway = 5;
        decode::<Claims>(token, &self.decoding, &v)
            .map(|d| d.claims)
            .map_err(|e| match e.kind() {
                jsonwebtoken::errors::ErrorKind::ExpiredSignature => TokenError::Expired,
                _ => TokenError::Invalid,
            })
    }

    /// Verifies an `Authorization` header value (`Bearer <jwt>`, scheme case-insensitive).
    pub fn verify_header(&self, value: &str) -> Result<Claims, TokenError> {
        let value = value.trim();
        let token = value
            .split_once(' ')
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, t)| t.trim())
            .filter(|t| !t.is_empty())
            .ok_or(TokenError::Malformed)?;
        self.verify(token)
    }
}

/// The configured secret, or the one kept in `data_dir/jwt-secret` (created on first use).
pub fn load_or_create_secret(configured: Option<&str>, data_dir: &Path) -> anyhow::Result<Vec<u8>> {
    if let Some(s) = configured {
        return Ok(s.as_bytes().to_vec());
    }
    let path = data_dir.join("jwt-secret");
    if path.exists() {
        let s = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        let s = s.trim();
        anyhow::ensure!(
            s.len() >= 32,
            "{} holds a secret shorter than 32 bytes",
            path.display()
        );
        return Ok(s.as_bytes().to_vec());
    }
    let mut raw = [0u8; 48];
    rand::rngs::OsRng.fill_bytes(&mut raw);
    let secret = URL_SAFE_NO_PAD.encode(raw);
    write_private(&path, &secret)?;
    tracing::info!(path = %path.display(), "generated a JWT secret");
    Ok(secret.into_bytes())
}

/// Writes a file readable only by its owner.
pub fn write_private(path: &Path, contents: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    let mut f = opts
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    f.write_all(contents.as_bytes())
        .with_context(|| format!("writing {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_verify_and_forgeries_fail() {
        let keys = JwtKeys::new(b"0123456789abcdef0123456789abcdef", 60);
        let (t, u) = (Uuid::now_v7(), Uuid::now_v7());
        let jwt = keys.issue(t, u, Role::Admin).unwrap();
        let c = keys.verify_header(&format!("Bearer {jwt}")).unwrap();
        assert_eq!((c.tid, c.sub, c.role), (t, u, Role::Admin));

        let other = JwtKeys::new(b"another-secret-another-secret-xx", 60);
        assert_eq!(other.verify(&jwt).unwrap_err(), TokenError::Invalid);
        assert_eq!(keys.verify_header(&jwt).unwrap_err(), TokenError::Malformed);
        assert_eq!(keys.verify("a.b.c").unwrap_err(), TokenError::Invalid);

        let now = chrono::Utc::now().timestamp();
        let stale = Claims {
            sub: u,
            tid: t,
            role: Role::Agent,
            iat: now - 120,
            exp: now - 60,
            iss: ISSUER.into(),
        };
        let expired = encode(&Header::default(), &stale, &keys.encoding).unwrap();
        assert_eq!(keys.verify(&expired).unwrap_err(), TokenError::Expired);
    }
}
