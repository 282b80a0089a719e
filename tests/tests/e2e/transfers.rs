//! Transfers the IVR and queues make themselves (MISSION V2, V3): a flow's transfer node
//! to an outside number (dialled through the trunk and bridged, recorded) or to one agent
//! (offered to them alone, the failure exit when they are logged out), and a queue's
//! overflow at its maximum wait to an outside number or to another flow. The "carrier" is
//! sipp behind the demo trunk; callers are sipp too.

use std::path::Path;
use std::process::{Child, ExitStatus};
use std::time::Duration;

use serde_json::{Value, json};

use super::Node;
use super::agents::{caller, log_in, wait_state};
use super::softphone::{Phone, loudest, recorded};

/// A sipp "carrier" behind the demo trunk: answers one INVITE, talks `freq` Hz for 4 s
/// and hangs up (`tests/sipp/desk_phone.xml`).
pub(super) struct Carrier {
    child: Child,
    work: tempfile::TempDir,
}

impl Carrier {
    /// Starts it and points the demo organisation's trunk at it.
    pub(super) async fn start(node: &Node, owner: &str, freq: &str) -> Carrier {
        let work = tempfile::tempdir().unwrap();
        let pcap = work.path().join("far.pcap");
        assert!(
            std::process::Command::new("python3")
                .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("sipp/tone_pcap.py"))
                .args([freq, "10"])
                .arg(&pcap)
                .status()
                .unwrap()
                .success()
        );
        let s = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
        let port = s.local_addr().unwrap().port();
        drop(s);
        let m = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
        let media = m.local_addr().unwrap().port() & !1;
        drop(m);
        let child = std::process::Command::new("sipp")
            .arg("-sf")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("sipp/desk_phone.xml"))
            .args([
                "-i",
                "127.0.0.1",
                "-p",
                &port.to_string(),
                "-m",
                "1",
                "-nostdin",
            ])
            .args(["-mp", &media.to_string(), "-key", "tone"])
            .arg(&pcap)
            .args(["-trace_msg", "-timeout", "90"])
            .current_dir(work.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let trunks = node
            .ok(Some(owner), "{ sipTrunks { id } }", json!({}))
            .await;
        node.ok(
            Some(owner),
            "mutation($id: ID!, $p: Int!) { updateSipTrunk(id: $id, input: {name: \"Carrier\", host: \"127.0.0.1\", port: $p, allowedSources: [\"127.0.0.1/32\"]}) { id } }",
            json!({"id": trunks["sipTrunks"][0]["id"], "p": port}),
        )
        .await;
        Carrier { child, work }
    }

    /// Waits for it to end: success when it answered, talked and hung up.
    pub(super) async fn done(mut self) -> ExitStatus {
        let status = tokio::task::spawn_blocking(move || self.child.wait())
            .await
            .unwrap()
            .unwrap();
        if !status.success() {
            for e in std::fs::read_dir(self.work.path()).unwrap().flatten() {
                if e.path().to_string_lossy().ends_with("messages.log") {
                    eprintln!("{}", std::fs::read_to_string(e.path()).unwrap_or_default());
                }
            }
        }
        status
    }
}

/// Waits for a child process on the blocking pool.
async fn exit_of(mut c: Child) -> ExitStatus {
    tokio::task::spawn_blocking(move || c.wait())
        .await
        .unwrap()
        .unwrap()
}

async fn demo_node(dir: &Path) -> Node {
    // Long enough for the overflow test's second call: 10 s in the queue, then the whole menu
    // with its retries, by which time the caller's 60 s of tone may have run out.
    let mut env = vec![("QIAO_SIP_RTP_TIMEOUT_SECS", "60".to_owned())];
    if let Ok(admin) = std::env::var("QIAO_TEST_POSTGRES") {
        env.push(("QIAO_DATABASE_URL", super::fresh_postgres(&admin).await));
    }
    Node::start(dir, &env, &["--demo"])
}

