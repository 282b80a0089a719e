//! Oversized, malformed, invalid, too deep and too complex requests get clear, coded errors.

use serde_json::json;

use crate::support::{TestApp, code};

#[tokio::test]
async fn oversized_body_is_refused_with_413() {
    let app = TestApp::spawn().await;
    let big = format!("{{ me {{ id }} }} # {}", "x".repeat(70 * 1024));
    let res = app
        .http
        .post(format!("{}/graphql", app.url))
        .json(&json!({"query": big}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 413);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(code(&body), "BAD_USER_INPUT");
}

#[tokio::test]
async fn malformed_requests_are_bad_input() {
    let app = TestApp::spawn().await;
    let res = app
        .http
        .post(format!("{}/graphql", app.url))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    assert_eq!(code(&res.json().await.unwrap()), "BAD_USER_INPUT");

    for q in [
        "{ me { id ",
        "{ nosuchfield }",
        "mutation { signUp(input: {tenantName: 1}) { accessToken } }",
        "{ me { id } } { me { id } }",
    ] {
        let body = app.gql(None, q, json!({})).await;
        assert_eq!(code(&body), "BAD_USER_INPUT", "{q}: {body:#}");
    }
    // A variable of the wrong type.
    let body = app
        .gql(
            None,
            "mutation($i: InviteUserInput!) { inviteUser(input: $i) { id } }",
            json!({"i": {"email": "a@b.c", "role": "BOSS"}}),
        )
        .await;
    assert_eq!(code(&body), "BAD_USER_INPUT");
}

#[tokio::test]
async fn deeply_nested_and_too_complex_queries_are_refused() {
    let app = TestApp::spawn().await;
    let mut deep = String::from("name");
    for _ in 0..20 {
        deep = format!("ofType {{ {deep} }}");
    }
    let q = format!("{{ __schema {{ types {{ fields {{ type {{ {deep} }} }} }} }} }}");
    let body = app.gql(None, &q, json!({})).await;
    assert_eq!(code(&body), "BAD_USER_INPUT", "{body:#}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("deep"),
        "{body:#}"
    );

    let fields: String = (0..1200).map(|i| format!("a{i}: me {{ id }} ")).collect();
    let body = app.gql(None, &format!("{{ {fields} }}"), json!({})).await;
    assert_eq!(code(&body), "BAD_USER_INPUT", "{body:#}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("complex"),
        "{body:#}"
    );
}
