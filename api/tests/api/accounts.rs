//! Sign-up, log-in, refresh rotation, log-out, password changes, and token checks.

use serde_json::json;

use crate::support::{PASSWORD, SECRET, TestApp, code, unique};

const ME: &str = "{ me { id email role tenant { id slug } } }";
const LOG_IN: &str = "mutation($i: LogInInput!) { logIn(input: $i) { accessToken refreshToken user { email role } tenant { slug } } }";
const REFRESH: &str =
    "mutation($t: String!) { refresh(refreshToken: $t) { accessToken refreshToken user { id } } }";

#[tokio::test]
async fn sign_up_creates_tenant_and_owner_who_can_see_themselves() {
    let app = TestApp::spawn().await;
    let s = app.sign_up().await;
    let me = app.ok(Some(&s.access), ME, json!({})).await;
    assert_eq!(me["me"]["email"], s.email);
    assert_eq!(me["me"]["role"], "OWNER");
    assert_eq!(me["me"]["tenant"]["slug"], s.slug);
    assert_eq!(me["me"]["tenant"]["id"], s.tenant_id);
    // Ids are UUIDv7.
    let id = uuid::Uuid::parse_str(&s.user_id).unwrap();
    assert_eq!(id.get_version_num(), 7);
}

#[tokio::test]
async fn sign_up_refuses_bad_input_and_duplicates_and_stores_nothing() {
    let app = TestApp::spawn().await;
    let taken = app.sign_up().await;
    let q = "mutation($i: SignUpInput!) { signUp(input: $i) { accessToken } }";
    let slug = unique("fresh");
    let cases = [
        (
            "duplicate slug",
            json!({"tenantName": "X", "tenantSlug": taken.slug, "email": "a@b.example", "password": PASSWORD}),
            "CONFLICT",
        ),
        (
            "weak password",
            json!({"tenantName": "X", "tenantSlug": slug, "email": "a@b.example", "password": "password1"}),
            "BAD_USER_INPUT",
        ),
        (
            "short password",
            json!({"tenantName": "X", "tenantSlug": slug, "email": "a@b.example", "password": "Ab1!"}),
            "BAD_USER_INPUT",
        ),
        (
            "bad email",
            json!({"tenantName": "X", "tenantSlug": slug, "email": "not-an-email", "password": PASSWORD}),
            "BAD_USER_INPUT",
        ),
        (
            "bad slug",
            json!({"tenantName": "X", "tenantSlug": "Has Spaces", "email": "a@b.example", "password": PASSWORD}),
            "BAD_USER_INPUT",
        ),
        (
            "reserved slug",
            json!({"tenantName": "X", "tenantSlug": "graphql", "email": "a@b.example", "password": PASSWORD}),
            "BAD_USER_INPUT",
        ),
        (
            "empty name",
            json!({"tenantName": "  ", "tenantSlug": slug, "email": "a@b.example", "password": PASSWORD}),
            "BAD_USER_INPUT",
        ),
        (
            "missing field",
            json!({"tenantSlug": slug, "email": "a@b.example", "password": PASSWORD}),
            "BAD_USER_INPUT",
        ),
    ];
    for (name, input, expected) in cases {
        let body = app.gql(None, q, json!({ "i": input })).await;
        assert_eq!(code(&body), expected, "{name}: {body:#}");
        assert!(
            !body["errors"][0]["message"].as_str().unwrap().is_empty(),
            "{name}"
        );
    }
    let weak = app
        .gql(None, q, json!({"i": {"tenantName": "X", "tenantSlug": slug, "email": "a@b.example", "password": "password1"}}))
        .await;
    assert_eq!(weak["errors"][0]["extensions"]["field"], "password");
    // None of the refused sign-ups left a tenant behind: the fresh slug is still free.
    let ok = app
        .gql(None, q, json!({"i": {"tenantName": "X", "tenantSlug": slug, "email": "a@b.example", "password": PASSWORD}}))
        .await;
    assert!(ok.get("errors").is_none(), "{ok:#}");
}

