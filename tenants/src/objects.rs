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

/// Bytes of an object asked for by an HTTP `Range: bytes=…` header (one range).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ByteRange {
    /// `bytes=start-` or `bytes=start-last` (`last` inclusive).
    From { start: u64, last: Option<u64> },
    /// `bytes=-n`: the last `n` bytes.
    Suffix(u64),
}

impl ByteRange {
    /// Parses a `Range` header value; `None` for anything but a single byte range (the
    /// whole object is then sent, as RFC 9110 allows).
    pub fn parse(header: &str) -> Option<Self> {
        let spec = header.trim().strip_prefix("bytes=")?;
        if spec.contains(',') {
            return None;
        }
        let (a, b) = spec.split_once('-')?;
        let (a, b) = (a.trim(), b.trim());
        if a.is_empty() {
            return b.parse().ok().filter(|n| *n > 0).map(Self::Suffix);
        }
        let start = a.parse().ok()?;
        let last = if b.is_empty() {
            None
        } else {
            Some(b.parse().ok().filter(|l| *l >= start)?)
        };
        Some(Self::From { start, last })
    }

    /// The bytes to send of an object of `size` bytes: all of it without a range;
    /// `None` when the range has no byte in it (416).
    pub fn span(range: Option<Self>, size: u64) -> Option<(u64, u64)> {
        range.map_or(Some((0, size)), |r| r.within(size))
    }

    /// `[start, end)` within an object of `size` bytes; `None` when no byte of it is there
    /// (416).
    pub fn within(self, size: u64) -> Option<(u64, u64)> {
        match self {
            Self::From { start, .. } if start >= size => None,
            Self::From { start, last } => {
                Some((start, last.map_or(size, |l| l.saturating_add(1).min(size))))
            }
            Self::Suffix(_) if size == 0 => None,
            Self::Suffix(n) => Some((size.saturating_sub(n), size)),
        }
    }
}

/// An object being read: its size, the part sent (`[start, end)` when a range was asked
/// for) and the bytes as they arrive.
pub struct ObjectStream {
    pub size: u64,
    pub range: Option<(u64, u64)>,
    pub body:
        std::pin::Pin<Box<dyn futures::Stream<Item = std::io::Result<Bytes>> + Send + 'static>>,
}

impl ObjectStream {
    /// A range that lies past the end of the object: no bytes (416 with its size).
    pub fn unsatisfiable(size: u64) -> Self {
        Self {
            size,
            range: Some((size, size)),
            body: Box::pin(futures::stream::empty()),
        }
    }

    /// Whether the range asked for has no byte in the object.
    pub fn is_unsatisfiable(&self) -> bool {
        self.range.is_some_and(|(s, e)| s >= e)
    }
}

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
    /// The object's bytes as they are read, never whole in memory: all of it, or the
    /// bytes `range` asks for (clamped to its size). Stores override the default, which
    /// reads the object whole.
    async fn get_stream(
        &self,
        key: &ObjectKey,
        range: Option<ByteRange>,
    ) -> Result<Option<ObjectStream>, StoreError> {
        let Some(all) = self.get(key).await? else {
            return Ok(None);
        };
        let size = all.len() as u64;
        let Some((start, end)) = ByteRange::span(range, size) else {
            return Ok(Some(ObjectStream::unsatisfiable(size)));
        };
        let part =
            all.slice(usize::try_from(start).unwrap_or(0)..usize::try_from(end).unwrap_or(0));
        Ok(Some(ObjectStream {
            size,
            range: range.map(|_| (start, end)),
            body: Box::pin(futures::stream::once(async move { Ok(part) })),
        }))
    }
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
        tokio::task::spawn_blocking(move || staging_paths(&path))
            .await
            .map_err(|e| StoreError(e.to_string()))?
    }
}

/// `path` and a temporary name beside it, its directory created (blocking).
fn staging_paths(path: &Path) -> Result<(PathBuf, PathBuf), StoreError> {
    let dir = path
        .parent()
        .ok_or_else(|| StoreError("key has no parent".into()))?;
    std::fs::create_dir_all(dir).map_err(io)?;
    let tmp = path.with_extension(format!("tmp-{}", uuid::Uuid::now_v7().simple()));
    Ok((path.to_owned(), tmp))
}

#[async_trait::async_trait]
impl ObjectStore for LocalStore {
    async fn put(&self, key: &ObjectKey, bytes: Bytes) -> Result<(), StoreError> {
        let (path, tmp) = self.staging(key).await?;
        tokio::fs::write(&tmp, &bytes).await.map_err(io)?;
        tokio::fs::rename(&tmp, &path).await.map_err(io)
    }

