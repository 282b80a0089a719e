//! Invitations, roles and deactivation.

use serde_json::json;

use crate::support::{PASSWORD, TestApp, code};

const USERS: &str = "{ users { id email role active } }";
const INVITE: &str = "mutation($i: InviteUserInput!) { inviteUser(input: $i) { id token invitation { email role expiresAt acceptedAt } } }";
const ACCEPT: &str = "mutation($i: AcceptInviteInput!) { acceptInvite(input: $i) { accessToken user { email role } tenant { slug } } }";
const DEACTIVATE: &str = "mutation($id: ID!) { deactivateUser(id: $id) { id active } }";
const REACTIVATE: &str = "mutation($id: ID!) { reactivateUser(id: $id) { id active } }";

#[tokio::test]
async fn invite_accept_and_list() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up().await;
    let inv = app
        .ok(
            Some(&owner.access),
            INVITE,
            json!({"i": {"email": "Agent.One@Example.com", "role": "AGENT"}}),
        )
        .await;
    assert_eq!(
        inv["inviteUser"]["invitation"]["email"],
        "agent.one@example.com"
    );
    assert!(inv["inviteUser"]["invitation"]["acceptedAt"].is_null());
    let listed = app
        .ok(
            Some(&owner.access),
            "{ invitations { id email role acceptedAt } }",
            json!({}),
        )
        .await;
    assert_eq!(listed["invitations"][0]["id"], inv["inviteUser"]["id"]);

    let token = inv["inviteUser"]["token"].as_str().unwrap();
    let weak = app
        .gql(
            None,
            ACCEPT,
            json!({"i": {"token": token, "password": "abc"}}),
        )
        .await;
    assert_eq!(code(&weak), "BAD_USER_INPUT");
    let joined = app
        .ok(
            None,
            ACCEPT,
            json!({"i": {"token": token, "password": PASSWORD}}),
        )
        .await;
    assert_eq!(joined["acceptInvite"]["user"]["role"], "AGENT");
    assert_eq!(joined["acceptInvite"]["tenant"]["slug"], owner.slug);
    // An invitation works once.
    let again = app
        .gql(
            None,
            ACCEPT,
            json!({"i": {"token": token, "password": PASSWORD}}),
        )
        .await;
    assert_eq!(code(&again), "CONFLICT");

    let users = app.ok(Some(&owner.access), USERS, json!({})).await;
    let emails: Vec<_> = users["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| (u["email"].clone(), u["role"].clone()))
        .collect();
    assert_eq!(
        emails,
        vec![
            (json!(owner.email), json!("OWNER")),
            (json!("agent.one@example.com"), json!("AGENT"))
        ]
    );

    // Inviting a member is a conflict.
    let dup = app
        .gql(
            Some(&owner.access),
            INVITE,
            json!({"i": {"email": "agent.one@example.com", "role": "AGENT"}}),
        )
        .await;
    assert_eq!(code(&dup), "CONFLICT");
}

#[tokio::test]
async fn revoked_or_bad_invitations_do_not_admit() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up().await;
    let inv = app
        .ok(
            Some(&owner.access),
            INVITE,
            json!({"i": {"email": "late@example.com", "role": "SUPERVISOR"}}),
        )
        .await;
    let id = inv["inviteUser"]["id"].as_str().unwrap();
    let revoked = app
        .ok(
            Some(&owner.access),
            "mutation($id: ID!) { revokeInvitation(id: $id) { id revokedAt } }",
            json!({"id": id}),
        )
        .await;
    assert!(revoked["revokeInvitation"]["revokedAt"].is_string());
    let token = inv["inviteUser"]["token"].as_str().unwrap();
    let r = app
        .gql(
            None,
            ACCEPT,
            json!({"i": {"token": token, "password": PASSWORD}}),
        )
        .await;
    assert_eq!(code(&r), "UNAUTHENTICATED");
    let mut tampered = token.to_owned();
    tampered.replace_range(tampered.len() - 4.., "AAAA");
    let r = app
        .gql(
            None,
            ACCEPT,
            json!({"i": {"token": tampered, "password": PASSWORD}}),
        )
        .await;
    assert_eq!(code(&r), "UNAUTHENTICATED");
    let users = app.ok(Some(&owner.access), USERS, json!({})).await;
    assert_eq!(
        users["users"].as_array().unwrap().len(),
        1,
        "nothing joined"
    );

    // A new invitation for the same email replaces a pending one.
    let first = app
        .ok(
            Some(&owner.access),
            INVITE,
            json!({"i": {"email": "twice@example.com", "role": "AGENT"}}),
        )
        .await;
    app.ok(
        Some(&owner.access),
        INVITE,
        json!({"i": {"email": "twice@example.com", "role": "ADMIN"}}),
    )
    .await;
    let old = first["inviteUser"]["token"].as_str().unwrap();
    assert_eq!(
        code(
            &app.gql(
                None,
                ACCEPT,
                json!({"i": {"token": old, "password": PASSWORD}})
            )
            .await
        ),
        "UNAUTHENTICATED"
    );
}

