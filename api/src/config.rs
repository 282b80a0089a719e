//! Configuration: defaults in code → optional `qiao.toml` → `QIAO_<SECTION>_<KEY>` environment
//! variables. Validated once at start; errors name the bad key. Secrets are never printed.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::Context;
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

/// Sections that environment variables map into: `QIAO_HTTP_ADDR` → `http.addr`.
const SECTIONS: &[&str] = &[
    "data", "http", "sip", "database", "nats", "auth", "graphql", "log", "objects", "jobs",
    "routing",
];

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub data: DataConfig,
    pub http: HttpConfig,
    pub sip: SipConfig,
    pub database: DatabaseConfig,
    pub nats: NatsConfig,
    pub auth: AuthConfig,
    pub graphql: GraphqlConfig,
    pub log: LogConfig,
    pub objects: ObjectsConfig,
    pub jobs: JobsConfig,
    pub routing: RoutingConfig,
}

/// Agents: how long an offer rings, sticky routing, and how browsers' softphones reach us.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RoutingConfig {
    /// An offer not answered in this time goes to the next agent (the agent is set not
    /// ready, "missed").
    pub ring_timeout_secs: u64,
    /// A caller served by an agent within this many days goes to that agent first…
    pub sticky_days: u32,
    /// …for this many seconds of their wait (0 turns sticky routing off).
    pub sticky_secs: u64,
    /// UDP ports for WebRTC media, `from-to` (inclusive); any free port when unset.
    pub webrtc_ports: Option<String>,
    /// Addresses announced to browsers instead of the host's own (1:1 NAT), comma-separated.
    pub webrtc_public_ips: Option<String>,
    /// A TURN server for agents behind restrictive NAT (`turn:host:3478`), with its
    /// long-term credentials; handed to our ICE agent and to the browser.
    pub turn_url: Option<String>,
    pub turn_username: Option<String>,
    pub turn_password: Option<Secret>,
}

impl Default for RoutingConfig {
    fn default() -> Self {
        Self {
            ring_timeout_secs: 20,
            sticky_days: 30,
            sticky_secs: 20,
            webrtc_ports: None,
            webrtc_public_ips: None,
            turn_url: None,
            turn_username: None,
            turn_password: None,
        }
    }
}

impl RoutingConfig {
    /// The WebRTC settings, checked.
    pub fn webrtc(&self) -> anyhow::Result<qiao_media::voice::WebRtcSettings> {
        let udp_ports = match &self.webrtc_ports {
            None => None,
            Some(r) => {
                let (a, b) = r.split_once('-').context(
                    "invalid configuration: routing.webrtc_ports must be from-to, like 40000-40999",
                )?;
                let (a, b): (u16, u16) = (
                    a.trim().parse().context("routing.webrtc_ports: bad port")?,
                    b.trim().parse().context("routing.webrtc_ports: bad port")?,
                );
                anyhow::ensure!(
                    a > 0 && a < b,
                    "invalid configuration: routing.webrtc_ports must be from-to with from < to"
                );
                Some((a, b))
            }
        };
        let public_ips = match &self.webrtc_public_ips {
            None => Vec::new(),
            Some(list) => list
                .split(',')
                .map(|ip| ip.trim().parse())
                .collect::<Result<_, _>>()
                .context("invalid configuration: routing.webrtc_public_ips must be IP addresses")?,
        };
        let ice_servers = match &self.turn_url {
            None => Vec::new(),
            Some(url) => {
                anyhow::ensure!(
                    url.starts_with("turn:")
                        || url.starts_with("turns:")
                        || url.starts_with("stun:"),
                    "invalid configuration: routing.turn_url must start with turn:, turns: or stun:"
                );
                vec![qiao_media::voice::IceServer {
                    urls: vec![url.clone()],
                    username: self.turn_username.clone().unwrap_or_default(),
                    credential: self
                        .turn_password
                        .as_ref()
                        .map(|p| p.0.clone())
                        .unwrap_or_default(),
                }]
            }
        };
        Ok(qiao_media::voice::WebRtcSettings {
            ice_servers,
            udp_ports,
            public_ips,
        })
    }
}

