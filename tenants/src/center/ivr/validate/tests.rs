//! Validation cases: each kind of fault is found and pinned to its node.

use serde_json::json;

use super::*;

fn graph(v: serde_json::Value) -> FlowGraph {
    serde_json::from_value(v).expect("graph json")
}

fn refs() -> References {
    References {
        queues: ["q-service".to_owned()].into(),
        schedules: ["h-office".to_owned()].into(),
        users: ["u-1".to_owned()].into(),
        prompts: ["p-welcome".to_owned()].into(),
    }
}

fn tts(text: &str) -> serde_json::Value {
    json!({"tts": {"text": text, "lang": "zh-CN"}})
}

/// The demo-like flow: greeting menu → timetable lookup, queue, voicemail.
fn good() -> serde_json::Value {
    json!({
        "start": "hours",
        "nodes": [
            {"id": "hours", "type": "condition", "branches": [{"when": {"kind": "businessHours", "scheduleId": "h-office"}, "next": "menu"}], "otherwise": "vm"},
            {"id": "menu", "type": "menu", "prompt": {"promptId": "p-welcome"},
             "options": [{"digit": "1", "next": "kb"}, {"digit": "0", "next": "queue"}, {"digit": "9", "next": "vm"}],
             "onTimeout": "menu", "onInvalid": "menu", "onFailure": "bye"},
            {"id": "kb", "type": "lookup", "source": {"kind": "knowledgeBase", "query": "timetable today"}, "resultVariable": "answer", "next": "say", "onNotFound": "menu"},
            {"id": "say", "type": "play", "prompt": tts("{answer}"), "next": "menu"},
            {"id": "queue", "type": "transfer", "target": {"kind": "queue", "queueId": "q-service"}, "onFailure": "vm"},
            {"id": "vm", "type": "voicemail", "prompt": tts("请留言 Please leave a message")},
            {"id": "bye", "type": "hangup"}
        ]
    })
}

fn s(v: &str) -> String {
    v.to_owned()
}

fn codes(issues: &[FlowIssue]) -> Vec<(Option<String>, IssueCode)> {
    issues.iter().map(|i| (i.node_id.clone(), i.code)).collect()
}

#[test]
fn a_sound_flow_has_no_issues() {
    let issues = validate(&graph(good()), &refs());
    assert!(issues.is_empty(), "{issues:#?}");
}

#[test]
fn loops_through_a_menu_are_fine_but_input_free_loops_are_not() {
    let g = graph(json!({
        "start": "a",
        "nodes": [
            {"id": "a", "type": "play", "prompt": tts("a"), "next": "b"},
            {"id": "b", "type": "set", "assignments": [{"target": {"kind": "priority"}, "value": "5"}], "next": "a"}
        ]
    }));
    let issues = validate(&g, &refs());
    assert_eq!(
        codes(&issues),
        vec![(Some(s("a")), IssueCode::InputFreeLoop)]
    );
    assert!(
        issues[0].message.contains("a → b → a"),
        "{}",
        issues[0].message
    );

    let self_loop = graph(json!({"start": "c", "nodes": [
        {"id": "c", "type": "condition", "branches": [{"when": {"kind": "vip", "minLevel": 1}, "next": "c"}], "otherwise": "c"}
    ]}));
    assert_eq!(
        codes(&validate(&self_loop, &refs())),
        vec![(Some(s("c")), IssueCode::InputFreeLoop)]
    );
}

#[test]
fn dangling_unreachable_and_missing_pieces_point_at_their_nodes() {
    let g = graph(json!({
        "start": "a",
        "nodes": [
            {"id": "a", "type": "play", "prompt": {}, "next": "ghost"},
            {"id": "island", "type": "hangup"},
            {"id": "m", "type": "menu", "prompt": tts(" "), "options": [{"digit": "x", "next": "island"}, {"digit": "1"}]}
        ]
    }));
    let got = codes(&validate(&g, &refs()));
    for want in [
        (Some(s("a")), IssueCode::DanglingEdge),
        (Some(s("a")), IssueCode::MissingPrompt),
        (Some(s("m")), IssueCode::MissingPrompt),
        (Some(s("m")), IssueCode::InvalidConfig),
        (Some(s("m")), IssueCode::MissingExit),
        (Some(s("island")), IssueCode::Unreachable),
        (Some(s("m")), IssueCode::Unreachable),
    ] {
        assert!(got.contains(&want), "missing {want:?} in {got:?}");
    }
}

#[test]
fn start_ids_and_references_are_checked() {
    assert_eq!(
        codes(&validate(&graph(json!({"nodes": []})), &refs())),
        vec![(None, IssueCode::NoStart)]
    );
    let g = graph(
        json!({"start": "nope", "nodes": [{"id": "a", "type": "hangup"}, {"id": "a", "type": "hangup"}]}),
    );
    let got = codes(&validate(&g, &refs()));
    assert!(got.contains(&(None, IssueCode::NoStart)));
    assert!(got.contains(&(Some(s("a")), IssueCode::DuplicateId)));

    let g = graph(json!({"start": "t", "nodes": [
        {"id": "t", "type": "transfer", "target": {"kind": "queue", "queueId": "q-other-tenant"}, "onFailure": "n"},
        {"id": "n", "type": "transfer", "target": {"kind": "number", "number": "12345"}, "onFailure": "p"},
        {"id": "p", "type": "play", "prompt": {"promptId": "p-missing"}, "next": "c"},
        {"id": "c", "type": "condition", "branches": [{"when": {"kind": "businessHours", "scheduleId": "h-x"}, "next": "g"}], "otherwise": "g"},
        {"id": "g", "type": "gather", "prompt": tts("card"), "variable": "1card", "minDigits": 5, "maxDigits": 3, "next": "b"},
        {"id": "b", "type": "hangup"}
    ]}));
    let got = codes(&validate(&g, &refs()));
    for want in [
        (Some(s("t")), IssueCode::UnknownReference),
        (Some(s("n")), IssueCode::InvalidConfig),
        (Some(s("p")), IssueCode::UnknownReference),
        (Some(s("c")), IssueCode::UnknownReference),
        (Some(s("g")), IssueCode::InvalidConfig),
    ] {
        assert!(got.contains(&want), "missing {want:?} in {got:?}");
    }
}

#[test]
fn unknown_node_types_and_fields_do_not_parse() {
    assert!(
        serde_json::from_value::<FlowGraph>(
            json!({"start": "a", "nodes": [{"id": "a", "type": "teleport"}]})
        )
        .is_err()
    );
    assert!(
        serde_json::from_value::<FlowGraph>(
            json!({"start": "a", "nodes": [{"id": "a", "type": "hangup", "colour": 1}]})
        )
        .is_err()
    );
}
