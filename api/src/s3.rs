//! The S3 implementation of the object store (aws-sdk-s3): any S3-compatible endpoint,
//! path-style or virtual-hosted, credentials from config. Files (recordings) stream from
//! disk; those larger than `s3_part_bytes` go up as a multipart upload, one part at a
//! time, aborted on failure so no half-written object or orphaned parts remain.

use std::path::Path;

use aws_sdk_s3::Client;
use aws_sdk_s3::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_s3::primitives::{ByteStream, Length};
use aws_sdk_s3::types::{CompletedMultipartUpload, CompletedPart};
use bytes::Bytes;
use qiao_tenants::objects::{ByteRange, ObjectKey, ObjectStore, ObjectStream, StoreError};

use crate::config::ObjectsConfig;

pub struct S3Store {
    client: Client,
    bucket: String,
    part_bytes: u64,
}

/// S3's smallest part (all but the last).
const MIN_PART: u64 = 5 * 1024 * 1024;

fn err(e: impl std::fmt::Display) -> StoreError {
    StoreError(e.to_string())
}

impl S3Store {
    /// Connects and checks the bucket (creating it when `create_bucket` is set).
    pub async fn connect(cfg: &ObjectsConfig) -> anyhow::Result<Self> {
        let bucket = cfg.s3_bucket.clone().ok_or_else(|| {
            anyhow::anyhow!(
                "objects.s3_bucket (QIAO_OBJECTS_S3_BUCKET) is required for the s3 backend"
            )
        })?;
        let mut conf = aws_sdk_s3::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new(cfg.s3_region.clone()))
            .force_path_style(cfg.s3_path_style);
        if let Some(endpoint) = &cfg.s3_endpoint {
            conf = conf.endpoint_url(endpoint);
        }
        if let (Some(id), Some(secret)) = (&cfg.s3_access_key_id, &cfg.s3_secret_access_key) {
            conf = conf.credentials_provider(Credentials::new(
                id,
                &secret.0,
                None,
                None,
                "qiao-config",
            ));
        }
        let client = Client::from_conf(conf.build());
        let store = Self {
            client,
            bucket,
            part_bytes: cfg.s3_part_bytes.max(MIN_PART),
        };
        if store
            .client
            .head_bucket()
            .bucket(&store.bucket)
            .send()
            .await
            .is_err()
        {
            anyhow::ensure!(
                cfg.s3_create_bucket,
                "S3 bucket '{}' is not reachable at {} (set objects.s3_create_bucket to create it)",
                store.bucket,
                cfg.s3_endpoint.as_deref().unwrap_or("the default endpoint")
            );
            store
                .client
                .create_bucket()
                .bucket(&store.bucket)
                .send()
                .await
                .map_err(|e| {
                    anyhow::anyhow!(
                        "creating S3 bucket '{}': {}",
                        store.bucket,
                        aws_sdk_s3::error::DisplayErrorContext(e)
                    )
                })?;
        }
        Ok(store)
    }
}

impl S3Store {
    /// The parts of multipart upload `id`, read from `path` one at a time, then completed.
    async fn upload_parts(
        &self,
        key: &ObjectKey,
        id: &str,
        path: &Path,
        len: u64,
    ) -> Result<(), StoreError> {
        let mut parts = Vec::new();
        let mut offset = 0;
        let mut number = 1;
        while offset < len {
            let size = self.part_bytes.min(len - offset);
            let body = ByteStream::read_from()
                .path(path)
                .offset(offset)
                .length(Length::Exact(size))
                .build()
                .await
                .map_err(err)?;
            let out = self
                .client
                .upload_part()
                .bucket(&self.bucket)
                .key(key.as_str())
                .upload_id(id)
                .part_number(number)
                .body(body)
                .send()
                .await
                .map_err(|e| err(aws_sdk_s3::error::DisplayErrorContext(e)))?;
            parts.push(
                CompletedPart::builder()
                    .part_number(number)
                    .set_e_tag(out.e_tag)
                    .build(),
            );
            offset += size;
            number += 1;
        }
        self.client
            .complete_multipart_upload()
            .bucket(&self.bucket)
            .key(key.as_str())
            .upload_id(id)
            .multipart_upload(
                CompletedMultipartUpload::builder()
                    .set_parts(Some(parts))
                    .build(),
            )
            .send()
            .await
            .map_err(|e| err(aws_sdk_s3::error::DisplayErrorContext(e)))?;
        Ok(())
    }
}

