//! The center's configuration through GraphQL: numbers, trunks, desk phones, skill groups,
//! queues, business hours and IVR flows, with their bad-input cases.

use serde_json::{Value, json};

use crate::support::{Session, TestApp, code};

pub const QUEUE: &str = "mutation($i: QueueInput!) { createQueue(input: $i) { id name priority requiredSkills { skillGroupId minProficiency } overflow { kind targetId number } wrapUpCodes { code label } businessHoursId } }";
pub const NUMBER: &str = "mutation($i: PhoneNumberInput!) { createPhoneNumber(input: $i) { id number label routeKind routeTargetId } }";
pub const HOURS: &str = "mutation($i: BusinessHoursInput!) { createBusinessHours(input: $i) { id name timeZone holidays { date name } workdays { date } } }";
pub const FLOW: &str = "mutation($i: IvrFlowInput!) { createIvrFlow(input: $i) { id name draft publishedVersion issues { nodeId code message } } }";
pub const SAVE_FLOW: &str = "mutation($id: ID!, $g: JSON!) { saveIvrFlowDraft(id: $id, graph: $g) { flow { id draft } issues { nodeId code message } } }";
pub const PUBLISH: &str = "mutation($id: ID!) { publishIvrFlow(id: $id) { version graph } }";

pub async fn queue(app: &TestApp, s: &Session, name: &str) -> String {
    let d = app
        .ok(Some(&s.access), QUEUE, json!({"i": {"name": name}}))
        .await;
    d["createQueue"]["id"].as_str().unwrap().to_owned()
}

pub fn office_hours(name: &str) -> Value {
    let weekly: Vec<Value> = ["MON", "TUE", "WED", "THU", "FRI"]
        .iter()
        .map(|d| json!({"day": d, "open": "09:00", "close": "18:00"}))
        .collect();
    json!({"i": {"name": name, "timeZone": "Asia/Shanghai", "weekly": weekly}})
}

#[tokio::test]
async fn numbers_are_unique_platform_wide_and_route_within_their_tenant() {
    let app = TestApp::spawn().await;
    let a = app.sign_up().await;
    let b = app.sign_up().await;
    let qa = queue(&app, &a, "service").await;
    let n = app
        .ok(Some(&a.access), NUMBER, json!({"i": {"number": "+86 10 8555-0100", "label": "Hotline", "routeKind": "QUEUE", "routeTargetId": qa}}))
        .await;
    assert_eq!(n["createPhoneNumber"]["number"], "+861085550100");
    assert_eq!(n["createPhoneNumber"]["routeKind"], "QUEUE");

    let dup = app
        .gql(
            Some(&b.access),
            NUMBER,
            json!({"i": {"number": "+861085550100", "routeKind": "NONE"}}),
        )
        .await;
    assert_eq!(code(&dup), "CONFLICT", "{dup:#}");
    let foreign = app
        .gql(
            Some(&b.access),
            NUMBER,
            json!({"i": {"number": "+861085550199", "routeKind": "QUEUE", "routeTargetId": qa}}),
        )
        .await;
    assert_eq!(code(&foreign), "NOT_FOUND");
    for bad in ["861085550100", "+0861085550100", "+86-abc", "+1234"] {
        let r = app
            .gql(
                Some(&b.access),
                NUMBER,
                json!({"i": {"number": bad, "routeKind": "NONE"}}),
            )
            .await;
        assert_eq!(code(&r), "BAD_USER_INPUT", "{bad}");
        assert_eq!(r["errors"][0]["extensions"]["field"], "number");
    }
    let missing_target = app
        .gql(
            Some(&b.access),
            NUMBER,
            json!({"i": {"number": "+861085550177", "routeKind": "FLOW"}}),
        )
        .await;
    assert_eq!(code(&missing_target), "BAD_USER_INPUT");
    // Nothing of the refused attempts was stored.
    let listed = app
        .ok(Some(&b.access), "{ phoneNumbers { id } }", json!({}))
        .await;
    assert_eq!(listed["phoneNumbers"], json!([]));

    // A queue a number routes to cannot be deleted.
    let r = app
        .gql(
            Some(&a.access),
            "mutation($id: ID!) { deleteQueue(id: $id) }",
            json!({"id": qa}),
        )
        .await;
    assert_eq!(code(&r), "CONFLICT");
}

