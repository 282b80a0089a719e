//! Object storage behind one trait: recordings, prompts and other files. Keys always start
//! with `tenants/{tenant_id}/`, so a key names its owner; the local-directory store lives
//! here, the S3 one in the API's adapters.

use std::fmt;
use std::path::{Path, PathBuf};

use bytes::Bytes;

use crate::ids::TenantId;
use crate::values::InvalidValue;

/// A key under one tenant: `tenants/{tenant_id}/{part}/…/{name}`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ObjectKey {
    key: String,
    tenant: TenantId,
}

fn valid_part(p: &str) -> bool {
    !p.is_empty()
        && p.len() <= 128
        && p != "."
        && p != ".."
        && p.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

fn bad_key(reason: &str) -> InvalidValue {
    InvalidValue {
        field: "key",
        reason: reason.to_owned(),
    }
}

impl ObjectKey {
    /// A key for `tenant` from path parts (each `[A-Za-z0-9._-]`, not `.` or `..`).
    pub fn new(tenant: TenantId, parts: &[&str]) -> Result<Self, InvalidValue> {
        if parts.is_empty() || !parts.iter().all(|p| valid_part(p)) {
            return Err(bad_key(
                "object key parts must be 1-128 of A-Z, a-z, 0-9, '.', '_', '-'",
            ));
        }
        Ok(Self {
            key: format!("tenants/{}/{}", tenant.as_uuid(), parts.join("/")),
            tenant,
        })
    }

    /// Parses a stored or presented key.
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let mut it = raw.split('/');
        let (Some("tenants"), Some(t)) = (it.next(), it.next()) else {
            return Err(bad_key("object keys start with tenants/{tenant_id}/"));
        };
        let tenant = t
            .parse::<TenantId>()
            .map_err(|_| bad_key("the tenant part is not an id"))?;
        let parts: Vec<&str> = it.collect();
        Self::new(tenant, &parts)
    }

    pub fn tenant(&self) -> TenantId {
        self.tenant
    }

    pub fn as_str(&self) -> &str {
        &self.key
    }

    /// The content type implied by the key's extension.
    pub fn content_type(&self) -> &'static str {
        match self.key.rsplit('.').next() {
            Some("wav") => "audio/wav",
            Some("mp3") => "audio/mpeg",
            Some("ogg" | "opus") => "audio/ogg",
            Some("json") => "application/json",
            Some("csv") => "text/csv; charset=utf-8",
            Some("txt") => "text/plain; charset=utf-8",
            _ => "application/octet-stream",
        }
    }
}

impl fmt::Display for ObjectKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.key)
    }
}

#[derive(Debug, thiserror::Error)]
#[error("object store: {0}")]
pub struct StoreError(pub String);

/// Where objects live.
#[async_trait::async_trait]
pub trait ObjectStore: Send + Sync + 'static {
    async fn put(&self, key: &ObjectKey, bytes: Bytes) -> Result<(), StoreError>;
    /// Stores the file at `path` (which the caller leaves alone meanwhile) under `key`;
    /// returns its size. Stores override it to avoid holding the file in memory.
    async fn put_file(&self, key: &ObjectKey, path: &Path) -> Result<u64, StoreError> {
        let bytes = tokio::fs::read(path).await.map_err(io)?;
        let len = bytes.len() as u64;
        self.put(key, Bytes::from(bytes)).await?;
        Ok(len)
    }
    /// `None` when there is no such object.
    async fn get(&self, key: &ObjectKey) -> Result<Option<Bytes>, StoreError>;
    async fn exists(&self, key: &ObjectKey) -> Result<bool, StoreError>;
    /// Deleting a missing object is fine.
    async fn delete(&self, key: &ObjectKey) -> Result<(), StoreError>;
    /// Whether the store answers (for `/readyz`).
    async fn ready(&self) -> bool;
    fn name(&self) -> &'static str;
}

/// The embedded default: files under a directory, written atomically.
pub struct LocalStore {
    root: PathBuf,
}

impl LocalStore {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    fn path(&self, key: &ObjectKey) -> PathBuf {
        // Keys hold only validated parts joined by '/', so this stays under root.
        self.root.join(Path::new(key.as_str()))
    }
}