/// Where Qiao keeps its files (SQLite database, generated secrets, local objects).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DataConfig {
    pub dir: PathBuf,
}

impl Default for DataConfig {
    fn default() -> Self {
        Self {
            dir: PathBuf::from("qiao-data"),
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HttpConfig {
    pub addr: SocketAddr,
    /// The built web console (`web/console/dist`), served at `/`.
    pub console_dir: PathBuf,
    /// Serve GraphiQL on `GET /graphql` (development aid).
    pub graphiql: bool,
    /// Largest accepted request body, in bytes.
    pub max_body_bytes: usize,
    /// Take the client address from `X-Forwarded-For` (only behind a trusted proxy).
    pub trust_forwarded_for: bool,
}

impl Default for HttpConfig {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            console_dir: PathBuf::from("web/console/dist"),
            graphiql: true,
            max_body_bytes: 64 * 1024,
            trust_forwarded_for: false,
        }
    }
}

/// SIP signalling address, used by the voice core.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SipConfig {
    /// UDP and TCP.
    pub addr: SocketAddr,
    /// The address RTP binds to and SDP announces; defaults to `addr`'s IP (or 127.0.0.1
    /// when that is unspecified).
    pub media_ip: Option<std::net::IpAddr>,
    /// Ring this long before the IVR answers.
    pub answer_after_ms: u64,
    /// No RTP from the caller for this long ends the call (not while the caller holds).
    pub rtp_timeout_secs: u64,
    /// The longest voicemail message.
    pub voicemail_max_secs: u64,
}

impl Default for SipConfig {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 5060)),
            media_ip: None,
            answer_after_ms: 300,
            rtp_timeout_secs: 30,
            voicemail_max_secs: 120,
        }
    }
}

impl SipConfig {
    pub fn media_ip(&self) -> std::net::IpAddr {
        self.media_ip.unwrap_or_else(|| {
            let ip = self.addr.ip();
            if ip.is_unspecified() {
                std::net::IpAddr::from([127, 0, 0, 1])
            } else {
                ip
            }
        })
    }
}

/// `sqlite://…` or `postgres://…`; unset means SQLite in the data directory.
#[derive(Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DatabaseConfig {
    pub url: Option<String>,
}

impl std::fmt::Debug for DatabaseConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DatabaseConfig")
            .field("url", &self.url.as_deref().map(redact_url))
            .finish()
    }
}

/// A URL with the password of its user info replaced by `***` (`postgres://u:***@h/db`);
/// for NATS a lone user info is a token, and is hidden whole.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority, tail) = rest.split_at(rest.find(['/', '?', '#']).unwrap_or(rest.len()));
    match authority.rsplit_once('@') {
        Some((user_info, host)) => {
            let token = !user_info.contains(':') && scheme.starts_with("nats");
            let user = if token {
                "***"
            } else {
                user_info.split_once(':').map_or(user_info, |(u, _)| u)
            };
            let hidden = if user_info.contains(':') { ":***" } else { "" };
            format!("{scheme}://{user}{hidden}@{host}{tail}")
        }
        None => url.to_owned(),
    }
}

/// NATS server for the event bus; unset means the in-process bus.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct NatsConfig {
    pub url: Option<String>,
    /// Subjects are `{prefix}.tenant.{tenant_id}.events`.
    pub subject_prefix: String,
}

impl std::fmt::Debug for NatsConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NatsConfig")
            .field("url", &self.url.as_deref().map(redact_url))
            .field("subject_prefix", &self.subject_prefix)
            .finish()
    }
}

impl Default for NatsConfig {
    fn default() -> Self {
        Self {
            url: None,
            subject_prefix: "qiao".into(),
        }
    }
}