#[tokio::test]
async fn roles_limit_who_may_do_what() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up().await;
    let admin = app.add_member(&owner, "admin@example.com", "ADMIN").await;
    let sup = app
        .add_member(&owner, "sup@example.com", "SUPERVISOR")
        .await;
    let agent = app.add_member(&admin, "agent@example.com", "AGENT").await;

    let invite = |who: &str, role: &str| json!({"i": {"email": format!("{who}-{role}@example.com").to_lowercase(), "role": role}});
    assert_eq!(
        code(
            &app.gql(Some(&agent.access), INVITE, invite("agent", "AGENT"))
                .await
        ),
        "FORBIDDEN"
    );
    assert_eq!(
        code(
            &app.gql(Some(&sup.access), INVITE, invite("sup", "AGENT"))
                .await
        ),
        "FORBIDDEN"
    );
    assert_eq!(
        code(
            &app.gql(Some(&admin.access), INVITE, invite("admin", "OWNER"))
                .await
        ),
        "FORBIDDEN"
    );
    app.ok(Some(&owner.access), INVITE, invite("owner", "OWNER"))
        .await;

    assert_eq!(
        code(&app.gql(Some(&agent.access), USERS, json!({})).await),
        "FORBIDDEN"
    );
    app.ok(Some(&sup.access), USERS, json!({})).await;
    assert_eq!(
        code(
            &app.gql(Some(&sup.access), "{ invitations { id } }", json!({}))
                .await
        ),
        "FORBIDDEN"
    );
    // Every role can see itself.
    let me = app
        .ok(Some(&agent.access), "{ me { role } }", json!({}))
        .await;
    assert_eq!(me["me"]["role"], "AGENT");
    // An admin may not deactivate the owner.
    assert_eq!(
        code(
            &app.gql(
                Some(&admin.access),
                DEACTIVATE,
                json!({"id": owner.user_id})
            )
            .await
        ),
        "FORBIDDEN"
    );
}

#[tokio::test]
async fn deactivation_ends_access_at_once_and_reactivation_restores_it() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up().await;
    let agent = app.add_member(&owner, "leaver@example.com", "AGENT").await;
    app.ok(Some(&agent.access), "{ me { id } }", json!({}))
        .await;

    let d = app
        .ok(
            Some(&owner.access),
            DEACTIVATE,
            json!({"id": agent.user_id}),
        )
        .await;
    assert_eq!(d["deactivateUser"]["active"], false);
    // The still-unexpired access token no longer works, nor does refresh or log-in.
    assert_eq!(
        code(
            &app.gql(Some(&agent.access), "{ me { id } }", json!({}))
                .await
        ),
        "UNAUTHENTICATED"
    );
    let refresh = app
        .gql(
            None,
            "mutation($t: String!) { refresh(refreshToken: $t) { accessToken } }",
            json!({"t": agent.refresh}),
        )
        .await;
    assert_eq!(code(&refresh), "UNAUTHENTICATED");
    let login = "mutation($i: LogInInput!) { logIn(input: $i) { accessToken } }";
    let creds =
        json!({"i": {"tenantSlug": owner.slug, "email": agent.email, "password": PASSWORD}});
    assert_eq!(
        code(&app.gql(None, login, creds.clone()).await),
        "UNAUTHENTICATED"
    );
    let users = app.ok(Some(&owner.access), USERS, json!({})).await;
    let leaver = users["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == agent.user_id.as_str())
        .cloned()
        .unwrap();
    assert_eq!(leaver["active"], false);

    let r = app
        .ok(
            Some(&owner.access),
            REACTIVATE,
            json!({"id": agent.user_id}),
        )
        .await;
    assert_eq!(r["reactivateUser"]["active"], true);
    app.ok(None, login, creds).await;

    // Nobody deactivates themselves; malformed ids are bad input.
    assert_eq!(
        code(
            &app.gql(
                Some(&owner.access),
                DEACTIVATE,
                json!({"id": owner.user_id})
            )
            .await
        ),
        "CONFLICT"
    );
    assert_eq!(
        code(
            &app.gql(Some(&owner.access), DEACTIVATE, json!({"id": "not-a-uuid"}))
                .await
        ),
        "BAD_USER_INPUT"
    );
    assert_eq!(
        code(
            &app.gql(
                Some(&owner.access),
                DEACTIVATE,
                json!({"id": uuid::Uuid::now_v7().to_string()})
            )
            .await
        ),
        "NOT_FOUND"
    );
}
