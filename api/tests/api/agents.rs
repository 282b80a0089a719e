//! Agents: presence through GraphQL, the live `agentEvents` stream (one's own only), the
//! atomic offer reservation under concurrency (on SQLite and PostgreSQL), the legs of a call
//! from offer to wrap-up, and tenant B never reserving, reading or streaming A's agents (B's
//! commands on A's calls and legs: `cross_tenant.rs`).

use std::time::Duration;

use qiao_tenants::calls::CallStart;
use qiao_tenants::calls::offers::OfferEnd;
use qiao_tenants::ctx::CallAccess;
use qiao_tenants::values::E164;
use serde_json::json;
use uuid::Uuid;

use crate::support::{Session, TestApp, code, next_json, ws_connect, ws_subscribe};

const PRESENCE: &str = "mutation($s: AgentPresence!, $r: String) { setPresence(state: $s, reason: $r) { agentId state reason since callId } }";

/// A's number, admitted like an INVITE would be: the call's access to A.
async fn admitted(app: &TestApp, owner: &Session, number: &str) -> CallAccess {
    let queue =
        crate::center::queue(app, owner, &format!("q{}", &number[number.len() - 3..])).await;
    app.ok(
        Some(&owner.access),
        crate::center::NUMBER,
        json!({"i": {"number": number, "routeKind": "QUEUE", "routeTargetId": queue}}),
    )
    .await;
    app.state()
        .calls
        .admit_call(&E164::parse(number).unwrap())
        .await
        .unwrap()
        .expect("the number admits calls")
        .access
}

pub(crate) async fn open_call(app: &TestApp, access: &CallAccess) -> Uuid {
    open_call_on(app, access, None, chrono::Utc::now()).await
}

/// A call record held by `node` since `started_at`.
async fn open_call_on(
    app: &TestApp,
    access: &CallAccess,
    node: Option<Uuid>,
    started_at: chrono::DateTime<chrono::Utc>,
) -> Uuid {
    let id = Uuid::now_v7();
    app.state()
        .calls
        .open_call(
            access,
            CallStart {
                id,
                number_id: None,
                dialled: "+861085550700".into(),
                caller: "+8613800138000".into(),
                sip_call_id: format!("{id}@test"),
                started_at,
                node_id: node,
                direction: "inbound",
            },
        )
        .await
        .unwrap();
    id
}

fn uuid(v: &serde_json::Value) -> Uuid {
    v.as_str().unwrap().parse().unwrap()
}

