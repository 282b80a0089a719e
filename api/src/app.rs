//! Wiring: builds the state (database, bus, keys, services) from the config, the router, and
//! runs the HTTP server until shutdown.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use qiao_tenants::Db;
use qiao_tenants::accounts::{AccountPolicy, Accounts};
use qiao_tenants::calls::Calls;
use qiao_tenants::center::Center;
use qiao_tenants::crm::Crm;
use qiao_tenants::events::{EventBus, InProcessBus};
use qiao_tenants::objects::{LocalStore, ObjectStore};
use serde_json::json;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::trace::TraceLayer;

use crate::auth::{JwtKeys, load_or_create_secret};
use crate::config::Config;
use crate::downloads::{self, UrlSigner};
use crate::graphql::{self, QiaoSchema};
use crate::metrics::{self, Metrics};
use crate::nats::NatsBus;
use crate::s3::S3Store;

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
    pub schema: QiaoSchema,
    pub shutdown: Shutdown,
    /// The calls this node holds, for agents' commands.
    pub live: crate::voice::live::LiveCalls,
    /// This process, as named in the records of the calls it holds.
    pub node_id: uuid::Uuid,
    /// Agents' commands for calls held by other nodes.
    pub relay: crate::voice::relay::Relay,
    /// The voice service, once `voice::start` ran (agents dial out through it).
    pub voice: std::sync::Arc<std::sync::OnceLock<crate::voice::Voice>>,
}

/// A shutdown signal that long-lived streams (subscriptions) watch.
#[derive(Clone)]
pub struct Shutdown {
    tx: Arc<watch::Sender<bool>>,
}

impl Shutdown {
    pub fn new() -> Self {
        Self {
            tx: Arc::new(watch::channel(false).0),
        }
    }

    pub fn trigger(&self) {
        self.tx.send_replace(true);
    }

    /// Resolves once shutdown has been triggered.
    pub async fn wait(&self) {
        let mut rx = self.tx.subscribe();
        let _ = rx.wait_for(|down| *down).await;
    }
}

impl Default for Shutdown {
    fn default() -> Self {
        Self::new()
    }
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
        let calls = Calls::new(db.clone(), center.clone(), crm.clone());
        let schema = graphql::schema(config.graphql.max_depth, config.graphql.max_complexity);
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
        Ok(Self {
            config: Arc::new(config),
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
            schema,
            shutdown: Shutdown::new(),
            live: Default::default(),
            node_id,
            relay,
            voice: Default::default(),
        })
    }
}

/// The HTTP router: GraphQL, health, metrics, and the console at `/`.
pub fn router(state: AppState) -> Router {
    let console_dir = state.config.http.console_dir.clone();
    let index = console_dir.join("index.html");
    let console = if index.exists() {
        Router::new().fallback_service(ServeDir::new(&console_dir).fallback(ServeFile::new(index)))
    } else {
        tracing::warn!(dir = %console_dir.display(), "console not built; serving a notice at /");
        Router::new().fallback(console_missing)
    };
    Router::new()
        .route("/graphql", get(graphql::get).post(graphql::post))
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics::endpoint))
        .route("/objects/{*key}", get(downloads::download))
        .merge(console)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

async fn console_missing() -> Response {
    (
        StatusCode::NOT_FOUND,
        Html(
            "<!doctype html><title>Qiao</title><h1>Qiao</h1><p>The web console is not built. \
             Run <code>./run.sh</code> (or <code>npm run build --prefix web</code>) and restart; \
             GraphQL is at <a href=\"/graphql\">/graphql</a>.</p>",
        ),
    )
        .into_response()
}

/// `GET /readyz`: 200 when the database and the event bus answer, 503 otherwise.
async fn readyz(State(state): State<AppState>) -> Response {
    let db_ok = tokio::time::timeout(Duration::from_secs(2), state.db.ping())
        .await
        .is_ok_and(|r| r.is_ok());
    let bus_ok = state.bus.ready().await;
    let objects_ok = state.objects.ready().await;
    let status = if db_ok && bus_ok && objects_ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let body = json!({
        "database": db_ok,
        "bus": bus_ok,
        "busKind": state.bus.name(),
        "objects": objects_ok,
        "objectsKind": state.objects.name(),
    });
    (status, axum::Json(body)).into_response()
}

/// Escalates overdue cases every `jobs.escalation_check_secs` until shutdown. Deadlines live
/// in the database, so a restart (or another node) picks up where this one stopped.
fn spawn_escalations(state: &AppState) {
    let (crm, shutdown) = (state.crm.clone(), state.shutdown.clone());
    let every = Duration::from_secs(state.config.jobs.escalation_check_secs.max(1));
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tokio::select! {
                _ = tick.tick() => {}
                () = shutdown.wait() => return,
            }
            match crm.escalate_overdue(chrono::Utc::now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(escalated = n, "escalated overdue cases"),
                Err(e) => tracing::error!(error = %e, "escalating overdue cases"),
            }
        }
    });
}

/// A server bound to its address, running until [`Running::stop`] or its shutdown fires.
pub struct Running {
    pub addr: SocketAddr,
    pub state: AppState,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Running {
    /// Binds `config.http.addr` and serves in the background.
    pub async fn start(state: AppState) -> anyhow::Result<Self> {
        let addr = state.config.http.addr;
        let listener = TcpListener::bind(addr)
            .await
            .with_context(|| format!("binding http.addr {addr}"))?;
        let addr = listener.local_addr()?;
        let app = router(state.clone()).into_make_service_with_connect_info::<SocketAddr>();
        spawn_escalations(&state);
        let shutdown = state.shutdown.clone();
        let task = tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async move { shutdown.wait().await })
                .await
        });
        Ok(Self { addr, state, task })
    }

    /// Stops accepting, lets requests in flight finish (at most `grace`), closes streams.
    pub async fn stop(self, grace: Duration) -> anyhow::Result<()> {
        self.state.shutdown.trigger();
        match tokio::time::timeout(grace, self.task).await {
            Ok(joined) => joined.context("server task")?.context("server")?,
            Err(_) => tracing::warn!("requests still running after the grace period; exiting"),
        }
        Ok(())
    }
}
