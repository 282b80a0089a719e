//! Member cards: the ledger's rules, idempotency, PIN lock-out, exactness under concurrency
//! and auditing. Tenant isolation: `cross_tenant.rs`.

use std::sync::Arc;

use serde_json::{Value, json};

use crate::support::{Session, TestApp, code};

const CREATE: &str = "mutation($i: MemberCardInput!) { createMemberCard(input: $i) { id cardNumber balanceMinor points } }";
const POST: &str = "mutation($i: CardTransactionInput!) { postCardTransaction(input: $i) { replayed entry { kind amountMinor pointsDelta balanceAfter pointsAfter } card { balanceMinor points } } }";
const CARD: &str = "query($id: ID!) { memberCard(id: $id) { balanceMinor points ledger(limit: 1000) { kind amountMinor pointsDelta idempotencyKey } } }";

async fn card(app: &TestApp, s: &Session, number: &str) -> String {
    let d = app
        .ok(
            Some(&s.access),
            CREATE,
            json!({"i": {"cardNumber": number, "pin": "1234"}}),
        )
        .await;
    d["createMemberCard"]["id"].as_str().unwrap().to_owned()
}

fn tx(card: &str, kind: &str, amount: i64, points: i64) -> Value {
    json!({"i": {"cardId": card, "kind": kind, "amountMinor": amount, "points": points, "reason": "test"}})
}

/// The card's balance and points equal the sums of its ledger.
async fn assert_balanced(app: &TestApp, s: &Session, id: &str) -> (i64, i64) {
    let d = app.ok(Some(&s.access), CARD, json!({"id": id})).await;
    let c = &d["memberCard"];
    let ledger = c["ledger"].as_array().unwrap();
    let money: i64 = ledger
        .iter()
        .map(|e| e["amountMinor"].as_i64().unwrap())
        .sum();
    let points: i64 = ledger
        .iter()
        .map(|e| e["pointsDelta"].as_i64().unwrap())
        .sum();
    assert_eq!(
        c["balanceMinor"].as_i64().unwrap(),
        money,
        "balance vs ledger"
    );
    assert_eq!(c["points"].as_i64().unwrap(), points, "points vs ledger");
    (money, points)
}

#[tokio::test]
async fn the_ledger_moves_money_and_points_and_refuses_what_it_cannot_do() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up().await;
    let agent = app.add_member(&owner, "agent@example.com", "AGENT").await;
    assert_eq!(
        code(
            &app.gql(
                Some(&agent.access),
                CREATE,
                json!({"i": {"cardNumber": "2000000001", "pin": "1234"}})
            )
            .await
        ),
        "FORBIDDEN"
    );
    let id = card(&app, &owner, "1000000001").await;
    let a = Some(agent.access.as_str());
    let r = app.ok(a, POST, tx(&id, "TOP_UP", 10_000, 0)).await;
    assert_eq!(r["postCardTransaction"]["entry"]["balanceAfter"], 10_000);
    app.ok(a, POST, tx(&id, "SPEND", 2_500, 0)).await;
    let over = app.gql(a, POST, tx(&id, "SPEND", 7_501, 0)).await;
    assert_eq!(code(&over), "BAD_USER_INPUT");
    assert!(
        over["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("75.00"),
        "{over:#}"
    );
    app.ok(a, POST, tx(&id, "ACCRUE", 0, 120)).await;
    assert_eq!(
        code(&app.gql(a, POST, tx(&id, "REDEEM", 0, 121)).await),
        "BAD_USER_INPUT"
    );
    app.ok(a, POST, tx(&id, "REDEEM", 0, 20)).await;
    app.ok(a, POST, tx(&id, "REFUND", 500, 0)).await;
    assert_eq!(
        code(&app.gql(a, POST, tx(&id, "SPEND", -5, 0)).await),
        "BAD_USER_INPUT"
    );
    assert_eq!(code(&app.gql(a, POST, json!({"i": {"cardId": id, "kind": "ADJUST", "amountMinor": -100, "reason": "goodwill"}})).await), "FORBIDDEN");
    app.ok(
        Some(&owner.access),
        POST,
        json!({"i": {"cardId": id, "kind": "ADJUST", "amountMinor": -100, "reason": "correction"}}),
    )
    .await;
    let (money, points) = assert_balanced(&app, &owner, &id).await;
    assert_eq!((money, points), (10_000 - 2_500 + 500 - 100, 100));
    let d = app.ok(Some(&owner.access), CARD, json!({"id": id})).await;
    assert_eq!(
        d["memberCard"]["ledger"][0]["kind"], "adjust",
        "newest first"
    );
    assert_eq!(
        code(
            &app.gql(
                Some(&owner.access),
                CREATE,
                json!({"i": {"cardNumber": "1000000001", "pin": "1234"}})
            )
            .await
        ),
        "CONFLICT"
    );
    assert_eq!(
        code(
            &app.gql(
                Some(&owner.access),
                CREATE,
                json!({"i": {"cardNumber": "12ab", "pin": "1234"}})
            )
            .await
        ),
        "BAD_USER_INPUT"
    );
}