fn io(e: std::io::Error) -> StoreError {
    StoreError(e.to_string())
}

impl LocalStore {
    /// An object's path and a temporary name beside it (its directory created): objects are
    /// written under the temporary name and renamed into place.
    async fn staging(&self, key: &ObjectKey) -> Result<(PathBuf, PathBuf), StoreError> {
        let path = self.path(key);
        let dir = path
            .parent()
            .ok_or_else(|| StoreError("key has no parent".into()))?;
        tokio::fs::create_dir_all(dir).await.map_err(io)?;
        let tmp = path.with_extension(format!("tmp-{}", uuid::Uuid::now_v7().simple()));
        Ok((path, tmp))
    }
}

#[async_trait::async_trait]
impl ObjectStore for LocalStore {
    async fn put(&self, key: &ObjectKey, bytes: Bytes) -> Result<(), StoreError> {
        let (path, tmp) = self.staging(key).await?;
        tokio::fs::write(&tmp, &bytes).await.map_err(io)?;
        tokio::fs::rename(&tmp, &path).await.map_err(io)
    }

    /// A hard link when the file is on the same file system (no copy), else a copy; then
    /// renamed into place, so the object appears whole or not at all.
    async fn put_file(&self, key: &ObjectKey, from: &Path) -> Result<u64, StoreError> {
        let (path, tmp) = self.staging(key).await?;
        if tokio::fs::hard_link(from, &tmp).await.is_err() {
            tokio::fs::copy(from, &tmp).await.map_err(io)?;
        }
        let len = tokio::fs::metadata(&tmp).await.map_err(io)?.len();
        tokio::fs::rename(&tmp, &path).await.map_err(io)?;
        Ok(len)
    }

    async fn get(&self, key: &ObjectKey) -> Result<Option<Bytes>, StoreError> {
        match tokio::fs::read(self.path(key)).await {
            Ok(b) => Ok(Some(Bytes::from(b))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io(e)),
        }
    }

    async fn exists(&self, key: &ObjectKey) -> Result<bool, StoreError> {
        tokio::fs::try_exists(self.path(key)).await.map_err(io)
    }

    async fn delete(&self, key: &ObjectKey) -> Result<(), StoreError> {
        match tokio::fs::remove_file(self.path(key)).await {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io(e)),
            _ => Ok(()),
        }
    }

    async fn ready(&self) -> bool {
        tokio::fs::create_dir_all(&self.root).await.is_ok()
    }

    fn name(&self) -> &'static str {
        "local"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_stay_under_their_tenant() {
        let t = TenantId::new();
        let k = ObjectKey::new(t, &["prompts", "a.wav"]).unwrap();
        assert_eq!(k.as_str(), format!("tenants/{}/prompts/a.wav", t.as_uuid()));
        assert_eq!(ObjectKey::parse(k.as_str()).unwrap(), k);
        assert_eq!(k.content_type(), "audio/wav");
        for bad in [
            vec![".."],
            vec!["a/b"],
            vec![""],
            vec!["x", "..", "y"],
            vec![],
        ] {
            assert!(ObjectKey::new(t, &bad).is_err(), "{bad:?}");
        }
        for bad in [
            "prompts/a.wav",
            "tenants/x/a.wav",
            "tenants/../a",
            &format!("tenants/{}/../../etc/passwd", t.as_uuid()),
        ] {
            assert!(ObjectKey::parse(bad).is_err(), "{bad}");
        }
    }

    #[tokio::test]
    async fn local_store_round_trip() {
        let dir = std::env::temp_dir().join(format!("qiao-objects-{}", uuid::Uuid::now_v7()));
        let store = LocalStore::new(&dir);
        let k = ObjectKey::new(TenantId::new(), &["x", "hello.txt"]).unwrap();
        assert_eq!(store.get(&k).await.unwrap(), None);
        store.put(&k, Bytes::from_static(b"hi")).await.unwrap();
        assert!(store.exists(&k).await.unwrap());
        assert_eq!(
            store.get(&k).await.unwrap().unwrap(),
            Bytes::from_static(b"hi")
        );
        store.delete(&k).await.unwrap();
        store.delete(&k).await.unwrap();
        assert!(!store.exists(&k).await.unwrap());
        let _ = std::fs::remove_dir_all(dir);
    }
}
