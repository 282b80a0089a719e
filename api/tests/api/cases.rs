//! Cases: routing by category, SLA escalation that survives a restart, manual escalation,
//! the closed loop, satisfaction and the audit log. Tenant isolation: `cross_tenant.rs`.

use chrono::{Duration, Utc};
use serde_json::json;

use crate::support::{Session, TestApp, code};

const DEPT: &str = "mutation($i: DepartmentInput!) { createDepartment(input: $i) { id name } }";
const CASE: &str = "mutation($i: CaseInput!) { createCase(input: $i) { id status departmentId dueAt escalationLevel } }";
const GET: &str = "query($id: ID!) { case(id: $id) { status departmentId escalationLevel dueAt resolution notifiedVia satisfaction events { kind text } } }";

/// 总部 (root) ← 客服部 (handles "ticket", urgent SLA 30 min).
async fn tree(app: &TestApp, s: &Session) -> (String, String) {
    let t = Some(s.access.as_str());
    let hq = app.ok(t, DEPT, json!({"i": {"name": "总部"}})).await;
    let hq = hq["createDepartment"]["id"].as_str().unwrap().to_owned();
    let svc = app.ok(t, DEPT, json!({"i": {"name": "客服部", "parentId": hq, "categories": ["Ticket", "refund"], "slaMinutes": {"urgent": 30}}})).await;
    (
        hq,
        svc["createDepartment"]["id"].as_str().unwrap().to_owned(),
    )
}

#[tokio::test]
async fn cases_route_escalate_on_time_and_close_the_loop() {
    let app = TestApp::spawn().await;
    let s = app.sign_up().await;
    let t = Some(s.access.as_str());
    let (hq, svc) = tree(&app, &s).await;
    let contact = app
        .ok(
            t,
            "mutation { createContact(input: {name: \"投诉人\"}) { id } }",
            json!({}),
        )
        .await;
    let contact = contact["createContact"]["id"].as_str().unwrap().to_owned();
    let c = app
        .ok(t, CASE, json!({"i": {"kind": "complaint", "category": "ticket", "priority": "urgent", "subject": "司机态度不好", "contactId": contact}}))
        .await;
    let c = &c["createCase"];
    assert_eq!(c["departmentId"], svc.as_str());
    let id = c["id"].as_str().unwrap().to_owned();

    // Nothing is due yet; 31 minutes later the case moves to the parent department.
    let crm = &app.state().crm;
    assert_eq!(crm.escalate_overdue(Utc::now()).await.unwrap(), 0);
    assert_eq!(
        crm.escalate_overdue(Utc::now() + Duration::minutes(31))
            .await
            .unwrap(),
        1
    );
    let got = app.ok(t, GET, json!({"id": id})).await;
    assert_eq!(got["case"]["departmentId"], hq.as_str());
    assert_eq!(got["case"]["escalationLevel"], 1);
    // At the top there is no one left: manual escalation is refused, clearly.
    let r = app
        .gql(
            t,
            "mutation($id: ID!) { escalateCase(id: $id, reason: \"again\") { id } }",
            json!({"id": id}),
        )
        .await;
    assert_eq!(code(&r), "BAD_USER_INPUT");

    let close = "mutation($id: ID!, $r: String!, $v: String!) { closeCase(id: $id, resolution: $r, notifiedVia: $v) { status } }";
    assert_eq!(
        code(
            &app.gql(t, close, json!({"id": id, "r": " ", "v": "phone"}))
                .await
        ),
        "BAD_USER_INPUT"
    );
    assert_eq!(
        code(
            &app.gql(
                t,
                close,
                json!({"id": id, "r": "道歉并退款", "v": "pigeon"})
            )
            .await
        ),
        "BAD_USER_INPUT"
    );
    assert_eq!(
        code(
            &app.gql(
                t,
                "mutation($id: ID!) { rateCase(id: $id, score: 5) { id } }",
                json!({"id": id})
            )
            .await
        ),
        "CONFLICT"
    );
    app.ok(t, close, json!({"id": id, "r": "道歉并退款", "v": "sms"}))
        .await;
    app.ok(
        t,
        "mutation($id: ID!) { rateCase(id: $id, score: 4) { id } }",
        json!({"id": id}),
    )
    .await;
    assert_eq!(
        code(
            &app.gql(
                t,
                "mutation($id: ID!) { rateCase(id: $id, score: 6) { id } }",
                json!({"id": id})
            )
            .await
        ),
        "BAD_USER_INPUT"
    );
    let got = app.ok(t, GET, json!({"id": id})).await;
    let kinds: Vec<_> = got["case"]["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(kinds, vec!["created", "escalated", "closed", "rated"]);
    assert_eq!(got["case"]["notifiedVia"], "sms");
    assert!(got["case"]["dueAt"].is_null());
    // The contact's timeline shows the case; the audit log shows who did what.
    let tl = app
        .ok(
            t,
            "query($id: ID!) { contact(id: $id) { timeline { kind } } }",
            json!({"id": contact}),
        )
        .await;
    assert_eq!(tl["contact"]["timeline"][0]["kind"], "case");
    let audit = app
        .ok(
            t,
            "query($id: ID!) { auditLog(entityType: \"case\", entityId: $id) { action actor } }",
            json!({"id": id}),
        )
        .await;
    let actions: Vec<_> = audit["auditLog"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["action"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(actions, vec!["case.close", "case.create"]);
    assert!(
        audit["auditLog"][0]["actor"]
            .as_str()
            .unwrap()
            .starts_with("user:")
    );

    // Unknown categories need an explicit department.
    let r = app
        .gql(
            t,
            CASE,
            json!({"i": {"kind": "inquiry", "category": "weather", "subject": "台风"}}),
        )
        .await;
    assert_eq!(code(&r), "BAD_USER_INPUT");
    app.ok(t, CASE, json!({"i": {"kind": "inquiry", "category": "weather", "subject": "台风", "departmentId": hq}})).await;
    // A department cannot become its own ancestor.
    let r = app.gql(t, "mutation($id: ID!, $p: ID!) { updateDepartment(id: $id, input: {name: \"总部\", parentId: $p}) { id } }", json!({"id": hq, "p": svc})).await;
    assert_eq!(code(&r), "BAD_USER_INPUT");
}

#[tokio::test]
async fn escalation_deadlines_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("cases.db").display()
    );
    let url = if crate::support::is_postgres() {
        None
    } else {
        Some(db)
    };
    let first = TestApp::spawn_with(|c| {
        if let Some(u) = url.clone() {
            c.database.url = Some(u);
        }
    })
    .await;
    let s = first.sign_up().await;
    let (hq, _) = tree(&first, &s).await;
    let c = first.ok(Some(&s.access), CASE, json!({"i": {"kind": "complaint", "category": "refund", "priority": "urgent", "subject": "退款太慢"}})).await;
    let id = c["createCase"]["id"].as_str().unwrap().to_owned();
    let db_url = first.state().config.database_url();
    let mut first = first;
    first
        .running
        .take()
        .unwrap()
        .stop(std::time::Duration::from_secs(5))
        .await
        .unwrap();

    // A new process on the same database finds the deadline and escalates.
    let second = TestApp::spawn_with(|c| c.database.url = Some(db_url.clone())).await;
    assert_eq!(
        second
            .state()
            .crm
            .escalate_overdue(Utc::now() + Duration::hours(1))
            .await
            .unwrap(),
        1
    );
    let got = second.ok(Some(&s.access), GET, json!({"id": id})).await;
    assert_eq!(got["case"]["departmentId"], hq.as_str());
}
