//! The S3 implementation of the object store (aws-sdk-s3): any S3-compatible endpoint,
//! path-style or virtual-hosted, credentials from config.

use aws_sdk_s3::Client;
use aws_sdk_s3::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_s3::primitives::ByteStream;
use bytes::Bytes;
use qiao_tenants::objects::{ObjectKey, ObjectStore, StoreError};

use crate::config::ObjectsConfig;

pub struct S3Store {
    client: Client,
    bucket: String,
}

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
        let store = Self { client, bucket };
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