/// Gives the demo flow's "agent" node (menu key 0) another transfer target and publishes.
async fn retarget_key_0(node: &Node, owner: &str, target: Value) {
    let flows = node
        .ok(Some(owner), "{ ivrFlows { id draft } }", json!({}))
        .await;
    let flow = &flows["ivrFlows"][0];
    let mut draft = flow["draft"].clone();
    for n in draft["nodes"].as_array_mut().unwrap() {
        if n["id"] == "agent" {
            n["target"] = target.clone();
        }
    }
    let saved = node
        .ok(
            Some(owner),
            "mutation($id: ID!, $g: JSON!) { saveIvrFlowDraft(id: $id, graph: $g) { issues { nodeId } } }",
            json!({"id": flow["id"], "g": draft}),
        )
        .await;
    assert_eq!(saved["saveIvrFlowDraft"]["issues"], json!([]), "{saved:#}");
    node.ok(
        Some(owner),
        "mutation($id: ID!) { publishIvrFlow(id: $id) { version } }",
        json!({"id": flow["id"]}),
    )
    .await;
}

/// The newest call with its recording once stored.
async fn last_call(node: &Node, owner: &str, recorded: bool) -> Value {
    let q = "{ calls(limit: 1) { id disposition endedBy endedAt ivrPath } }";
    let r = "query($c: ID!) { recordings(callId: $c) { url } }";
    let mut c = Value::Null;
    for _ in 0..150 {
        c = node.ok(Some(owner), q, json!({})).await["calls"][0].clone();
        if c["endedAt"].is_string() {
            c["recordings"] =
                node.ok(Some(owner), r, json!({"c": c["id"]})).await["recordings"].clone();
            if !recorded || c["recordings"][0]["url"].is_string() {
                return c;
            }
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("the call did not end with its recording: {c:#}");
}

/// Menu key 0 transfers to an outside number: the caller (400 Hz) is bridged to the
/// carrier (1600 Hz) through the trunk, the call ends when the carrier hangs up, and the
/// recording has both.
#[tokio::test(flavor = "multi_thread")]
async fn the_ivr_bridges_a_caller_to_an_outside_number() {
    let dir = tempfile::tempdir().unwrap();
    let node = demo_node(dir.path()).await;
    let owner = log_in(&node, "demo", "owner@demo", &node.demo_password()).await;
    retarget_key_0(
        &node,
        &owner,
        json!({"kind": "number", "number": "+8613900139000"}),
    )
    .await;
    let carrier = Carrier::start(&node, &owner, "1600").await;
    let caller_dir = tempfile::tempdir().unwrap();
    let sipp = caller(&node.sip_addr(), caller_dir.path());
    assert!(
        carrier.done().await.success(),
        "the carrier was dialled, answered and hung up"
    );
    assert!(
        exit_of(sipp).await.success(),
        "the caller got Qiao's BYE after the far party left"
    );
    let c = last_call(&node, &owner, true).await;
    assert_eq!(c["disposition"], "completed", "{c:#}");
    assert_eq!(c["endedBy"], "transfer", "{c:#}");
    assert!(
        c["ivrPath"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p == "agent"),
        "{c:#}"
    );
    let (left, right) = recorded(&node, &c["recordings"][0]["url"]).await;
    assert!(loudest(&left, 400.0) > 0.3, "the caller on the left");
    assert!(
        loudest(&right, 1600.0) > 0.3,
        "the outside party on the right"
    );
}

/// Menu key 0 transfers to agent2 alone: logged out, the caller takes the node's failure
/// exit ("Goodbye"); available, agent2 is offered the call while agent1, also available and
/// idle longer, is not.
#[tokio::test(flavor = "multi_thread")]
async fn the_ivr_transfers_to_one_agent_who_is_logged_in() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let dir = tempfile::tempdir().unwrap();
    let node = demo_node(dir.path()).await;
    let password = node.demo_password();
    let owner = log_in(&node, "demo", "owner@demo", &password).await;
    let agent1 = log_in(&node, "demo", "agent1@demo", &password).await;
    let agent2 = log_in(&node, "demo", "agent2@demo", &password).await;
    let users = node
        .ok(Some(&owner), "{ users { id email } }", json!({}))
        .await;
    let agent2_id = users["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["email"] == "agent2@demo")
        .unwrap()["id"]
        .clone();
    retarget_key_0(&node, &owner, json!({"kind": "agent", "userId": agent2_id})).await;

    let d1 = tempfile::tempdir().unwrap();
    let first = caller(&node.sip_addr(), d1.path());
    assert!(
        exit_of(first).await.success(),
        "agent2 is logged out: Qiao says goodbye and hangs up"
    );
    let c = last_call(&node, &owner, false).await;
    let path = c["ivrPath"].as_array().unwrap();
    assert_eq!(path.last().unwrap(), "bye", "the failure exit: {c:#}");

    let presence = "mutation { setPresence(state: AVAILABLE) { state } }";
    node.ok(Some(&agent1), presence, json!({})).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    node.ok(Some(&agent2), presence, json!({})).await;
    let d2 = tempfile::tempdir().unwrap();
    let second = caller(&node.sip_addr(), d2.path());
    let st = wait_state(&node, &agent2, "agent2 is offered the call", |s| {
        !s["offerCallId"].is_null()
    })
    .await;
    let call = st["offerCallId"].as_str().unwrap().to_owned();
    let a1 = node
        .ok(
            Some(&agent1),
            "{ myAgentState { offerCallId callId } }",
            json!({}),
        )
        .await;
    assert!(
        a1["myAgentState"]["offerCallId"].is_null(),
        "agent1 is not offered a call sent to agent2: {a1:#}"
    );
    let phone = Phone::answer(&node, &agent2, &call, 1000.0).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    node.ok(
        Some(&agent2),
        "mutation($c: ID!) { hangUpCall(callId: $c) }",
        json!({"c": call}),
    )
    .await;
    phone.close().await;
    assert!(exit_of(second).await.success(), "the caller got BYE");
    let c = last_call(&node, &owner, true).await;
    assert_eq!(c["id"], call);
    assert_eq!(c["disposition"], "completed", "{c:#}");
}

/// Queue `service` with nobody logged in overflows after its 10 s maximum wait: first to
/// an outside number (bridged; the record says `overflow`), then, retargeted, to a flow
/// (the demo hotline itself, whose menu ends in "Goodbye" when nothing is pressed).
#[tokio::test(flavor = "multi_thread")]
async fn a_queue_overflows_to_an_outside_number_and_to_a_flow() {
    let dir = tempfile::tempdir().unwrap();
    let node = demo_node(dir.path()).await;
    let owner = log_in(&node, "demo", "owner@demo", &node.demo_password()).await;
    let ids = node
        .ok(
            Some(&owner),
            "{ queues { id name } ivrFlows { id } }",
            json!({}),
        )
        .await;
    let queue = ids["queues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["name"] == "service")
        .unwrap()["id"]
        .clone();
    let overflow = |o: Value| {
        let node = &node;
        let owner = &owner;
        let queue = queue.clone();
        async move {
            node.ok(
                Some(owner),
                "mutation($id: ID!, $o: QueueOverflowInput!) { updateQueue(id: $id, input: {name: \"service\", maxWaitSecs: 10, announcementIntervalSecs: 0, callbackOffer: false, overflow: $o}) { id } }",
                json!({"id": queue, "o": o}),
            )
            .await;
        }
    };
    overflow(json!({"kind": "NUMBER", "number": "+8613900139000"})).await;
    let carrier = Carrier::start(&node, &owner, "1600").await;
    let d1 = tempfile::tempdir().unwrap();
    let first = caller(&node.sip_addr(), d1.path());
    assert!(carrier.done().await.success(), "the overflow dialled out");
    assert!(exit_of(first).await.success(), "the caller got BYE");
    let c = last_call(&node, &owner, true).await;
    assert_eq!(c["disposition"], "overflow", "{c:#}");
    assert_eq!(c["endedBy"], "transfer", "{c:#}");
    let (_, right) = recorded(&node, &c["recordings"][0]["url"]).await;
    assert!(
        loudest(&right, 1600.0) > 0.3,
        "the outside party was bridged"
    );

    overflow(json!({"kind": "FLOW", "targetId": ids["ivrFlows"][0]["id"]})).await;
    let d2 = tempfile::tempdir().unwrap();
    let second = caller(&node.sip_addr(), d2.path());
    assert!(exit_of(second).await.success(), "the flow said goodbye");
    let c = last_call(&node, &owner, false).await;
    let path: Vec<&str> = c["ivrPath"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    // The hotline's path to key 0, then the hotline again from its greeting to "bye".
    assert_eq!(path.iter().filter(|p| **p == "welcome").count(), 2, "{c:#}");
    assert_eq!(path.last(), Some(&"bye"), "{c:#}");
    assert_eq!(c["disposition"], "overflow", "{c:#}");
}