#[tokio::test]
async fn trunks_keep_passwords_to_themselves_and_check_addresses() {
    let app = TestApp::spawn().await;
    let a = app.sign_up().await;
    let q = "mutation($i: SipTrunkInput!) { createSipTrunk(input: $i) { id name host port transport username hasPassword allowedSources } }";
    let t = app
        .ok(Some(&a.access), q, json!({"i": {"name": "Carrier", "host": "sip.carrier.example", "username": "acme", "password": "s3cret-trunk", "allowedSources": ["127.0.0.1", "203.0.113.0/24"]}}))
        .await;
    let t = &t["createSipTrunk"];
    assert_eq!(t["hasPassword"], true);
    assert_eq!(
        t["allowedSources"],
        json!(["127.0.0.1/32", "203.0.113.0/24"])
    );
    assert!(!t.to_string().contains("s3cret-trunk"));
    let upd = "mutation($id: ID!, $i: SipTrunkInput!) { updateSipTrunk(id: $id, input: $i) { hasPassword port } }";
    let kept = app
        .ok(Some(&a.access), upd, json!({"id": t["id"], "i": {"name": "Carrier", "host": "sip.carrier.example", "port": 5080, "username": "acme", "allowedSources": ["127.0.0.1"]}}))
        .await;
    assert_eq!(
        kept["updateSipTrunk"],
        json!({"hasPassword": true, "port": 5080})
    );

    for (input, field) in [
        (
            json!({"name": "X", "host": "h.example", "allowedSources": ["not-an-ip"]}),
            "allowedSources",
        ),
        (json!({"name": "X", "host": "h.example"}), "allowedSources"),
        (
            json!({"name": "X", "host": "bad host", "allowedSources": ["127.0.0.1"]}),
            "host",
        ),
        (
            json!({"name": "X", "host": "h.example", "port": 70000, "allowedSources": ["127.0.0.1"]}),
            "port",
        ),
        (
            json!({"name": "X", "host": "h.example", "transport": "sctp", "allowedSources": ["127.0.0.1"]}),
            "transport",
        ),
    ] {
        let r = app.gql(Some(&a.access), q, json!({"i": input})).await;
        assert_eq!(code(&r), "BAD_USER_INPUT");
        assert_eq!(r["errors"][0]["extensions"]["field"], field, "{r:#}");
    }
    let dup = app
        .gql(
            Some(&a.access),
            q,
            json!({"i": {"name": "Carrier", "host": "x.example", "allowedSources": ["127.0.0.1"]}}),
        )
        .await;
    assert_eq!(code(&dup), "CONFLICT");

    let ep =
        "mutation($i: SipEndpointInput!) { createSipEndpoint(input: $i) { id username userId } }";
    let e = app.ok(Some(&a.access), ep, json!({"i": {"username": "Desk-101", "password": "Desk-Phone-Secret-9", "userId": a.user_id}})).await;
    assert_eq!(e["createSipEndpoint"]["username"], "desk-101");
    let weak = app
        .gql(
            Some(&a.access),
            ep,
            json!({"i": {"username": "desk-102", "password": "1234"}}),
        )
        .await;
    assert_eq!(code(&weak), "BAD_USER_INPUT");
}

