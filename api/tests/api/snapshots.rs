//! Snapshot tests (insta) of response shapes clients depend on: a session and a coded error.

use serde_json::json;

use crate::support::{PASSWORD, TestApp};

const SIGN_UP: &str = "mutation($i: SignUpInput!) { signUp(input: $i) { accessToken refreshToken expiresIn user { id email role active createdAt tenant { id slug name } } tenant { id slug name createdAt } } }";

#[tokio::test]
async fn sign_up_payload_and_conflict_error() {
    let app = TestApp::spawn().await;
    let input = json!({"i": {"tenantName": "  Snapshot Coach 快照客运 ", "tenantSlug": "snapshot-coach", "email": "Owner@Snapshot.Example", "password": PASSWORD}});
    let ok = app.gql(None, SIGN_UP, input.clone()).await;
    insta::assert_json_snapshot!("sign_up_payload", ok, {
        ".data.signUp.accessToken" => "[jwt]",
        ".data.signUp.refreshToken" => "[refresh token]",
        ".**.id" => "[uuid]",
        ".**.createdAt" => "[timestamp]",
    });
    let conflict = app.gql(None, SIGN_UP, input).await;
    insta::assert_json_snapshot!("sign_up_conflict", conflict);
}
