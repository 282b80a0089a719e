//! The knowledge base through GraphQL: typed entries, Chinese and English search, CSV import
//! with rejected rows, timetables, permissions.

use serde_json::json;

use crate::support::{TestApp, code};

const CREATE: &str = "mutation($i: KnowledgeEntryInput!) { createKnowledgeEntry(input: $i) { id type language title data } }";
const SEARCH: &str = "query($q: String!, $t: KnowledgeType) { searchKnowledge(query: $q, type: $t) { score entry { title type } } }";
const IMPORT: &str = "mutation($t: KnowledgeType!, $csv: String!, $all: Boolean) { importKnowledgeCsv(type: $t, csv: $csv, allOrNothing: $all) { imported importedRows rejectedRows { line reason } } }";

#[tokio::test]
async fn entries_search_in_chinese_and_english() {
    let app = TestApp::spawn().await;
    let s = app.sign_up().await;
    let t = Some(s.access.as_str());
    for (title, body, lang) in [
        (
            "退票手续费是多少？",
            "开车前24小时以上退票，收取票价5%的手续费。",
            "zh",
        ),
        ("改签规定", "开车前可免费改签一次。", "zh"),
        (
            "Refund fees",
            "Refunds more than 24 hours before departure cost 5% of the fare.",
            "en",
        ),
    ] {
        app.ok(
            t,
            CREATE,
            json!({"i": {"type": "FAQ", "language": lang, "title": title, "body": body}}),
        )
        .await;
    }
    app.ok(t, CREATE, json!({"i": {"type": "BRANCH", "language": "zh", "title": "朝阳营业部", "data": {"address": "朝阳路1号", "phone": "+86 10 8555 0199"}}})).await;

    let hits = app.ok(t, SEARCH, json!({"q": "退票 手续费"})).await;
    let titles: Vec<_> = hits["searchKnowledge"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["entry"]["title"].clone())
        .collect();
    assert_eq!(titles, vec![json!("退票手续费是多少？")]);
    let hits = app.ok(t, SEARCH, json!({"q": "REFUND"})).await;
    assert_eq!(hits["searchKnowledge"][0]["entry"]["title"], "Refund fees");
    let hits = app.ok(t, SEARCH, json!({"q": "朝阳", "t": "BRANCH"})).await;
    assert_eq!(hits["searchKnowledge"][0]["entry"]["type"], "BRANCH");
    assert_eq!(
        app.ok(t, SEARCH, json!({"q": "100%_\\"})).await["searchKnowledge"],
        json!([])
    );

    // Typed data is checked and the bad field named.
    let bad = app.gql(t, CREATE, json!({"i": {"type": "BRANCH", "language": "zh", "title": "X", "data": {"phone": "12345"}}})).await;
    assert_eq!(code(&bad), "BAD_USER_INPUT");
    assert_eq!(bad["errors"][0]["extensions"]["field"], "data.phone");
    let bad = app
        .gql(
            t,
            CREATE,
            json!({"i": {"type": "FAQ", "language": "fr", "title": "X", "body": "y"}}),
        )
        .await;
    assert_eq!(bad["errors"][0]["extensions"]["field"], "language");
}

