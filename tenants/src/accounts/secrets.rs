//! Password hashing (argon2id, off the async threads) and opaque tokens that name their tenant.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use rand::rngs::OsRng;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use uuid::Uuid;

use crate::ids::TenantId;

/// Argon2id takes 19 MiB per hash. Hashes run at most one per core at a time: a burst of
/// log-ins waits its turn instead of holding 19 MiB per blocking thread (a flood of them
/// could otherwise take gigabytes, and the allocator keeps what it once held).
fn argon2_lanes() -> &'static tokio::sync::Semaphore {
    static LANES: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    LANES.get_or_init(|| {
        tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get()))
    })
}

/// Hashes a password with argon2id and a fresh salt.
pub(crate) async fn hash_password(password: String) -> anyhow::Result<String> {
    let _lane = argon2_lanes().acquire().await?;
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| anyhow::anyhow!("hashing password: {e}"))
    })
    .await?
}

/// Checks a password against a stored hash. With no hash (unknown user) it still spends the
/// same work on a fixed hash, so timing does not tell which accounts exist.
pub(crate) async fn verify_password(hash: Option<String>, password: String) -> bool {
    const DUMMY: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$PhlWYzRn0UPdYUsIlBgcsfaKdlbxc7k7jFxSS9ns0QQ";
    let known = hash.is_some();
    let Ok(_lane) = argon2_lanes().acquire().await else {
        return false;
    };
    tokio::task::spawn_blocking(move || {
        let stored = hash.unwrap_or_else(|| DUMMY.to_owned());
        let Ok(parsed) = PasswordHash::new(&stored) else {
            return false;
        };
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
            && known
    })
    .await
    .unwrap_or(false)
}

/// An opaque bearer token `{tenant}.{id}.{secret}` and the hash stored for it.
pub(crate) struct IssuedToken {
    pub token: String,
    pub hash: String,
}

pub(crate) fn issue_token(tenant: TenantId, id: Uuid) -> IssuedToken {
    let mut secret = [0u8; 32];
    OsRng.fill_bytes(&mut secret);
    let token = format!(
        "{}.{}.{}",
        tenant.as_uuid().simple(),
        id.simple(),
        URL_SAFE_NO_PAD.encode(secret)
    );
    let hash = token_hash(&token);
    IssuedToken { token, hash }
}

/// Splits a token into its tenant and row id; `None` for anything malformed.
pub(crate) fn parse_token(token: &str) -> Option<(TenantId, Uuid)> {
    let mut parts = token.trim().split('.');
    let tenant = Uuid::try_parse(parts.next()?).ok()?;
    let id = Uuid::try_parse(parts.next()?).ok()?;
    let secret = parts.next()?;
    if secret.len() != 43 || parts.next().is_some() {
        return None;
    }
    Some((TenantId::from_uuid(tenant), id))
}

pub(crate) fn token_hash(token: &str) -> String {
    let digest = Sha256::digest(token.trim().as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Constant-time comparison of a presented token with a stored hash.
pub(crate) fn token_matches(token: &str, stored_hash: &str) -> bool {
    token_hash(token)
        .as_bytes()
        .ct_eq(stored_hash.as_bytes())
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_and_reject_tampering() {
        let t = TenantId::new();
        let id = Uuid::now_v7();
        let issued = issue_token(t, id);
        assert_eq!(parse_token(&issued.token), Some((t, id)));
        assert!(token_matches(&issued.token, &issued.hash));
        let mut forged = issued.token.clone();
        forged.pop();
        forged.push('A');
        assert!(!token_matches(&forged, &issued.hash) || forged == issued.token);
        for bad in ["", "abc", "x.y.z", &format!("{}.{}", t, id)] {
            assert_eq!(parse_token(bad), None, "{bad:?}");
        }
    }

    #[tokio::test]
    async fn passwords_verify() {
        let h = hash_password("Tr1cky-Harbour-Ferry".into()).await.unwrap();
        assert!(verify_password(Some(h.clone()), "Tr1cky-Harbour-Ferry".into()).await);
        assert!(!verify_password(Some(h), "tr1cky-harbour-ferry".into()).await);
        assert!(!verify_password(None, "anything".into()).await);
    }
}
