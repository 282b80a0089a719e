//! The cross-tenant suite: tenant B uses tenant A's ids everywhere and gets NOT_FOUND (or, for
//! lists and subscriptions, never sees A's rows). Every later capability adds its rows here:
//! `every_id_argument_is_covered` fails while a root field with an `ID` argument is in none
//! of the tables below (`every_table`).

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use serde_json::{Value, json};
use uuid::Uuid;

use crate::support::{PASSWORD, TestApp, code, next_json, ws_connect, ws_subscribe};

/// What tenant B gets for a row of a table.
#[derive(Clone, Copy, Debug)]
enum Expect {
    /// An error with `extensions.code` NOT_FOUND.
    NotFound,
    /// A list filtered by A's id: B gets only empty lists, while A, sending the same, gets
    /// rows (so the filter had something to hide).
    Empty,
}

/// One row of a cross-tenant table: tenant B sends `query` with tenant A's ids in `vars`.
struct Case {
    name: &'static str,
    query: &'static str,
    vars: Value,
    expect: Expect,
}

fn not_found(name: &'static str, query: &'static str, vars: Value) -> Case {
    Case {
        name,
        query,
        vars,
        expect: Expect::NotFound,
    }
}

fn empty(name: &'static str, query: &'static str, vars: Value) -> Case {
    Case {
        name,
        query,
        vars,
        expect: Expect::Empty,
    }
}

/// Sends every row as `b`; `a` (A's token) is needed by the `Empty` rows.
async fn run_table(app: &TestApp, b: &str, a: Option<&str>, cases: Vec<Case>) {
    for c in cases {
        let body = app.gql(Some(b), c.query, c.vars.clone()).await;
        match c.expect {
            Expect::NotFound => assert_eq!(code(&body), "NOT_FOUND", "{}: {body:#}", c.name),
            Expect::Empty => {
                assert!(body.get("errors").is_none(), "{}: {body:#}", c.name);
                let lists = body["data"].as_object().expect("data");
                assert!(
                    lists.values().all(|v| v == &json!([])),
                    "{} leaks: {body:#}",
                    c.name
                );
                let a = a.unwrap_or_else(|| panic!("{}: an Empty row needs A's token", c.name));
                let own = app.ok(Some(a), c.query, c.vars).await;
                assert!(
                    own.as_object()
                        .expect("data")
                        .values()
                        .all(|v| v.as_array().is_some_and(|l| !l.is_empty())),
                    "{}: A sees nothing either, so the row proves nothing: {own:#}",
                    c.name
                );
            }
        }
    }
}

/// Every table of this file, built with placeholder ids: what `every_id_argument_is_covered`
/// reads. A new table is added here as well as run by its test.
fn every_table() -> Vec<(&'static str, Vec<Case>)> {
    vec![
        ("accounts", account_cases(&TenantA::default())),
        (
            "configuration",
            center_cases(&CenterA::default(), &CenterB::default()),
        ),
        ("crm", crm_cases(&CrmA::default(), &CrmB::default())),
        ("recordings", recording_cases(&RecordedA::default())),
        ("calls", call_cases(&LiveA::default())),
        ("call control", call_control_cases(&LiveA::default())),
    ]
}

/// A's resources, created by A's owner.
#[derive(Default)]
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

fn account_cases(a: &TenantA) -> Vec<Case> {
    vec![
        not_found(
            "deactivate A's owner",
            "mutation($id: ID!) { deactivateUser(id: $id) { id } }",
            json!({"id": a.owner_id}),
        ),
        not_found(
            "deactivate A's member",
            "mutation($id: ID!) { deactivateUser(id: $id) { id } }",
            json!({"id": a.member_id}),
        ),
        not_found(
            "reactivate A's member",
            "mutation($id: ID!) { reactivateUser(id: $id) { id } }",
            json!({"id": a.member_id}),
        ),
        not_found(
            "revoke A's invitation",
            "mutation($id: ID!) { revokeInvitation(id: $id) { id } }",
            json!({"id": a.pending_invitation_id}),
        ),
    ]
}

