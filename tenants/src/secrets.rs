//! Password hashing (argon2id, off the async threads) and opaque tokens that name their tenant.

use argon2::password_hash::{self, Output, ParamsString, PasswordHash, Salt, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
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

/// Argon2's working memory, kept for the next hash: at most one buffer per lane is ever
/// allocated, and it is never freed. Freeing 19 MiB blocks made glibc raise its mmap
/// threshold and keep them in per-thread arenas (tens of MB of idle RSS after a few log-ins).
fn argon2_memory() -> &'static std::sync::Mutex<Vec<Vec<Block>>> {
    static POOL: std::sync::OnceLock<std::sync::Mutex<Vec<Vec<Block>>>> =
        std::sync::OnceLock::new();
    POOL.get_or_init(Default::default)
}

/// Runs `f` with at least `blocks` blocks of argon2 memory from the pool (a hash stored
/// with more memory than ours gets a buffer of its own, not kept).
fn with_argon2_memory<R>(blocks: usize, f: impl FnOnce(&mut [Block]) -> R) -> R {
    let ours = Params::default().block_count();
    let pooled = argon2_memory()
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .pop();
    let mut mem = match pooled {
        Some(m) if m.len() >= blocks => m,
        _ => vec![Block::default(); blocks.max(ours)],
    };
    let out = f(&mut mem[..blocks]);
    if mem.len() == ours {
        argon2_memory()
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(mem);
    }
    out
}

/// The PHC string of `password` hashed with argon2id (default parameters) and `salt`.
fn argon2_hash(password: &[u8], salt: Salt<'_>) -> password_hash::Result<String> {
    let params = Params::default();
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    let mut salt_buf = [0u8; 64];
    let salt_bytes = salt.decode_b64(&mut salt_buf)?;
    let output = with_argon2_memory(params.block_count(), |mem| {
        Output::init_with(Params::DEFAULT_OUTPUT_LEN, |out| {
            Ok(argon.hash_password_into_with_memory(password, salt_bytes, out, mem)?)
        })
    })?;
    Ok(PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params)?,
        salt: Some(salt),
        hash: Some(output),
    }
    .to_string())
}

/// Whether `password` matches the PHC string `stored` (any argon2 variant and parameters);
/// the outputs are compared in constant time.
fn argon2_matches(stored: &str, password: &[u8]) -> password_hash::Result<bool> {
    let parsed = PasswordHash::new(stored)?;
    let algorithm = Algorithm::try_from(parsed.algorithm)?;
    let version = parsed
        .version
        .map(Version::try_from)
        .transpose()?
        .unwrap_or_default();
    let params = Params::try_from(&parsed)?;
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return Err(password_hash::Error::Password);
    };
    let mut salt_buf = [0u8; 64];
    let salt_bytes = salt.decode_b64(&mut salt_buf)?;
    let argon = Argon2::new(algorithm, version, params.clone());
    let computed = with_argon2_memory(params.block_count(), |mem| {
        Output::init_with(expected.len(), |out| {
            Ok(argon.hash_password_into_with_memory(password, salt_bytes, out, mem)?)
        })
    })?;
    Ok(computed == expected)
}

/// Hashes a password with argon2id and a fresh salt.
pub(crate) async fn hash_password(password: String) -> anyhow::Result<String> {
    let _lane = argon2_lanes().acquire().await?;
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        argon2_hash(password.as_bytes(), salt.as_salt())
            .map_err(|e| anyhow::anyhow!("hashing password: {e}"))
    })
    .await?
}

/// Checks a password against a stored hash. With no hash (unknown user) it still spends the
/// same work on a fixed hash, so timing does not tell which accounts exist.
pub(crate) async fn verify_password(hash: Option<String>, password: String) -> bool {
    let known = hash.is_some();
    let Ok(_lane) = argon2_lanes().acquire().await else {
        return false;
    };
    tokio::task::spawn_blocking(move || {
        let stored = hash.unwrap_or_else(|| DUMMY_HASH.to_owned());
        argon2_matches(&stored, password.as_bytes()).unwrap_or(false) && known
    })
    .await
    .unwrap_or(false)
}

/// What an unknown user's password is checked against (argon2id, our parameters).
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$PhlWYzRn0UPdYUsIlBgcsfaKdlbxc7k7jFxSS9ns0QQ";

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

    /// Our hashes are standard PHC argon2id strings: the stock verifier accepts them, we
    /// accept the stock hasher's (also with other parameters), and reuse of the pooled
    /// memory does not leak one hash into the next.
    #[test]
    fn pooled_hashes_agree_with_the_stock_argon2() {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        let salt = SaltString::generate(&mut OsRng);
        let ours = argon2_hash(b"Harbour-Ferry-7", salt.as_salt()).unwrap();
        let stock = Argon2::default()
            .hash_password(b"Harbour-Ferry-7", &salt)
            .unwrap()
            .to_string();
        assert_eq!(ours, stock);
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(
            Argon2::default()
                .verify_password(b"Harbour-Ferry-7", &parsed)
                .is_ok()
        );
        assert!(argon2_matches(&stock, b"Harbour-Ferry-7").unwrap());
        assert!(!argon2_matches(&stock, b"Harbour-Ferry-8").unwrap());
        let small = Argon2::new(
            Algorithm::Argon2i,
            Version::V0x10,
            Params::new(64, 3, 1, Some(16)).unwrap(),
        );
        let other = small.hash_password(b"pin-1234", &salt).unwrap().to_string();
        assert!(argon2_matches(&other, b"pin-1234").unwrap());
        assert!(!argon2_matches(&other, b"pin-1235").unwrap());
        let big = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(32 * 1024, 1, 1, None).unwrap(),
        )
        .hash_password(b"pin-1234", &salt)
        .unwrap()
        .to_string();
        assert!(argon2_matches(&big, b"pin-1234").unwrap());
        assert!(argon2_matches(DUMMY_HASH, b"x").is_ok());
        assert!(argon2_matches("$argon2id$garbage", b"x").is_err());
    }
}