#[tokio::test]
async fn agents_log_in_take_breaks_and_log_out_and_see_only_their_own_events() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up().await;
    let a1 = app.add_member(&owner, "a1@example.com", "AGENT").await;
    let a2 = app.add_member(&owner, "a2@example.com", "AGENT").await;

    let me = app
        .ok(Some(&a1.access), "{ myAgentState { state } }", json!({}))
        .await;
    assert_eq!(me["myAgentState"]["state"], "LOGGED_OUT");

    let (mut ws, _) = ws_connect(&app.ws_url(), Some(&a1.access)).await;
    ws_subscribe(&mut ws, "a", "subscription { agentEvents { kind data } }").await;
    // Subscriptions start asynchronously: repeat until the first event arrives.
    let mut first = None;
    for _ in 0..30 {
        app.ok(Some(&a1.access), PRESENCE, json!({"s": "AVAILABLE"}))
            .await;
        if let Some(m) = next_json(&mut ws, Duration::from_millis(200)).await {
            first = Some(m);
            break;
        }
    }
    let first = first.expect("an AGENT_STATE event");
    assert_eq!(
        first["payload"]["data"]["agentEvents"]["kind"],
        "AGENT_STATE"
    );
    assert_eq!(
        first["payload"]["data"]["agentEvents"]["data"]["state"],
        "available"
    );
    while next_json(&mut ws, Duration::from_millis(300))
        .await
        .is_some()
    {}

    // A colleague's changes are not in my stream.
    app.ok(Some(&a2.access), PRESENCE, json!({"s": "AVAILABLE"}))
        .await;
    let brk = app
        .ok(
            Some(&a1.access),
            PRESENCE,
            json!({"s": "NOT_READY", "r": "lunch"}),
        )
        .await;
    assert_eq!(brk["setPresence"]["reason"], "lunch");
    let msg = next_json(&mut ws, Duration::from_secs(3))
        .await
        .expect("my break");
    let ev = &msg["payload"]["data"]["agentEvents"]["data"];
    assert_eq!(ev["agent"], a1.user_id.as_str());
    assert_eq!(ev["state"], "not_ready");
    assert!(
        next_json(&mut ws, Duration::from_millis(500))
            .await
            .is_none()
    );

    // The team's status, for everyone; after-call work cannot be chosen.
    let team = app
        .ok(
            Some(&a2.access),
            "{ agentStates { email state reason } }",
            json!({}),
        )
        .await;
    assert_eq!(
        team["agentStates"],
        json!([
            {"email": "a1@example.com", "state": "NOT_READY", "reason": "lunch"},
            {"email": "a2@example.com", "state": "AVAILABLE", "reason": ""},
        ])
    );
    let acw = app
        .gql(Some(&a1.access), PRESENCE, json!({"s": "AFTER_CALL_WORK"}))
        .await;
    assert_eq!(code(&acw), "BAD_USER_INPUT", "{acw:#}");
    let long = app
        .gql(
            Some(&a1.access),
            PRESENCE,
            json!({"s": "NOT_READY", "r": "x".repeat(61)}),
        )
        .await;
    assert_eq!(code(&long), "BAD_USER_INPUT");

    // Agents may not stream everyone's events; supervisors may.
    let (mut ws2, _) = ws_connect(&app.ws_url(), Some(&a2.access)).await;
    ws_subscribe(
        &mut ws2,
        "b",
        "subscription { agentEvents(everyone: true) { kind } }",
    )
    .await;
    let refused = next_json(&mut ws2, Duration::from_secs(3))
        .await
        .expect("an error");
    assert!(
        refused["type"] == "error" || refused["payload"]["errors"].is_array(),
        "{refused:#}"
    );

    let out = app
        .ok(Some(&a1.access), PRESENCE, json!({"s": "LOGGED_OUT"}))
        .await;
    assert_eq!(out["setPresence"]["state"], "LOGGED_OUT");
    assert_eq!(out["setPresence"]["reason"], "");
}