#[async_trait::async_trait]
impl ObjectStore for S3Store {
    async fn put(&self, key: &ObjectKey, bytes: Bytes) -> Result<(), StoreError> {
        self.client
            .put_object()
            .bucket(&self.bucket)
            .key(key.as_str())
            .content_type(key.content_type())
            .body(ByteStream::from(bytes))
            .send()
            .await
            .map_err(|e| err(aws_sdk_s3::error::DisplayErrorContext(e)))?;
        Ok(())
    }

    async fn put_file(&self, key: &ObjectKey, path: &Path) -> Result<u64, StoreError> {
        let len = tokio::fs::metadata(path).await.map_err(err)?.len();
        if len <= self.part_bytes {
            let body = ByteStream::from_path(path).await.map_err(err)?;
            self.client
                .put_object()
                .bucket(&self.bucket)
                .key(key.as_str())
                .content_type(key.content_type())
                .body(body)
                .send()
                .await
                .map_err(|e| err(aws_sdk_s3::error::DisplayErrorContext(e)))?;
            return Ok(len);
        }
        let upload = self
            .client
            .create_multipart_upload()
            .bucket(&self.bucket)
            .key(key.as_str())
            .content_type(key.content_type())
            .send()
            .await
            .map_err(|e| err(aws_sdk_s3::error::DisplayErrorContext(e)))?;
        let id = upload
            .upload_id()
            .ok_or_else(|| StoreError("S3 gave no multipart upload id".into()))?
            .to_owned();
        match self.upload_parts(key, &id, path, len).await {
            Ok(()) => Ok(len),
            Err(e) => {
                let _ = self
                    .client
                    .abort_multipart_upload()
                    .bucket(&self.bucket)
                    .key(key.as_str())
                    .upload_id(&id)
                    .send()
                    .await;
                Err(e)
            }
        }
    }

    /// The object's size from a HEAD, then the bytes asked for, streamed as S3 sends them.
    async fn get_stream(
        &self,
        key: &ObjectKey,
        range: Option<ByteRange>,
    ) -> Result<Option<ObjectStream>, StoreError> {
        let head = match self
            .client
            .head_object()
            .bucket(&self.bucket)
            .key(key.as_str())
            .send()
            .await
        {
            Ok(h) => h,
            Err(e) if e.as_service_error().is_some_and(|s| s.is_not_found()) => return Ok(None),
            Err(e) => return Err(err(aws_sdk_s3::error::DisplayErrorContext(e))),
        };
        let size = head
            .content_length()
            .and_then(|l| u64::try_from(l).ok())
            .unwrap_or(0);
        let Some((start, end)) = ByteRange::span(range, size) else {
            return Ok(Some(ObjectStream::unsatisfiable(size)));
        };
        let mut get = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(key.as_str());
        if range.is_some() {
            get = get.range(format!("bytes={start}-{}", end.saturating_sub(1)));
        }
        let out = match get.send().await {
            Ok(o) => o,
            Err(e) if e.as_service_error().is_some_and(|s| s.is_no_such_key()) => return Ok(None),
            Err(e) => return Err(err(aws_sdk_s3::error::DisplayErrorContext(e))),
        };
        let body = tokio_util::io::ReaderStream::new(out.body.into_async_read());
        Ok(Some(ObjectStream {
            size,
            range: range.map(|_| (start, end)),
            body: Box::pin(body),
        }))
    }

    async fn get(&self, key: &ObjectKey) -> Result<Option<Bytes>, StoreError> {
        match self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(key.as_str())
            .send()
            .await
        {
            Ok(out) => Ok(Some(out.body.collect().await.map_err(err)?.into_bytes())),
            Err(e) if e.as_service_error().is_some_and(|s| s.is_no_such_key()) => Ok(None),
            Err(e) => Err(err(aws_sdk_s3::error::DisplayErrorContext(e))),
        }
    }

    async fn exists(&self, key: &ObjectKey) -> Result<bool, StoreError> {
        match self
            .client
            .head_object()
            .bucket(&self.bucket)
            .key(key.as_str())
            .send()
            .await
        {
            Ok(_) => Ok(true),
            Err(e) if e.as_service_error().is_some_and(|s| s.is_not_found()) => Ok(false),
            Err(e) => Err(err(aws_sdk_s3::error::DisplayErrorContext(e))),
        }
    }

    async fn delete(&self, key: &ObjectKey) -> Result<(), StoreError> {
        self.client
            .delete_object()
            .bucket(&self.bucket)
            .key(key.as_str())
            .send()
            .await
            .map_err(|e| err(aws_sdk_s3::error::DisplayErrorContext(e)))?;
        Ok(())
    }

    async fn ready(&self) -> bool {
        self.client
            .head_bucket()
            .bucket(&self.bucket)
            .send()
            .await
            .is_ok()
    }

    fn name(&self) -> &'static str {
        "s3"
    }
}
