//! `tenantEvents` over graphql-transport-ws: authenticated, live, this tenant's only.

use std::time::Duration;

use serde_json::json;

use crate::support::{PASSWORD, TestApp, next_json, ws_connect, ws_subscribe};

#[tokio::test]
async fn members_see_invitations_and_joins_live() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up().await;
    let (mut ws, ack) = ws_connect(&app.ws_url(), Some(&owner.access)).await;
    assert_eq!(ack["type"], "connection_ack");
    ws_subscribe(
        &mut ws,
        "s1",
        "subscription { tenantEvents { id kind at data } }",
    )
    .await;

    let mut invited = None;
    for i in 0..50 {
        let inv = app
            .ok(Some(&owner.access), "mutation($e: String!) { inviteUser(input: {email: $e, role: SUPERVISOR}) { token } }", json!({"e": format!("live{i}@example.com")}))
            .await;
        if let Some(msg) = next_json(&mut ws, Duration::from_millis(200)).await {
            assert_eq!(msg["type"], "next");
            assert_eq!(msg["id"], "s1");
            let ev = &msg["payload"]["data"]["tenantEvents"];
            assert_eq!(ev["kind"], "USER_INVITED");
            assert_eq!(ev["data"]["role"], "SUPERVISOR");
            invited = Some((
                ev["data"]["email"].as_str().unwrap().to_owned(),
                inv["inviteUser"]["token"].as_str().unwrap().to_owned(),
                i,
            ));
            break;
        }
    }
    let (email, _, i) = invited.expect("no USER_INVITED event arrived");
    assert_eq!(email, format!("live{i}@example.com"));
    while next_json(&mut ws, Duration::from_millis(300))
        .await
        .is_some()
    {}

    let inv = app
        .ok(Some(&owner.access), "mutation { inviteUser(input: {email: \"joiner@example.com\", role: AGENT}) { token } }", json!({}))
        .await;
    app.ok(
        None,
        "mutation($i: AcceptInviteInput!) { acceptInvite(input: $i) { accessToken } }",
        json!({"i": {"token": inv["inviteUser"]["token"], "password": PASSWORD}}),
    )
    .await;
    let mut kinds = Vec::new();
    while let Some(msg) = next_json(&mut ws, Duration::from_millis(700)).await {
        kinds.push(
            msg["payload"]["data"]["tenantEvents"]["kind"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
        );
    }
    assert_eq!(kinds, vec!["USER_INVITED", "USER_JOINED"]);
}

#[tokio::test]
async fn subscriptions_need_a_valid_token() {
    let app = TestApp::spawn().await;
    for token in [None, Some("not-a-jwt")] {
        let (mut ws, ack) = ws_connect(&app.ws_url(), token).await;
        assert_eq!(ack["type"], "connection_ack");
        ws_subscribe(&mut ws, "1", "subscription { tenantEvents { kind } }").await;
        let msg = next_json(&mut ws, Duration::from_secs(3))
            .await
            .expect("an error message");
        // Resolver errors arrive as a `next` carrying errors (or as an `error` message).
        let errors = if msg["type"] == "error" {
            &msg["payload"]
        } else {
            &msg["payload"]["errors"]
        };
        assert_eq!(
            errors[0]["extensions"]["code"], "UNAUTHENTICATED",
            "{msg:#}"
        );
    }
}