    /// A hard link when the file is on the same file system (no copy), else a copy; then
    /// renamed into place, so the object appears whole or not at all. One trip to the
    /// blocking pool for the lot (this runs once per recorded call).
    async fn put_file(&self, key: &ObjectKey, from: &Path) -> Result<u64, StoreError> {
        let path = self.path(key);
        let from = from.to_owned();
        tokio::task::spawn_blocking(move || {
            let (path, tmp) = staging_paths(&path)?;
            if std::fs::hard_link(&from, &tmp).is_err() {
                std::fs::copy(&from, &tmp).map_err(io)?;
            }
            let len = std::fs::metadata(&tmp).map_err(io)?.len();
            std::fs::rename(&tmp, &path).map_err(io)?;
            Ok(len)
        })
        .await
        .map_err(|e| StoreError(e.to_string()))?
    }

    /// Streams the file from disk (seeking to the range's start).
    async fn get_stream(
        &self,
        key: &ObjectKey,
        range: Option<ByteRange>,
    ) -> Result<Option<ObjectStream>, StoreError> {
        use tokio::io::{AsyncReadExt as _, AsyncSeekExt as _};
        let mut file = match tokio::fs::File::open(self.path(key)).await {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(io(e)),
        };
        let size = file.metadata().await.map_err(io)?.len();
        let Some((start, end)) = ByteRange::span(range, size) else {
            return Ok(Some(ObjectStream::unsatisfiable(size)));
        };
        if start > 0 {
            file.seek(std::io::SeekFrom::Start(start))
                .await
                .map_err(io)?;
        }
        let body = tokio_util::io::ReaderStream::new(file.take(end - start));
        Ok(Some(ObjectStream {
            size,
            range: range.map(|_| (start, end)),
            body: Box::pin(body),
        }))
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
    fn byte_ranges_parse_and_clamp_like_rfc_9110() {
        let r = |h: &str| ByteRange::parse(h);
        assert_eq!(r("bytes=0-99").unwrap().within(1000), Some((0, 100)));
        assert_eq!(r("bytes=900-").unwrap().within(1000), Some((900, 1000)));
        assert_eq!(r("bytes=900-5000").unwrap().within(1000), Some((900, 1000)));
        assert_eq!(r("bytes=-100").unwrap().within(1000), Some((900, 1000)));
        assert_eq!(r("bytes=-5000").unwrap().within(1000), Some((0, 1000)));
        assert_eq!(r("bytes=1000-").unwrap().within(1000), None, "416");
        assert_eq!(r("bytes=-1").unwrap().within(0), None);
        for ignored in [
            "",
            "bytes=",
            "bytes=5-1",
            "bytes=0-1,5-9",
            "items=0-1",
            "bytes=a-b",
            "bytes=-0",
        ] {
            assert_eq!(r(ignored), None, "{ignored:?}");
        }
    }

    #[tokio::test]
    async fn the_local_store_streams_whole_objects_and_ranges() {
        use futures::StreamExt as _;
        let dir = tempfile::tempdir().unwrap();
        let store = LocalStore::new(dir.path());
        let key = ObjectKey::new(TenantId::new(), &["recordings", "r.wav"]).unwrap();
        let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        store.put(&key, Bytes::from(bytes.clone())).await.unwrap();
        let read = |range| {
            let (store, key) = (&store, &key);
            async move {
                let o = store.get_stream(key, range).await.unwrap().unwrap();
                let mut got = Vec::new();
                let mut body = o.body;
                while let Some(chunk) = body.next().await {
                    got.extend_from_slice(&chunk.unwrap());
                }
                (o.size, o.range, got)
            }
        };
        assert_eq!(read(None).await, (200_000, None, bytes.clone()));
        let part = read(ByteRange::parse("bytes=150000-150009")).await;
        assert_eq!(
            part,
            (
                200_000,
                Some((150_000, 150_010)),
                bytes[150_000..150_010].to_vec()
            )
        );
        let tail = read(ByteRange::parse("bytes=-7")).await;
        assert_eq!(tail.2, bytes[199_993..].to_vec());
        let past = store
            .get_stream(&key, ByteRange::parse("bytes=200000-"))
            .await
            .unwrap()
            .unwrap();
        assert!(past.is_unsatisfiable());
        let missing = ObjectKey::new(TenantId::new(), &["recordings", "none.wav"]).unwrap();
        assert!(store.get_stream(&missing, None).await.unwrap().is_none());
    }

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