#[tokio::test]
async fn skill_groups_and_members() {
    let app = TestApp::spawn().await;
    let a = app.sign_up().await;
    let agent = app.add_member(&a, "agent@example.com", "AGENT").await;
    let g = app
        .ok(Some(&a.access), "mutation { createSkillGroup(input: {name: \"Tickets\", description: \"Coach tickets\"}) { id } }", json!({}))
        .await;
    let gid = g["createSkillGroup"]["id"].as_str().unwrap().to_owned();
    let set = "mutation($g: ID!, $u: ID!, $p: Int!) { setSkillGroupMember(skillGroupId: $g, userId: $u, proficiency: $p) { members { userId proficiency } } }";
    app.ok(
        Some(&a.access),
        set,
        json!({"g": gid, "u": agent.user_id, "p": 3}),
    )
    .await;
    let d = app
        .ok(
            Some(&a.access),
            set,
            json!({"g": gid, "u": agent.user_id, "p": 5}),
        )
        .await;
    assert_eq!(
        d["setSkillGroupMember"]["members"],
        json!([{"userId": agent.user_id, "proficiency": 5}])
    );
    assert_eq!(
        code(
            &app.gql(
                Some(&a.access),
                set,
                json!({"g": gid, "u": agent.user_id, "p": 6})
            )
            .await
        ),
        "BAD_USER_INPUT"
    );
    let other = app.sign_up().await;
    assert_eq!(
        code(
            &app.gql(
                Some(&a.access),
                set,
                json!({"g": gid, "u": other.user_id, "p": 2})
            )
            .await
        ),
        "NOT_FOUND"
    );

    // A queue requiring the group keeps it from being deleted.
    let q = app
        .ok(Some(&a.access), QUEUE, json!({"i": {"name": "tickets", "requiredSkills": [{"skillGroupId": gid, "minProficiency": 2}]}}))
        .await;
    assert_eq!(q["createQueue"]["requiredSkills"][0]["minProficiency"], 2);
    let del = app
        .gql(
            Some(&a.access),
            "mutation($id: ID!) { deleteSkillGroup(id: $id) }",
            json!({"id": gid}),
        )
        .await;
    assert_eq!(code(&del), "CONFLICT");
    let rm = "mutation($g: ID!, $u: ID!) { removeSkillGroupMember(skillGroupId: $g, userId: $u) }";
    app.ok(Some(&a.access), rm, json!({"g": gid, "u": agent.user_id}))
        .await;
    let groups = app
        .ok(
            Some(&a.access),
            "{ skillGroups { name members { userId } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        groups["skillGroups"],
        json!([{"name": "Tickets", "members": []}])
    );
}

#[tokio::test]
async fn queues_check_their_settings_and_references() {
    let app = TestApp::spawn().await;
    let a = app.sign_up().await;
    let h = app.ok(Some(&a.access), HOURS, office_hours("Office")).await;
    let hid = h["createBusinessHours"]["id"].as_str().unwrap();
    let overflow = queue(&app, &a, "overflow").await;
    let q = app
        .ok(Some(&a.access), QUEUE, json!({"i": {
            "name": "service", "priority": 80, "maxWaitSecs": 300,
            "overflow": {"kind": "QUEUE", "targetId": overflow},
            "wrapUpCodes": [{"code": "REFUND", "label": "退票 Refund"}, {"code": "INFO", "label": "Information"}],
            "businessHoursId": hid
        }}))
        .await;
    let q = &q["createQueue"];
    assert_eq!(q["priority"], 80);
    assert_eq!(q["overflow"]["targetId"], overflow.as_str());
    assert_eq!(q["wrapUpCodes"][0]["code"], "REFUND");

    let upd = "mutation($id: ID!, $i: QueueInput!) { updateQueue(id: $id, input: $i) { id } }";
    let selfish = app.gql(Some(&a.access), upd, json!({"id": q["id"], "i": {"name": "service", "overflow": {"kind": "QUEUE", "targetId": q["id"]}}})).await;
    assert_eq!(code(&selfish), "BAD_USER_INPUT");
    for bad in [
        json!({"name": "x", "priority": 101}),
        json!({"name": "x", "maxWaitSecs": 1}),
        json!({"name": "x", "wrapUpCodes": [{"code": "A", "label": "a"}, {"code": "A", "label": "b"}]}),
        json!({"name": "x", "overflow": {"kind": "NUMBER", "number": "12345"}}),
        json!({"name": " "}),
    ] {
        let r = app.gql(Some(&a.access), QUEUE, json!({"i": bad})).await;
        assert_eq!(code(&r), "BAD_USER_INPUT", "{bad}: {r:#}");
    }
    let dup = app
        .gql(Some(&a.access), QUEUE, json!({"i": {"name": "service"}}))
        .await;
    assert_eq!(code(&dup), "CONFLICT");
    let del = app
        .gql(
            Some(&a.access),
            "mutation($id: ID!) { deleteQueue(id: $id) }",
            json!({"id": overflow}),
        )
        .await;
    assert_eq!(
        code(&del),
        "CONFLICT",
        "the service queue overflows into it"
    );
}

