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

/// Tenant A's configuration, one row of every kind.
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

#[tokio::test]
async fn tenant_b_gets_not_found_for_every_configuration_id_of_tenant_a() {
    let app = TestApp::spawn().await;
    let a = app.sign_up().await;
    let ca = seed_center(&app, &a).await;
    let b = app.sign_up().await;
    let b_user = b.user_id.clone();
    let number_input = json!({"number": "+861085550222", "routeKind": "NONE"});
    let trunk_input = json!({"name": "B", "host": "b.example", "allowedSources": ["127.0.0.1"]});
    let hours_input = json!({"name": "B", "weekly": []});
    let cases: Vec<(&str, &str, Value)> = vec![
        (
            "update number",
            "mutation($id: ID!, $i: PhoneNumberInput!) { updatePhoneNumber(id: $id, input: $i) { id } }",
            json!({"id": ca.number, "i": number_input}),
        ),
        (
            "delete number",
            "mutation($id: ID!) { deletePhoneNumber(id: $id) }",
            json!({"id": ca.number}),
        ),
        (
            "route to A's queue",
            "mutation($i: PhoneNumberInput!) { createPhoneNumber(input: $i) { id } }",
            json!({"i": {"number": "+861085550333", "routeKind": "QUEUE", "routeTargetId": ca.queue}}),
        ),
        (
            "route to A's flow",
            "mutation($i: PhoneNumberInput!) { createPhoneNumber(input: $i) { id } }",
            json!({"i": {"number": "+861085550334", "routeKind": "FLOW", "routeTargetId": ca.flow}}),
        ),
        (
            "use A's trunk",
            "mutation($i: PhoneNumberInput!) { createPhoneNumber(input: $i) { id } }",
            json!({"i": {"number": "+861085550335", "routeKind": "NONE", "trunkId": ca.trunk}}),
        ),
        (
            "update trunk",
            "mutation($id: ID!, $i: SipTrunkInput!) { updateSipTrunk(id: $id, input: $i) { id } }",
            json!({"id": ca.trunk, "i": trunk_input}),
        ),
        (
            "delete trunk",
            "mutation($id: ID!) { deleteSipTrunk(id: $id) }",
            json!({"id": ca.trunk}),
        ),
        (
            "delete endpoint",
            "mutation($id: ID!) { deleteSipEndpoint(id: $id) }",
            json!({"id": ca.endpoint}),
        ),
        (
            "endpoint for A's user",
            "mutation($u: ID!) { createSipEndpoint(input: {username: \"b-desk\", password: \"Desk-Phone-Secret-9\", userId: $u}) { id } }",
            json!({"u": ca.member}),
        ),
        (
            "update skill group",
            "mutation($id: ID!) { updateSkillGroup(id: $id, input: {name: \"B\"}) { id } }",
            json!({"id": ca.group}),
        ),
        (
            "delete skill group",
            "mutation($id: ID!) { deleteSkillGroup(id: $id) }",
            json!({"id": ca.group}),
        ),
        (
            "join A's group",
            "mutation($g: ID!, $u: ID!) { setSkillGroupMember(skillGroupId: $g, userId: $u, proficiency: 2) { id } }",
            json!({"g": ca.group, "u": b_user}),
        ),
        (
            "remove from A's group",
            "mutation($g: ID!, $u: ID!) { removeSkillGroupMember(skillGroupId: $g, userId: $u) }",
            json!({"g": ca.group, "u": ca.member}),
        ),
        (
            "read queue",
            "query($id: ID!) { queue(id: $id) { id } }",
            json!({"id": ca.queue}),
        ),
        (
            "update queue",
            "mutation($id: ID!) { updateQueue(id: $id, input: {name: \"B\"}) { id } }",
            json!({"id": ca.queue}),
        ),
        (
            "delete queue",
            "mutation($id: ID!) { deleteQueue(id: $id) }",
            json!({"id": ca.queue}),
        ),
        (
            "queue needs A's skills",
            "mutation($g: ID!) { createQueue(input: {name: \"B1\", requiredSkills: [{skillGroupId: $g, minProficiency: 1}]}) { id } }",
            json!({"g": ca.group}),
        ),
        (
            "queue uses A's hours",
            "mutation($h: ID!) { createQueue(input: {name: \"B2\", businessHoursId: $h}) { id } }",
            json!({"h": ca.hours}),
        ),
        (
            "queue overflows to A's queue",
            "mutation($q: ID!) { createQueue(input: {name: \"B3\", overflow: {kind: QUEUE, targetId: $q}}) { id } }",
            json!({"q": ca.queue}),
        ),
        (
            "hours open",
            "query($id: ID!) { businessHoursOpen(id: $id) }",
            json!({"id": ca.hours}),
        ),
        (
            "update hours",
            "mutation($id: ID!, $i: BusinessHoursInput!) { updateBusinessHours(id: $id, input: $i) { id } }",
            json!({"id": ca.hours, "i": hours_input}),
        ),
        (
            "delete hours",
            "mutation($id: ID!) { deleteBusinessHours(id: $id) }",
            json!({"id": ca.hours}),
        ),
        (
            "import holidays",
            "mutation($id: ID!) { importPublicHolidays(id: $id, calendar: CN) { id } }",
            json!({"id": ca.hours}),
        ),
        (
            "import CSV",
            "mutation($id: ID!) { importHolidaysCsv(id: $id, csv: \"date,kind,name\\n2027-01-01,holiday,X\\n\") { id } }",
            json!({"id": ca.hours}),
        ),
        (
            "read flow",
            "query($id: ID!) { ivrFlow(id: $id) { id } }",
            json!({"id": ca.flow}),
        ),
        (
            "save flow",
            "mutation($id: ID!) { saveIvrFlowDraft(id: $id, graph: {start: \"x\", nodes: [{id: \"x\", type: \"hangup\"}]}) { issues { code } } }",
            json!({"id": ca.flow}),
        ),
        (
            "publish flow",
            "mutation($id: ID!) { publishIvrFlow(id: $id) { version } }",
            json!({"id": ca.flow}),
        ),
        (
            "restore flow",
            "mutation($id: ID!) { restoreIvrFlowVersion(id: $id, version: 1) { id } }",
            json!({"id": ca.flow}),
        ),
        (
            "rename flow",
            "mutation($id: ID!) { updateIvrFlow(id: $id, input: {name: \"B\"}) { id } }",
            json!({"id": ca.flow}),
        ),
        (
            "delete flow",
            "mutation($id: ID!) { deleteIvrFlow(id: $id) }",
            json!({"id": ca.flow}),
        ),
        (
            "update endpoint",
            "mutation($id: ID!) { updateSipEndpoint(id: $id, displayName: \"B\") { id } }",
            json!({"id": ca.endpoint}),
        ),
        (
            "read prompt",
            "query($id: ID!) { prompt(id: $id) { url } }",
            json!({"id": ca.prompt}),
        ),
        (
            "delete prompt",
            "mutation($id: ID!) { deletePrompt(id: $id) }",
            json!({"id": ca.prompt}),
        ),
        (
            "read knowledge",
            "query($id: ID!) { knowledgeEntry(id: $id) { id } }",
            json!({"id": ca.knowledge}),
        ),
        (
            "update knowledge",
            "mutation($id: ID!) { updateKnowledgeEntry(id: $id, input: {type: FAQ, language: \"zh\", title: \"B\", body: \"B\"}) { id } }",
            json!({"id": ca.knowledge}),
        ),
        (
            "delete knowledge",
            "mutation($id: ID!) { deleteKnowledgeEntry(id: $id) }",
            json!({"id": ca.knowledge}),
        ),
    ];
    for (name, q, vars) in cases {
        let body = app.gql(Some(&b.access), q, vars).await;
        assert_eq!(code(&body), "NOT_FOUND", "{name}: {body:#}");
    }
    // B's lists hold nothing of A's.
    let lists = app
        .ok(Some(&b.access), "{ phoneNumbers { id } sipTrunks { id } sipEndpoints { id } skillGroups { id } queues { id } businessHours { id } ivrFlows { id } prompts { id } knowledgeEntries { id } }", json!({}))
        .await;
    for (k, v) in lists.as_object().unwrap() {
        assert_eq!(v, &json!([]), "{k} leaks");
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
    for (name, q, vars) in [
        (
            "call",
            "query($id: ID!) { call(id: $id) { id } }",
            json!({"id": call}),
        ),
        (
            "recording",
            "query($id: ID!) { recording(id: $id) { url } }",
            json!({"id": rec}),
        ),
        (
            "recordings of A's call",
            "query($id: ID!) { recordings(callId: $id) { id } }",
            json!({"id": call}),
        ),
    ] {
        let body = app.gql(Some(&b.access), q, vars).await;
        if name == "recordings of A's call" {
            assert_eq!(body["data"]["recordings"], json!([]), "{name}: {body:#}");
        } else {
            assert_eq!(code(&body), "NOT_FOUND", "{name}: {body:#}");
        }
    }
    let theirs = app.ok(Some(&b.access), lists, json!({})).await;
    for (k, v) in theirs.as_object().unwrap() {
        assert_eq!(v, &json!([]), "{k} leaks");
    }
}
