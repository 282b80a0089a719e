//! The interpreter walked through a small menu: digits, gathering, lookups, retries.

use serde_json::json;

use super::*;

fn graph() -> FlowGraph {
    serde_json::from_value(json!({
        "start": "hello",
        "nodes": [
            {"id": "hello", "type": "play", "prompt": {"tts": {"text": "Hi {caller}", "lang": "en"}}, "next": "menu"},
            {"id": "menu", "type": "menu", "prompt": {"tts": {"text": "Press 2 or 9", "lang": "en"}},
             "options": [{"digit": "2", "next": "card"}, {"digit": "9", "next": "vm"}],
             "timeoutSecs": 5, "retries": 1, "onFailure": "bye"},
            {"id": "card", "type": "gather", "prompt": {"tts": {"text": "Card?", "lang": "en"}},
             "variable": "card", "minDigits": 10, "maxDigits": 10, "next": "pin"},
            {"id": "pin", "type": "gather", "prompt": {"tts": {"text": "PIN?", "lang": "en"}},
             "variable": "pin", "minDigits": 4, "maxDigits": 4, "terminator": "#", "next": "balance", "onInvalid": "bye"},
            {"id": "balance", "type": "lookup", "source": {"kind": "cardBalance", "cardVariable": "card", "pinVariable": "pin"},
             "resultVariable": "acct", "next": "say", "onNotFound": "menu"},
            {"id": "say", "type": "play", "prompt": {"tts": {"text": "Balance {acct.balance}", "lang": "en"}}, "next": "menu"},
            {"id": "vm", "type": "voicemail", "prompt": {"tts": {"text": "Speak", "lang": "en"}}, "next": "bye"},
            {"id": "bye", "type": "hangup", "prompt": {"tts": {"text": "Bye", "lang": "en"}}}
        ]
    }))
    .unwrap()
}

fn text(step: &Step) -> String {
    match step {
        Step::Do(Action::Play { prompt, .. })
        | Step::Do(Action::Voicemail { prompt })
        | Step::Do(Action::Hangup {
            prompt: Some(prompt),
        }) => prompt.tts.as_ref().unwrap().text.clone(),
        other => format!("{other:?}"),
    }
}

#[test]
fn walks_the_menu_to_a_balance_and_masks_the_pin() {
    let vars = BTreeMap::from([("caller".to_owned(), "+8613800000000".to_owned())]);
    let mut run = Run::new(graph(), "en", vars);
    assert_eq!(text(&run.step(Input::Start)), "Hi +8613800000000");
    assert_eq!(text(&run.step(Input::PlayDone)), "Press 2 or 9");
    assert_eq!(text(&run.step(Input::Digit('2'))), "Card?");
    for d in "100000000".chars() {
        assert_eq!(run.step(Input::Digit(d)), Step::Wait);
    }
    assert_eq!(text(&run.step(Input::Digit('1'))), "PIN?");
    for d in "1234".chars() {
        let s = run.step(Input::Digit(d));
        if d != '4' {
            assert_eq!(s, Step::Wait);
        } else {
            assert!(matches!(
                s,
                Step::Do(Action::Lookup {
                    source: LookupSource::CardBalance { .. }
                })
            ));
        }
    }
    assert_eq!(run.vars["pin"], "1234");
    let found = BTreeMap::from([("balance".to_owned(), "88.50".to_owned())]);
    assert_eq!(text(&run.step(Input::Found(found))), "Balance 88.50");
    assert_eq!(run.digits, "21000000001****");
    assert_eq!(run.path, ["hello", "menu", "card", "pin", "balance", "say"]);
}

#[test]
fn invalid_keys_and_silence_retry_then_fail() {
    let mut run = Run::new(graph(), "en", BTreeMap::new());
    run.step(Input::Start);
    run.step(Input::PlayDone);
    assert_eq!(
        text(&run.step(Input::Digit('7'))),
        "Press 2 or 9",
        "replayed once"
    );
    assert_eq!(
        text(&run.step(Input::Timeout)),
        "Bye",
        "retries used up → onFailure"
    );
    assert_eq!(run.step(Input::Digit('2')), Step::Wait, "the run is over");
}

#[test]
fn a_short_pin_and_a_wrong_card_take_their_exits() {
    let mut run = Run::new(graph(), "en", BTreeMap::new());
    run.step(Input::Start);
    run.step(Input::PlayDone);
    run.step(Input::Digit('2'));
    for d in "1000000001".chars() {
        run.step(Input::Digit(d));
    }
    run.step(Input::Digit('1'));
    assert_eq!(
        text(&run.step(Input::Digit('#'))),
        "Bye",
        "one digit then # is invalid"
    );

    let mut run = Run::new(graph(), "en", BTreeMap::new());
    run.step(Input::Start);
    run.step(Input::PlayDone);
    run.step(Input::Digit('9'));
    assert_eq!(text(&run.step(Input::Recorded)), "Bye");
}

#[test]
fn fills_placeholders() {
    let vars = BTreeMap::from([("a".to_owned(), "1".to_owned())]);
    assert_eq!(fill("x{a}y{b}z{", &vars), "x1yz{");
}
