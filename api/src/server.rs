//! The HTTP server: the router (GraphQL, health, metrics, downloads, the console at `/`),
//! the escalation job, and `Running` until shutdown.

use std::net::SocketAddr;
use std::time::Duration;

use anyhow::Context;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use serde_json::json;
use tokio::net::TcpListener;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::trace::TraceLayer;

use crate::downloads::{self};
use crate::graphql::{self};
use crate::metrics::{self};
use crate::state::AppState;

/// Everything a request handler may need; cheap to clone.
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
        .layer(axum::Extension(graphql::schema(
            state.config.graphql.max_depth,
            state.config.graphql.max_complexity,
        )))
        .layer(axum::middleware::from_fn_with_state(
            state.metrics.clone(),
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