#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AuthConfig {
    /// HS256 secret (at least 32 bytes); unset means one generated and kept in the data dir.
    pub jwt_secret: Option<String>,
    pub access_ttl_secs: u64,
    pub refresh_ttl_days: u32,
    pub invite_ttl_days: u32,
    pub login_window_secs: u64,
    pub max_failures_per_account: u64,
    pub max_failures_per_address: u64,
}

impl std::fmt::Debug for AuthConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthConfig")
            .field("jwt_secret", &self.jwt_secret.as_ref().map(|_| "***"))
            .field("access_ttl_secs", &self.access_ttl_secs)
            .finish_non_exhaustive()
    }
}

impl Default for AuthConfig {
    fn default() -> Self {
        Self {
            jwt_secret: None,
            access_ttl_secs: 900,
            refresh_ttl_days: 30,
            invite_ttl_days: 7,
            login_window_secs: 900,
            max_failures_per_account: 5,
            max_failures_per_address: 50,
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct GraphqlConfig {
    pub max_depth: usize,
    pub max_complexity: usize,
}

impl Default for GraphqlConfig {
    fn default() -> Self {
        Self {
            max_depth: 16,
            max_complexity: 1000,
        }
    }
}

/// Background jobs.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct JobsConfig {
    /// How often overdue cases are escalated.
    pub escalation_check_secs: u64,
    /// How often this node refreshes its row in `nodes` and looks for dead nodes.
    pub node_heartbeat_secs: u64,
    /// A node not heard of for this long is dead: its open calls are closed `interrupted`
    /// and its agents released. Keep it well above `node_heartbeat_secs`.
    pub node_dead_after_secs: u64,
}

impl Default for JobsConfig {
    fn default() -> Self {
        Self {
            escalation_check_secs: 30,
            node_heartbeat_secs: 5,
            node_dead_after_secs: 30,
        }
    }
}

/// A secret setting: never printed.
#[derive(Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

/// Where files (prompts, recordings) are kept: `local` (a directory) or `s3`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ObjectsConfig {
    pub backend: String,
    /// For `local`: the directory (default: `objects` in the data directory).
    pub dir: Option<PathBuf>,
    /// For `s3`: an S3-compatible endpoint URL; unset means AWS.
    pub s3_endpoint: Option<String>,
    pub s3_region: String,
    pub s3_bucket: Option<String>,
    /// Path-style addressing (`endpoint/bucket/key`), needed by most S3-compatible servers.
    pub s3_path_style: bool,
    pub s3_access_key_id: Option<String>,
    pub s3_secret_access_key: Option<Secret>,
    /// Create the bucket at start when it does not exist.
    pub s3_create_bucket: bool,
    /// Recordings larger than this go to S3 as a multipart upload in parts of this size
    /// (bytes; at least 5 MiB, S3's smallest part), read from disk part by part.
    pub s3_part_bytes: u64,
    /// How long download links stay valid.
    pub url_ttl_secs: u64,
    /// Largest accepted upload (audio prompts), in bytes.
    pub max_upload_bytes: usize,
}

impl Default for ObjectsConfig {
    fn default() -> Self {
        Self {
            backend: "local".into(),
            dir: None,
            s3_endpoint: None,
            s3_region: "us-east-1".into(),
            s3_bucket: None,
            s3_path_style: true,
            s3_access_key_id: None,
            s3_secret_access_key: None,
            s3_create_bucket: false,
            s3_part_bytes: 8 * 1024 * 1024,
            url_ttl_secs: 300,
            max_upload_bytes: 10 * 1024 * 1024,
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LogConfig {
    /// `text` or `json`.
    pub format: String,
    /// A tracing filter such as `info,qiao_api=debug`.
    pub filter: String,
}

impl Default for LogConfig {
    fn default() -> Self {
        Self {
            format: "text".into(),
            filter: "info".into(),
        }
    }
}

impl Config {
    /// Loads defaults, then `file` (or `./qiao.toml` when present), then `QIAO_*` variables.
    pub fn load(file: Option<&Path>) -> anyhow::Result<Self> {
        let mut fig = Figment::from(Serialized::defaults(Config::default()));
        match file {
            Some(path) => {
                anyhow::ensure!(
                    path.exists(),
                    "config file {} does not exist",
                    path.display()
                );
                fig = fig.merge(Toml::file(path));
            }
            None if Path::new("qiao.toml").exists() => fig = fig.merge(Toml::file("qiao.toml")),
            None => {}
        }
        fig = fig.merge(Env::prefixed("QIAO_").filter_map(|key| {
            let key = key.as_str().to_ascii_lowercase();
            let (section, rest) = key.split_once('_')?;
            SECTIONS
                .contains(&section)
                .then(|| format!("{section}.{rest}").into())
        }));
        let config: Config = fig.extract().map_err(|e| {
            let mut msg = String::from("invalid configuration:");
            for err in e {
                msg.push_str(&format!("\n  - {err}"));
            }
            anyhow::anyhow!(msg)
        })?;
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> anyhow::Result<()> {
        if let Some(url) = &self.database.url {
            anyhow::ensure!(
                url.starts_with("sqlite:")
                    || url.starts_with("postgres:")
                    || url.starts_with("postgresql:"),
                "invalid configuration: database.url (QIAO_DATABASE_URL) must start with sqlite: or postgres:"
            );
        }
        if let Some(url) = &self.nats.url {
            anyhow::ensure!(
                url.starts_with("nats://") || url.starts_with("tls://") || !url.contains("://"),
                "invalid configuration: nats.url (QIAO_NATS_URL) must be nats://host:port"
            );
        }
        if let Some(secret) = &self.auth.jwt_secret {
            anyhow::ensure!(
                secret.len() >= 32,
                "invalid configuration: auth.jwt_secret (QIAO_AUTH_JWT_SECRET) must be at least 32 bytes"
            );
        }
        anyhow::ensure!(
            (10..=86_400).contains(&self.auth.access_ttl_secs),
            "invalid configuration: auth.access_ttl_secs must be between 10 and 86400"
        );
        anyhow::ensure!(
            matches!(self.objects.backend.as_str(), "local" | "s3"),
            "invalid configuration: objects.backend (QIAO_OBJECTS_BACKEND) must be local or s3"
        );
        anyhow::ensure!(
            self.objects.backend != "s3" || self.objects.s3_bucket.is_some(),
            "invalid configuration: objects.s3_bucket (QIAO_OBJECTS_S3_BUCKET) is required for the s3 backend"
        );
        anyhow::ensure!(
            (10..=86_400).contains(&self.objects.url_ttl_secs),
            "invalid configuration: objects.url_ttl_secs must be between 10 and 86400"
        );
        anyhow::ensure!(
            (5..=120).contains(&self.routing.ring_timeout_secs),
            "invalid configuration: routing.ring_timeout_secs must be between 5 and 120"
        );
        self.routing.webrtc()?;
        anyhow::ensure!(
            self.jobs.node_heartbeat_secs >= 1
                && self.jobs.node_dead_after_secs >= 2 * self.jobs.node_heartbeat_secs,
            "invalid configuration: jobs.node_heartbeat_secs must be at least 1 and \
             jobs.node_dead_after_secs at least twice it"
        );
        anyhow::ensure!(
            matches!(self.log.format.as_str(), "text" | "json"),
            "invalid configuration: log.format (QIAO_LOG_FORMAT) must be text or json"
        );
        anyhow::ensure!(
            self.graphql.max_depth >= 2 && self.graphql.max_complexity >= 10,
            "invalid configuration: graphql.max_depth must be ≥ 2 and graphql.max_complexity ≥ 10"
        );
        Ok(())
    }

    /// The database URL, defaulting to SQLite in the data directory.
    pub fn database_url(&self) -> String {
        self.database.url.clone().unwrap_or_else(|| {
            format!(
                "sqlite://{}?mode=rwc",
                self.data.dir.join("qiao.db").display()
            )
        })
    }

    /// The local object directory.
    pub fn objects_dir(&self) -> PathBuf {
        self.objects
            .dir
            .clone()
            .unwrap_or_else(|| self.data.dir.join("objects"))
    }

    /// Creates the data directory when missing.
    /// Recordings and voicemail waiting for upload (the durable upload queue).
    pub fn spool_dir(&self) -> PathBuf {
        self.data.dir.join("spool")
    }

    pub fn ensure_data_dir(&self) -> anyhow::Result<()> {
        std::fs::create_dir_all(&self.data.dir)
            .with_context(|| format!("creating data directory {}", self.data.dir.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use figment::Jail;

    #[test]
    fn secrets_never_print_in_the_config() {
        let mut c = Config::default();
        c.database.url = Some("postgres://qiao:Db-Secret-7@db.example:5432/qiao".into());
        c.nats.url = Some("nats://bus:Nats-Secret-8@nats.example:4222".into());
        c.auth.jwt_secret = Some("Jwt-Secret-9-Jwt-Secret-9-Jwt-Secret-9".into());
        let shown = format!("{c:?}");
        for secret in ["Db-Secret-7", "Nats-Secret-8", "Jwt-Secret-9"] {
            assert!(!shown.contains(secret), "{secret} printed: {shown}");
        }
        assert!(
            shown.contains("postgres://qiao:***@db.example:5432/qiao"),
            "{shown}"
        );
        assert_eq!(
            redact_url("sqlite://data/qiao.db?mode=rwc"),
            "sqlite://data/qiao.db?mode=rwc"
        );
        assert_eq!(
            redact_url("nats://nats.example:4222"),
            "nats://nats.example:4222"
        );
        assert_eq!(
            redact_url("nats://s3cr3t@nats.example"),
            "nats://***@nats.example"
        );
        assert_eq!(
            redact_url("postgres://postgres@127.0.0.1/test"),
            "postgres://postgres@127.0.0.1/test"
        );
    }

    #[test]
    #[expect(
        clippy::result_large_err,
        reason = "figment's Jail closure returns figment::Error"
    )]
    fn layers_apply_in_order_and_bad_keys_are_named() {
        Jail::expect_with(|jail| {
            jail.create_file(
                "qiao.toml",
                "[http]\naddr = \"127.0.0.1:9000\"\n[log]\nformat = \"json\"",
            )?;
            jail.set_env("QIAO_HTTP_ADDR", "127.0.0.1:9100");
            jail.set_env("QIAO_TEST_POSTGRES", "ignored: not a config section");
            let c = Config::load(None).map_err(|e| e.to_string())?;
            assert_eq!(c.http.addr.port(), 9100);
            assert_eq!(c.log.format, "json");

            jail.set_env("QIAO_HTTP_ADDR", "nowhere");
            let err = Config::load(None).unwrap_err().to_string();
            assert!(err.to_lowercase().contains("http.addr"), "{err}");

            jail.set_env("QIAO_HTTP_ADDR", "127.0.0.1:9100");
            jail.create_file("qiao.toml", "[http]\nadress = \"x\"")?;
            let err = Config::load(None).unwrap_err().to_string();
            assert!(err.contains("adress"), "{err}");
            jail.create_file("qiao.toml", "")?;

            // Every section documented in the README takes variables.
            jail.set_env("QIAO_OBJECTS_BACKEND", "s3");
            jail.set_env("QIAO_OBJECTS_S3_BUCKET", "rec");
            jail.set_env("QIAO_SIP_ANSWER_AFTER_MS", "0");
            jail.set_env("QIAO_JOBS_ESCALATION_CHECK_SECS", "7");
            let c = Config::load(None).map_err(|e| e.to_string())?;
            assert_eq!(c.objects.backend, "s3");
            assert_eq!(c.objects.s3_bucket.as_deref(), Some("rec"));
            assert_eq!(c.sip.answer_after_ms, 0);
            assert_eq!(c.jobs.escalation_check_secs, 7);
            Ok(())
        });
    }
}
