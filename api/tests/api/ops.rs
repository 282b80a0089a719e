//! Health, readiness, metrics, GraphiQL, and the committed schema staying in step with the code.

use serde_json::json;

use crate::support::TestApp;

#[tokio::test]
async fn health_readiness_and_metrics() {
    let app = TestApp::spawn().await;
    let health = app
        .http
        .get(format!("{}/healthz", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
    let ready = app
        .http
        .get(format!("{}/readyz", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(ready.status(), 200);
    let r: serde_json::Value = ready.json().await.unwrap();
    assert_eq!(r["database"], true);
    assert_eq!(r["bus"], true);

    app.gql(None, "{ __typename }", json!({})).await;
    let metrics = app
        .http
        .get(format!("{}/metrics", app.url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(metrics.contains("qiao_http_requests_total{"), "{metrics}");
    assert!(metrics.contains("route=\"/graphql\""), "{metrics}");
    assert!(
        metrics.contains("qiao_graphql_requests_total{outcome=\"ok\"}"),
        "{metrics}"
    );
}

#[tokio::test]
async fn graphiql_and_console_notice_are_served() {
    let app = TestApp::spawn().await;
    let page = app
        .http
        .get(format!("{}/graphql", app.url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("graphiql"), "GraphiQL page expected");
    let root = app.http.get(format!("{}/", app.url)).send().await.unwrap();
    assert_eq!(root.status(), 404);
    assert!(root.text().await.unwrap().contains("console is not built"));
}

#[tokio::test]
async fn committed_schema_matches_the_code() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../schema.graphql");
    let sdl = qiao_api::graphql::sdl();
    if std::env::var("UPDATE_SCHEMA").is_ok() {
        std::fs::write(path, &sdl).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap();
    assert!(
        committed == sdl,
        "schema.graphql drifted from the code: run `UPDATE_SCHEMA=1 cargo test -p qiao-api --test api committed_schema` (or `qiao schema > schema.graphql`) and commit it"
    );
}

#[tokio::test]
async fn graceful_stop_closes_subscriptions() {
    let mut app = TestApp::spawn().await;
    let s = app.sign_up().await;
    let (mut ws, ack) = crate::support::ws_connect(&app.ws_url(), Some(&s.access)).await;
    assert_eq!(ack["type"], "connection_ack");
    crate::support::ws_subscribe(&mut ws, "1", "subscription { tenantEvents { kind } }").await;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let running = app.running.take().unwrap();
    tokio::time::timeout(
        std::time::Duration::from_secs(12),
        running.stop(std::time::Duration::from_secs(10)),
    )
    .await
    .expect("stop returned")
    .expect("clean stop");
    // The server ended the subscription: a `complete` message or a closed socket, not silence.
    use futures::StreamExt;
    let ended = tokio::time::timeout(std::time::Duration::from_secs(3), async {
        loop {
            match ws.next().await {
                None | Some(Err(_)) => return "closed".to_owned(),
                Some(Ok(tokio_tungstenite::tungstenite::Message::Close(_))) => {
                    return "closed".to_owned();
                }
                Some(Ok(tokio_tungstenite::tungstenite::Message::Text(t))) => {
                    let v: serde_json::Value = serde_json::from_str(&t).unwrap();
                    if v["type"] != "ping" {
                        return v["type"].as_str().unwrap_or_default().to_owned();
                    }
                }
                Some(Ok(_)) => {}
            }
        }
    })
    .await
    .expect("the subscription was still open after shutdown");
    assert!(ended == "complete" || ended == "closed", "{ended}");
}