#[tokio::test]
async fn business_hours_with_china_holidays_and_csv_imports() {
    let app = TestApp::spawn().await;
    let a = app.sign_up().await;
    let h = app.ok(Some(&a.access), HOURS, office_hours("Office")).await;
    let id = h["createBusinessHours"]["id"].as_str().unwrap().to_owned();
    let imported = app
        .ok(Some(&a.access), "mutation($id: ID!) { importPublicHolidays(id: $id, calendar: CN) { holidays { date } workdays { date } } }", json!({"id": id}))
        .await;
    let holidays = imported["importPublicHolidays"]["holidays"]
        .as_array()
        .unwrap();
    assert!(holidays.iter().any(|d| d["date"] == "2026-02-16"));
    assert!(
        imported["importPublicHolidays"]["workdays"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["date"] == "2026-02-14")
    );

    let open = "query($id: ID!, $at: DateTime!) { businessHoursOpen(id: $id, at: $at) }";
    let at = |t: &str| json!({"id": id, "at": t});
    // Monday 2026-02-16 10:00 in Shanghai (Spring Festival): closed.
    assert_eq!(
        app.ok(Some(&a.access), open, at("2026-02-16T02:00:00Z"))
            .await["businessHoursOpen"],
        false
    );
    // Saturday 2026-02-14 10:00, a make-up workday: open.
    assert_eq!(
        app.ok(Some(&a.access), open, at("2026-02-14T02:00:00Z"))
            .await["businessHoursOpen"],
        true
    );
    // An ordinary Monday, 08:30 and 09:30 local.
    assert_eq!(
        app.ok(Some(&a.access), open, at("2026-11-23T00:30:00Z"))
            .await["businessHoursOpen"],
        false
    );
    assert_eq!(
        app.ok(Some(&a.access), open, at("2026-11-23T01:30:00Z"))
            .await["businessHoursOpen"],
        true
    );

    let csv = "mutation($id: ID!, $csv: String!) { importHolidaysCsv(id: $id, csv: $csv) { holidays { date name } } }";
    let bad = app
        .gql(Some(&a.access), csv, json!({"id": id, "csv": "date,kind,name\n2027-01-01,holiday,元旦\n2027-02-30,holiday,Bad\n2027-03-01,fiesta,Bad\n"}))
        .await;
    assert_eq!(code(&bad), "BAD_USER_INPUT");
    let rows = &bad["errors"][0]["extensions"]["rejectedRows"];
    assert_eq!(rows[0]["line"], 3);
    assert_eq!(rows[1]["line"], 4);
    // Nothing was imported: 2027-01-01 is not a holiday yet.
    let list = app
        .ok(
            Some(&a.access),
            "{ businessHours { holidays { date } } }",
            json!({}),
        )
        .await;
    assert!(!list.to_string().contains("2027-01-01"));
    let good = app
        .ok(
            Some(&a.access),
            csv,
            json!({"id": id, "csv": "date,kind,name\n2027-01-01,holiday,元旦 New Year\n"}),
        )
        .await;
    assert!(good.to_string().contains("2027-01-01"));

    for (input, field) in [
        (
            json!({"name": "X", "timeZone": "Mars/Olympus", "weekly": []}),
            "timeZone",
        ),
        (
            json!({"name": "X", "weekly": [{"day": "MON", "open": "9am", "close": "18:00"}]}),
            "hours",
        ),
    ] {
        let r = app.gql(Some(&a.access), HOURS, json!({"i": input})).await;
        assert_eq!(code(&r), "BAD_USER_INPUT");
        assert_eq!(r["errors"][0]["extensions"]["field"], field);
    }
}