#[tokio::test]
async fn idempotency_keys_replay_and_refuse_different_bodies() {
    let app = TestApp::spawn().await;
    let s = app.sign_up().await;
    let id = card(&app, &s, "1000000002").await;
    let t = Some(s.access.as_str());
    app.ok(t, POST, tx(&id, "TOP_UP", 1_000, 0)).await;
    let keyed = |amount: i64| json!({"i": {"cardId": id, "kind": "SPEND", "amountMinor": amount, "reason": "ticket", "idempotencyKey": "order-42"}});
    let first = app.ok(t, POST, keyed(300)).await;
    assert_eq!(first["postCardTransaction"]["replayed"], false);
    let again = app.ok(t, POST, keyed(300)).await;
    assert_eq!(again["postCardTransaction"]["replayed"], true);
    assert_eq!(
        again["postCardTransaction"]["entry"],
        first["postCardTransaction"]["entry"]
    );
    assert_eq!(code(&app.gql(t, POST, keyed(301)).await), "CONFLICT");
    let (money, _) = assert_balanced(&app, &s, &id).await;
    assert_eq!(money, 700);
}

#[tokio::test]
async fn wrong_pins_lock_the_card() {
    let app = TestApp::spawn().await;
    let s = app.sign_up().await;
    card(&app, &s, "1000000003").await;
    let verify = "mutation($p: String!) { verifyCardPin(cardNumber: \"1000000003\", pin: $p) { cardNumber } }";
    let t = Some(s.access.as_str());
    app.ok(t, verify, json!({"p": "1234"})).await;
    for left in (1..=4).rev() {
        let r = app.gql(t, verify, json!({"p": "9999"})).await;
        assert_eq!(code(&r), "BAD_USER_INPUT");
        assert!(
            r["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains(&format!("{left} attempt")),
            "{r:#}"
        );
    }
    assert_eq!(
        code(&app.gql(t, verify, json!({"p": "9999"})).await),
        "RATE_LIMITED"
    );
    // Locked: even the right PIN is refused for now.
    assert_eq!(
        code(&app.gql(t, verify, json!({"p": "1234"})).await),
        "RATE_LIMITED"
    );
    let unknown = app
        .gql(
            t,
            verify.replace("1000000003", "1000000099").as_str(),
            json!({"p": "1234"}),
        )
        .await;
    assert_eq!(code(&unknown), "NOT_FOUND");
}

#[tokio::test]
async fn a_thousand_concurrent_redemptions_end_exactly_right() {
    let app = Arc::new(TestApp::spawn().await);
    let s = app.sign_up().await;
    let id = card(&app, &s, "1000000004").await;
    app.ok(Some(&s.access), POST, tx(&id, "TOP_UP", 30_000, 0))
        .await;
    // 50 tasks × 20 requests; every idempotency key is sent twice (a client retry), so 500
    // distinct spends of 1.00 against 300.00: exactly 300 apply, each once.
    let mut tasks = Vec::new();
    for task in 0..50 {
        let (app, token, id) = (app.clone(), s.access.clone(), id.clone());
        tasks.push(tokio::spawn(async move {
            let mut outcomes = Vec::new();
            for j in 0..20 {
                let n = (task * 20 + j) % 500;
                let body = app
                    .gql(Some(&token), POST, json!({"i": {"cardId": id, "kind": "SPEND", "amountMinor": 100, "reason": "ride", "idempotencyKey": format!("ride-{n}")}}))
                    .await;
                let outcome = match body["errors"][0]["extensions"]["code"].as_str() {
                    None => if body["data"]["postCardTransaction"]["replayed"] == true { "replayed" } else { "applied" },
                    Some("BAD_USER_INPUT") => "insufficient",
                    Some(other) => panic!("unexpected {other}: {body:#}"),
                };
                outcomes.push((n, outcome));
            }
            outcomes
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    assert_eq!(all.len(), 1000);
    let applied: std::collections::HashSet<_> = all
        .iter()
        .filter(|(_, o)| *o == "applied")
        .map(|(n, _)| *n)
        .collect();
    let applied_count = all.iter().filter(|(_, o)| *o == "applied").count();
    assert_eq!(applied_count, 300, "each applied key once");
    assert_eq!(applied.len(), 300);
    // A replayed key is one that was applied.
    assert!(
        all.iter()
            .filter(|(_, o)| *o == "replayed")
            .all(|(n, _)| applied.contains(n))
    );
    let (money, _) = assert_balanced(&app, &s, &id).await;
    assert_eq!(money, 0);
    let d = app.ok(Some(&s.access), CARD, json!({"id": id})).await;
    assert_eq!(d["memberCard"]["ledger"].as_array().unwrap().len(), 301);
}

#[tokio::test]
async fn card_and_contact_changes_are_audited() {
    let app = TestApp::spawn().await;
    let s = app.sign_up().await;
    let t = Some(s.access.as_str());
    let c = app
        .ok(
            t,
            "mutation { createContact(input: {name: \"审计\"}) { id } }",
            json!({}),
        )
        .await;
    let id = card(&app, &s, "1000000006").await;
    app.ok(t, POST, tx(&id, "TOP_UP", 1_000, 0)).await;
    let log = app
        .ok(t, "{ auditLog { action entityType } }", json!({}))
        .await;
    let actions: Vec<_> = log["auditLog"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["action"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        actions,
        vec!["card.top_up", "card.create", "contact.create"]
    );
    let agent = app.add_member(&s, "agent@example.com", "AGENT").await;
    assert_eq!(
        code(
            &app.gql(Some(&agent.access), "{ auditLog { action } }", json!({}))
                .await
        ),
        "FORBIDDEN"
    );
    let _ = c;
}
