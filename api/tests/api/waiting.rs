//! Callers waiting in a queue, counted over the database (every node's calls): a caller's
//! position, the agents who could take them and the wait estimated from the queue's own
//! talk times; what supervisors read through `queueStanding`.

use qiao_tenants::calls::CallEnd;
use qiao_tenants::entities::call_leg;
use qiao_tenants::values::E164;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::agents::open_call;
use crate::support::{TestApp, code};

const PRESENCE: &str = "mutation($s: AgentPresence!) { setPresence(state: $s) { state } }";
const STANDING: &str = "query($c: ID!) { queueStanding(callId: $c) { queueId position agentsServing agentsFree averageHandleSecs estimatedWaitSecs } }";

fn standing(v: &Value) -> Value {
    let s = &v["queueStanding"];
    if s.is_null() {
        return Value::Null;
    }
    json!([
        s["position"],
        s["agentsServing"],
        s["agentsFree"],
        s["averageHandleSecs"],
        s["estimatedWaitSecs"]
    ])
}

#[tokio::test]
async fn a_caller_sees_their_place_and_a_wait_from_the_queues_own_talk_times() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up().await;
    let group = app
        .ok(
            Some(&owner.access),
            "mutation { createSkillGroup(input: {name: \"Tickets\"}) { id } }",
            json!({}),
        )
        .await["createSkillGroup"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let queue = app
        .ok(
            Some(&owner.access),
            crate::center::QUEUE,
            json!({"i": {"name": "tickets", "requiredSkills": [{"skillGroupId": group, "minProficiency": 2}]}}),
        )
        .await["createQueue"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let queue_id: Uuid = queue.parse().unwrap();
    app.ok(
        Some(&owner.access),
        crate::center::NUMBER,
        json!({"i": {"number": "+861085550811", "routeKind": "QUEUE", "routeTargetId": queue}}),
    )
    .await;
    let access = app
        .state()
        .calls
        .admit_call(&E164::parse("+861085550811").unwrap())
        .await
        .unwrap()
        .expect("the number admits calls")
        .access;
    // One agent with the skill, one without: only the first serves the queue.
    let skilled = app.add_member(&owner, "skilled@example.com", "AGENT").await;
    let other = app.add_member(&owner, "other@example.com", "AGENT").await;
    app.ok(
        Some(&owner.access),
        "mutation($g: ID!, $u: ID!) { setSkillGroupMember(skillGroupId: $g, userId: $u, proficiency: 3) { id } }",
        json!({"g": group, "u": skilled.user_id}),
    )
    .await;
    let handle = app.state().calls.clone();
    let ask = |call: Uuid| {
        let (app, owner) = (&app, &owner);
        async move {
            standing(
                &app.ok(Some(&owner.access), STANDING, json!({"c": call}))
                    .await,
            )
        }
    };

    // Three callers enter in turn (as if held by different nodes: only the rows count).
    let calls = [
        open_call(&app, &access).await,
        open_call(&app, &access).await,
        open_call(&app, &access).await,
    ];
    for c in calls {
        handle.enter_queue(&access, c, queue_id).await.unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    // Nobody logged in: positions, but no estimate.
    assert_eq!(ask(calls[1]).await, json!([2, 0, 0, null, null]));
    app.ok(Some(&skilled.access), PRESENCE, json!({"s": "AVAILABLE"}))
        .await;
    app.ok(Some(&other.access), PRESENCE, json!({"s": "AVAILABLE"}))
        .await;
    // The free agent takes the first caller; the second waits one assumed talk (180 s).
    assert_eq!(ask(calls[0]).await, json!([1, 1, 1, null, 0]));
    assert_eq!(ask(calls[1]).await, json!([2, 1, 1, null, 180]));
    assert_eq!(ask(calls[2]).await, json!([3, 1, 1, null, 360]));
    // The wallboard: every waiting caller, in order, with the same figures.
    let board = app
        .ok(
            Some(&owner.access),
            "{ waitingCalls { call { id caller } standing { queueId position estimatedWaitSecs } } }",
            json!({}),
        )
        .await;
    let rows: Vec<Value> = board["waitingCalls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            json!([
                w["call"]["id"],
                w["standing"]["queueId"],
                w["standing"]["position"],
                w["standing"]["estimatedWaitSecs"]
            ])
        })
        .collect();
    let id = |i: usize| calls[i].to_string();
    assert_eq!(
        rows,
        vec![
            json!([id(0), queue, 1, 0]),
            json!([id(1), queue, 2, 180]),
            json!([id(2), queue, 3, 360]),
        ]
    );

    // The first caller is answered and talks for two minutes; then the agent wraps up.
    let agent: Uuid = skilled.user_id.parse().unwrap();
    let leg = handle
        .reserve_agent(&access, agent, calls[0])
        .await
        .unwrap()
        .expect("the agent is free");
    handle.leave_queue(&access, calls[0]).await.unwrap();
    handle
        .offer_answered(&access, agent, calls[0], leg)
        .await
        .unwrap();
    handle
        .leg_ended(&access, agent, leg, "ended", 60)
        .await
        .unwrap();
    let txn = app.state().db.tx(access.ctx()).await.unwrap();
    let now = chrono::Utc::now();
    call_leg::Entity::update_many()
        .col_expr(
            call_leg::Column::AnsweredAt,
            Expr::value(Some(now - chrono::Duration::seconds(120))),
        )
        .col_expr(call_leg::Column::EndedAt, Expr::value(Some(now)))
        .filter(call_leg::Column::Id.eq(leg))
        .exec(&txn)
        .await
        .unwrap();
    txn.commit().await.unwrap();
    handle
        .close_call(
            &access,
            calls[0],
            CallEnd {
                answered_at: Some(now - chrono::Duration::seconds(130)),
                ended_at: now,
                disposition: "completed".into(),
                queue_id: Some(queue_id),
                queue_wait_ms: Some(10_000),
                ..CallEnd::default()
            },
            None,
        )
        .await
        .unwrap();
    // The agent is in after-call work: serving, not free; the queue's talk time is 120 s.
    assert_eq!(
        ask(calls[0]).await,
        Value::Null,
        "an ended call waits nowhere"
    );
    assert_eq!(ask(calls[1]).await, json!([1, 1, 0, 120, 120]));
    assert_eq!(ask(calls[2]).await, json!([2, 1, 0, 120, 240]));
    let row = app
        .ok(
            Some(&owner.access),
            "query($c: ID!) { call(id: $c) { queuedAt queueId } }",
            json!({"c": calls[2]}),
        )
        .await;
    assert!(row["call"]["queuedAt"].is_string(), "{row:#}");
    assert_eq!(row["call"]["queueId"], queue);

    // The second caller gives up: the third moves up.
    handle.leave_queue(&access, calls[1]).await.unwrap();
    assert_eq!(ask(calls[1]).await, Value::Null);
    assert_eq!(ask(calls[2]).await, json!([1, 1, 0, 120, 120]));

    // Agents do not read it (another tenant: cross_tenant.rs).
    let denied = app
        .gql(Some(&skilled.access), STANDING, json!({"c": calls[2]}))
        .await;
    assert_eq!(code(&denied), "FORBIDDEN", "{denied:#}");
    let mine = app
        .ok(
            Some(&owner.access),
            "{ waitingCalls { call { id } standing { position } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        mine["waitingCalls"],
        json!([{"call": {"id": calls[2].to_string()}, "standing": {"position": 1}}])
    );
}
