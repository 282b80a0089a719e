//! Real calls to the demo hotline with sipp (Debian's sip-tester): the IVR's audio arrives,
//! RFC 4733 keys walk the menu to a card balance, a voicemail becomes a callback task with
//! its recording in the object store, CANCEL before answer, hanging up in the queue,
//! an unknown number, and a malformed request that leaves the server serving calls.

use std::net::UdpSocket;
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};

use super::Node;

fn scenario(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sipp")
        .join(name)
        .display()
        .to_string()
}

/// Runs one sipp call; panics with sipp's output unless it succeeded.
fn sipp(name: &str, number: &str, sip: &str, rtp_port: u16, dir: &Path) {
    sipp_with(name, number, sip, rtp_port, dir, &[]);
}

fn sipp_with(name: &str, number: &str, sip: &str, rtp_port: u16, dir: &Path, extra: &[&str]) {
    let out = Command::new("sipp")
        .args(["-sf", &scenario(name), "-s", number, sip])
        .args(extra)
        .args(["-m", "1", "-nostdin", "-timeout", "90", "-timeout_error"])
        .args(["-i", "127.0.0.1", "-p", "0", "-trace_err"])
        .args(["-key", "rtp_port", &rtp_port.to_string()])
        .current_dir(dir)
        .output()
        .expect("sipp is installed (./test.sh installs sip-tester)");
    if !out.status.success() {
        let errors: String = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().contains("errors"))
            .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
            .collect();
        panic!(
            "sipp {name} failed ({}):\n{}\n{errors}",
            out.status,
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

/// Counts G.711 packets arriving at the test's media port and the loudest frame.
struct Listener {
    port: u16,
    seen: Arc<Mutex<(usize, f64)>>,
}

fn listen() -> Listener {
    let sock = UdpSocket::bind("127.0.0.1:0").unwrap();
    sock.set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    let port = sock.local_addr().unwrap().port();
    let seen = Arc::new(Mutex::new((0usize, 0f64)));
    let s = seen.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 2048];
        loop {
            let Ok(n) = sock.recv(&mut buf) else {
                if Arc::strong_count(&s) == 1 {
                    return;
                }
                continue;
            };
            if n == 12 + 160 && buf[0] >> 6 == 2 && buf[1] & 0x7f == 0 {
                // μ-law: distance from the silence codes (0xFF/0x7F) is loudness.
                let loud = buf[12..n]
                    .iter()
                    .map(|b| f64::from(0x7f - (b & 0x7f)))
                    .sum::<f64>()
                    / 160.0;
                let mut g = s.lock().unwrap();
                g.0 += 1;
                g.1 = g.1.max(loud);
            }
        }
    });
    Listener { port, seen }
}

async fn calls(node: &Node, token: &str) -> Vec<Value> {
    let q = "{ calls(limit: 1000) { id dialled caller disposition endedBy ivrPath digits queueWaitMs recordingId answeredAt endedAt } }";
    node.ok(Some(token), q, json!({})).await["calls"]
        .as_array()
        .unwrap()
        .clone()
}

