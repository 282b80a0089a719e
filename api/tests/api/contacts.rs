//! Contacts: create, caller-ID look-up, search, duplicates and merging, the timeline (notes
//! and card transactions) and bad input. Tenant isolation: `cross_tenant.rs`.

use serde_json::json;

use crate::support::{TestApp, code};

const CREATE: &str = "mutation($i: ContactInput!) { createContact(input: $i) { id name phones { number label } emails tags vipLevel preferredLanguage } }";
const BY_PHONE: &str = "query($n: String!) { contactByPhone(number: $n) { id name vipLevel } }";
const TIMELINE: &str = "query($id: ID!) { contact(id: $id) { timeline { kind summary } } }";

#[tokio::test]
async fn contacts_are_found_by_caller_id_and_search() {
    let app = TestApp::spawn().await;
    let s = app.sign_up().await;
    let agent = app.add_member(&s, "agent@example.com", "AGENT").await;
    let t = Some(agent.access.as_str());
    let c = app
        .ok(t, CREATE, json!({"i": {"name": "王芳", "phones": [{"number": "+86 138 0013 8000", "label": "mobile"}], "emails": ["Wang.Fang@Example.com"], "tags": ["常旅客", "VIP"], "vipLevel": 3, "preferredLanguage": "zh-CN"}}))
        .await;
    let c = &c["createContact"];
    assert_eq!(c["phones"][0]["number"], "+8613800138000");
    assert_eq!(c["emails"][0], "wang.fang@example.com");
    let found = app.ok(t, BY_PHONE, json!({"n": "+8613800138000"})).await;
    assert_eq!(found["contactByPhone"]["name"], "王芳");
    assert_eq!(
        app.ok(t, BY_PHONE, json!({"n": "+8613800138999"})).await["contactByPhone"],
        json!(null)
    );
    assert_eq!(
        code(&app.gql(t, BY_PHONE, json!({"n": "13800138000"})).await),
        "BAD_USER_INPUT"
    );
    for q in ["王", "wang.fang", "0013"] {
        let r = app
            .ok(
                t,
                "query($q: String) { contacts(query: $q) { name } }",
                json!({"q": q}),
            )
            .await;
        assert_eq!(r["contacts"][0]["name"], "王芳", "{q}");
    }
    for (input, field) in [
        (
            json!({"name": "X", "phones": [{"number": "12345"}]}),
            "number",
        ),
        (json!({"name": "X", "emails": ["nope"]}), "email"),
        (json!({"name": "X", "vipLevel": 10}), "vipLevel"),
        (
            json!({"name": "X", "preferredLanguage": "fr"}),
            "preferredLanguage",
        ),
        (json!({"name": " "}), "name"),
    ] {
        let r = app.gql(t, CREATE, json!({"i": input})).await;
        assert_eq!(code(&r), "BAD_USER_INPUT");
        assert_eq!(r["errors"][0]["extensions"]["field"], field);
    }
    // A number belongs to one contact: a duplicate is refused, pointing at merging.
    let dup = app
        .gql(
            t,
            CREATE,
            json!({"i": {"name": "Fang Wang", "phones": [{"number": "+8613800138000"}]}}),
        )
        .await;
    assert_eq!(code(&dup), "CONFLICT");
    let all = app.ok(t, "{ contacts { id } }", json!({})).await;
    assert_eq!(
        all["contacts"].as_array().unwrap().len(),
        1,
        "the refused duplicate stored nothing"
    );
}

#[tokio::test]
async fn duplicates_merge_with_their_phones_timeline_and_cards() {
    let app = TestApp::spawn().await;
    let s = app.sign_up().await;
    let t = Some(s.access.as_str());
    let a = app.ok(t, CREATE, json!({"i": {"name": "李雷", "phones": [{"number": "+8613900000001"}], "tags": ["a"], "vipLevel": 1}})).await;
    let b = app.ok(t, CREATE, json!({"i": {"name": "Li Lei", "phones": [{"number": "+8613900000002"}], "tags": ["b"], "vipLevel": 4, "emails": ["li@example.com"]}})).await;
    let (a, b) = (
        a["createContact"]["id"].as_str().unwrap().to_owned(),
        b["createContact"]["id"].as_str().unwrap().to_owned(),
    );
    app.ok(
        t,
        "mutation($id: ID!) { addContactNote(id: $id, text: \"prefers window seats\") { kind } }",
        json!({"id": b}),
    )
    .await;
    let card = app.ok(t, "mutation($c: ID!) { createMemberCard(input: {cardNumber: \"3000000001\", pin: \"1234\", contactId: $c}) { id } }", json!({"c": b})).await;
    let card = card["createMemberCard"]["id"].as_str().unwrap().to_owned();
    app.ok(t, "mutation($c: ID!) { postCardTransaction(input: {cardId: $c, kind: TOP_UP, amountMinor: 5000}) { replayed } }", json!({"c": card})).await;

    let agent = app.add_member(&s, "agent@example.com", "AGENT").await;
    let merge = "mutation($t: ID!, $s: ID!) { mergeContacts(targetId: $t, sourceId: $s) { phones { number } tags emails vipLevel } }";
    assert_eq!(
        code(
            &app.gql(Some(&agent.access), merge, json!({"t": a, "s": b}))
                .await
        ),
        "FORBIDDEN"
    );
    assert_eq!(
        code(&app.gql(t, merge, json!({"t": a, "s": a})).await),
        "BAD_USER_INPUT"
    );
    let m = app.ok(t, merge, json!({"t": a, "s": b})).await;
    let m = &m["mergeContacts"];
    assert_eq!(m["phones"].as_array().unwrap().len(), 2);
    assert_eq!(m["tags"], json!(["a", "b"]));
    assert_eq!(m["vipLevel"], 4);
    assert_eq!(m["emails"], json!(["li@example.com"]));
    // The source's number now finds the target.
    let found = app.ok(t, BY_PHONE, json!({"n": "+8613900000002"})).await;
    assert_eq!(found["contactByPhone"]["id"], a.as_str());
    let kinds: Vec<String> = app.ok(t, TIMELINE, json!({"id": a})).await["contact"]["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(kinds, vec!["merged", "card_transaction", "note"]);
    let card_owner = app
        .ok(
            t,
            "query($c: ID!) { memberCard(id: $c) { contactId } }",
            json!({"c": card}),
        )
        .await;
    assert_eq!(card_owner["memberCard"]["contactId"], a.as_str());
    assert_eq!(
        code(&app.gql(t, merge, json!({"t": a, "s": b})).await),
        "CONFLICT",
        "already merged"
    );
}