#[tokio::test]
async fn tenant_b_gets_not_found_for_every_id_of_tenant_a() {
    let app = TestApp::spawn().await;
    let (_, a) = seed_a(&app).await;
    let b = app.sign_up().await;
    run_table(&app, &b.access, None, account_cases(&a)).await;

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

/// Tenant A's configuration, one row of every kind.
#[derive(Default)]
struct CenterA {
    number: String,
    trunk: String,
    endpoint: String,
    group: String,
    queue: String,
    hours: String,
    flow: String,
    member: String,
    prompt: String,
    knowledge: String,
}

async fn seed_center(app: &TestApp, a: &crate::support::Session) -> CenterA {
    use crate::center::{FLOW, HOURS, NUMBER, PUBLISH, office_hours, queue};
    let t = Some(a.access.as_str());
    let member = app
        .add_member(a, "skilled@example.com", "AGENT")
        .await
        .user_id;
    let queue = queue(app, a, "a-queue").await;
    let number = app
        .ok(
            t,
            NUMBER,
            json!({"i": {"number": "+861085550111", "routeKind": "QUEUE", "routeTargetId": queue}}),
        )
        .await;
    let trunk = app
        .ok(t, "mutation { createSipTrunk(input: {name: \"A trunk\", host: \"a.example\", allowedSources: [\"127.0.0.1\"]}) { id } }", json!({}))
        .await;
    let endpoint = app
        .ok(t, "mutation { createSipEndpoint(input: {username: \"a-desk\", password: \"Desk-Phone-Secret-9\"}) { id } }", json!({}))
        .await;
    let group = app
        .ok(
            t,
            "mutation { createSkillGroup(input: {name: \"A skills\"}) { id } }",
            json!({}),
        )
        .await;
    let group = group["createSkillGroup"]["id"].as_str().unwrap().to_owned();
    app.ok(t, "mutation($g: ID!, $u: ID!) { setSkillGroupMember(skillGroupId: $g, userId: $u, proficiency: 3) { id } }", json!({"g": group, "u": member}))
        .await;
    let hours = app.ok(t, HOURS, office_hours("A hours")).await;
    let flow = app.ok(t, FLOW, json!({"i": {"name": "A flow"}})).await;
    let flow = flow["createIvrFlow"]["id"].as_str().unwrap().to_owned();
    app.ok(t, PUBLISH, json!({"id": flow})).await;
    let prompt = app
        .upload_prompt(
            &a.access,
            "A prompt",
            "a.wav",
            crate::support::tone_wav(8000, 1, 0.5, 440.0),
        )
        .await;
    let knowledge = app
        .ok(t, "mutation { createKnowledgeEntry(input: {type: FAQ, language: \"zh\", title: \"A 的问题\", body: \"A 的答案\"}) { id } }", json!({}))
        .await;
    CenterA {
        prompt: prompt["data"]["uploadPrompt"]["id"]
            .as_str()
            .unwrap()
            .into(),
        knowledge: knowledge["createKnowledgeEntry"]["id"]
            .as_str()
            .unwrap()
            .into(),
        number: number["createPhoneNumber"]["id"].as_str().unwrap().into(),
        trunk: trunk["createSipTrunk"]["id"].as_str().unwrap().into(),
        endpoint: endpoint["createSipEndpoint"]["id"].as_str().unwrap().into(),
        group,
        queue,
        hours: hours["createBusinessHours"]["id"].as_str().unwrap().into(),
        flow,
        member,
    }
}

/// B's own rows, to pair with A's ids.
#[derive(Default)]
struct CenterB {
    user: String,
    group: String,
    endpoint: String,
}

async fn seed_center_b(app: &TestApp, b: &crate::support::Session) -> CenterB {
    let t = Some(b.access.as_str());
    let group = app
        .ok(
            t,
            "mutation { createSkillGroup(input: {name: \"B skills\"}) { id } }",
            json!({}),
        )
        .await;
    let endpoint = app
        .ok(t, "mutation { createSipEndpoint(input: {username: \"b-own-desk\", password: \"Desk-Phone-Secret-9\"}) { id } }", json!({}))
        .await;
    CenterB {
        user: b.user_id.clone(),
        group: group["createSkillGroup"]["id"].as_str().unwrap().into(),
        endpoint: endpoint["createSipEndpoint"]["id"].as_str().unwrap().into(),
    }
}

fn center_cases(ca: &CenterA, cb: &CenterB) -> Vec<Case> {
    let number_input = json!({"number": "+861085550222", "routeKind": "NONE"});
    let trunk_input = json!({"name": "B", "host": "b.example", "allowedSources": ["127.0.0.1"]});
    let hours_input = json!({"name": "B", "weekly": []});
    vec![
        not_found(
            "update number",
            "mutation($id: ID!, $i: PhoneNumberInput!) { updatePhoneNumber(id: $id, input: $i) { id } }",
            json!({"id": ca.number, "i": number_input}),
        ),
        not_found(
            "delete number",
            "mutation($id: ID!) { deletePhoneNumber(id: $id) }",
            json!({"id": ca.number}),
        ),
        not_found(
            "route to A's queue",
            "mutation($i: PhoneNumberInput!) { createPhoneNumber(input: $i) { id } }",
            json!({"i": {"number": "+861085550333", "routeKind": "QUEUE", "routeTargetId": ca.queue}}),
        ),
        not_found(
            "route to A's flow",
            "mutation($i: PhoneNumberInput!) { createPhoneNumber(input: $i) { id } }",
            json!({"i": {"number": "+861085550334", "routeKind": "FLOW", "routeTargetId": ca.flow}}),
        ),
        not_found(
            "use A's trunk",
            "mutation($i: PhoneNumberInput!) { createPhoneNumber(input: $i) { id } }",
            json!({"i": {"number": "+861085550335", "routeKind": "NONE", "trunkId": ca.trunk}}),
        ),
        not_found(
            "update trunk",
            "mutation($id: ID!, $i: SipTrunkInput!) { updateSipTrunk(id: $id, input: $i) { id } }",
            json!({"id": ca.trunk, "i": trunk_input}),
        ),
        not_found(
            "delete trunk",
            "mutation($id: ID!) { deleteSipTrunk(id: $id) }",
            json!({"id": ca.trunk}),
        ),
        not_found(
            "delete endpoint",
            "mutation($id: ID!) { deleteSipEndpoint(id: $id) }",
            json!({"id": ca.endpoint}),
        ),
        not_found(
            "endpoint for A's user",
            "mutation($u: ID!) { createSipEndpoint(input: {username: \"b-desk\", password: \"Desk-Phone-Secret-9\", userId: $u}) { id } }",
            json!({"u": ca.member}),
        ),
        not_found(
            "update skill group",
            "mutation($id: ID!) { updateSkillGroup(id: $id, input: {name: \"B\"}) { id } }",
            json!({"id": ca.group}),
        ),
        not_found(
            "delete skill group",
            "mutation($id: ID!) { deleteSkillGroup(id: $id) }",
            json!({"id": ca.group}),
        ),
        not_found(
            "join A's group",
            "mutation($g: ID!, $u: ID!) { setSkillGroupMember(skillGroupId: $g, userId: $u, proficiency: 2) { id } }",
            json!({"g": ca.group, "u": cb.user}),
        ),
        not_found(
            "remove from A's group",
            "mutation($g: ID!, $u: ID!) { removeSkillGroupMember(skillGroupId: $g, userId: $u) }",
            json!({"g": ca.group, "u": ca.member}),
        ),
        not_found(
            "read queue",
            "query($id: ID!) { queue(id: $id) { id } }",
            json!({"id": ca.queue}),
        ),
        not_found(
            "update queue",
            "mutation($id: ID!) { updateQueue(id: $id, input: {name: \"B\"}) { id } }",
            json!({"id": ca.queue}),
        ),
        not_found(
            "delete queue",
            "mutation($id: ID!) { deleteQueue(id: $id) }",
            json!({"id": ca.queue}),
        ),
        not_found(
            "queue needs A's skills",
            "mutation($g: ID!) { createQueue(input: {name: \"B1\", requiredSkills: [{skillGroupId: $g, minProficiency: 1}]}) { id } }",
            json!({"g": ca.group}),
        ),
        not_found(
            "queue uses A's hours",
            "mutation($h: ID!) { createQueue(input: {name: \"B2\", businessHoursId: $h}) { id } }",
            json!({"h": ca.hours}),
        ),
        not_found(
            "queue overflows to A's queue",
            "mutation($q: ID!) { createQueue(input: {name: \"B3\", overflow: {kind: QUEUE, targetId: $q}}) { id } }",
            json!({"q": ca.queue}),
        ),
        not_found(
            "hours open",
            "query($id: ID!) { businessHoursOpen(id: $id) }",
            json!({"id": ca.hours}),
        ),
        not_found(
            "update hours",
            "mutation($id: ID!, $i: BusinessHoursInput!) { updateBusinessHours(id: $id, input: $i) { id } }",
            json!({"id": ca.hours, "i": hours_input}),
        ),
        not_found(
            "delete hours",
            "mutation($id: ID!) { deleteBusinessHours(id: $id) }",
            json!({"id": ca.hours}),
        ),
        not_found(
            "import holidays",
            "mutation($id: ID!) { importPublicHolidays(id: $id, calendar: CN) { id } }",
            json!({"id": ca.hours}),
        ),
        not_found(
            "import CSV",
            "mutation($id: ID!) { importHolidaysCsv(id: $id, csv: \"date,kind,name\\n2027-01-01,holiday,X\\n\") { id } }",
            json!({"id": ca.hours}),
        ),
        not_found(
            "read flow",
            "query($id: ID!) { ivrFlow(id: $id) { id } }",
            json!({"id": ca.flow}),
        ),
        not_found(
            "save flow",
            "mutation($id: ID!) { saveIvrFlowDraft(id: $id, graph: {start: \"x\", nodes: [{id: \"x\", type: \"hangup\"}]}) { issues { code } } }",
            json!({"id": ca.flow}),
        ),
        not_found(
            "publish flow",
            "mutation($id: ID!) { publishIvrFlow(id: $id) { version } }",
            json!({"id": ca.flow}),
        ),
        not_found(
            "restore flow",
            "mutation($id: ID!) { restoreIvrFlowVersion(id: $id, version: 1) { id } }",
            json!({"id": ca.flow}),
        ),
        not_found(
            "rename flow",
            "mutation($id: ID!) { updateIvrFlow(id: $id, input: {name: \"B\"}) { id } }",
            json!({"id": ca.flow}),
        ),
        not_found(
            "delete flow",
            "mutation($id: ID!) { deleteIvrFlow(id: $id) }",
            json!({"id": ca.flow}),
        ),
        not_found(
            "update endpoint",
            "mutation($id: ID!) { updateSipEndpoint(id: $id, displayName: \"B\") { id } }",
            json!({"id": ca.endpoint}),
        ),
        not_found(
            "read prompt",
            "query($id: ID!) { prompt(id: $id) { url } }",
            json!({"id": ca.prompt}),
        ),
        not_found(
            "delete prompt",
            "mutation($id: ID!) { deletePrompt(id: $id) }",
            json!({"id": ca.prompt}),
        ),
        not_found(
            "read knowledge",
            "query($id: ID!) { knowledgeEntry(id: $id) { id } }",
            json!({"id": ca.knowledge}),
        ),
        not_found(
            "update knowledge",
            "mutation($id: ID!) { updateKnowledgeEntry(id: $id, input: {type: FAQ, language: \"zh\", title: \"B\", body: \"B\"}) { id } }",
            json!({"id": ca.knowledge}),
        ),
        not_found(
            "delete knowledge",
            "mutation($id: ID!) { deleteKnowledgeEntry(id: $id) }",
            json!({"id": ca.knowledge}),
        ),
        not_found(
            "queue overflows to A's skill group",
            "mutation($i: QueueInput!) { createQueue(input: $i) { id } }",
            json!({"i": {"name": "B4", "skillOverflow": {"afterSecs": 30, "requiredSkills": [{"skillGroupId": ca.group, "minProficiency": 1}]}}}),
        ),
        not_found(
            "A's user in B's group",
            "mutation($g: ID!, $u: ID!) { setSkillGroupMember(skillGroupId: $g, userId: $u, proficiency: 2) { id } }",
            json!({"g": cb.group, "u": ca.member}),
        ),
        not_found(
            "B's endpoint for A's user",
            "mutation($id: ID!, $u: ID!) { updateSipEndpoint(id: $id, displayName: \"B\", userId: $u) { id } }",
            json!({"id": cb.endpoint, "u": ca.member}),
        ),
    ]
}

#[tokio::test]
async fn tenant_b_gets_not_found_for_every_configuration_id_of_tenant_a() {
    let app = TestApp::spawn().await;
    let a = app.sign_up().await;
    let ca = seed_center(&app, &a).await;
    let b = app.sign_up().await;
    let cb = seed_center_b(&app, &b).await;
    run_table(&app, &b.access, None, center_cases(&ca, &cb)).await;
    // B's lists hold nothing of A's: only the group and desk phone B made itself.
    let lists = app
        .ok(Some(&b.access), "{ phoneNumbers { id } sipTrunks { id } sipEndpoints { id } skillGroups { id } queues { id } businessHours { id } ivrFlows { id } prompts { id } knowledgeEntries { id } }", json!({}))
        .await;
    for (k, v) in lists.as_object().unwrap() {
        let own = match k.as_str() {
            "sipEndpoints" => json!([{"id": cb.endpoint}]),
            "skillGroups" => json!([{"id": cb.group}]),
            _ => json!([]),
        };
        assert_eq!(v, &own, "{k} leaks");
    }
    let found = app
        .ok(
            Some(&b.access),
            "{ searchKnowledge(query: \"问题\") { entry { id } } }",
            json!({}),
        )
        .await;
    assert_eq!(found["searchKnowledge"], json!([]));
    // And A's rows are untouched.
    let a_lists = app.ok(Some(&a.access), "{ phoneNumbers { id } queues { id } ivrFlows { publishedVersion } skillGroups { members { userId } } }", json!({})).await;
    assert_eq!(a_lists["phoneNumbers"].as_array().unwrap().len(), 1);
    assert_eq!(a_lists["ivrFlows"][0]["publishedVersion"], 1);
    assert_eq!(
        a_lists["skillGroups"][0]["members"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

/// A's ended call and its voicemail.
#[derive(Default)]
struct RecordedA {
    call: String,
    recording: String,
}

fn recording_cases(a: &RecordedA) -> Vec<Case> {
    vec![
        not_found(
            "call",
            "query($id: ID!) { call(id: $id) { id } }",
            json!({"id": a.call}),
        ),
        not_found(
            "recording",
            "query($id: ID!) { recording(id: $id) { url } }",
            json!({"id": a.recording}),
        ),
        empty(
            "recordings of A's call",
            "query($id: ID!) { recordings(callId: $id) { id } }",
            json!({"id": a.call}),
        ),
    ]
}

/// Tenant A's call: admitted to A's number (the only way a call gets a tenant), with its
/// record, recording and callback task, written through the same domain calls the voice
/// service uses.
#[tokio::test]
async fn tenant_b_never_sees_tenant_a_calls_recordings_or_callbacks() {
    use qiao_tenants::calls::{CallEnd, CallStart, NewCallbackTask, NewRecording};
    use qiao_tenants::objects::ObjectKey;
    use qiao_tenants::values::E164;

    let app = TestApp::spawn().await;
    let a = app.sign_up().await;
    let queue = crate::center::queue(&app, &a, "a-queue").await;
    app.ok(
        Some(&a.access),
        crate::center::NUMBER,
        json!({"i": {"number": "+861085550444", "routeKind": "QUEUE", "routeTargetId": queue}}),
    )
    .await;
    let calls = &app.running.as_ref().unwrap().state.calls;
    let admitted = calls
        .admit_call(&E164::parse("+861085550444").unwrap())
        .await
        .unwrap()
        .expect("A's number admits the call");
    let access = admitted.access;
    let call = uuid::Uuid::now_v7();
    let now = chrono::Utc::now();
    calls
        .open_call(
            &access,
            CallStart {
                id: call,
                number_id: Some(admitted.number.id),
                dialled: "+861085550444".into(),
                caller: "+8613800138000".into(),
                sip_call_id: "x@y".into(),
                started_at: now,
                node_id: None,
                direction: "inbound",
            },
        )
        .await
        .unwrap();
    let rec = uuid::Uuid::now_v7();
    let key = ObjectKey::new(access.tenant_id(), &["voicemail", &format!("{rec}.wav")]).unwrap();
    calls
        .leave_voicemail(
            &access,
            NewRecording {
                id: rec,
                call_id: call,
                kind: "voicemail".into(),
                object_key: key.clone(),
                dialled: "+861085550444".into(),
                caller: "+8613800138000".into(),
                legs: json!([]),
                started_at: now,
                ended_at: now,
                duration_ms: 1000,
            },
            NewCallbackTask {
                kind: "voicemail",
                number: "+8613800138000".into(),
                queue_id: None,
                call_id: Some(call),
                recording_id: None,
                note: String::new(),
            },
        )
        .await
        .unwrap();
    assert!(calls.recording_stored(rec, &key, 44).await.unwrap());
    calls
        .close_call(
            &access,
            call,
            CallEnd {
                ended_at: now,
                disposition: "voicemail".into(),
                ..Default::default()
            },
            None,
        )
        .await
        .unwrap();
    // A key of another tenant is refused for A's call.
    let b_probe = ObjectKey::new(qiao_tenants::TenantId::new(), &["voicemail", "x.wav"]).unwrap();
    let wrong = calls
        .close_call(
            &access,
            call,
            CallEnd::default(),
            Some(NewRecording {
                id: uuid::Uuid::now_v7(),
                call_id: call,
                kind: "call".into(),
                object_key: b_probe,
                dialled: String::new(),
                caller: String::new(),
                legs: json!([]),
                started_at: now,
                ended_at: now,
                duration_ms: 0,
            }),
        )
        .await;
    assert!(
        wrong.is_err(),
        "a recording keyed under another tenant is refused"
    );

    let lists = "{ calls { id } recordings { id url } callbackTasks { id } }";
    // A sees all three, with a link to the recording…
    let mine = app.ok(Some(&a.access), lists, json!({})).await;
    assert_eq!(mine["calls"][0]["id"], call.to_string());
    assert_eq!(mine["recordings"][0]["id"], rec.to_string());
    assert!(mine["recordings"][0]["url"].is_string());
    assert_eq!(mine["callbackTasks"].as_array().unwrap().len(), 1);
    // …an agent of A may not read call records…
    let agent = app.add_member(&a, "a-agent@example.com", "AGENT").await;
    let body = app.gql(Some(&agent.access), lists, json!({})).await;
    assert_eq!(code(&body), "FORBIDDEN", "{body:#}");
    // …and tenant B sees none of it.
    let b = app.sign_up().await;
    let ra = RecordedA {
        call: call.to_string(),
        recording: rec.to_string(),
    };
    run_table(&app, &b.access, Some(&a.access), recording_cases(&ra)).await;
    let theirs = app.ok(Some(&b.access), lists, json!({})).await;
    for (k, v) in theirs.as_object().unwrap() {
        assert_eq!(v, &json!([]), "{k} leaks");
    }
}

const A_PHONE: &str = "+8613700000001";
const A_CARD: &str = "1000000005";

/// A's customer with a member card, a case in a department, a service request, a skill
/// group and an agent.
#[derive(Default)]
struct CrmA {
    contact: String,
    card: String,
    department: String,
    case: String,
    request: String,
    group: String,
    user: String,
}

/// B's own rows, to pair with A's ids.
#[derive(Default)]
struct CrmB {
    user: String,
    contact: String,
    request: String,
}

fn id_of(v: &Value, op: &str) -> String {
    v[op]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no {op} id in {v:#}"))
        .to_owned()
}

const TOUR: &str = "mutation($i: ServiceRequestInput!) { createServiceRequest(input: $i) { id } }";

async fn seed_crm(app: &TestApp, a: &crate::support::Session) -> CrmA {
    let t = Some(a.access.as_str());
    let user = app
        .add_member(a, "a-agent@example.com", "AGENT")
        .await
        .user_id;
    let contact = app
        .ok(
            t,
            "mutation($i: ContactInput!) { createContact(input: $i) { id } }",
            json!({"i": {"name": "A's customer", "phones": [{"number": A_PHONE}]}}),
        )
        .await;
    let contact = id_of(&contact, "createContact");
    let card = app
        .ok(
            t,
            "mutation($i: MemberCardInput!) { createMemberCard(input: $i) { id } }",
            json!({"i": {"cardNumber": A_CARD, "pin": "1234", "contactId": contact}}),
        )
        .await;
    let department = app
        .ok(
            t,
            "mutation { createDepartment(input: {name: \"总部\", categories: [\"ticket\"]}) { id } }",
            json!({}),
        )
        .await;
    let department = id_of(&department, "createDepartment");
    let case = app
        .ok(
            t,
            "mutation($i: CaseInput!) { createCase(input: $i) { id } }",
            json!({"i": {"kind": "suggestion", "category": "ticket", "subject": "加开夜班车", "departmentId": department, "contactId": contact}}),
        )
        .await;
    let request = app
        .ok(
            t,
            TOUR,
            json!({"i": {"kind": "tour", "contactId": contact, "details": {"tour": "西湖一日游", "date": "2026-12-01", "people": 2}}}),
        )
        .await;
    let group = app
        .ok(
            t,
            "mutation { createSkillGroup(input: {name: \"A tours\"}) { id } }",
            json!({}),
        )
        .await;
    CrmA {
        card: id_of(&card, "createMemberCard"),
        case: id_of(&case, "createCase"),
        request: id_of(&request, "createServiceRequest"),
        group: id_of(&group, "createSkillGroup"),
        contact,
        department,
        user,
    }
}

async fn seed_crm_b(app: &TestApp, b: &crate::support::Session) -> CrmB {
    let t = Some(b.access.as_str());
    // A's customer's number is free in B: numbers are unique per tenant.
    let contact = app
        .ok(
            t,
            "mutation($i: ContactInput!) { createContact(input: $i) { id } }",
            json!({"i": {"name": "B's customer", "phones": [{"number": A_PHONE}]}}),
        )
        .await;
    let request = app
        .ok(
            t,
            TOUR,
            json!({"i": {"kind": "tour", "details": {"tour": "灵隐寺", "date": "2026-12-02", "people": 1}}}),
        )
        .await;
    CrmB {
        user: b.user_id.clone(),
        contact: id_of(&contact, "createContact"),
        request: id_of(&request, "createServiceRequest"),
    }
}

fn crm_cases(a: &CrmA, b: &CrmB) -> Vec<Case> {
    vec![
        // Contacts.
        not_found(
            "read contact",
            "query($id: ID!) { contact(id: $id) { id } }",
            json!({"id": a.contact}),
        ),
        not_found(
            "update contact",
            "mutation($id: ID!) { updateContact(id: $id, input: {name: \"B\"}) { id } }",
            json!({"id": a.contact}),
        ),
        not_found(
            "note on contact",
            "mutation($id: ID!) { addContactNote(id: $id, text: \"x\") { id } }",
            json!({"id": a.contact}),
        ),
        not_found(
            "merge A's contact into B's",
            "mutation($t: ID!, $s: ID!) { mergeContacts(targetId: $t, sourceId: $s) { id } }",
            json!({"t": b.contact, "s": a.contact}),
        ),
        not_found(
            "merge B's contact into A's",
            "mutation($t: ID!, $s: ID!) { mergeContacts(targetId: $t, sourceId: $s) { id } }",
            json!({"t": a.contact, "s": b.contact}),
        ),
        not_found(
            "contact served by A's agent",
            "mutation($u: ID!) { createContact(input: {name: \"B2\", dedicatedAgentId: $u}) { id } }",
            json!({"u": a.user}),
        ),
        // Member cards.
        not_found(
            "card for A's contact",
            "mutation($c: ID!) { createMemberCard(input: {cardNumber: \"3000000009\", pin: \"1234\", contactId: $c}) { id } }",
            json!({"c": a.contact}),
        ),
        empty(
            "cards of A's contact",
            "query($c: ID) { memberCards(contactId: $c) { id } }",
            json!({"c": a.contact}),
        ),
        not_found(
            "read card",
            "query($id: ID!) { memberCard(id: $id) { balanceMinor points ledger(limit: 1000) { kind } } }",
            json!({"id": a.card}),
        ),
        not_found(
            "post to card",
            "mutation($i: CardTransactionInput!) { postCardTransaction(input: $i) { replayed } }",
            json!({"i": {"cardId": a.card, "kind": "TOP_UP", "amountMinor": 100, "points": 0, "reason": "test"}}),
        ),
        not_found(
            "card by number",
            "query($n: String!) { memberCardByNumber(cardNumber: $n) { id } }",
            json!({"n": A_CARD}),
        ),
        not_found(
            "verify card PIN",
            "mutation($n: String!) { verifyCardPin(cardNumber: $n, pin: \"1234\") { id } }",
            json!({"n": A_CARD}),
        ),
        // Cases and departments.
        not_found(
            "read case",
            "query($id: ID!) { case(id: $id) { status events { kind } } }",
            json!({"id": a.case}),
        ),
        not_found(
            "note on case",
            "mutation($id: ID!) { addCaseNote(id: $id, text: \"x\") }",
            json!({"id": a.case}),
        ),
        not_found(
            "escalate case",
            "mutation($id: ID!) { escalateCase(id: $id) { id } }",
            json!({"id": a.case}),
        ),
        not_found(
            "close case",
            "mutation($id: ID!) { closeCase(id: $id, resolution: \"x\", notifiedVia: \"sms\") { id } }",
            json!({"id": a.case}),
        ),
        not_found(
            "rate case",
            "mutation($id: ID!) { rateCase(id: $id, score: 5) { id } }",
            json!({"id": a.case}),
        ),
        not_found(
            "case in A's department",
            "mutation($h: ID!) { createCase(input: {kind: \"inquiry\", category: \"x\", subject: \"y\", departmentId: $h}) { id } }",
            json!({"h": a.department}),
        ),
        not_found(
            "case for A's contact",
            "mutation($c: ID!) { createCase(input: {kind: \"inquiry\", category: \"ticket\", subject: \"y\", contactId: $c}) { id } }",
            json!({"c": a.contact}),
        ),
        not_found(
            "department under A's",
            "mutation($h: ID!) { createDepartment(input: {name: \"B\", parentId: $h}) { id } }",
            json!({"h": a.department}),
        ),
        not_found(
            "update department",
            "mutation($id: ID!) { updateDepartment(id: $id, input: {name: \"B\"}) { id } }",
            json!({"id": a.department}),
        ),
        empty(
            "audit of A's case",
            "query($id: ID) { auditLog(entityType: \"case\", entityId: $id) { action } }",
            json!({"id": a.case}),
        ),
        // Service requests.
        not_found(
            "read request",
            "query($id: ID!) { serviceRequest(id: $id) { id } }",
            json!({"id": a.request}),
        ),
        not_found(
            "move request",
            "mutation($id: ID!, $to: String!) { transitionServiceRequest(id: $id, to: $to, note: \"ok\") { status } }",
            json!({"id": a.request, "to": "in_progress"}),
        ),
        not_found(
            "assign A's request to B's user",
            "mutation($id: ID!, $u: ID!) { assignServiceRequest(id: $id, userId: $u) { id } }",
            json!({"id": a.request, "u": b.user}),
        ),
        not_found(
            "assign B's request to A's user",
            "mutation($id: ID!, $u: ID!) { assignServiceRequest(id: $id, userId: $u) { assigneeId } }",
            json!({"id": b.request, "u": a.user}),
        ),
        not_found(
            "request for A's contact",
            TOUR,
            json!({"i": {"kind": "tour", "contactId": a.contact, "details": {"tour": "x", "date": "2026-12-01", "people": 1}}}),
        ),
        not_found(
            "request for A's skill group",
            TOUR,
            json!({"i": {"kind": "tour", "skillGroupId": a.group, "details": {"tour": "x", "date": "2026-12-01", "people": 1}}}),
        ),
    ]
}

#[tokio::test]
async fn tenant_b_gets_not_found_for_every_crm_id_of_tenant_a() {
    let app = TestApp::spawn().await;
    let a = app.sign_up().await;
    let ca = seed_crm(&app, &a).await;
    let b = app.sign_up().await;
    let bt = Some(b.access.as_str());
    // Before B has rows of its own: nothing of A's in B's look-ups and lists.
    let by_phone = app
        .ok(
            bt,
            "query($n: String!) { contactByPhone(number: $n) { id } }",
            json!({"n": A_PHONE}),
        )
        .await;
    assert_eq!(by_phone["contactByPhone"], json!(null));
    let lists = "{ contacts { id } memberCards { id } departments { id } cases { id } auditLog { action } serviceRequests { id } }";
    for (k, v) in app.ok(bt, lists, json!({})).await.as_object().unwrap() {
        assert_eq!(v, &json!([]), "{k} leaks");
    }

    let cb = seed_crm_b(&app, &b).await;
    run_table(&app, &b.access, Some(&a.access), crm_cases(&ca, &cb)).await;

    // Afterwards B holds its own two rows and nothing the table's refused writes made.
    let after = app
        .ok(
            bt,
            "{ contacts { name } memberCards { id } departments { id } cases { id } serviceRequests { id assigneeId } auditLog { entityId } }",
            json!({}),
        )
        .await;
    assert_eq!(after["contacts"], json!([{"name": "B's customer"}]));
    assert_eq!(
        after["serviceRequests"],
        json!([{"id": cb.request, "assigneeId": null}])
    );
    for k in ["memberCards", "departments", "cases"] {
        assert_eq!(after[k], json!([]), "{k}");
    }
    for e in after["auditLog"].as_array().unwrap() {
        assert!(
            e["entityId"] == cb.contact.as_str() || e["entityId"] == cb.request.as_str(),
            "B's audit log names a row that is not B's: {after:#}"
        );
    }
    // B can issue A's card number in its own tenant.
    app.ok(
        bt,
        "mutation($n: String!) { createMemberCard(input: {cardNumber: $n, pin: \"1234\"}) { id } }",
        json!({"n": A_CARD}),
    )
    .await;
}

/// A's calls, held by no node: one waiting in A's queue, one offered to A's agent (its leg).
#[derive(Default)]
struct LiveA {
    waiting: String,
    offered: String,
    leg: String,
    agent: String,
    queue: String,
}

/// Reads, as B's owner (a supervisor).
fn call_cases(a: &LiveA) -> Vec<Case> {
    vec![
        not_found(
            "read call",
            "query($id: ID!) { call(id: $id) { id } }",
            json!({"id": a.offered}),
        ),
        not_found(
            "queue standing",
            "query($c: ID!) { queueStanding(callId: $c) { queueId position agentsServing agentsFree averageHandleSecs estimatedWaitSecs } }",
            json!({"c": a.waiting}),
        ),
        empty(
            "legs of A's call",
            "query($c: ID!) { callLegs(callId: $c) { id } }",
            json!({"c": a.offered}),
        ),
    ]
}

/// Commands, as B's agent.
fn call_control_cases(a: &LiveA) -> Vec<Case> {
    vec![
        not_found(
            "answer",
            "mutation($c: ID!) { answerCall(callId: $c, sdp: \"v=0\\r\\n\") }",
            json!({"c": a.offered}),
        ),
        not_found(
            "reject",
            "mutation($c: ID!) { rejectCall(callId: $c) }",
            json!({"c": a.offered}),
        ),
        not_found(
            "hang up",
            "mutation($c: ID!) { hangUpCall(callId: $c) }",
            json!({"c": a.offered}),
        ),
        not_found(
            "hold",
            "mutation($c: ID!) { holdCall(callId: $c, on: true) }",
            json!({"c": a.offered}),
        ),
        not_found(
            "transfer to A's agent",
            "mutation($c: ID!, $a: ID!) { transferCall(callId: $c, agentId: $a) }",
            json!({"c": a.offered, "a": a.agent}),
        ),
        not_found(
            "transfer to A's queue",
            "mutation($c: ID!, $q: ID!) { transferCall(callId: $c, queueId: $q) }",
            json!({"c": a.waiting, "q": a.queue}),
        ),
        not_found(
            "consult A's agent",
            "mutation($c: ID!, $a: ID!) { consultCall(callId: $c, agentId: $a) }",
            json!({"c": a.offered, "a": a.agent}),
        ),
        not_found(
            "complete transfer",
            "mutation($c: ID!) { completeTransfer(callId: $c) }",
            json!({"c": a.offered}),
        ),
        not_found(
            "cancel consult",
            "mutation($c: ID!) { cancelConsult(callId: $c) }",
            json!({"c": a.offered}),
        ),
        not_found(
            "conference",
            "mutation($c: ID!) { startConference(callId: $c) }",
            json!({"c": a.offered}),
        ),
        not_found(
            "send keys",
            "mutation($c: ID!) { sendKeys(callId: $c, keys: \"1#\") }",
            json!({"c": a.offered}),
        ),
        not_found(
            "wrap up",
            "mutation($l: ID!) { wrapUpCall(legId: $l, code: \"x\") { id } }",
            json!({"l": a.leg}),
        ),
    ]
}

#[tokio::test]
async fn tenant_b_never_reaches_tenant_a_live_calls_or_legs() {
    use qiao_tenants::values::E164;

    let app = TestApp::spawn().await;
    let a = app.sign_up().await;
    let a_agent = app.add_member(&a, "a-agent@example.com", "AGENT").await;
    app.ok(
        Some(&a_agent.access),
        "mutation { setPresence(state: AVAILABLE) { state } }",
        json!({}),
    )
    .await;
    let queue = crate::center::queue(&app, &a, "a-queue").await;
    app.ok(
        Some(&a.access),
        crate::center::NUMBER,
        json!({"i": {"number": "+861085550445", "routeKind": "QUEUE", "routeTargetId": queue}}),
    )
    .await;
    let calls = app.state().calls.clone();
    let access = calls
        .admit_call(&E164::parse("+861085550445").unwrap())
        .await
        .unwrap()
        .expect("A's number admits the call")
        .access;
    let waiting = crate::agents::open_call(&app, &access).await;
    calls
        .enter_queue(&access, waiting, queue.parse().unwrap())
        .await
        .unwrap();
    let offered = crate::agents::open_call(&app, &access).await;
    let agent: Uuid = a_agent.user_id.parse().unwrap();
    let leg = calls
        .reserve_agent(&access, agent, offered)
        .await
        .unwrap()
        .expect("A's agent is free");
    // A sees both: B's NOT_FOUND hides something.
    let own = app
        .ok(
            Some(&a.access),
            "query($w: ID!, $o: ID!) { queueStanding(callId: $w) { position } call(id: $o) { id } }",
            json!({"w": waiting, "o": offered}),
        )
        .await;
    assert_eq!(own["queueStanding"]["position"], 1, "{own:#}");
    let la = LiveA {
        waiting: waiting.to_string(),
        offered: offered.to_string(),
        leg: leg.to_string(),
        agent: a_agent.user_id.clone(),
        queue,
    };

    let b = app.sign_up().await;
    let b_agent = app.add_member(&b, "b-agent@example.com", "AGENT").await;
    run_table(&app, &b.access, Some(&a.access), call_cases(&la)).await;
    run_table(&app, &b_agent.access, None, call_control_cases(&la)).await;
    let theirs = app
        .ok(
            Some(&b.access),
            "{ calls { id } waitingCalls { call { id } } }",
            json!({}),
        )
        .await;
    for (k, v) in theirs.as_object().unwrap() {
        assert_eq!(v, &json!([]), "{k} leaks");
    }
    // A's offer is untouched by B's commands.
    let st = calls.agent_state_of(&access, agent).await.unwrap();
    assert_eq!(st.offer_call_id, Some(offered));
}

/// Root fields with an `ID` argument that no table can reach, and why. Keep it empty.
const EXEMPT: &[(&str, &str)] = &[];

/// Every field of the root types (Query, Mutation and Subscription, as the SDL's `schema`
/// block names them) with an argument typed `ID` however wrapped (`ID`, `ID!`, `[ID!]`…)
/// is called, with one of those arguments, in an operation of some table above.
#[test]
fn every_id_argument_is_covered() {
    let sdl = qiao_api::graphql::sdl();
    let schema = walk::Schema::parse(&sdl);
    let id_fields: Vec<(&str, &str, &BTreeSet<String>)> = schema
        .roots
        .iter()
        .flat_map(|(op, ty)| {
            schema.fields[ty]
                .iter()
                .filter(|(_, ids)| !ids.is_empty())
                .map(move |(f, ids)| (op.as_str(), f.as_str(), ids))
        })
        .collect();
    // The walk itself works: the schema has (at least) these, 16 queries and 48 mutations
    // when this test was written.
    for known in [
        ("query", "contact"),
        ("mutation", "wrapUpCall"),
        ("mutation", "mergeContacts"),
    ] {
        assert!(
            id_fields.iter().any(|(o, f, _)| (*o, *f) == known),
            "the SDL walk missed {known:?}: {id_fields:?}"
        );
    }
    assert!(id_fields.len() >= 60, "{id_fields:?}");

    // (operation type, root field) → the arguments each call in a table passes.
    let mut calls: BTreeMap<(String, String), Vec<BTreeSet<String>>> = BTreeMap::new();
    for (table, cases) in every_table() {
        for c in &cases {
            for call in walk::root_calls(c.query) {
                assert!(
                    schema
                        .roots
                        .get(&call.op)
                        .is_some_and(|ty| schema.fields[ty].contains_key(&call.field)),
                    "{table} / {}: {} {} is no root field of the schema",
                    c.name,
                    call.op,
                    call.field
                );
                calls
                    .entry((call.op, call.field))
                    .or_default()
                    .push(call.args);
            }
        }
    }

    let mut missing = Vec::new();
    for (op, field, ids) in &id_fields {
        let covered = calls
            .get(&(op.to_string(), field.to_string()))
            .is_some_and(|all| all.iter().any(|args| !args.is_disjoint(ids)));
        let exempt = EXEMPT.iter().any(|(f, _)| f == field);
        if !covered && !exempt {
            missing.push(format!("{op} {field}({})", join(ids)));
        }
        assert!(
            !(covered && exempt),
            "{field} has a row now: take it out of EXEMPT"
        );
    }
    for (f, reason) in EXEMPT {
        assert!(
            id_fields.iter().any(|(_, field, _)| field == f),
            "EXEMPT names {f}, which has no ID argument (any more)"
        );
        assert!(!reason.trim().is_empty(), "EXEMPT {f} needs a reason");
    }
    assert!(
        missing.is_empty(),
        "{} root field(s) with an ID argument are in no cross-tenant table of cross_tenant.rs \
         (add a row where tenant B passes tenant A's id, or an EXEMPT entry with the reason):\n  {}",
        missing.len(),
        missing.join("\n  ")
    );
}

fn join(set: &BTreeSet<String>) -> String {
    set.iter().cloned().collect::<Vec<_>>().join(", ")
}

/// A small GraphQL tokenizer, enough to read the SDL's root types and the root fields an
/// operation calls.
mod walk {
    use std::collections::{BTreeMap, BTreeSet};

    #[derive(Clone, Debug, PartialEq)]
    enum Tok {
        Name(String),
        Punct(char),
        /// A string, block string or number.
        Value,
        Spread,
    }

    fn tokens(src: &str) -> Vec<Tok> {
        let c: Vec<char> = src.chars().collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < c.len() {
            let ch = c[i];
            if ch.is_whitespace() || ch == ',' || ch == '\u{feff}' {
                i += 1;
            } else if ch == '#' {
                while i < c.len() && c[i] != '\n' {
                    i += 1;
                }
            } else if ch == '"' {
                if c[i..].starts_with(&['"', '"', '"']) {
                    i += 3;
                    while i < c.len() && !c[i..].starts_with(&['"', '"', '"']) {
                        i += if c[i] == '\\' { 2 } else { 1 };
                    }
                    i += 3;
                } else {
                    i += 1;
                    while i < c.len() && c[i] != '"' {
                        i += if c[i] == '\\' { 2 } else { 1 };
                    }
                    i += 1;
                }
                out.push(Tok::Value);
            } else if ch == '_' || ch.is_ascii_alphabetic() {
                let start = i;
                while i < c.len() && (c[i] == '_' || c[i].is_ascii_alphanumeric()) {
                    i += 1;
                }
                out.push(Tok::Name(c[start..i].iter().collect()));
            } else if ch == '-' || ch.is_ascii_digit() {
                i += 1;
                while i < c.len()
                    && (c[i].is_ascii_alphanumeric()
                        || c[i] == '.'
                        || (matches!(c[i], '+' | '-') && matches!(c[i - 1], 'e' | 'E')))
                {
                    i += 1;
                }
                out.push(Tok::Value);
            } else if c[i..].starts_with(&['.', '.', '.']) {
                i += 3;
                out.push(Tok::Spread);
            } else {
                out.push(Tok::Punct(ch));
                i += 1;
            }
        }
        out
    }

    fn opens(t: &Tok) -> bool {
        matches!(t, Tok::Punct('(' | '[' | '{'))
    }

    fn closes(t: &Tok) -> bool {
        matches!(t, Tok::Punct(')' | ']' | '}'))
    }

    /// The index after the group opening at `i`.
    fn skip_group(t: &[Tok], mut i: usize) -> usize {
        assert!(opens(&t[i]), "no group at {i}: {:?}", &t[i..]);
        let mut depth = 0;
        loop {
            if opens(&t[i]) {
                depth += 1;
            } else if closes(&t[i]) {
                depth -= 1;
            }
            i += 1;
            if depth == 0 {
                return i;
            }
        }
    }

    /// Reads the argument list opening at `i` (`(`): each argument's name and the first
    /// name after its colon (the type, in the SDL; a variable or value in an operation).
    /// Returns them and the index after `)`.
    fn arguments(t: &[Tok], i: usize) -> (Vec<(String, Option<String>)>, usize) {
        let end = skip_group(t, i);
        let mut args = Vec::new();
        let mut depth = 0;
        for (j, tok) in t.iter().enumerate().take(end).skip(i) {
            if opens(tok) {
                depth += 1;
            } else if closes(tok) {
                depth -= 1;
            } else if let (1, Tok::Name(n), Some(Tok::Punct(':'))) = (depth, tok, t.get(j + 1)) {
                let ty = t[j + 2..end].iter().find_map(|t| match t {
                    Tok::Name(n) => Some(n.clone()),
                    Tok::Punct('[') => None,
                    _ => Some(String::new()),
                });
                args.push((n.clone(), ty));
            }
        }
        (args, end)
    }

    /// Skips `@directive(args)`s from `i`.
    fn skip_directives(t: &[Tok], mut i: usize) -> usize {
        while t.get(i) == Some(&Tok::Punct('@')) {
            i += 2;
            if t.get(i) == Some(&Tok::Punct('(')) {
                i = skip_group(t, i);
            }
        }
        i
    }

    pub struct Schema {
        /// Operation type (`query`, `mutation`, `subscription`) → its root type's name.
        pub roots: BTreeMap<String, String>,
        /// Type name → its fields, each with its arguments typed `ID`.
        pub fields: BTreeMap<String, BTreeMap<String, BTreeSet<String>>>,
    }

    impl Schema {
        pub fn parse(sdl: &str) -> Self {
            let t = tokens(sdl);
            let mut roots: BTreeMap<String, String> = [
                ("query", "Query"),
                ("mutation", "Mutation"),
                ("subscription", "Subscription"),
            ]
            .into_iter()
            .map(|(o, ty)| (o.to_owned(), ty.to_owned()))
            .collect();
            let mut fields = BTreeMap::new();
            let (mut i, mut depth) = (0, 0);
            while i < t.len() {
                match (&t[i], depth) {
                    (Tok::Name(k), 0)
                        if k == "schema" && t.get(i + 1) == Some(&Tok::Punct('{')) =>
                    {
                        let end = skip_group(&t, i + 1);
                        for w in t[i + 2..end].windows(3) {
                            if let [Tok::Name(op), Tok::Punct(':'), Tok::Name(ty)] = w {
                                roots.insert(op.clone(), ty.clone());
                            }
                        }
                        i = end;
                    }
                    (Tok::Name(k), 0) if k == "type" => {
                        let Some(Tok::Name(name)) = t.get(i + 1) else {
                            panic!("type without a name at token {i}");
                        };
                        let mut j = i + 2;
                        while t[j] != Tok::Punct('{') {
                            j += 1;
                        }
                        let end = skip_group(&t, j);
                        fields.insert(name.clone(), Self::fields(&t[j + 1..end - 1]));
                        i = end;
                    }
                    (tok, _) => {
                        if opens(tok) {
                            depth += 1;
                        } else if closes(tok) {
                            depth -= 1;
                        }
                        i += 1;
                    }
                }
            }
            for ty in roots.values() {
                fields.entry(ty.clone()).or_default();
            }
            Self { roots, fields }
        }

        /// The fields of a type's body: `name(args): Type @directives`.
        fn fields(t: &[Tok]) -> BTreeMap<String, BTreeSet<String>> {
            let mut out = BTreeMap::new();
            let mut i = 0;
            while i < t.len() {
                if t[i] == Tok::Value {
                    // A description.
                    i += 1;
                    continue;
                }
                let Tok::Name(name) = &t[i] else {
                    panic!("expected a field name, found {:?}", &t[i..]);
                };
                i += 1;
                let mut ids = BTreeSet::new();
                if t.get(i) == Some(&Tok::Punct('(')) {
                    let (args, end) = arguments(t, i);
                    ids = args
                        .into_iter()
                        .filter(|(_, ty)| ty.as_deref() == Some("ID"))
                        .map(|(a, _)| a)
                        .collect();
                    i = end;
                }
                assert_eq!(t.get(i), Some(&Tok::Punct(':')), "field {name}");
                i += 1;
                // The type: `[`, a name, `!` and `]`.
                while matches!(t.get(i), Some(Tok::Punct('[' | ']' | '!'))) {
                    i += 1;
                }
                i += 1;
                while matches!(t.get(i), Some(Tok::Punct(']' | '!'))) {
                    i += 1;
                }
                i = skip_directives(t, i);
                out.insert(name.clone(), ids);
            }
            out
        }
    }

    /// A root field an operation calls, with the names of the arguments it passes.
    pub struct RootCall {
        pub op: String,
        pub field: String,
        pub args: BTreeSet<String>,
    }

    /// The root fields of the (one) operation in `doc`.
    pub fn root_calls(doc: &str) -> Vec<RootCall> {
        let t = tokens(doc);
        let mut i = 0;
        let op = match t.first() {
            Some(Tok::Name(k)) if ["query", "mutation", "subscription"].contains(&k.as_str()) => {
                i += 1;
                if matches!(t.get(i), Some(Tok::Name(_))) {
                    i += 1;
                }
                if t.get(i) == Some(&Tok::Punct('(')) {
                    i = skip_group(&t, i);
                }
                i = skip_directives(&t, i);
                k.clone()
            }
            _ => "query".to_owned(),
        };
        assert_eq!(t.get(i), Some(&Tok::Punct('{')), "no selection set: {doc}");
        let end = skip_group(&t, i);
        assert_eq!(end, t.len(), "one operation per row: {doc}");
        i += 1;
        let mut out = Vec::new();
        while t[i] != Tok::Punct('}') {
            let Tok::Name(mut field) = t[i].clone() else {
                panic!("fragments and odd tokens are not read here: {doc}");
            };
            i += 1;
            if t[i] == Tok::Punct(':') {
                let Tok::Name(f) = t[i + 1].clone() else {
                    panic!("alias without a field: {doc}");
                };
                field = f;
                i += 2;
            }
            let mut args = BTreeSet::new();
            if t[i] == Tok::Punct('(') {
                let (a, next) = arguments(&t, i);
                args = a.into_iter().map(|(n, _)| n).collect();
                i = next;
            }
            i = skip_directives(&t, i);
            if t[i] == Tok::Punct('{') {
                i = skip_group(&t, i);
            }
            out.push(RootCall {
                op: op.clone(),
                field,
                args,
            });
        }
        out
    }

    #[test]
    fn reads_root_fields_and_their_arguments() {
        let calls = root_calls(
            "mutation($id: ID!, $i: X!) { a: updateQueue(id: $id, input: {name: \"f(x)\", list: [{y: 1}]}) { id nested(arg: 2) { z } } deleteQueue(id: $id) }",
        );
        let got: Vec<_> = calls
            .iter()
            .map(|c| {
                (
                    c.op.as_str(),
                    c.field.as_str(),
                    c.args.iter().cloned().collect::<Vec<_>>(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "mutation",
                    "updateQueue",
                    vec!["id".to_owned(), "input".to_owned()]
                ),
                ("mutation", "deleteQueue", vec!["id".to_owned()]),
            ]
        );
        assert_eq!(root_calls("{ me { id } }")[0].op, "query");
        let s = Schema::parse(
            "\"\"\"a { brace\"\"\"\ntype Query {\n\t\"\"\"x(y: ID)\"\"\"\n\tf(\"\"\"d\"\"\" a: Int = 3, b: [ID!]! = [], c: String = \"ID\"): [T!]! @deprecated(reason: \"z\")\n\tg: ID\n}\ninput In { type: ID }\nschema { query: Query }\n",
        );
        assert_eq!(s.fields["Query"]["f"], BTreeSet::from(["b".to_owned()]));
        assert!(s.fields["Query"]["g"].is_empty());
        assert!(!s.fields.contains_key("In"));
    }
}
