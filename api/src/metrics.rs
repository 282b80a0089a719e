//! Prometheus metrics for `/metrics`: HTTP requests by route and status, request latency,
//! GraphQL outcomes and open WebSockets. One registry per app (tests run several apps).

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct HttpLabels {
    method: String,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabels {
    outcome: &'static str,
}

struct Inner {
    registry: Registry,
    http_requests: Family<HttpLabels, Counter>,
    http_seconds: Histogram,
    graphql: Family<OutcomeLabels, Counter>,
    websockets: Gauge,
}

#[derive(Clone)]
pub struct Metrics(Arc<Inner>);

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("qiao");
        let http_requests = Family::<HttpLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests served",
            http_requests.clone(),
        );
        let http_seconds = Histogram::new(exponential_buckets(0.0005, 2.0, 16));
        registry.register(
            "http_request_duration_seconds",
            "HTTP request latency",
            http_seconds.clone(),
        );
        let graphql = Family::<OutcomeLabels, Counter>::default();
        registry.register(
            "graphql_requests",
            "GraphQL requests by outcome",
            graphql.clone(),
        );
        let websockets = Gauge::default();
        registry.register(
            "websockets_open",
            "Open GraphQL WebSockets",
            websockets.clone(),
        );
        Self(Arc::new(Inner {
            registry,
            http_requests,
            http_seconds,
            graphql,
            websockets,
        }))
    }

    pub fn graphql_request(&self, ok: bool) {
        let outcome = if ok { "ok" } else { "error" };
        self.0
            .graphql
            .get_or_create(&OutcomeLabels { outcome })
            .inc();
    }

    pub fn websocket_opened(&self) {
        self.0.websockets.inc();
    }

    pub fn websocket_closed(&self) {
        self.0.websockets.dec();
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        if let Err(e) = encode(&mut out, &self.0.registry) {
            tracing::error!(error = %e, "encoding metrics");
        }
        out
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

/// Middleware counting and timing every request.
pub async fn track(State(metrics): State<Metrics>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let method = req.method().to_string();
    let start = Instant::now();
    let response = next.run(req).await;
    let m = &metrics.0;
    m.http_seconds.observe(start.elapsed().as_secs_f64());
    m.http_requests
        .get_or_create(&HttpLabels {
            method,
            route,
            status: response.status().as_u16(),
        })
        .inc();
    response
}

/// `GET /metrics`.
pub async fn endpoint(State(metrics): State<Metrics>) -> impl IntoResponse {
    (
        [(
            axum::http::header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        metrics.render(),
    )
}
