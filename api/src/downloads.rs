//! Expiring, tenant-checked download links for stored objects:
//! `/objects/{key}?exp={unix}&sig={hmac}`. A link is minted only for a key under the caller's
//! tenant, signed with a key derived from the JWT secret, and served until it expires.

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use hmac::{Hmac, Mac};
use qiao_tenants::TenantCtx;
use qiao_tenants::objects::{ByteRange, ObjectKey};
use serde::Deserialize;
use sha2::Sha256;

use crate::error::ApiError;

type HmacSha256 = Hmac<Sha256>;

#[derive(Clone)]
pub struct UrlSigner {
    key: Vec<u8>,
    ttl_secs: i64,
}

impl UrlSigner {
    pub fn new(jwt_secret: &[u8], ttl_secs: u64) -> Self {
        let mut mac = HmacSha256::new_from_slice(jwt_secret).expect("HMAC takes any key length");
        mac.update(b"qiao object download links v1");
        Self {
            key: mac.finalize().into_bytes().to_vec(),
            ttl_secs: i64::try_from(ttl_secs).unwrap_or(300),
        }
    }

    fn mac(&self, key: &str, exp: i64) -> HmacSha256 {
        let mut mac = HmacSha256::new_from_slice(&self.key).expect("HMAC takes any key length");
        mac.update(key.as_bytes());
        mac.update(b"\n");
        mac.update(exp.to_string().as_bytes());
        mac
    }

    /// A link to `key`, valid for the configured time, if `key` belongs to `ctx`'s tenant.
    pub fn sign(&self, ctx: &TenantCtx, key: &ObjectKey) -> Result<String, ApiError> {
        if key.tenant() != ctx.tenant_id() {
            return Err(ApiError::NotFound("object not found".into()));
        }
        let exp = chrono::Utc::now().timestamp() + self.ttl_secs;
        let sig: String = self
            .mac(key.as_str(), exp)
            .finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        Ok(format!("/objects/{}?exp={exp}&sig={sig}", key.as_str()))
    }

    fn verify(&self, key: &str, exp: i64, sig: &str) -> bool {
        let Some(bytes) = (0..sig.len())
            .step_by(2)
            .map(|i| {
                sig.get(i..i + 2)
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
            })
            .collect::<Option<Vec<u8>>>()
        else {
            return false;
        };
        self.mac(key, exp).verify_slice(&bytes).is_ok()
    }
}

#[derive(Deserialize)]
pub struct LinkParams {
    exp: i64,
    sig: String,
}

/// What serving downloads needs: the link signer and the store (an axum sub-state of the
/// app state).
#[derive(Clone)]
pub struct Downloads {
    pub signer: UrlSigner,
    pub objects: std::sync::Arc<dyn qiao_tenants::objects::ObjectStore>,
}

/// `GET /objects/{*key}`.
pub async fn download(
    State(state): State<Downloads>,
    Path(key): Path<String>,
    Query(p): Query<LinkParams>,
    headers: HeaderMap,
) -> Response {
    let refuse = |status: StatusCode, msg: &str| (status, msg.to_owned()).into_response();
    if !state.signer.verify(&key, p.exp, &p.sig) {
        return refuse(StatusCode::FORBIDDEN, "this link is not valid");
    }
    let now = chrono::Utc::now().timestamp();
    if p.exp < now {
        return refuse(StatusCode::GONE, "this link has expired; ask for a new one");
    }
    let Ok(key) = ObjectKey::parse(&key) else {
        return refuse(StatusCode::NOT_FOUND, "not found");
    };
    // One byte range (an audio player seeking); anything else gets the whole object.
    let range = headers
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok())
        .and_then(ByteRange::parse);
    let object = match state.objects.get_stream(&key, range).await {
        Ok(Some(o)) => o,
        Ok(None) => return refuse(StatusCode::NOT_FOUND, "not found"),
        Err(e) => {
            tracing::error!(error = %e, "reading an object for download");
            return refuse(
                StatusCode::SERVICE_UNAVAILABLE,
                "storage is unavailable; try again",
            );
        }
    };
    let mut res = Response::builder()
        .header(header::CONTENT_TYPE, key.content_type())
        .header(
            header::CACHE_CONTROL,
            format!("private, max-age={}", p.exp - now),
        )
        .header(header::ACCEPT_RANGES, "bytes");
    if object.is_unsatisfiable() {
        return res
            .status(StatusCode::RANGE_NOT_SATISFIABLE)
            .header(header::CONTENT_RANGE, format!("bytes */{}", object.size))
            .body(Body::empty())
            .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response());
    }
    let len = match object.range {
        Some((start, end)) => {
            res = res.status(StatusCode::PARTIAL_CONTENT).header(
                header::CONTENT_RANGE,
                format!("bytes {start}-{}/{}", end - 1, object.size),
            );
            end - start
        }
        None => object.size,
    };
    res.header(header::CONTENT_LENGTH, len)
        .body(Body::from_stream(object.body))
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}