#[tokio::test]
async fn flows_validate_publish_in_versions_and_restore() {
    let app = TestApp::spawn().await;
    let a = app.sign_up().await;
    let qa = queue(&app, &a, "service").await;
    let f = app
        .ok(Some(&a.access), FLOW, json!({"i": {"name": "Main menu"}}))
        .await;
    let f = &f["createIvrFlow"];
    assert_eq!(f["issues"], json!([]), "the starter draft is publishable");
    assert!(f["publishedVersion"].is_null());
    let id = f["id"].as_str().unwrap().to_owned();

    let broken = json!({"start": "menu", "nodes": [
        {"id": "menu", "type": "menu", "prompt": {"tts": {"text": "按1查询，按0人工", "lang": "zh-CN"}},
         "options": [{"digit": "1", "next": "nowhere"}, {"digit": "0", "next": "agent"}]},
        {"id": "agent", "type": "transfer", "target": {"kind": "queue", "queueId": qa}},
        {"id": "orphan", "type": "hangup"}
    ]});
    let saved = app
        .ok(Some(&a.access), SAVE_FLOW, json!({"id": id, "g": broken}))
        .await;
    let issues = saved["saveIvrFlowDraft"]["issues"]
        .as_array()
        .unwrap()
        .clone();
    let has = |node: &str, code: &str| {
        issues
            .iter()
            .any(|i| i["nodeId"] == node && i["code"] == code)
    };
    assert!(
        has("menu", "DANGLING_EDGE") && has("orphan", "UNREACHABLE"),
        "{issues:#?}"
    );

    let refused = app.gql(Some(&a.access), PUBLISH, json!({"id": id})).await;
    assert_eq!(code(&refused), "BAD_USER_INPUT");
    assert_eq!(
        refused["errors"][0]["extensions"]["issues"]
            .as_array()
            .unwrap()
            .len(),
        issues.len()
    );

    let fixed = json!({"start": "menu", "nodes": [
        {"id": "menu", "type": "menu", "prompt": {"tts": {"text": "按0人工", "lang": "zh-CN"}},
         "options": [{"digit": "0", "next": "agent"}], "onFailure": "bye"},
        {"id": "agent", "type": "transfer", "target": {"kind": "queue", "queueId": qa}, "onFailure": "bye"},
        {"id": "bye", "type": "hangup"}
    ]});
    app.ok(Some(&a.access), SAVE_FLOW, json!({"id": id, "g": fixed}))
        .await;
    let v1 = app.ok(Some(&a.access), PUBLISH, json!({"id": id})).await;
    assert_eq!(v1["publishIvrFlow"]["version"], 1);
    let v2 = app.ok(Some(&a.access), PUBLISH, json!({"id": id})).await;
    assert_eq!(v2["publishIvrFlow"]["version"], 2);
    let flow = app
        .ok(
            Some(&a.access),
            "query($id: ID!) { ivrFlow(id: $id) { publishedVersion versions { version } } }",
            json!({"id": id}),
        )
        .await;
    assert_eq!(flow["ivrFlow"]["publishedVersion"], 2);
    assert_eq!(
        flow["ivrFlow"]["versions"],
        json!([{"version": 2}, {"version": 1}])
    );

    // A malformed graph is refused and the draft stays as it was.
    let junk = app
        .gql(
            Some(&a.access),
            SAVE_FLOW,
            json!({"id": id, "g": {"start": "x", "nodes": [{"id": "x", "type": "teleport"}]}}),
        )
        .await;
    assert_eq!(code(&junk), "BAD_USER_INPUT");
    let draft = app
        .ok(
            Some(&a.access),
            "query($id: ID!) { ivrFlow(id: $id) { draft } }",
            json!({"id": id}),
        )
        .await;
    assert_eq!(draft["ivrFlow"]["draft"]["nodes"][0]["id"], "menu");

    // Another tenant's queue is an unknown reference here.
    let b = app.sign_up().await;
    let qb = queue(&app, &b, "theirs").await;
    let mut stolen = fixed.clone();
    stolen["nodes"][1]["target"]["queueId"] = json!(qb);
    let r = app
        .ok(Some(&a.access), SAVE_FLOW, json!({"id": id, "g": stolen}))
        .await;
    assert!(r.to_string().contains("UNKNOWN_REFERENCE"), "{r:#}");

    let restore =
        "mutation($id: ID!, $v: Int!) { restoreIvrFlowVersion(id: $id, version: $v) { draft } }";
    let back = app
        .ok(Some(&a.access), restore, json!({"id": id, "v": 1}))
        .await;
    assert_eq!(
        back["restoreIvrFlowVersion"]["draft"]["nodes"][1]["target"]["queueId"],
        qa.as_str()
    );
    assert_eq!(
        code(
            &app.gql(Some(&a.access), restore, json!({"id": id, "v": 9}))
                .await
        ),
        "NOT_FOUND"
    );
}