#[tokio::test]
async fn one_agent_is_reserved_for_one_call_however_many_race_for_them() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up().await;
    let agent = app.add_member(&owner, "racer@example.com", "AGENT").await;
    app.ok(Some(&agent.access), PRESENCE, json!({"s": "AVAILABLE"}))
        .await;
    let access = admitted(&app, &owner, "+861085550701").await;
    let handle = app.state().calls.clone();
    let agent_id = uuid(&json!(agent.user_id));
    let mut calls = Vec::new();
    for _ in 0..12 {
        calls.push(open_call(&app, &access).await);
    }
    let tasks: Vec<_> = calls
        .iter()
        .map(|&call| {
            let (handle, access) = (handle.clone(), access.clone());
            tokio::spawn(async move {
                // SQLite may report "busy" to a racing writer: that is a refusal too.
                handle
                    .reserve_agent(&access, agent_id, call)
                    .await
                    .ok()
                    .flatten()
                    .map(|leg| (call, leg))
            })
        })
        .collect();
    let mut won = Vec::new();
    for t in tasks {
        if let Some(w) = t.await.unwrap() {
            won.push(w);
        }
    }
    assert_eq!(won.len(), 1, "exactly one call got the agent: {won:?}");
    let (call, leg) = won[0];
    // The calls that lost the race, for what follows.
    let calls: Vec<Uuid> = calls.into_iter().filter(|c| *c != call).collect();

    // Missed: the agent is set not ready ("missed") and free of the offer.
    handle
        .offer_ended(&access, agent_id, call, leg, OfferEnd::Missed)
        .await
        .unwrap();
    let st = handle.agent_state_of(&access, agent_id).await.unwrap();
    assert_eq!(
        (st.state.as_str(), st.reason.as_str()),
        ("not_ready", "missed")
    );
    assert_eq!(st.offer_call_id, None);
    // Not available: nobody can reserve them.
    assert_eq!(
        handle
            .reserve_agent(&access, agent_id, calls[1])
            .await
            .unwrap(),
        None
    );

    // Back, offered, answered, ended with after-call work, wrapped up.
    app.ok(Some(&agent.access), PRESENCE, json!({"s": "AVAILABLE"}))
        .await;
    let leg2 = handle
        .reserve_agent(&access, agent_id, calls[1])
        .await
        .unwrap()
        .expect("available again");
    // Answering someone else's offer is refused.
    assert!(
        handle
            .offer_answered(&access, agent_id, calls[2], leg2)
            .await
            .is_err()
    );
    handle
        .offer_answered(&access, agent_id, calls[1], leg2)
        .await
        .unwrap();
    let on_call = app
        .ok(
            Some(&agent.access),
            "{ myAgentState { callId offerCallId } }",
            json!({}),
        )
        .await;
    assert_eq!(on_call["myAgentState"]["callId"], calls[1].to_string());
    assert_eq!(on_call["myAgentState"]["offerCallId"], json!(null));
    assert_eq!(
        handle
            .reserve_agent(&access, agent_id, calls[2])
            .await
            .unwrap(),
        None,
        "an agent on a call gets no second call"
    );
    handle
        .leg_ended(&access, agent_id, leg2, "ended", 30)
        .await
        .unwrap();
    let acw = app
        .ok(
            Some(&agent.access),
            "{ myAgentState { state callId afterCallWorkUntil } }",
            json!({}),
        )
        .await;
    assert_eq!(acw["myAgentState"]["state"], "AFTER_CALL_WORK");
    assert!(acw["myAgentState"]["afterCallWorkUntil"].is_string());
    let wrap = app
        .ok(
            Some(&agent.access),
            "mutation($l: ID!) { wrapUpCall(legId: $l, code: \"resolved\", notes: \"refund explained\") { outcome wrapUpCode notes answeredAt endedAt } }",
            json!({"l": leg2}),
        )
        .await;
    assert_eq!(wrap["wrapUpCall"]["outcome"], "ended");
    assert_eq!(wrap["wrapUpCall"]["wrapUpCode"], "resolved");
    let after = app
        .ok(Some(&agent.access), "{ myAgentState { state } }", json!({}))
        .await;
    assert_eq!(after["myAgentState"]["state"], "AVAILABLE");
    // A missed leg cannot be wrapped up.
    let bad = app
        .gql(
            Some(&agent.access),
            "mutation($l: ID!) { wrapUpCall(legId: $l, code: \"resolved\") { id } }",
            json!({"l": leg}),
        )
        .await;
    assert_eq!(code(&bad), "CONFLICT", "{bad:#}");

    // The supervisor sees the call's legs in order.
    let legs = app
        .ok(
            Some(&owner.access),
            "query($c: ID!) { callLegs(callId: $c) { agentId outcome wrapUpCode } }",
            json!({"c": calls[1]}),
        )
        .await;
    assert_eq!(
        legs["callLegs"],
        json!([{"agentId": agent.user_id, "outcome": "ended", "wrapUpCode": "resolved"}])
    );
    // Agents do not read other calls' legs.
    let denied = app
        .gql(
            Some(&agent.access),
            "query($c: ID!) { callLegs(callId: $c) { id } }",
            json!({"c": calls[1]}),
        )
        .await;
    assert_eq!(code(&denied), "FORBIDDEN");
}