#[tokio::test]
async fn log_in_with_right_and_wrong_credentials() {
    let app = TestApp::spawn().await;
    let s = app.sign_up().await;
    let d = app
        .ok(None, LOG_IN, json!({"i": {"tenantSlug": s.slug, "email": s.email.to_uppercase(), "password": PASSWORD}}))
        .await;
    assert_eq!(d["logIn"]["user"]["role"], "OWNER");
    let token = d["logIn"]["accessToken"].as_str().unwrap();
    app.ok(Some(token), ME, json!({})).await;

    let wrong_pw = app
        .gql(
            None,
            LOG_IN,
            json!({"i": {"tenantSlug": s.slug, "email": s.email, "password": "Wrong-Password-1"}}),
        )
        .await;
    let wrong_tenant = app
        .gql(
            None,
            LOG_IN,
            json!({"i": {"tenantSlug": "no-such-org", "email": s.email, "password": PASSWORD}}),
        )
        .await;
    assert_eq!(code(&wrong_pw), "UNAUTHENTICATED");
    assert_eq!(code(&wrong_tenant), "UNAUTHENTICATED");
    // Same message whichever part was wrong: no account enumeration.
    assert_eq!(
        wrong_pw["errors"][0]["message"],
        wrong_tenant["errors"][0]["message"]
    );
}

#[tokio::test]
async fn failed_log_ins_are_rate_limited_per_account_and_per_address() {
    let app = TestApp::spawn_with(|c| c.auth.max_failures_per_address = 8).await;
    let s = app.sign_up().await;
    let attempt = |pw: &'static str, email: String| {
        let app = &app;
        let slug = s.slug.clone();
        async move {
            app.gql(
                None,
                LOG_IN,
                json!({"i": {"tenantSlug": slug, "email": email, "password": pw}}),
            )
            .await
        }
    };
    for _ in 0..5 {
        assert_eq!(
            code(&attempt("Wrong-Password-1", s.email.clone()).await),
            "UNAUTHENTICATED"
        );
    }
    // The sixth try is refused even with the right password.
    let limited = attempt(PASSWORD, s.email.clone()).await;
    assert_eq!(code(&limited), "RATE_LIMITED", "{limited:#}");
    assert!(
        limited["errors"][0]["extensions"]["retryAfter"]
            .as_i64()
            .unwrap()
            > 0
    );

    // Per address: failures spread over other accounts reach the address limit (8).
    for i in 0..3 {
        let r = attempt("Wrong-Password-1", format!("nobody{i}@x.example")).await;
        assert_eq!(code(&r), "UNAUTHENTICATED");
    }
    let r = attempt("Wrong-Password-1", "someone-else@x.example".into()).await;
    assert_eq!(code(&r), "RATE_LIMITED", "{r:#}");
}