#[tokio::test]
async fn configuration_is_for_supervisors_to_read_and_admins_to_change() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up().await;
    let sup = app
        .add_member(&owner, "sup@example.com", "SUPERVISOR")
        .await;
    let agent = app.add_member(&owner, "agent@example.com", "AGENT").await;
    let admin = app.add_member(&owner, "admin@example.com", "ADMIN").await;
    for q in [
        "{ phoneNumbers { id } }",
        "{ queues { id } }",
        "{ ivrFlows { id } }",
        "{ businessHours { id } }",
        "{ skillGroups { id } }",
        "{ sipTrunks { id } }",
    ] {
        assert_eq!(
            code(&app.gql(Some(&agent.access), q, json!({})).await),
            "FORBIDDEN",
            "{q}"
        );
        app.ok(Some(&sup.access), q, json!({})).await;
    }
    assert_eq!(
        code(
            &app.gql(Some(&sup.access), QUEUE, json!({"i": {"name": "x"}}))
                .await
        ),
        "FORBIDDEN"
    );
    queue(&app, &admin, "by-admin").await;
}

#[tokio::test]
async fn endpoints_and_flows_can_be_changed_and_removed_safely() {
    let app = TestApp::spawn().await;
    let a = app.sign_up().await;
    let t = Some(a.access.as_str());
    let e = app
        .ok(t, "mutation { createSipEndpoint(input: {username: \"desk-7\", password: \"Desk-Phone-Secret-9\"}) { id } }", json!({}))
        .await;
    let upd = "mutation($id: ID!, $u: ID, $p: String) { updateSipEndpoint(id: $id, displayName: \"Front desk\", userId: $u, password: $p) { displayName userId } }";
    let d = app.ok(t, upd, json!({"id": e["createSipEndpoint"]["id"], "u": a.user_id, "p": "Another-Desk-Secret-3"})).await;
    assert_eq!(
        d["updateSipEndpoint"],
        json!({"displayName": "Front desk", "userId": a.user_id})
    );
    assert_eq!(
        code(
            &app.gql(
                t,
                upd,
                json!({"id": e["createSipEndpoint"]["id"], "p": "1234"})
            )
            .await
        ),
        "BAD_USER_INPUT"
    );

    let f = app.ok(t, FLOW, json!({"i": {"name": "Old name"}})).await;
    let fid = f["createIvrFlow"]["id"].as_str().unwrap().to_owned();
    let r = app.ok(t, "mutation($id: ID!) { updateIvrFlow(id: $id, input: {name: \"New name\", description: \"d\"}) { name description } }", json!({"id": fid})).await;
    assert_eq!(
        r["updateIvrFlow"],
        json!({"name": "New name", "description": "d"})
    );
    app.ok(t, PUBLISH, json!({"id": fid})).await;
    app.ok(
        t,
        NUMBER,
        json!({"i": {"number": "+861085550400", "routeKind": "FLOW", "routeTargetId": fid}}),
    )
    .await;
    let del = "mutation($id: ID!) { deleteIvrFlow(id: $id) }";
    assert_eq!(code(&app.gql(t, del, json!({"id": fid})).await), "CONFLICT");
    let nums = app.ok(t, "{ phoneNumbers { id } }", json!({})).await;
    app.ok(
        t,
        "mutation($id: ID!) { deletePhoneNumber(id: $id) }",
        json!({"id": nums["phoneNumbers"][0]["id"]}),
    )
    .await;
    app.ok(t, del, json!({"id": fid})).await;
    assert_eq!(
        app.ok(t, "{ ivrFlows { id } }", json!({})).await["ivrFlows"],
        json!([])
    );
}

