//! The GraphQL endpoint: schema, `POST /graphql`, and `GET /graphql` for GraphiQL and
//! subscriptions over WebSocket (graphql-transport-ws and the older graphql-ws protocol).

mod accounts;
mod agents;
mod calls;
mod cards;
mod cases;
mod center;
mod contacts;
mod departments;
mod kit;
mod knowledge;
mod prompts;
mod requests;
mod softphone;
mod subscription;
pub mod types;

use std::net::SocketAddr;

use async_graphql::http::{
    ALL_WEBSOCKET_PROTOCOLS, GraphiQLSource, MultipartOptions, receive_body,
};
use async_graphql::{Data, Schema};
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::Extension;
use axum::body::Body;
use axum::extract::{ConnectInfo, FromRequestParts, State, WebSocketUpgrade};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde_json::json;

use crate::caller::Caller;
use crate::error::{code, ensure_codes};
use crate::state::AppState;

pub use accounts::{AccountMutation, AccountQuery};
pub use subscription::SubscriptionRoot;

/// Every query, by capability.
#[derive(async_graphql::MergedObject, Default)]
pub struct Query(
    AccountQuery,
    center::CenterQuery,
    prompts::PromptQuery,
    knowledge::KnowledgeQuery,
    cards::CardQuery,
    contacts::ContactQuery,
    departments::DepartmentQuery,
    cases::CaseQuery,
    requests::RequestQuery,
    calls::CallQuery,
    agents::AgentQuery,
);

/// Every mutation, by capability.
#[derive(async_graphql::MergedObject, Default)]
pub struct Mutation(
    AccountMutation,
    center::CenterMutation,
    prompts::PromptMutation,
    knowledge::KnowledgeMutation,
    cards::CardMutation,
    contacts::ContactMutation,
    departments::DepartmentMutation,
    cases::CaseMutation,
    requests::RequestMutation,
    agents::AgentMutation,
    softphone::SoftphoneMutation,
);

pub type QiaoSchema = Schema<Query, Mutation, SubscriptionRoot>;

/// The app state and the authenticated caller's tenant context, for every resolver.
pub(crate) async fn tenant<'a>(
    cx: &'a async_graphql::Context<'_>,
) -> async_graphql::Result<(&'a AppState, &'a qiao_tenants::TenantCtx)> {
    use crate::error::Gql;
    let (state, caller) = (cx.data::<AppState>()?, cx.data::<Caller>()?);
    let ctx = caller.tenant(&state.accounts).await.gql()?;
    kit::record_tenant(ctx);
    Ok((state, ctx))
}

/// Builds the schema with its depth and complexity limits.
pub fn schema(max_depth: usize, max_complexity: usize) -> QiaoSchema {
    Schema::build(
        Query::default(),
        Mutation::default(),
        SubscriptionRoot::default(),
    )
    .limit_depth(max_depth)
    .limit_complexity(max_complexity)
    .limit_recursive_depth(64)
    .limit_directives(16)
    .finish()
}

/// The schema in SDL, as committed in `schema.graphql`.
pub fn sdl() -> String {
    schema(16, 1000).sdl()
}

fn error_response(status: StatusCode, message: &str) -> Response {
    let body = json!({ "data": null, "errors": [{ "message": message, "extensions": { "code": code::BAD_USER_INPUT } }] });
    (status, axum::Json(body)).into_response()
}

