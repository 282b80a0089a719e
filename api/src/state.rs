//! `AppState`: the handles every request may use, built from the config in one place
//! (database, bus, object store, keys, the domain's services).

use std::sync::Arc;

use anyhow::Context;
use qiao_tenants::Db;
use qiao_tenants::accounts::{AccountPolicy, Accounts};
use qiao_tenants::calls::Calls;
use qiao_tenants::center::Center;
use qiao_tenants::crm::Crm;
use qiao_tenants::events::{EventBus, InProcessBus};
use qiao_tenants::objects::{LocalStore, ObjectStore};

use crate::auth::{JwtKeys, load_or_create_secret};
use crate::config::Config;
use crate::downloads::UrlSigner;
use crate::metrics::Metrics;
use crate::nats::NatsBus;
use crate::s3::S3Store;
use crate::shutdown::Shutdown;
use crate::voice::{Control, VoiceDeps};

/// Everything a request handler may need; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub db: Db,
    pub accounts: Accounts,
    /// The center's configuration.
    pub center: Center,
    /// Contacts, cards, cases, requests, knowledge, audit.
    pub crm: Crm,
    /// Admission, records, recordings, callbacks, agents, waiting.
    pub calls: Calls,
    pub bus: Arc<dyn EventBus>,
    pub objects: Arc<dyn ObjectStore>,
    pub signer: UrlSigner,
    pub jwt: JwtKeys,
    pub metrics: Metrics,
    pub shutdown: Shutdown,
    /// Live calls: agents' (later supervisors') commands, here or relayed to the node
    /// holding the call, and dialling out.
    pub voice: Control,
}

impl AppState {
    /// Connects to the database (migrating it) and the event bus.
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        config.ensure_data_dir()?;
        let db = Db::connect(&config.database_url()).await?;
        db.migrate().await?;
        let bus: Arc<dyn EventBus> = match &config.nats.url {
            Some(url) => Arc::new(NatsBus::connect(url, &config.nats.subject_prefix).await?),
            None => Arc::new(InProcessBus::new()),
        };
        let objects: Arc<dyn ObjectStore> = match config.objects.backend.as_str() {
            "s3" => Arc::new(S3Store::connect(&config.objects).await?),
            _ => Arc::new(LocalStore::new(config.objects_dir())),
        };
        let node_id = uuid::Uuid::now_v7();
        let relay = crate::voice::relay::Relay::connect(
            config.nats.url.as_deref(),
            &config.nats.subject_prefix,
            node_id,
        )
        .await?;
        let secret = load_or_create_secret(config.auth.jwt_secret.as_deref(), &config.data.dir)?;
        let signer = UrlSigner::new(&secret, config.objects.url_ttl_secs);
        let jwt = JwtKeys::new(&secret, config.auth.access_ttl_secs);
        let a = &config.auth;
        let policy = AccountPolicy {
            refresh_ttl: chrono::Duration::days(a.refresh_ttl_days.into()),
            invite_ttl: chrono::Duration::days(a.invite_ttl_days.into()),
            login_window: chrono::Duration::seconds(
                i64::try_from(a.login_window_secs)
                    .context("auth.login_window_secs is too large")?,
            ),
            max_failures_per_account: a.max_failures_per_account,
            max_failures_per_address: a.max_failures_per_address,
        };
        let accounts = Accounts::new(db.clone(), bus.clone(), policy);
        let center = Center::new(db.clone());
        let crm = Crm::new(db.clone());
        let calls = Calls::new(db.clone(), bus.clone(), center.clone(), crm.clone());
        tracing::info!(
            database = if config.database.url.is_some() {
                "configured"
            } else {
                "embedded SQLite"
            },
            bus = bus.name(),
            objects = objects.name(),
            "state ready"
        );
        let config = Arc::new(config);
        let shutdown = Shutdown::new();
        let voice = Control::new(VoiceDeps {
            config: config.clone(),
            center: center.clone(),
            crm: crm.clone(),
            calls: calls.clone(),
            objects: objects.clone(),
            bus: bus.clone(),
            node_id,
            shutdown: shutdown.clone(),
            live: Default::default(),
            relay,
        });
        Ok(Self {
            config,
            center,
            crm,
            calls,
            db,
            accounts,
            bus,
            objects,
            signer,
            jwt,
            metrics: Metrics::new(),
            shutdown,
            voice,
        })
    }
}

impl axum::extract::FromRef<AppState> for Metrics {
    fn from_ref(state: &AppState) -> Self {
        state.metrics.clone()
    }
}

impl axum::extract::FromRef<AppState> for crate::downloads::Downloads {
    fn from_ref(state: &AppState) -> Self {
        Self {
            signer: state.signer.clone(),
            objects: state.objects.clone(),
        }
    }
}
