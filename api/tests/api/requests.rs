//! Service requests: typed forms, the workflow and the contact's timeline. Tenant isolation:
//! `cross_tenant.rs`.

use serde_json::json;

use crate::support::{TestApp, code};

const CREATE: &str = "mutation($i: ServiceRequestInput!) { createServiceRequest(input: $i) { id kind status nextStatuses details } }";
const MOVE: &str = "mutation($id: ID!, $to: String!) { transitionServiceRequest(id: $id, to: $to, note: \"ok\") { status nextStatuses } }";

#[tokio::test]
async fn bookings_and_refunds_follow_their_workflows() {
    let app = TestApp::spawn().await;
    let s = app.sign_up().await;
    let t = Some(s.access.as_str());
    let contact = app
        .ok(
            t,
            "mutation { createContact(input: {name: \"旅客\"}) { id } }",
            json!({}),
        )
        .await;
    let contact = contact["createContact"]["id"].as_str().unwrap().to_owned();
    let group = app
        .ok(
            t,
            "mutation { createSkillGroup(input: {name: \"Tickets\"}) { id } }",
            json!({}),
        )
        .await;
    let r = app
        .ok(t, CREATE, json!({"i": {"kind": "train_ticket", "contactId": contact, "skillGroupId": group["createSkillGroup"]["id"],
            "details": {"origin": "北京南", "destination": "上海虹桥", "date": "2026-12-01", "passengers": 2, "class": "二等座"}}}))
        .await;
    let r = &r["createServiceRequest"];
    assert_eq!(r["status"], "new");
    assert_eq!(r["nextStatuses"], json!(["in_progress", "cancelled"]));
    let id = r["id"].as_str().unwrap().to_owned();
    let jump = app.gql(t, MOVE, json!({"id": id, "to": "completed"})).await;
    assert_eq!(code(&jump), "CONFLICT");
    assert!(
        jump["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("in_progress or cancelled")
    );
    for to in ["in_progress", "confirmed", "completed"] {
        app.ok(t, MOVE, json!({"id": id, "to": to})).await;
    }
    assert_eq!(
        code(&app.gql(t, MOVE, json!({"id": id, "to": "cancelled"})).await),
        "CONFLICT"
    );
    let tl = app
        .ok(
            t,
            "query($id: ID!) { contact(id: $id) { timeline { kind } } }",
            json!({"id": contact}),
        )
        .await;
    assert_eq!(tl["contact"]["timeline"].as_array().unwrap().len(), 4);
    assert_eq!(tl["contact"]["timeline"][0]["kind"], "booking");

    let refund = app
        .ok(t, CREATE, json!({"i": {"kind": "refund", "details": {"originalReference": "E12345", "reason": "行程取消", "amountMinor": 55300}}}))
        .await;
    let rid = refund["createServiceRequest"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.ok(t, MOVE, json!({"id": rid, "to": "in_progress"}))
        .await;
    let d = app.ok(t, MOVE, json!({"id": rid, "to": "approved"})).await;
    assert_eq!(
        d["transitionServiceRequest"]["nextStatuses"],
        json!(["refunded"])
    );

    for (input, field) in [
        (json!({"kind": "spaceship", "details": {}}), "kind"),
        (
            json!({"kind": "hotel", "details": {"city": "杭州", "hotel": "西湖", "checkIn": "2026-12-02", "checkOut": "2026-12-01", "rooms": 1, "guests": 2}}),
            "details.checkOut",
        ),
        (
            json!({"kind": "change", "details": {"originalReference": "E1", "reason": "改期"}}),
            "details.newDate",
        ),
    ] {
        let r = app.gql(t, CREATE, json!({"i": input})).await;
        assert_eq!(code(&r), "BAD_USER_INPUT");
        assert_eq!(r["errors"][0]["extensions"]["field"], field);
    }
    assert_eq!(
        app.ok(t, "{ serviceRequests { id } }", json!({})).await["serviceRequests"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}