#[tokio::test]
async fn csv_import_reports_rejected_rows_and_timetables_answer_by_date() {
    let app = TestApp::spawn().await;
    let s = app.sign_up().await;
    let t = Some(s.access.as_str());
    let csv = "language,station,date,time,destination,route_code\n\
               zh,北京南站,2026-11-23,08:00,天津,G1\n\
               zh,北京南站,2026-11-23,07:30,上海,G2\n\
               zh,北京南站,,09:00,济南,\n\
               zh,北京南站,2026-11-23,25:00,天津,G3\n";
    // All or nothing: one bad row stores nothing.
    let refused = app
        .gql(
            t,
            IMPORT,
            json!({"t": "TIMETABLE", "csv": csv, "all": true}),
        )
        .await;
    assert_eq!(code(&refused), "BAD_USER_INPUT");
    assert_eq!(
        refused["errors"][0]["extensions"]["rejectedRows"][0]["line"],
        5
    );
    assert_eq!(
        app.ok(t, "{ knowledgeEntries { id } }", json!({})).await["knowledgeEntries"],
        json!([])
    );
    // Default: good rows in, bad rows reported.
    let r = app
        .ok(t, IMPORT, json!({"t": "TIMETABLE", "csv": csv}))
        .await;
    assert_eq!(r["importKnowledgeCsv"]["imported"], 2);
    assert_eq!(r["importKnowledgeCsv"]["importedRows"], 3);
    assert_eq!(r["importKnowledgeCsv"]["rejectedRows"][0]["line"], 5);

    let tt = "query($s: String!, $d: NaiveDate!) { timetable(station: $s, date: $d) { time destination routeCode } }";
    let dated = app
        .ok(t, tt, json!({"s": "北京南站", "d": "2026-11-23"}))
        .await;
    assert_eq!(
        dated["timetable"],
        json!([{"time": "07:30", "destination": "上海", "routeCode": "G2"}, {"time": "08:00", "destination": "天津", "routeCode": "G1"}])
    );
    let daily = app
        .ok(t, tt, json!({"s": "北京南站", "d": "2026-11-24"}))
        .await;
    assert_eq!(daily["timetable"][0]["destination"], "济南");
    assert_eq!(
        app.ok(t, tt, json!({"s": "nowhere", "d": "2026-11-24"}))
            .await["timetable"],
        json!([])
    );

    let header = app
        .ok(t, IMPORT, json!({"t": "FAQ", "csv": "q,a\nx,y\n"}))
        .await;
    assert_eq!(header["importKnowledgeCsv"]["imported"], 0);
    assert_eq!(header["importKnowledgeCsv"]["rejectedRows"][0]["line"], 1);
    let fares = app.ok(t, IMPORT, json!({"t": "FARE", "csv": "language,origin,destination,class,price,currency\nzh,北京,天津,二等座,54.5,CNY\n"})).await;
    assert_eq!(fares["importKnowledgeCsv"]["imported"], 1);
    let fare = app
        .ok(t, "{ knowledgeEntries(type: FARE) { data } }", json!({}))
        .await;
    assert_eq!(fare["knowledgeEntries"][0]["data"]["priceMinor"], 5450);
}

#[tokio::test]
async fn agents_read_admins_write_and_tenants_stay_apart() {
    let app = TestApp::spawn().await;
    let a = app.sign_up().await;
    let agent = app.add_member(&a, "agent@example.com", "AGENT").await;
    let e = app.ok(Some(&a.access), CREATE, json!({"i": {"type": "FAQ", "language": "zh", "title": "行李规定", "body": "每人可免费携带20公斤行李。"}})).await;
    let id = e["createKnowledgeEntry"]["id"].as_str().unwrap().to_owned();
    let hits = app
        .ok(Some(&agent.access), SEARCH, json!({"q": "行李"}))
        .await;
    assert_eq!(hits["searchKnowledge"][0]["entry"]["title"], "行李规定");
    assert_eq!(
        code(
            &app.gql(
                Some(&agent.access),
                CREATE,
                json!({"i": {"type": "FAQ", "language": "zh", "title": "x", "body": "y"}})
            )
            .await
        ),
        "FORBIDDEN"
    );

    let b = app.sign_up().await;
    assert_eq!(
        app.ok(Some(&b.access), SEARCH, json!({"q": "行李"})).await["searchKnowledge"],
        json!([])
    );
    for (q, vars) in [
        (
            "query($id: ID!) { knowledgeEntry(id: $id) { id } }",
            json!({"id": id}),
        ),
        (
            "mutation($id: ID!) { deleteKnowledgeEntry(id: $id) }",
            json!({"id": id}),
        ),
        (
            "mutation($id: ID!) { updateKnowledgeEntry(id: $id, input: {type: FAQ, language: \"zh\", title: \"x\", body: \"y\"}) { id } }",
            json!({"id": id}),
        ),
    ] {
        assert_eq!(
            code(&app.gql(Some(&b.access), q, vars).await),
            "NOT_FOUND",
            "{q}"
        );
    }
    let tt = app
        .ok(Some(&b.access), "{ knowledgeEntries { id } }", json!({}))
        .await;
    assert_eq!(tt["knowledgeEntries"], json!([]));
}
