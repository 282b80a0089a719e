//! The cross-tenant suite: tenant B uses tenant A's ids everywhere and gets NOT_FOUND (or, for
//! lists and subscriptions, never sees A's rows). Every later capability adds its rows here.

use std::time::Duration;

use serde_json::{Value, json};

use crate::support::{PASSWORD, TestApp, code, next_json, ws_connect, ws_subscribe};

/// A's resources, created by A's owner.
struct TenantA {
    owner_id: String,
    member_id: String,
    pending_invitation_id: String,
    member_email: String,
    invite_email: String,
}

async fn seed_a(app: &TestApp) -> (crate::support::Session, TenantA) {
    let a = app.sign_up().await;
    let member = app.add_member(&a, "a-member@example.com", "AGENT").await;
    let inv = app
        .ok(Some(&a.access), "mutation { inviteUser(input: {email: \"a-pending@example.com\", role: ADMIN}) { id } }", json!({}))
        .await;
    (
        a.clone(),
        TenantA {
            owner_id: a.user_id,
            member_id: member.user_id,
            pending_invitation_id: inv["inviteUser"]["id"].as_str().unwrap().into(),
            member_email: "a-member@example.com".into(),
            invite_email: "a-pending@example.com".into(),
        },
    )
}

#[tokio::test]
async fn tenant_b_gets_not_found_for_every_id_of_tenant_a() {
    let app = TestApp::spawn().await;
    let (_, a) = seed_a(&app).await;
    let b = app.sign_up().await;

    let cases: Vec<(&str, &str, Value)> = vec![
        (
            "deactivate A's owner",
            "mutation($id: ID!) { deactivateUser(id: $id) { id } }",
            json!({"id": a.owner_id}),
        ),
        (
            "deactivate A's member",
            "mutation($id: ID!) { deactivateUser(id: $id) { id } }",
            json!({"id": a.member_id}),
        ),
        (
            "reactivate A's member",
            "mutation($id: ID!) { reactivateUser(id: $id) { id } }",
            json!({"id": a.member_id}),
        ),
        (
            "revoke A's invitation",
            "mutation($id: ID!) { revokeInvitation(id: $id) { id } }",
            json!({"id": a.pending_invitation_id}),
        ),
    ];
    for (name, q, vars) in cases {
        let body = app.gql(Some(&b.access), q, vars).await;
        assert_eq!(code(&body), "NOT_FOUND", "{name}: {body:#}");
    }

    // Lists show only B's own rows.
    let users = app
        .ok(Some(&b.access), "{ users { id email } }", json!({}))
        .await;
    let text = users.to_string();
    for leak in [&a.owner_id, &a.member_id, &a.member_email] {
        assert!(!text.contains(leak.as_str()), "users leaks {leak}");
    }
    let invs = app
        .ok(Some(&b.access), "{ invitations { id email } }", json!({}))
        .await;
    assert_eq!(invs["invitations"], json!([]));
    assert!(!invs.to_string().contains(&a.invite_email));
    let me = app
        .ok(Some(&b.access), "{ me { id tenant { id } } }", json!({}))
        .await;
    assert_eq!(me["me"]["id"], b.user_id.as_str());
}

#[tokio::test]
async fn tokens_of_tenant_a_do_not_open_tenant_b() {
    let app = TestApp::spawn().await;
    let (a, _) = seed_a(&app).await;
    let b = app.sign_up().await;
    // A refresh token with B's tenant id put in front of A's token id and secret.
    let a_parts: Vec<&str> = a.refresh.split('.').collect();
    let b_tenant = b.refresh.split('.').next().unwrap();
    let spliced = format!("{}.{}.{}", b_tenant, a_parts[1], a_parts[2]);
    let r = app
        .gql(
            None,
            "mutation($t: String!) { refresh(refreshToken: $t) { accessToken } }",
            json!({"t": spliced}),
        )
        .await;
    assert_eq!(code(&r), "UNAUTHENTICATED");
    // A's owner credentials do not log in to B.
    let r = app
        .gql(
            None,
            "mutation($i: LogInInput!) { logIn(input: $i) { accessToken } }",
            json!({"i": {"tenantSlug": b.slug, "email": a.email, "password": PASSWORD}}),
        )
        .await;
    assert_eq!(code(&r), "UNAUTHENTICATED");
}

#[tokio::test]
async fn tenant_events_never_reach_another_tenant() {
    let app = TestApp::spawn().await;
    let a = app.sign_up().await;
    let b = app.sign_up().await;
    let (mut ws_b, ack) = ws_connect(&app.ws_url(), Some(&b.access)).await;
    assert_eq!(ack["type"], "connection_ack");
    ws_subscribe(
        &mut ws_b,
        "1",
        "subscription { tenantEvents { kind data } }",
    )
    .await;
    // Wait until B's subscription is live: B's own invitations start arriving.
    let mut live = false;
    for i in 0..50 {
        app.ok(
            Some(&b.access),
            "mutation($e: String!) { inviteUser(input: {email: $e, role: AGENT}) { id } }",
            json!({"e": format!("b{i}@example.com")}),
        )
        .await;
        if let Some(msg) = next_json(&mut ws_b, Duration::from_millis(200)).await {
            assert_eq!(msg["type"], "next", "{msg:#}");
            live = true;
            break;
        }
    }
    assert!(live, "B's subscription never delivered B's own event");
    // Drain stragglers from the warm-up.
    while next_json(&mut ws_b, Duration::from_millis(300))
        .await
        .is_some()
    {}

    app.ok(
        Some(&a.access),
        "mutation { inviteUser(input: {email: \"secret-a@example.com\", role: AGENT}) { id } }",
        json!({}),
    )
    .await;
    app.ok(
        Some(&b.access),
        "mutation { inviteUser(input: {email: \"b-last@example.com\", role: AGENT}) { id } }",
        json!({}),
    )
    .await;
    let mut seen = Vec::new();
    while let Some(msg) = next_json(&mut ws_b, Duration::from_millis(700)).await {
        seen.push(msg);
    }
    let text = serde_json::to_string(&seen).unwrap();
    assert!(
        text.contains("b-last@example.com"),
        "B missed its own event: {text}"
    );
    assert!(
        !text.contains("secret-a@example.com"),
        "A's event reached B: {text}"
    );
}