#[tokio::test]
async fn tenant_b_never_reaches_tenant_a_agents_legs_or_calls() {
    let app = TestApp::spawn().await;
    let a = app.sign_up().await;
    let a_agent = app.add_member(&a, "a-agent@example.com", "AGENT").await;
    app.ok(Some(&a_agent.access), PRESENCE, json!({"s": "AVAILABLE"}))
        .await;
    // A's queue and number (A's calls, legs and call commands: cross_tenant.rs).
    admitted(&app, &a, "+861085550702").await;
    let a_id = uuid(&json!(a_agent.user_id));

    let b = app.sign_up().await;
    // B has an agent of its own.
    app.add_member(&b, "b-agent@example.com", "AGENT").await;
    // B's call access cannot reserve A's agent.
    let b_access = admitted(&app, &b, "+861085550703").await;
    let b_call = open_call(&app, &b_access).await;
    app.ok(Some(&a_agent.access), PRESENCE, json!({"s": "AVAILABLE"}))
        .await;
    assert_eq!(
        app.state()
            .calls
            .reserve_agent(&b_access, a_id, b_call)
            .await
            .unwrap(),
        None
    );
    assert!(
        app.state()
            .calls
            .agent_state_of(&b_access, a_id)
            .await
            .is_err()
    );
    let roster = app.state().calls.routing_roster(&b_access).await.unwrap();
    assert!(
        roster.iter().all(|r| r.user_id != a_id),
        "B's roster holds A's agent"
    );

    let b_view = app
        .ok(
            Some(&b.access),
            "{ agentStates { agentId } transferQueues { id } }",
            json!({}),
        )
        .await;
    assert!(!b_view.to_string().contains(&a_agent.user_id));

    // B's supervisor stream never carries A's agent events.
    let (mut ws, _) = ws_connect(&app.ws_url(), Some(&b.access)).await;
    ws_subscribe(
        &mut ws,
        "x",
        "subscription { agentEvents(everyone: true) { data } }",
    )
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    for s in ["NOT_READY", "AVAILABLE", "LOGGED_OUT"] {
        app.ok(Some(&a_agent.access), PRESENCE, json!({"s": s}))
            .await;
    }
    assert!(next_json(&mut ws, Duration::from_secs(1)).await.is_none());
}

#[tokio::test]
async fn queues_overflow_to_other_skill_groups_after_a_wait() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up().await;
    let group = |name: &'static str| {
        let (app, owner) = (&app, &owner);
        async move {
            app.ok(
                Some(&owner.access),
                "mutation($n: String!) { createSkillGroup(input: {name: $n}) { id } }",
                json!({"n": name}),
            )
            .await["createSkillGroup"]["id"]
                .as_str()
                .unwrap()
                .to_owned()
        }
    };
    let (first, second) = (group("Tickets").await, group("Tours").await);
    let q = "mutation($i: QueueInput!) { createQueue(input: $i) { skillOverflow { afterSecs requiredSkills { skillGroupId minProficiency } } } }";
    let ok = app
        .ok(
            Some(&owner.access),
            q,
            json!({"i": {"name": "tickets", "maxWaitSecs": 300,
                "requiredSkills": [{"skillGroupId": first, "minProficiency": 3}],
                "skillOverflow": {"afterSecs": 60, "requiredSkills": [{"skillGroupId": second, "minProficiency": 1}]}}}),
        )
        .await;
    assert_eq!(
        ok["createQueue"]["skillOverflow"],
        json!({"afterSecs": 60, "requiredSkills": [{"skillGroupId": second, "minProficiency": 1}]})
    );
    // Not after the maximum wait; only the tenant's own skill groups.
    let late = app
        .gql(
            Some(&owner.access),
            q,
            json!({"i": {"name": "late", "maxWaitSecs": 60,
                "skillOverflow": {"afterSecs": 60, "requiredSkills": []}}}),
        )
        .await;
    assert_eq!(code(&late), "BAD_USER_INPUT", "{late:#}");
    // Another tenant's skill groups: cross_tenant.rs.
}

