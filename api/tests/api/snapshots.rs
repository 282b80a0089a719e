//! Snapshot tests (insta) of response shapes clients depend on: a session and a coded error,
//! every configuration list, and the errors of saving and deleting configuration (the
//! messages the store kit must keep).

use serde_json::{Value, json};

use crate::support::{PASSWORD, Session, TestApp};

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

/// Everything the configuration lists show, for one tenant with one of each resource.
const LISTS: &str = "{
  phoneNumbers { id number label routeKind routeTargetId trunkId createdAt }
  sipTrunks { id name host port transport username hasPassword allowedSources }
  sipEndpoints { id username displayName userId createdAt }
  skillGroups { id name description members { userId proficiency } }
  queues { id name requiredSkills { skillGroupId minProficiency } priority maxWaitSecs
           overflow { kind targetId number } callbackOffer musicOnHoldPromptId
           announcementIntervalSecs serviceLevelSecs serviceLevelPercent afterCallWorkSecs
           wrapUpCodes { code label } businessHoursId skillOverflow { afterSecs requiredSkills { skillGroupId minProficiency } } }
  businessHours { id name timeZone weekly { day open close } holidays { date name }
                  workdays { date name } specialDays { date name } }
  ivrFlows { id name description draft publishedVersion issues { nodeId code message } versions { version } }
  prompts { id name kind language text durationMs sourceName }
}";

/// One tenant with a resource of every configuration kind; returns (skill group, queue,
/// hours, flow, number, trunk, endpoint, prompt) ids.
async fn seed_center(app: &TestApp, s: &Session) -> [String; 8] {
    let t = Some(s.access.as_str());
    let id = |v: &Value, op: &str| v[op]["id"].as_str().unwrap().to_owned();
    let g = app.ok(t, "mutation { createSkillGroup(input: {name: \"Tickets\", description: \"Coach tickets\"}) { id } }", json!({})).await;
    let g = id(&g, "createSkillGroup");
    app.ok(t, "mutation($g: ID!, $u: ID!) { setSkillGroupMember(skillGroupId: $g, userId: $u, proficiency: 4) { id } }", json!({"g": g, "u": s.user_id})).await;
    let h = app
        .ok(
            t,
            crate::center::HOURS,
            crate::center::office_hours("Office"),
        )
        .await;
    let h = id(&h, "createBusinessHours");
    let q = app.ok(t, crate::center::QUEUE, json!({"i": {"name": "service", "priority": 5, "requiredSkills": [{"skillGroupId": g, "minProficiency": 2}], "businessHoursId": h, "wrapUpCodes": [{"code": "sold", "label": "Ticket sold"}]}})).await;
    let q = id(&q, "createQueue");
    let f = app
        .ok(
            t,
            crate::center::FLOW,
            json!({"i": {"name": "Main menu", "description": "Hotline"}}),
        )
        .await;
    let f = id(&f, "createIvrFlow");
    let tr = app.ok(t, "mutation { createSipTrunk(input: {name: \"Carrier\", host: \"sip.carrier.example\", port: 5060, transport: \"udp\", username: \"qiao\", password: \"Trunk-Secret-1\", allowedSources: [\"192.0.2.0/24\"]}) { id } }", json!({})).await;
    let tr = id(&tr, "createSipTrunk");
    let n = app.ok(t, "mutation($i: PhoneNumberInput!) { createPhoneNumber(input: $i) { id } }", json!({"i": {"number": "+861085550177", "label": "Hotline", "routeKind": "QUEUE", "routeTargetId": q, "trunkId": tr}})).await;
    let n = id(&n, "createPhoneNumber");
    let e = app.ok(t, "mutation($u: ID) { createSipEndpoint(input: {username: \"desk-1\", displayName: \"Front desk\", password: \"Desk-Phone-Secret-9\", userId: $u}) { id } }", json!({"u": s.user_id})).await;
    let e = id(&e, "createSipEndpoint");
    let p = app
        .upload_prompt(
            &s.access,
            "Welcome",
            "welcome.wav",
            crate::support::tone_wav(8000, 1, 0.5, 440.0),
        )
        .await;
    let p = p["data"]["uploadPrompt"]["id"]
        .as_str()
        .expect("prompt")
        .to_owned();
    [g, q, h, f, n, tr, e, p]
}