#[tokio::test]
async fn what_a_published_flow_uses_cannot_be_deleted() {
    let app = TestApp::spawn().await;
    let a = app.sign_up().await;
    let t = Some(a.access.as_str());
    let h = app.ok(t, HOURS, office_hours("Office")).await;
    let hid = h["createBusinessHours"]["id"].as_str().unwrap().to_owned();
    let qid = queue(&app, &a, "service").await;
    let f = app.ok(t, FLOW, json!({"i": {"name": "Hours"}})).await;
    let fid = f["createIvrFlow"]["id"].as_str().unwrap().to_owned();
    let graph = json!({"start": "c", "nodes": [
        {"id": "c", "type": "condition", "branches": [{"when": {"kind": "businessHours", "scheduleId": hid}, "next": "q"}], "otherwise": "bye"},
        {"id": "q", "type": "transfer", "target": {"kind": "queue", "queueId": qid}, "onFailure": "bye"},
        {"id": "bye", "type": "hangup"}
    ]});
    app.ok(t, SAVE_FLOW, json!({"id": fid, "g": graph})).await;
    app.ok(t, PUBLISH, json!({"id": fid})).await;
    // The draft moves on, but calls still use the published version.
    let plain = json!({"start": "bye", "nodes": [{"id": "bye", "type": "hangup"}]});
    app.ok(t, SAVE_FLOW, json!({"id": fid, "g": plain})).await;
    let del_hours = app
        .gql(
            t,
            "mutation($id: ID!) { deleteBusinessHours(id: $id) }",
            json!({"id": hid}),
        )
        .await;
    assert_eq!(code(&del_hours), "CONFLICT", "{del_hours:#}");
    let del_queue = app
        .gql(
            t,
            "mutation($id: ID!) { deleteQueue(id: $id) }",
            json!({"id": qid}),
        )
        .await;
    assert_eq!(code(&del_queue), "CONFLICT", "{del_queue:#}");
    // Once a version without them is published, they can go.
    app.ok(t, PUBLISH, json!({"id": fid})).await;
    app.ok(
        t,
        "mutation($id: ID!) { deleteBusinessHours(id: $id) }",
        json!({"id": hid}),
    )
    .await;
    app.ok(
        t,
        "mutation($id: ID!) { deleteQueue(id: $id) }",
        json!({"id": qid}),
    )
    .await;
}