async fn wait_for<F: Fn(&[Value]) -> bool>(
    node: &Node,
    token: &str,
    what: &str,
    f: F,
) -> Vec<Value> {
    for _ in 0..100 {
        let c = calls(node, token).await;
        if f(&c) {
            return c;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("{what}: {:#?}", calls(node, token).await);
}

#[tokio::test(flavor = "multi_thread")]
async fn calls_to_the_demo_hotline() {
    let dir = tempfile::tempdir().unwrap();
    // On PostgreSQL when the suite runs there (CI's second pass), else embedded SQLite.
    let mut env = Vec::new();
    if let Ok(admin) = std::env::var("QIAO_TEST_POSTGRES") {
        env.push(("QIAO_DATABASE_URL", super::fresh_postgres(&admin).await));
    }
    let node = Node::start(dir.path(), &env, &["--demo"]);
    let sip = node.sip_addr();
    let password = node.demo_password();
    let login = "mutation($p: String!) { logIn(input: {tenantSlug: \"demo\", email: \"owner@demo\", password: $p}) { accessToken } }";
    let token = node.ok(None, login, json!({"p": password})).await["logIn"]["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let work = tempfile::tempdir().unwrap();
    let hotline = "+861085550100";

    // Unknown number, malformed request, CANCEL: no answered call.
    sipp("unknown_number.xml", "+861085559999", &sip, 9, work.path());
    sipp("malformed.xml", hotline, &sip, 9, work.path());
    sipp("cancel.xml", hotline, &sip, 9, work.path());
    wait_for(&node, &token, "the cancelled call is recorded", |c| {
        c.iter()
            .any(|x| x["disposition"] == "cancelled" && x["answeredAt"].is_null())
    })
    .await;

    // The IVR answers with audio; keys walk to the balance; the PIN never shows.
    let ears = listen();
    sipp("ivr_balance.xml", hotline, &sip, ears.port, work.path());
    let (packets, loudest) = *ears.seen.lock().unwrap();
    assert!(packets > 500, "{packets} RTP packets from the IVR in ~20 s");
    assert!(loudest > 20.0, "the prompts are not silence ({loudest})");
    let c = wait_for(&node, &token, "the balance call is completed", |c| {
        c.iter().any(|x| {
            x["ivrPath"]
                .as_array()
                .unwrap()
                .iter()
                .any(|n| n == "say_balance")
        })
    })
    .await;
    let call = c
        .iter()
        .find(|x| {
            x["ivrPath"]
                .as_array()
                .unwrap()
                .iter()
                .any(|n| n == "say_balance")
        })
        .unwrap();
    assert_eq!(call["digits"], "21000000001****");
    assert_eq!(call["disposition"], "completed");
    assert_eq!(call["endedBy"], "caller");
    assert_eq!(call["caller"], "+8613800138000");
    assert!(call["recordingId"].is_string());

    // Hanging up while waiting in queue `service` is an abandoned call with its wait.
    sipp("queue_abandon.xml", hotline, &sip, 9, work.path());
    let c = wait_for(&node, &token, "the abandoned call", |c| {
        c.iter().any(|x| x["disposition"] == "abandoned")
    })
    .await;
    let abandoned = c.iter().find(|x| x["disposition"] == "abandoned").unwrap();
    assert!(
        abandoned["queueWaitMs"].as_i64().unwrap() > 1000,
        "{abandoned:#}"
    );

    // A voicemail becomes a callback task whose recording is in the object store.
    sipp("voicemail.xml", hotline, &sip, 9, work.path());
    wait_for(&node, &token, "the voicemail call", |c| {
        c.iter().any(|x| x["disposition"] == "voicemail")
    })
    .await;
    let q = "{ callbackTasks { kind number recordingId } recordings { id kind durationMs storedAt url } }";
    let mut data = Value::Null;
    for _ in 0..100 {
        data = node.ok(Some(&token), q, json!({})).await;
        let stored = data["recordings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| !r["storedAt"].is_null())
            .count();
        if stored >= 3 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let task = &data["callbackTasks"][0];
    assert_eq!(task["kind"], "voicemail");
    assert_eq!(task["number"], "+8613800138000");
    let rec = data["recordings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == task["recordingId"])
        .unwrap_or_else(|| panic!("the task's recording: {data:#}"));
    assert_eq!(rec["kind"], "voicemail");
    let url = rec["url"].as_str().expect("stored, with a link");
    let wav = reqwest::get(format!("{}{url}", node.url.trim_end_matches('/')))
        .await
        .unwrap();
    assert_eq!(wav.status(), 200);
    let bytes = wav.bytes().await.unwrap();
    assert_eq!(&bytes[..4], b"RIFF");
    assert!(
        bytes.len() > 44 + 8000 * 2,
        "more than a second of message: {}",
        bytes.len()
    );
    // Call recordings are stereo (caller left, IVR right).
    let call_rec = data["recordings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["kind"] == "call" && !r["url"].is_null())
        .unwrap();
    let wav = reqwest::get(format!(
        "{}{}",
        node.url.trim_end_matches('/'),
        call_rec["url"].as_str().unwrap()
    ))
    .await
    .unwrap()
    .bytes()
    .await
    .unwrap();
    assert_eq!(u16::from_le_bytes([wav[22], wav[23]]), 2, "two channels");

    // A desk phone registers with digest (realm: the tenant's slug); a wrong password is refused.
    let t = Some(token.as_str());
    node.ok(t, "mutation { createSipEndpoint(input: {username: \"1001\", password: \"Desk-Phone-Secret-9\"}) { id } }", json!({}))
        .await;
    sipp_with(
        "register_wrong.xml",
        "1001",
        &sip,
        9,
        work.path(),
        &["-au", "1001", "-ap", "not-the-password"],
    );
    let regs = node
        .ok(t, "{ sipRegistrations { contact } }", json!({}))
        .await;
    assert_eq!(regs["sipRegistrations"], json!([]));
    sipp_with(
        "register.xml",
        "1001",
        &sip,
        9,
        work.path(),
        &["-au", "1001", "-ap", "Desk-Phone-Secret-9"],
    );
    let regs = node
        .ok(
            t,
            "{ sipRegistrations { contact source transport userAgent } }",
            json!({}),
        )
        .await;
    let reg = &regs["sipRegistrations"][0];
    assert!(
        reg["contact"]
            .as_str()
            .unwrap()
            .starts_with("sip:1001@127.0.0.1:"),
        "{regs:#}"
    );
    assert_eq!(reg["transport"], "udp");
    assert_eq!(reg["userAgent"], "sipp desk phone");

    // A number on a trunk that authenticates by digest: challenged, then answered.
    let flow = node.ok(t, "{ ivrFlows { id } }", json!({})).await["ivrFlows"][0]["id"].clone();
    let trunk = node
        .ok(t, "mutation { createSipTrunk(input: {name: \"Carrier\", host: \"carrier.example\", username: \"carrier\", password: \"Trunk-Secret-42\", allowedSources: []}) { id } }", json!({}))
        .await["createSipTrunk"]["id"]
        .clone();
    node.ok(
        t,
        "mutation($i: PhoneNumberInput!) { createPhoneNumber(input: $i) { id } }",
        json!({"i": {"number": "+861085550199", "routeKind": "FLOW", "routeTargetId": flow, "trunkId": trunk}}),
    )
    .await;
    sipp_with(
        "invite_auth.xml",
        "+861085550199",
        &sip,
        9,
        work.path(),
        &["-au", "carrier", "-ap", "Trunk-Secret-42"],
    );
    wait_for(&node, &token, "the authenticated trunk call", |c| {
        c.iter()
            .any(|x| x["dialled"] == "+861085550199" && x["disposition"] == "completed")
    })
    .await;
    // Without credentials the trunk's number answers 407.
    sipp(
        "invite_challenged.xml",
        "+861085550199",
        &sip,
        9,
        work.path(),
    );

    // In the queue, 1 asks for a callback: a task for the caller, and the server hangs up.
    sipp("queue_callback.xml", hotline, &sip, 9, work.path());
    wait_for(&node, &token, "the callback call", |c| {
        c.iter()
            .any(|x| x["disposition"] == "callback" && x["endedBy"] == "system")
    })
    .await;
    let tasks = node
        .ok(
            t,
            "{ callbackTasks(status: \"open\") { kind number queueId } }",
            json!({}),
        )
        .await;
    assert!(
        tasks["callbackTasks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["kind"] == "callback" && x["queueId"].is_string()),
        "{tasks:#}"
    );

    // A queue with a 10 s maximum wait overflows to voicemail: the message is left there.
    let queue = node
        .ok(t, "mutation { createQueue(input: {name: \"short\", maxWaitSecs: 10, announcementIntervalSecs: 0, overflow: {kind: VOICEMAIL}}) { id } }", json!({}))
        .await["createQueue"]["id"]
        .clone();
    let demo_trunk = node.ok(t, "{ sipTrunks { id name } }", json!({})).await["sipTrunks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["name"] == "Local demo trunk")
        .unwrap()["id"]
        .clone();
    node.ok(
        t,
        "mutation($i: PhoneNumberInput!) { createPhoneNumber(input: $i) { id } }",
        json!({"i": {"number": "+861085550177", "routeKind": "QUEUE", "routeTargetId": queue, "trunkId": demo_trunk}}),
    )
    .await;
    sipp("queue_wait.xml", "+861085550177", &sip, 9, work.path());
    let c = wait_for(&node, &token, "the overflowed call", |c| {
        c.iter()
            .any(|x| x["dialled"] == "+861085550177" && !x["endedAt"].is_null())
    })
    .await;
    let overflowed = c.iter().find(|x| x["dialled"] == "+861085550177").unwrap();
    assert_eq!(overflowed["disposition"], "voicemail", "{overflowed:#}");
    assert!(overflowed["queueWaitMs"].as_i64().unwrap() >= 10_000);
    let tasks = node
        .ok(
            t,
            "{ callbackTasks { kind queueId recordingId } }",
            json!({}),
        )
        .await;
    assert!(
        tasks["callbackTasks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["kind"] == "voicemail"
                && x["queueId"] == queue
                && x["recordingId"].is_string()),
        "{tasks:#}"
    );

    // Still serving after all that: another call is answered.
    sipp("queue_abandon.xml", hotline, &sip, 9, work.path());
    assert!(node.terminate().success());
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// moto (a real S3 protocol server) on `port`; killed on drop.
struct Moto(std::process::Child);

impl Moto {
    fn start(port: u16) -> Moto {
        let child = Command::new("moto_server")
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("moto_server on PATH (./test.sh installs moto)");
        let moto = Moto(child);
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return moto;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("moto_server did not start");
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The bytes behind a signed download link the API gave (`/objects/…`).
async fn download(node: &Node, url: &str) -> bytes::Bytes {
    reqwest::get(format!("{}{url}", node.url.trim_end_matches('/')))
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap()
}

/// The demo owner's access token (the password is kept in the data dir).
async fn owner_token(node: &Node) -> String {
    let password = std::fs::read_to_string(node.data_dir.join("demo-password")).unwrap();
    let login = "mutation($p: String!) { logIn(input: {tenantSlug: \"demo\", email: \"owner@demo\", password: $p}) { accessToken } }";
    node.ok(None, login, json!({"p": password.trim()})).await["logIn"]["accessToken"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// The object store is down when a call ends and the process is then killed (SIGKILL): the
/// recording waits in the spool, and the next start uploads it to S3.
#[tokio::test(flavor = "multi_thread")]
async fn a_recording_survives_a_dead_object_store_and_a_killed_process() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let endpoint = format!("http://127.0.0.1:{port}");
    let mut env: Vec<(&str, String)> = vec![
        ("QIAO_OBJECTS_BACKEND", "s3".into()),
        ("QIAO_OBJECTS_S3_ENDPOINT", endpoint.clone()),
        ("QIAO_OBJECTS_S3_BUCKET", "qiao-recordings".into()),
        ("QIAO_OBJECTS_S3_ACCESS_KEY_ID", "test".into()),
        ("QIAO_OBJECTS_S3_SECRET_ACCESS_KEY", "test".into()),
        ("QIAO_OBJECTS_S3_CREATE_BUCKET", "true".into()),
        ("QIAO_OBJECTS_S3_PATH_STYLE", "true".into()),
    ];
    if let Ok(admin) = std::env::var("QIAO_TEST_POSTGRES") {
        env.push(("QIAO_DATABASE_URL", super::fresh_postgres(&admin).await));
    }
    let moto = Moto::start(port);
    let node = Node::start(dir.path(), &env, &["--demo"]);
    let sip = node.sip_addr();
    let token = owner_token(&node).await;
    drop(moto); // the store goes away
    let work = tempfile::tempdir().unwrap();
    let out = Command::new("sipp")
        .args([
            "-sn",
            "uac",
            "-s",
            "+861085550100",
            &sip,
            "-m",
            "1",
            "-d",
            "1500",
        ])
        .args([
            "-nostdin",
            "-timeout",
            "30",
            "-timeout_error",
            "-i",
            "127.0.0.1",
            "-p",
            "0",
        ])
        .current_dir(work.path())
        .output()
        .expect("sipp");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let q = "{ recordings { id kind storedAt url } }";
    let mut recs = Value::Null;
    for _ in 0..50 {
        recs = node.ok(Some(&token), q, json!({})).await;
        if !recs["recordings"].as_array().unwrap().is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let id = recs["recordings"][0]["id"].clone();
    assert!(id.is_string(), "the call's recording row: {recs:#}");
    tokio::time::sleep(Duration::from_secs(2)).await;
    let recs = node.ok(Some(&token), q, json!({})).await;
    assert!(
        recs["recordings"][0]["storedAt"].is_null(),
        "the store is down: {recs:#}"
    );
    drop(node); // SIGKILL

    let _moto = Moto::start(port); // back, empty: the bucket is created again
    let node = Node::start(dir.path(), &env, &["--demo"]);
    let token = owner_token(&node).await;
    let mut stored = Value::Null;
    for _ in 0..100 {
        let recs = node.ok(Some(&token), q, json!({})).await;
        if !recs["recordings"][0]["storedAt"].is_null() {
            stored = recs["recordings"][0].clone();
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(stored["id"], id, "uploaded after the restart");
    let url = stored["url"].as_str().unwrap();
    let wav = download(&node, url).await;
    assert_eq!(&wav[..4], b"RIFF");
    assert!(
        wav.len() > 44 + 4 * 8000,
        "a second or more of stereo audio: {}",
        wav.len()
    );
}

/// A caller that sends no RTP at all is hung up on after the RTP timeout.
#[tokio::test(flavor = "multi_thread")]
async fn a_dead_call_ends_at_the_rtp_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let env = vec![("QIAO_SIP_RTP_TIMEOUT_SECS", "3".to_owned())];
    let node = Node::start(dir.path(), &env, &["--demo"]);
    let sip = node.sip_addr();
    let token = owner_token(&node).await;
    let work = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    sipp("rtp_timeout.xml", "+861085550100", &sip, 9, work.path());
    let took = started.elapsed();
    assert!(
        took >= Duration::from_secs(3) && took < Duration::from_secs(15),
        "{took:?}"
    );
    let c = wait_for(&node, &token, "the timed-out call", |c| {
        c.iter().any(|x| x["endedBy"] == "timeout")
    })
    .await;
    assert_eq!(c[0]["disposition"], "completed");
}

/// A caller whose INVITE has no SDP: our 200 OK offers PCMU and PCMA (the scenario checks),
/// its ACK answers PCMA, and the greeting arrives in PCMA where the answer said.
#[tokio::test(flavor = "multi_thread")]
async fn a_call_without_sdp_gets_our_offer_and_its_ack_answers() {
    let dir = tempfile::tempdir().unwrap();
    let node = Node::start(dir.path(), &[], &["--demo"]);
    let sip = node.sip_addr();
    let token = owner_token(&node).await;
    let sock = UdpSocket::bind("127.0.0.1:0").unwrap();
    sock.set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    let port = sock.local_addr().unwrap().port();
    let counter = std::thread::spawn(move || {
        let (mut pcma, mut other) = (0, 0);
        let until = std::time::Instant::now() + Duration::from_secs(8);
        let mut buf = [0u8; 2048];
        while std::time::Instant::now() < until {
            if let Ok(n) = sock.recv(&mut buf)
                && n > 12
            {
                if buf[1] & 0x7f == 8 {
                    pcma += 1;
                } else {
                    other += 1;
                }
            }
        }
        (pcma, other)
    });
    let work = tempfile::tempdir().unwrap();
    sipp_with(
        "delayed_offer.xml",
        "+861085550100",
        &sip,
        port,
        work.path(),
        &["-d", "3000"],
    );
    let (pcma, other) = counter.join().unwrap();
    assert!(
        pcma > 50,
        "the greeting in PCMA: {pcma} packets ({other} others)"
    );
    assert_eq!(other, 0, "only the answered law");
    let c = wait_for(&node, &token, "the delayed-offer call", |c| {
        c.iter().any(|x| x["endedBy"] == "caller")
    })
    .await;
    assert_eq!(c[0]["disposition"], "completed");
    assert!(c[0]["answeredAt"].is_string());
}

/// A caller behind NAT: its SDP names an address we cannot reach, its packets come from
/// elsewhere. We answer where its packets come from (symmetric RTP), and not before.
#[tokio::test(flavor = "multi_thread")]
async fn a_caller_behind_nat_hears_us_where_its_packets_come_from() {
    let dir = tempfile::tempdir().unwrap();
    let node = Node::start(dir.path(), &[], &["--demo"]);
    let sip = node.sip_addr();
    let work = tempfile::tempdir().unwrap();
    let log = work.path().join("messages.log");
    let sipp = {
        let (sip, dir, log) = (sip.clone(), work.path().to_owned(), log.clone());
        std::thread::spawn(move || {
            sipp_with(
                "nat_caller.xml",
                "+861085550100",
                &sip,
                9,
                &dir,
                &[
                    "-d",
                    "6000",
                    "-trace_msg",
                    "-message_file",
                    &log.display().to_string(),
                ],
            );
        })
    };
    // Our media port, from the 200 OK in sipp's message log.
    let mut media_port = None;
    for _ in 0..100 {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        media_port = text
            .split("SIP/2.0 200 OK")
            .nth(1)
            .and_then(|ok| ok.split("m=audio ").nth(1))
            .and_then(|m| m.split(' ').next())
            .and_then(|p| p.parse::<u16>().ok());
        if media_port.is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let media_port = media_port.expect("the 200 OK's SDP in sipp's message log");
    let phone = UdpSocket::bind("127.0.0.1:0").unwrap();
    phone
        .set_read_timeout(Some(Duration::from_millis(10)))
        .unwrap();
    // Before the phone sends anything, nothing reaches it (we send to the SDP's address).
    let mut buf = [0u8; 2048];
    let early = std::time::Instant::now() + Duration::from_millis(600);
    let mut before = 0;
    while std::time::Instant::now() < early {
        if phone.recv(&mut buf).is_ok() {
            before += 1;
        }
    }
    assert_eq!(before, 0, "nothing for an address the SDP did not give");
    // The phone talks (μ-law silence every 20 ms) from its NATed port, and hears the greeting.
    let mut heard = 0;
    let mut seq: u16 = 1;
    let until = std::time::Instant::now() + Duration::from_secs(3);
    while std::time::Instant::now() < until {
        let mut pkt = vec![0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9];
        pkt[2..4].copy_from_slice(&seq.to_be_bytes());
        pkt[4..8].copy_from_slice(&(u32::from(seq) * 160).to_be_bytes());
        pkt.extend([0xffu8; 160]);
        phone.send_to(&pkt, ("127.0.0.1", media_port)).unwrap();
        seq += 1;
        let tick = std::time::Instant::now() + Duration::from_millis(20);
        while std::time::Instant::now() < tick {
            if let Ok(n) = phone.recv(&mut buf)
                && n == 12 + 160
                && buf[1] & 0x7f == 0
            {
                heard += 1;
            }
        }
    }
    assert!(
        heard > 100,
        "the greeting reached the NATed port: {heard} packets"
    );
    sipp.join().unwrap();
}

/// A node killed while a call rings (no answer yet, so no recording) never comes back; a
/// new node on the same database finds the dead node's heartbeat stale and closes the
/// call as interrupted, at about the time the dead node was last heard of.
#[tokio::test(flavor = "multi_thread")]
async fn a_call_left_ringing_by_a_dead_node_is_closed_by_another() {
    let dir = tempfile::tempdir().unwrap();
    let mut env: Vec<(&str, String)> = vec![
        ("QIAO_SIP_ANSWER_AFTER_MS", "60000".into()),
        ("QIAO_JOBS_NODE_HEARTBEAT_SECS", "1".into()),
        ("QIAO_JOBS_NODE_DEAD_AFTER_SECS", "3".into()),
    ];
    if let Ok(admin) = std::env::var("QIAO_TEST_POSTGRES") {
        env.push(("QIAO_DATABASE_URL", super::fresh_postgres(&admin).await));
    }
    let node = Node::start(dir.path(), &env, &["--demo"]);
    let sip = node.sip_addr();
    let token = owner_token(&node).await;
    let work = tempfile::tempdir().unwrap();
    let mut caller = Command::new("sipp")
        .args(["-sn", "uac", "-s", "+861085550100", &sip, "-m", "1"])
        .args(["-nostdin", "-i", "127.0.0.1", "-p", "0"])
        .current_dir(work.path())
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("sipp");
    let c = wait_for(&node, &token, "the call ringing", |c| {
        c.iter().any(|x| x["disposition"] == "in_progress")
    })
    .await;
    let id = c[0]["id"].clone();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let killed_at = chrono::Utc::now();
    drop(node); // SIGKILL while it rings
    let _ = caller.kill();
    let _ = caller.wait();

    let node = Node::start(dir.path(), &env, &["--demo"]);
    let token = owner_token(&node).await;
    let c = wait_for(&node, &token, "the interrupted call", |c| {
        c.iter()
            .any(|x| x["id"] == id && x["disposition"] == "interrupted")
    })
    .await;
    let call = c.iter().find(|x| x["id"] == id).unwrap();
    assert_eq!(call["endedBy"], "system");
    assert!(call["answeredAt"].is_null(), "never answered: {call:#}");
    assert!(call["recordingId"].is_null());
    let ended: chrono::DateTime<chrono::Utc> = call["endedAt"].as_str().unwrap().parse().unwrap();
    // The dead node's last heartbeat: at most one beat (1 s) before the kill.
    let before_kill = (killed_at - ended).num_milliseconds();
    assert!(
        (0..2_500).contains(&before_kill),
        "ended at the last heartbeat, {before_kill} ms before the kill"
    );
}

/// The process is killed (SIGKILL) in the middle of an answered call. At the next start the
/// recording, whose WAV lengths were never written, is repaired and stored, and the call
/// record is closed as interrupted with it.
#[tokio::test(flavor = "multi_thread")]
async fn a_call_cut_off_by_a_killed_process_is_closed_with_its_recording() {
    let dir = tempfile::tempdir().unwrap();
    let mut env: Vec<(&str, String)> = Vec::new();
    if let Ok(admin) = std::env::var("QIAO_TEST_POSTGRES") {
        env.push(("QIAO_DATABASE_URL", super::fresh_postgres(&admin).await));
    }
    let node = Node::start(dir.path(), &env, &["--demo"]);
    let sip = node.sip_addr();
    let token = owner_token(&node).await;
    let work = tempfile::tempdir().unwrap();
    let mut caller = Command::new("sipp")
        .args(["-sn", "uac", "-s", "+861085550100", &sip, "-m", "1"])
        .args(["-d", "60000", "-nostdin", "-i", "127.0.0.1", "-p", "0"])
        .current_dir(work.path())
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("sipp");
    let c = wait_for(&node, &token, "the call in progress", |c| {
        c.iter().any(|x| x["disposition"] == "in_progress")
    })
    .await;
    let id = c[0]["id"].clone();
    tokio::time::sleep(Duration::from_secs(3)).await;
    drop(node); // SIGKILL in the middle of the call
    let _ = caller.kill();
    let _ = caller.wait();

    let node = Node::start(dir.path(), &env, &["--demo"]);
    let token = owner_token(&node).await;
    let c = wait_for(&node, &token, "the interrupted call", |c| {
        c.iter()
            .any(|x| x["id"] == id && x["disposition"] == "interrupted")
    })
    .await;
    let call = c.iter().find(|x| x["id"] == id).unwrap();
    assert_eq!(call["endedBy"], "system");
    assert!(call["answeredAt"].is_string() && call["endedAt"].is_string());
    let rec = call["recordingId"].clone();
    assert!(rec.is_string(), "filed with its recording: {call:#}");
    let q = "{ recordings { id kind callId durationMs storedAt url } }";
    let mut stored = Value::Null;
    for _ in 0..100 {
        let recs = node.ok(Some(&token), q, json!({})).await;
        if let Some(r) = recs["recordings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == rec && !r["storedAt"].is_null())
        {
            stored = r.clone();
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(stored["kind"], "call", "stored: {stored:#}");
    assert_eq!(stored["callId"], id);
    let ms = stored["durationMs"].as_i64().unwrap();
    // 3 s after the call showed, less the ring time and what the writer still buffered.
    assert!(
        (1_500..20_000).contains(&ms),
        "about the 3 s recorded: {ms} ms"
    );
    let url = stored["url"].as_str().unwrap();
    let wav = download(&node, url).await;
    assert_eq!(&wav[..4], b"RIFF");
    let riff = u32::from_le_bytes(wav[4..8].try_into().unwrap()) as usize;
    let data = u32::from_le_bytes(wav[40..44].try_into().unwrap()) as usize;
    assert_eq!(riff, wav.len() - 8, "the RIFF length was repaired");
    assert_eq!(data, wav.len() - 44, "the data length was repaired");
    // The player seeks with a byte range: 206 with just those bytes.
    let part = reqwest::Client::new()
        .get(format!("{}{url}", node.url.trim_end_matches('/')))
        .header("Range", "bytes=40-43")
        .send()
        .await
        .unwrap();
    assert_eq!(part.status(), 206);
    assert_eq!(
        part.headers()["content-range"],
        format!("bytes 40-43/{}", wav.len()).as_str()
    );
    assert_eq!(&part.bytes().await.unwrap()[..], &wav[40..44]);
    assert_eq!(
        data as i64,
        ms * 32,
        "stereo 16-bit at 8 kHz: 32 bytes per ms"
    );
}