/// `POST /graphql`.
pub async fn post(
    State(state): State<AppState>,
    Extension(schema): Extension<QiaoSchema>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let multipart = content_type
        .as_deref()
        .is_some_and(|c| c.starts_with("multipart/form-data"));
    let upload_limit = state.config.objects.max_upload_bytes;
    let limit = if multipart {
        upload_limit + 64 * 1024
    } else {
        state.config.http.max_body_bytes
    };
    let Ok(bytes) = axum::body::to_bytes(body, limit).await else {
        return error_response(
            StatusCode::PAYLOAD_TOO_LARGE,
            &format!("the request is larger than {limit} bytes"),
        );
    };
    let request: async_graphql::Request = if multipart {
        let opts = MultipartOptions::default()
            .max_file_size(upload_limit)
            .max_num_files(4);
        match receive_body(content_type, futures::io::Cursor::new(bytes), opts).await {
            Ok(r) => r,
            Err(e) => {
                return error_response(
                    StatusCode::BAD_REQUEST,
                    &format!("the multipart request is not valid: {e}"),
                );
            }
        }
    } else {
        match serde_json::from_slice(&bytes) {
            Ok(r) => r,
            Err(e) => {
                return error_response(
                    StatusCode::BAD_REQUEST,
                    &format!("the body must be a GraphQL request in JSON: {e}"),
                );
            }
        }
    };
    let caller = caller_from(&state, &headers, peer, None);
    let request = request.data(caller).data(state.clone());
    // One span per operation; the resolver kit records the caller's tenant in it.
    let span = tracing::info_span!(
        "graphql",
        operation = request.operation_name.as_deref().unwrap_or("-"),
        tenant_id = tracing::field::Empty,
    );
    let mut response = tracing::Instrument::instrument(schema.execute(request), span).await;
    ensure_codes(&mut response.errors);
    state.metrics.graphql_request(response.errors.is_empty());
    axum::Json(response).into_response()
}

/// `GET /graphql`: a WebSocket upgrade for subscriptions, or GraphiQL in a browser.
pub async fn get(
    State(state): State<AppState>,
    Extension(schema): Extension<QiaoSchema>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    req: axum::extract::Request,
) -> Response {
    let (mut parts, _) = req.into_parts();
    let is_upgrade = parts
        .headers
        .get(header::UPGRADE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("websocket"));
    if !is_upgrade {
        if state.config.http.graphiql {
            return Html(
                GraphiQLSource::build()
                    .endpoint("/graphql")
                    .subscription_endpoint("/graphql")
                    .finish(),
            )
            .into_response();
        }
        return error_response(
            StatusCode::METHOD_NOT_ALLOWED,
            "use POST for GraphQL requests",
        );
    }
    let protocol = match GraphQLProtocol::from_request_parts(&mut parts, &state).await {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let upgrade = match WebSocketUpgrade::from_request_parts(&mut parts, &state).await {
        Ok(u) => u,
        Err(e) => return e.into_response(),
    };
    let headers = parts.headers;
    upgrade
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |socket| async move {
            let metrics = state.metrics.clone();
            metrics.websocket_opened();
            GraphQLWebSocket::new(socket, schema, protocol)
                .on_connection_init(move |payload| async move {
                    let authorization = ["authorization", "Authorization", "accessToken", "token"]
                        .iter()
                        .find_map(|k| payload.get(*k).and_then(|v| v.as_str()))
                        .map(|v| {
                            if v.contains(' ') {
                                v.to_owned()
                            } else {
                                format!("Bearer {v}")
                            }
                        });
                    let mut data = Data::default();
                    data.insert(state.clone());
                    data.insert(caller_from(
                        &state,
                        &headers,
                        peer,
                        authorization.as_deref(),
                    ));
                    Ok(data)
                })
                .serve()
                .await;
            metrics.websocket_closed();
        })
}

/// The caller of a request: its bearer token (from `authorization`, else the header) and
/// client address (from `X-Forwarded-For` only when configured to trust it).
fn caller_from(
    state: &AppState,
    headers: &HeaderMap,
    peer: SocketAddr,
    authorization: Option<&str>,
) -> Caller {
    let header = authorization.map(str::to_owned).or_else(|| {
        headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    });
    let token = header.map(|h| state.jwt.verify_header(&h));
    let forwarded = state
        .config
        .http
        .trust_forwarded_for
        .then(|| {
            headers
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.split(',').next())
                .and_then(|v| v.trim().parse().ok())
        })
        .flatten();
    Caller::new(token, Some(forwarded.unwrap_or(peer.ip())))
}
