//! Storing files (recordings) in the object stores: S3 (moto) takes a large file as a
//! multipart upload read part by part, a small one in one request; the local store links
//! or copies the file into place. What is read back is byte for byte what was written.

use futures::StreamExt as _;
use qiao_api::config::{ObjectsConfig, Secret};
use qiao_api::s3::S3Store;
use qiao_tenants::ids::TenantId;
use qiao_tenants::objects::{ByteRange, LocalStore, ObjectKey, ObjectStore};

use crate::support::MotoServer;

/// `len` bytes that differ from part to part, so a part out of place would show.
fn pattern(len: usize) -> Vec<u8> {
    (0..len)
        .map(|i| (i as u32).wrapping_mul(2_654_435_761).to_le_bytes()[3] ^ (i / 7919) as u8)
        .collect()
}

#[tokio::test]
async fn a_long_recording_goes_to_s3_in_parts_and_reads_back_whole() {
    let moto = MotoServer::start().await;
    let cfg = ObjectsConfig {
        backend: "s3".into(),
        s3_endpoint: Some(moto.endpoint.clone()),
        s3_bucket: Some("qiao-parts".into()),
        s3_access_key_id: Some("test".into()),
        s3_secret_access_key: Some(Secret("test".into())),
        s3_create_bucket: true,
        s3_part_bytes: 5 * 1024 * 1024,
        ..ObjectsConfig::default()
    };
    let store = S3Store::connect(&cfg).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let tenant = TenantId::new();
    // 11 MiB and a bit: three parts (5, 5 and the rest), and a small file in one request.
    for (name, len) in [("long.wav", 11 * 1024 * 1024 + 1234), ("short.wav", 4000)] {
        let data = pattern(len);
        let path = dir.path().join(name);
        std::fs::write(&path, &data).unwrap();
        let key = ObjectKey::new(tenant, &["recordings", name]).unwrap();
        assert_eq!(store.put_file(&key, &path).await.unwrap(), len as u64);
        let back = store.get(&key).await.unwrap().expect("stored");
        assert_eq!(back.len(), len, "{name}");
        assert!(back[..] == data[..], "{name} reads back byte for byte");
    }
    // Read back as a stream, and a range of it (an audio player seeking) straddling the
    // first part boundary.
    let key = ObjectKey::new(tenant, &["recordings", "long.wav"]).unwrap();
    let data = pattern(11 * 1024 * 1024 + 1234);
    let whole = streamed(&store, &key, None).await;
    assert_eq!(whole.0, data.len() as u64);
    assert!(whole.2[..] == data[..], "streamed byte for byte");
    let boundary = 5 * 1024 * 1024;
    let part = streamed(
        &store,
        &key,
        ByteRange::parse(&format!("bytes={}-{}", boundary - 10, boundary + 9)),
    )
    .await;
    assert_eq!(part.1, Some((boundary as u64 - 10, boundary as u64 + 10)));
    assert!(part.2[..] == data[boundary - 10..boundary + 10]);
    let past = store
        .get_stream(&key, ByteRange::parse("bytes=99999999-"))
        .await
        .unwrap()
        .unwrap();
    assert!(past.is_unsatisfiable());
    let none = ObjectKey::new(tenant, &["recordings", "none.wav"]).unwrap();
    assert!(store.get_stream(&none, None).await.unwrap().is_none());
    // A file that is not there is an error, and nothing is stored under its key.
    let key = ObjectKey::new(tenant, &["recordings", "missing.wav"]).unwrap();
    assert!(
        store
            .put_file(&key, &dir.path().join("missing.wav"))
            .await
            .is_err()
    );
    assert!(!store.exists(&key).await.unwrap());
}

#[tokio::test]
async fn the_local_store_keeps_a_file_after_its_spool_copy_is_gone() {
    let dir = tempfile::tempdir().unwrap();
    let store = LocalStore::new(dir.path().join("objects"));
    let data = pattern(300_000);
    let spool = dir.path().join("spool.wav");
    std::fs::write(&spool, &data).unwrap();
    let key = ObjectKey::new(TenantId::new(), &["recordings", "r.wav"]).unwrap();
    assert_eq!(store.put_file(&key, &spool).await.unwrap(), 300_000);
    std::fs::remove_file(&spool).unwrap();
    let back = store.get(&key).await.unwrap().expect("stored");
    assert!(back[..] == data[..]);
}

/// An object read through `get_stream`: its size, the range sent, and the bytes.
async fn streamed(
    store: &dyn ObjectStore,
    key: &ObjectKey,
    range: Option<ByteRange>,
) -> (u64, Option<(u64, u64)>, Vec<u8>) {
    let o = store.get_stream(key, range).await.unwrap().expect("stored");
    let mut body = o.body;
    let mut got = Vec::new();
    while let Some(chunk) = body.next().await {
        got.extend_from_slice(&chunk.unwrap());
    }
    (o.size, o.range, got)
}