#[tokio::test]
async fn refresh_rotates_and_reuse_revokes_the_family() {
    let app = TestApp::spawn().await;
    let s = app.sign_up().await;
    let first = app.ok(None, REFRESH, json!({"t": s.refresh})).await;
    let next = first["refresh"]["refreshToken"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(next, s.refresh);
    assert_eq!(first["refresh"]["user"]["id"], s.user_id);
    app.ok(
        Some(first["refresh"]["accessToken"].as_str().unwrap()),
        ME,
        json!({}),
    )
    .await;

    // Presenting the old token again is reuse: refused, and the newer token dies too.
    let reuse = app.gql(None, REFRESH, json!({"t": s.refresh})).await;
    assert_eq!(code(&reuse), "UNAUTHENTICATED");
    let after = app.gql(None, REFRESH, json!({"t": next})).await;
    assert_eq!(code(&after), "UNAUTHENTICATED", "{after:#}");

    for junk in [
        "",
        "garbage",
        "a.b.c",
        &format!("{}.{}", s.tenant_id, s.user_id),
    ] {
        assert_eq!(
            code(&app.gql(None, REFRESH, json!({"t": junk})).await),
            "UNAUTHENTICATED"
        );
    }
}

#[tokio::test]
async fn log_out_ends_the_session() {
    let app = TestApp::spawn().await;
    let s = app.sign_up().await;
    let d = app
        .ok(
            None,
            "mutation($t: String!) { logOut(refreshToken: $t) }",
            json!({"t": s.refresh}),
        )
        .await;
    assert_eq!(d["logOut"], true);
    assert_eq!(
        code(&app.gql(None, REFRESH, json!({"t": s.refresh})).await),
        "UNAUTHENTICATED"
    );
}

#[tokio::test]
async fn change_password_checks_the_current_one_and_ends_sessions() {
    let app = TestApp::spawn().await;
    let s = app.sign_up().await;
    let q = "mutation($i: ChangePasswordInput!) { changePassword(input: $i) }";
    let wrong = app
        .gql(
            Some(&s.access),
            q,
            json!({"i": {"currentPassword": "nope-nope-nope", "newPassword": "Another-Ferry-77"}}),
        )
        .await;
    assert_eq!(code(&wrong), "UNAUTHENTICATED");
    let weak = app
        .gql(
            Some(&s.access),
            q,
            json!({"i": {"currentPassword": PASSWORD, "newPassword": "12345678"}}),
        )
        .await;
    assert_eq!(code(&weak), "BAD_USER_INPUT");
    app.ok(
        Some(&s.access),
        q,
        json!({"i": {"currentPassword": PASSWORD, "newPassword": "Another-Ferry-77"}}),
    )
    .await;
    assert_eq!(
        code(&app.gql(None, REFRESH, json!({"t": s.refresh})).await),
        "UNAUTHENTICATED"
    );
    let old = app
        .gql(
            None,
            LOG_IN,
            json!({"i": {"tenantSlug": s.slug, "email": s.email, "password": PASSWORD}}),
        )
        .await;
    assert_eq!(code(&old), "UNAUTHENTICATED");
    app.ok(
        None,
        LOG_IN,
        json!({"i": {"tenantSlug": s.slug, "email": s.email, "password": "Another-Ferry-77"}}),
    )
    .await;
}

#[tokio::test]
async fn missing_malformed_forged_and_expired_tokens_are_unauthenticated() {
    use jsonwebtoken::{EncodingKey, Header, encode};
    let app = TestApp::spawn().await;
    let s = app.sign_up().await;
    let now = chrono::Utc::now().timestamp();
    let claims = |exp: i64| json!({"sub": s.user_id, "tid": s.tenant_id, "role": "owner", "iat": now - 100, "exp": exp, "iss": "qiao"});
    let forged = encode(
        &Header::default(),
        &claims(now + 600),
        &EncodingKey::from_secret(b"not-the-server-secret-not-the-server"),
    )
    .unwrap();
    let expired = encode(
        &Header::default(),
        &claims(now - 60),
        &EncodingKey::from_secret(SECRET.as_bytes()),
    )
    .unwrap();
    let valid = encode(
        &Header::default(),
        &claims(now + 600),
        &EncodingKey::from_secret(SECRET.as_bytes()),
    )
    .unwrap();
    let unsigned = {
        let (head, rest) = valid.split_once('.').unwrap();
        let _ = head;
        let payload = rest.split('.').next().unwrap();
        format!("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.{payload}.")
    };
    app.ok(Some(&valid), ME, json!({})).await;

    assert_eq!(code(&app.gql(None, ME, json!({})).await), "UNAUTHENTICATED");
    for (name, token) in [
        ("forged", forged),
        ("expired", expired),
        ("alg none", unsigned),
        ("garbage", "x.y.z".into()),
    ] {
        let body = app.gql(Some(&token), ME, json!({})).await;
        assert_eq!(code(&body), "UNAUTHENTICATED", "{name}: {body:#}");
    }
    let expired_body = app
        .gql(
            Some(
                &encode(
                    &Header::default(),
                    &claims(now - 60),
                    &EncodingKey::from_secret(SECRET.as_bytes()),
                )
                .unwrap(),
            ),
            ME,
            json!({}),
        )
        .await;
    assert!(
        expired_body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("expired")
    );

    let raw = app
        .http
        .post(format!("{}/graphql", app.url))
        .header("authorization", "Token abc")
        .json(&json!({"query": ME}))
        .send()
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .unwrap();
    assert_eq!(code(&raw), "UNAUTHENTICATED");
}