/// A node that stopped without closing its calls (killed, or its machine lost): once its
/// heartbeat is older than the dead-after time, a living node closes its calls as
/// `interrupted`, ends their legs and frees the agents; calls of living nodes, and young
/// calls, are left alone; a second sweep finds nothing.
#[tokio::test]
async fn calls_of_a_dead_node_are_closed_and_their_agents_freed() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up().await;
    let talker = app.add_member(&owner, "talker@example.com", "AGENT").await;
    let ringer = app.add_member(&owner, "ringer@example.com", "AGENT").await;
    for a in [&talker, &ringer] {
        app.ok(Some(&a.access), PRESENCE, json!({"s": "AVAILABLE"}))
            .await;
    }
    let (talker_id, ringer_id) = (uuid(&json!(talker.user_id)), uuid(&json!(ringer.user_id)));
    let access = admitted(&app, &owner, "+861085550704").await;
    let handle = app.state().calls.clone();
    let now = chrono::Utc::now();
    let minute_ago = now - chrono::Duration::seconds(60);
    let (dead, alive, me) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    handle
        .node_heartbeat(dead, minute_ago, minute_ago)
        .await
        .unwrap();
    handle.node_heartbeat(alive, minute_ago, now).await.unwrap();
    handle.node_heartbeat(me, now, now).await.unwrap();

    let talking = open_call_on(&app, &access, Some(dead), minute_ago).await;
    let ringing = open_call_on(&app, &access, Some(dead), minute_ago).await;
    let elsewhere = open_call_on(&app, &access, Some(alive), minute_ago).await;
    let nowhere_old = open_call_on(&app, &access, None, minute_ago).await;
    let nowhere_young = open_call_on(&app, &access, None, now).await;
    let leg = handle
        .reserve_agent(&access, talker_id, talking)
        .await
        .unwrap()
        .unwrap();
    handle
        .offer_answered(&access, talker_id, talking, leg)
        .await
        .unwrap();
    handle
        .reserve_agent(&access, ringer_id, ringing)
        .await
        .unwrap()
        .unwrap();

    let swept = handle
        .sweep_dead_nodes(me, now, chrono::Duration::seconds(30))
        .await
        .unwrap();
    assert_eq!(swept.calls, 3, "{swept:?}");
    let mut freed: Vec<Uuid> = swept.agents.iter().map(|(_, a)| a.user_id).collect();
    freed.sort();
    let mut both = vec![talker_id, ringer_id];
    both.sort();
    assert_eq!(freed, both);
    assert!(
        swept.agents.iter().all(|(_, a)| a.call_id.is_none()
            && a.offer_call_id.is_none()
            && a.state == "available")
    );

    let calls = app
        .ok(
            Some(&owner.access),
            "{ calls { id disposition endedBy endedAt } }",
            json!({}),
        )
        .await;
    let of = |id: Uuid| {
        calls["calls"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id.to_string())
            .unwrap()
            .clone()
    };
    for id in [talking, ringing, nowhere_old] {
        let c = of(id);
        assert_eq!(c["disposition"], "interrupted", "{c:#}");
        assert_eq!(c["endedBy"], "system");
    }
    // Closed when the dead node was last heard of, not when the sweep ran.
    let ended: chrono::DateTime<chrono::Utc> =
        of(talking)["endedAt"].as_str().unwrap().parse().unwrap();
    assert!((ended - minute_ago).num_seconds().abs() < 2, "{ended}");
    for id in [elsewhere, nowhere_young] {
        assert_eq!(of(id)["disposition"], "in_progress");
    }
    let legs = app
        .ok(
            Some(&owner.access),
            "query($a: ID!, $b: ID!) { a: callLegs(callId: $a) { outcome endedAt } b: callLegs(callId: $b) { outcome endedAt } }",
            json!({"a": talking, "b": ringing}),
        )
        .await;
    assert_eq!(legs["a"][0]["outcome"], "ended");
    assert_eq!(legs["b"][0]["outcome"], "withdrawn");
    assert!(legs["a"][0]["endedAt"].is_string() && legs["b"][0]["endedAt"].is_string());
    // Both agents take calls again.
    let next = open_call(&app, &access).await;
    assert!(
        handle
            .reserve_agent(&access, talker_id, next)
            .await
            .unwrap()
            .is_some()
    );

    let again = handle
        .sweep_dead_nodes(me, now, chrono::Duration::seconds(30))
        .await
        .unwrap();
    assert_eq!(again.calls, 0, "nothing is closed twice");
}