#[tokio::test]
async fn configuration_lists() {
    let app = TestApp::spawn().await;
    let a = app.sign_up().await;
    seed_center(&app, &a).await;
    let lists = app.gql(Some(&a.access), LISTS, json!({})).await;
    assert!(lists.get("errors").is_none(), "{lists:#}");
    insta::assert_json_snapshot!("configuration_lists", lists, {
        ".**.id" => "[id]",
        ".**.routeTargetId" => "[id]",
        ".**.trunkId" => "[id]",
        ".**.userId" => "[id]",
        ".**.skillGroupId" => "[id]",
        ".**.businessHoursId" => "[id]",
        ".**.createdAt" => "[timestamp]",
    });
}

#[tokio::test]
async fn configuration_errors() {
    let app = TestApp::spawn().await;
    let a = app.sign_up().await;
    let b = app.sign_up().await;
    let [g, q, h, f, n, tr, e, p] = seed_center(&app, &a).await;
    let t = Some(a.access.as_str());
    let other = Some(b.access.as_str());
    let broken = app
        .ok(t, crate::center::FLOW, json!({"i": {"name": "Broken"}}))
        .await;
    let broken = broken["createIvrFlow"]["id"].as_str().unwrap().to_owned();
    app.ok(t, crate::center::SAVE_FLOW, json!({"id": broken, "g": {"start": "missing", "nodes": [{"id": "a", "type": "hangup", "position": {"x": 0, "y": 0}}]}})).await;
    let cases: Vec<(&str, Option<&str>, &str, Value)> = vec![
        // Another tenant's ids are not found, for every save and delete.
        (
            "update a foreign number",
            other,
            "mutation($id: ID!) { updatePhoneNumber(id: $id, input: {number: \"+861085550178\", routeKind: NONE}) { id } }",
            json!({"id": n}),
        ),
        (
            "delete a foreign number",
            other,
            "mutation($id: ID!) { deletePhoneNumber(id: $id) }",
            json!({"id": n}),
        ),
        (
            "update a foreign trunk",
            other,
            "mutation($id: ID!) { updateSipTrunk(id: $id, input: {name: \"X\", host: \"h.example\", port: 5060, transport: \"udp\", allowedSources: [\"192.0.2.1\"]}) { id } }",
            json!({"id": tr}),
        ),
        (
            "delete a foreign trunk",
            other,
            "mutation($id: ID!) { deleteSipTrunk(id: $id) }",
            json!({"id": tr}),
        ),
        (
            "update a foreign desk phone",
            other,
            "mutation($id: ID!) { updateSipEndpoint(id: $id, displayName: \"X\") { id } }",
            json!({"id": e}),
        ),
        (
            "delete a foreign desk phone",
            other,
            "mutation($id: ID!) { deleteSipEndpoint(id: $id) }",
            json!({"id": e}),
        ),
        (
            "update a foreign skill group",
            other,
            "mutation($id: ID!) { updateSkillGroup(id: $id, input: {name: \"X\"}) { id } }",
            json!({"id": g}),
        ),
        (
            "delete a foreign skill group",
            other,
            "mutation($id: ID!) { deleteSkillGroup(id: $id) }",
            json!({"id": g}),
        ),
        (
            "update a foreign queue",
            other,
            "mutation($id: ID!) { updateQueue(id: $id, input: {name: \"X\"}) { id } }",
            json!({"id": q}),
        ),
        (
            "delete a foreign queue",
            other,
            "mutation($id: ID!) { deleteQueue(id: $id) }",
            json!({"id": q}),
        ),
        (
            "update foreign hours",
            other,
            "mutation($id: ID!) { updateBusinessHours(id: $id, input: {name: \"X\", timeZone: \"Asia/Shanghai\", weekly: []}) { id } }",
            json!({"id": h}),
        ),
        (
            "delete foreign hours",
            other,
            "mutation($id: ID!) { deleteBusinessHours(id: $id) }",
            json!({"id": h}),
        ),
        (
            "update a foreign flow",
            other,
            "mutation($id: ID!) { updateIvrFlow(id: $id, input: {name: \"X\"}) { id } }",
            json!({"id": f}),
        ),
        (
            "delete a foreign flow",
            other,
            "mutation($id: ID!) { deleteIvrFlow(id: $id) }",
            json!({"id": f}),
        ),
        (
            "delete a foreign prompt",
            other,
            "mutation($id: ID!) { deletePrompt(id: $id) }",
            json!({"id": p}),
        ),
        (
            "a queue requiring a foreign skill group",
            other,
            crate::center::QUEUE,
            json!({"i": {"name": "x", "requiredSkills": [{"skillGroupId": g, "minProficiency": 1}]}}),
        ),
        // Taken names are conflicts that say which name.
        (
            "a taken number",
            other,
            "mutation { createPhoneNumber(input: {number: \"+861085550177\", routeKind: NONE}) { id } }",
            json!({}),
        ),
        (
            "a taken trunk name",
            t,
            "mutation { createSipTrunk(input: {name: \"Carrier\", host: \"h.example\", port: 5060, transport: \"udp\", allowedSources: [\"192.0.2.1\"]}) { id } }",
            json!({}),
        ),
        (
            "a taken desk phone",
            t,
            "mutation { createSipEndpoint(input: {username: \"desk-1\", password: \"Desk-Phone-Secret-9\"}) { id } }",
            json!({}),
        ),
        (
            "a taken skill group name",
            t,
            "mutation { createSkillGroup(input: {name: \"Tickets\"}) { id } }",
            json!({}),
        ),
        (
            "a taken queue name",
            t,
            crate::center::QUEUE,
            json!({"i": {"name": "service"}}),
        ),
        (
            "a taken schedule name",
            t,
            crate::center::HOURS,
            crate::center::office_hours("Office"),
        ),
        (
            "a taken flow name",
            t,
            crate::center::FLOW,
            json!({"i": {"name": "Main menu"}}),
        ),
        (
            "a taken prompt name",
            t,
            "mutation { createTtsPrompt(input: {name: \"Welcome\", text: \"hello\", language: \"en\"}) { id } }",
            json!({}),
        ),
        // In use: refused, saying by what.
        (
            "delete a skill group a queue requires",
            t,
            "mutation($id: ID!) { deleteSkillGroup(id: $id) }",
            json!({"id": g}),
        ),
        (
            "delete hours a queue uses",
            t,
            "mutation($id: ID!) { deleteBusinessHours(id: $id) }",
            json!({"id": h}),
        ),
        (
            "delete a queue a number routes to",
            t,
            "mutation($id: ID!) { deleteQueue(id: $id) }",
            json!({"id": q}),
        ),
        (
            "delete a trunk a number uses",
            t,
            "mutation($id: ID!) { deleteSipTrunk(id: $id) }",
            json!({"id": tr}),
        ),
        // Bad values name their field.
        (
            "a bad number",
            t,
            "mutation { createPhoneNumber(input: {number: \"12345\", routeKind: NONE}) { id } }",
            json!({}),
        ),
        (
            "a bad trunk port",
            t,
            "mutation { createSipTrunk(input: {name: \"Y\", host: \"h.example\", port: 70000, transport: \"udp\", allowedSources: [\"192.0.2.1\"]}) { id } }",
            json!({}),
        ),
        (
            "a bad desk phone user name",
            t,
            "mutation { createSipEndpoint(input: {username: \"a b\", password: \"Desk-Phone-Secret-9\"}) { id } }",
            json!({}),
        ),
        (
            "a blank skill group name",
            t,
            "mutation { createSkillGroup(input: {name: \"  \"}) { id } }",
            json!({}),
        ),
        (
            "a bad queue priority",
            t,
            crate::center::QUEUE,
            json!({"i": {"name": "vip", "priority": 200}}),
        ),
        (
            "a bad time zone",
            t,
            crate::center::HOURS,
            json!({"i": {"name": "Mars", "timeZone": "Mars/Olympus", "weekly": []}}),
        ),
        (
            "a bad holiday CSV",
            t,
            "mutation($id: ID!) { importHolidaysCsv(id: $id, csv: \"date,kind,name\\n2026-13-01,holiday,x\\nnope\") { id } }",
            json!({"id": h}),
        ),
        (
            "publishing a flow with problems",
            t,
            crate::center::PUBLISH,
            json!({"id": broken}),
        ),
        (
            "a bad id",
            t,
            "mutation { deleteQueue(id: \"not-an-id\") }",
            json!({}),
        ),
    ];
    let mut out = serde_json::Map::new();
    for (name, token, q, vars) in cases {
        let body = app.gql(token, q, vars).await;
        assert!(
            body["errors"].is_array(),
            "{name}: expected an error, got {body:#}"
        );
        out.insert(name.to_owned(), body["errors"].clone());
    }
    insta::assert_json_snapshot!("configuration_errors", Value::Object(out));
}
