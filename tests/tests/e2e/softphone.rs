//! Agents' softphones over WebRTC (the `webrtc` crate standing in for the browser, which
//! the console's Playwright suite drives for real): a sipp caller talking a 400 Hz tone
//! reaches agent1 (1000 Hz), who hears the caller; agent1 consults agent2 (1600 Hz) while the
//! caller is on hold, then joins all three in a conference, then leaves; agent2 hangs up.
//! Each step is checked by listening: who hears which tone. The recording has the caller on
//! the left and both agents on the right, and the call's legs show both agents.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use audio_codec_algorithms::{decode_ulaw, encode_ulaw};
use bytes::Bytes;
use serde_json::{Value, json};
use webrtc::api::APIBuilder;
use webrtc::api::interceptor_registry::register_default_interceptors;
use webrtc::api::media_engine::{MIME_TYPE_PCMU, MediaEngine};
use webrtc::interceptor::registry::Registry;
use webrtc::media::Sample;
use webrtc::peer_connection::RTCPeerConnection;
use webrtc::peer_connection::configuration::RTCConfiguration;
use webrtc::peer_connection::sdp::session_description::RTCSessionDescription;
use webrtc::rtp_transceiver::rtp_codec::{
    RTCRtpCodecCapability, RTCRtpCodecParameters, RTPCodecType,
};
use webrtc::track::track_local::TrackLocal;
use webrtc::track::track_local::track_local_static_sample::TrackLocalStaticSample;

use super::Node;
use super::agents::{caller, log_in, wait_state};

const RATE: f32 = 8000.0;

/// An agent's softphone: says a tone, keeps what it hears.
pub(super) struct Phone {
    pc: Arc<RTCPeerConnection>,
    heard: Arc<Mutex<Vec<i16>>>,
}

impl Phone {
    /// Answers `call` as the agent behind `token`, saying a `freq` Hz tone.
    pub(super) async fn answer(node: &Node, token: &str, call: &str, freq: f32) -> Phone {
        let (phone, offer) = Phone::start(freq).await;
        let answer = node
            .ok(
                Some(token),
                "mutation($c: ID!, $s: String!) { answerCall(callId: $c, sdp: $s) }",
                json!({"c": call, "s": offer}),
            )
            .await["answerCall"]
            .as_str()
            .unwrap()
            .to_owned();
        phone.accept(answer).await;
        phone
    }

    /// Calls `number` from the softphone (dialOut); answers the phone and the call's id.
    async fn dial(node: &Node, token: &str, number: &str, freq: f32) -> (Phone, String) {
        let (phone, offer) = Phone::start(freq).await;
        let r = node
            .ok(
                Some(token),
                "mutation($n: String!, $s: String!) { dialOut(number: $n, sdp: $s) { callId sdp } }",
                json!({"n": number, "s": offer}),
            )
            .await;
        phone
            .accept(r["dialOut"]["sdp"].as_str().unwrap().to_owned())
            .await;
        (phone, r["dialOut"]["callId"].as_str().unwrap().to_owned())
    }

    async fn accept(&self, answer: String) {
        assert!(answer.contains("PCMU"), "{answer}");
        self.pc
            .set_remote_description(RTCSessionDescription::answer(answer).unwrap())
            .await
            .unwrap();
    }

    /// A peer connection saying a `freq` Hz tone, and its complete SDP offer.
    async fn start(freq: f32) -> (Phone, String) {
        let pcmu = RTCRtpCodecCapability {
            mime_type: MIME_TYPE_PCMU.to_owned(),
            clock_rate: 8000,
            channels: 1,
            sdp_fmtp_line: String::new(),
            rtcp_feedback: vec![],
        };
        let mut media = MediaEngine::default();
        media
            .register_codec(
                RTCRtpCodecParameters {
                    capability: pcmu.clone(),
                    payload_type: 0,
                    ..Default::default()
                },
                RTPCodecType::Audio,
            )
            .unwrap();
        let registry = register_default_interceptors(Registry::new(), &mut media).unwrap();
        let api = APIBuilder::new()
            .with_media_engine(media)
            .with_interceptor_registry(registry)
            .build();
        let pc = Arc::new(
            api.new_peer_connection(RTCConfiguration::default())
                .await
                .unwrap(),
        );
        let track = Arc::new(TrackLocalStaticSample::new(
            pcmu,
            "audio".into(),
            "agent".into(),
        ));
        pc.add_track(Arc::clone(&track) as Arc<dyn TrackLocal + Send + Sync>)
            .await
            .unwrap();
        let heard = Arc::new(Mutex::new(Vec::new()));
        let h = heard.clone();
        pc.on_track(Box::new(move |remote, _, _| {
            let h = h.clone();
            Box::pin(async move {
                tokio::spawn(async move {
                    while let Ok((p, _)) = remote.read_rtp().await {
                        h.lock()
                            .unwrap()
                            .extend(p.payload.iter().map(|&b| decode_ulaw(b)));
                    }
                });
            })
        }));
        let offer = pc.create_offer(None).await.unwrap();
        let mut gathered = pc.gathering_complete_promise().await;
        pc.set_local_description(offer).await.unwrap();
        let _ = gathered.recv().await;
        let sdp = pc.local_description().await.unwrap().sdp;
        tokio::spawn(async move {
            let mut n = 0usize;
            let mut tick = tokio::time::interval(Duration::from_millis(20));
            loop {
                tick.tick().await;
                let frame: Vec<u8> = (0..160)
                    .map(|i| {
                        let t = (n * 160 + i) as f32 / RATE;
                        encode_ulaw((8000.0 * (2.0 * std::f32::consts::PI * freq * t).sin()) as i16)
                    })
                    .collect();
                n += 1;
                let s = Sample {
                    data: Bytes::from(frame),
                    duration: Duration::from_millis(20),
                    ..Default::default()
                };
                if track.write_sample(&s).await.is_err() {
                    return;
                }
            }
        });
        (Phone { pc, heard }, sdp)
    }

    /// What it heard in the last `secs` seconds.
    fn last(&self, secs: f32) -> Vec<i16> {
        let h = self.heard.lock().unwrap();
        let n = ((secs * RATE) as usize).min(h.len());
        h[h.len() - n..].to_vec()
    }

    pub(super) async fn close(&self) {
        let _ = self.pc.close().await;
    }
}

/// Share of the signal's power at `freq` (Goertzel), 0..1.
pub(super) fn tone_share(x: &[i16], rate: f32, freq: f32) -> f64 {
    if x.is_empty() {
        return 0.0;
    }
    let w = 2.0 * std::f64::consts::PI * f64::from(freq) / f64::from(rate);
    let c = 2.0 * w.cos();
    let (mut s1, mut s2) = (0.0f64, 0.0f64);
    let mut total = 0.0f64;
    for &v in x {
        let v = f64::from(v);
        let s = v + c * s1 - s2;
        s2 = s1;
        s1 = s;
        total += v * v;
    }
    let power = s1 * s1 + s2 * s2 - c * s1 * s2;
    if total == 0.0 {
        0.0
    } else {
        (2.0 * power / (x.len() as f64 * total)).min(1.0)
    }
}

fn hears(p: &Phone, freq: f32) -> f64 {
    tone_share(&p.last(1.0), RATE, freq)
}

async fn on_call(node: &Node, token: &str, q: &str, vars: Value) {
    node.ok(Some(token), q, vars).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn agents_talk_consult_and_conference_over_webrtc() {
    // Two TLS back-ends are linked into this test (reqwest's and the WebRTC stack's): say
    // which one rustls uses.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let dir = tempfile::tempdir().unwrap();
    let mut env = vec![
        ("QIAO_ROUTING_RING_TIMEOUT_SECS", "15".to_owned()),
        ("QIAO_SIP_RTP_TIMEOUT_SECS", "8".to_owned()),
    ];
    if let Ok(admin) = std::env::var("QIAO_TEST_POSTGRES") {
        env.push(("QIAO_DATABASE_URL", super::fresh_postgres(&admin).await));
    }
    let node = Node::start(dir.path(), &env, &["--demo"]);
    let password = node.demo_password();
    let owner = log_in(&node, "demo", "owner@demo", &password).await;
    let agent1 = log_in(&node, "demo", "agent1@demo", &password).await;
    let agent2 = log_in(&node, "demo", "agent2@demo", &password).await;
    let presence = "mutation($s: AgentPresence!) { setPresence(state: $s) { state } }";
    node.ok(Some(&agent1), presence, json!({"s": "AVAILABLE"}))
        .await;

    let work = tempfile::tempdir().unwrap();
    let mut sipp = caller(&node.sip_addr(), work.path());
    let s = wait_state(&node, &agent1, "agent1 is offered the call", |s| {
        !s["offerCallId"].is_null()
    })
    .await;
    let call = s["offerCallId"].as_str().unwrap().to_owned();
    let vars = json!({"c": call});

    // agent1 answers and hears the caller; the caller is not hearing music any more.
    let p1 = Phone::answer(&node, &agent1, &call, 1000.0).await;
    wait_state(&node, &agent1, "agent1 is on the call", |s| {
        s["callId"] == call.as_str()
    })
    .await;
    // Keys for the caller go out as RFC 4733 (the caller offered telephone-event).
    let sent = node
        .ok(
            Some(&agent1),
            "mutation($c: ID!) { sendKeys(callId: $c, keys: \"12#\") }",
            json!({"c": call}),
        )
        .await;
    assert_eq!(sent["sendKeys"], true);
    let bad = node
        .gql(
            Some(&agent1),
            "mutation($c: ID!) { sendKeys(callId: $c, keys: \"12x\") }",
            json!({"c": call}),
        )
        .await;
    assert_eq!(bad["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert!(
        hears(&p1, 400.0) > 0.3,
        "agent1 hears the caller: {}",
        hears(&p1, 400.0)
    );

    // Consult agent2: the caller waits on hold, the agents talk.
    node.ok(Some(&agent2), presence, json!({"s": "AVAILABLE"}))
        .await;
    on_call(
        &node,
        &agent1,
        "mutation($c: ID!, $a: ID!) { consultCall(callId: $c, agentId: $a) }",
        json!({"c": call, "a": node.ok(Some(&agent2), "{ myAgentState { agentId } }", json!({})).await["myAgentState"]["agentId"]}),
    )
    .await;
    wait_state(&node, &agent2, "agent2 is offered the consultation", |s| {
        s["offerCallId"] == call.as_str()
    })
    .await;
    let p2 = Phone::answer(&node, &agent2, &call, 1600.0).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert!(
        hears(&p1, 1600.0) > 0.3,
        "agent1 hears agent2: {}",
        hears(&p1, 1600.0)
    );
    assert!(
        hears(&p2, 1000.0) > 0.3,
        "agent2 hears agent1: {}",
        hears(&p2, 1000.0)
    );
    assert!(
        hears(&p1, 400.0) < 0.05,
        "the held caller is not heard: {}",
        hears(&p1, 400.0)
    );
    assert!(
        hears(&p2, 400.0) < 0.05,
        "the held caller is not heard: {}",
        hears(&p2, 400.0)
    );

    // Conference: everyone hears everyone.
    on_call(
        &node,
        &agent1,
        "mutation($c: ID!) { startConference(callId: $c) }",
        vars.clone(),
    )
    .await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    for (who, p, other) in [("agent1", &p1, 1600.0), ("agent2", &p2, 1000.0)] {
        assert!(
            hears(p, 400.0) > 0.1,
            "{who} hears the caller: {}",
            hears(p, 400.0)
        );
        assert!(
            hears(p, other) > 0.1,
            "{who} hears the other agent: {}",
            hears(p, other)
        );
    }

    // agent1 leaves; agent2 stays with the caller, then hangs up: Qiao sends BYE.
    on_call(
        &node,
        &agent1,
        "mutation($c: ID!) { hangUpCall(callId: $c) }",
        vars.clone(),
    )
    .await;
    p1.close().await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(hears(&p2, 400.0) > 0.3, "agent2 still hears the caller");
    assert!(hears(&p2, 1000.0) < 0.05, "agent1 is gone");
    on_call(
        &node,
        &agent2,
        "mutation($c: ID!) { hangUpCall(callId: $c) }",
        vars.clone(),
    )
    .await;
    p2.close().await;
    let status = tokio::task::spawn_blocking(move || sipp.wait())
        .await
        .unwrap()
        .unwrap();
    assert!(status.success(), "sipp got its BYE: {status}");

    // The call's legs and its recording show both agents.
    let q = "query($c: ID!) { call(id: $c) { disposition endedBy recordingId } callLegs(callId: $c) { agentId outcome answeredAt } recordings(callId: $c) { legs url } }";
    let mut r = Value::Null;
    for _ in 0..150 {
        r = node.ok(Some(&owner), q, vars.clone()).await;
        if r["recordings"][0]["url"].is_string() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(r["call"]["disposition"], "completed", "{r:#}");
    assert_eq!(r["call"]["endedBy"], "agent", "{r:#}");
    let legs = r["callLegs"].as_array().unwrap();
    assert_eq!(legs.len(), 2, "{r:#}");
    assert!(
        legs.iter()
            .all(|l| l["outcome"] == "ended" && l["answeredAt"].is_string()),
        "{r:#}"
    );
    let parties: Vec<&str> = r["recordings"][0]["legs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["side"] == "agent")
        .map(|l| l["party"].as_str().unwrap())
        .collect();
    assert_eq!(parties.len(), 2, "{r:#}");
    let (left, right) = recorded(&node, &r["recordings"][0]["url"]).await;
    assert!(loudest(&left, 400.0) > 0.3, "the caller is on the left");
    assert!(loudest(&right, 1000.0) > 0.3, "agent1 is on the right");
    assert!(loudest(&right, 1600.0) > 0.3, "agent2 is on the right");
}

/// A recording fetched by its signed link (`url` as the API gives it), as its two channels.
pub(super) async fn recorded(node: &Node, url: &Value) -> (Vec<i16>, Vec<i16>) {
    let url = format!("{}{}", node.url, url.as_str().expect("a recording link"));
    let wav = reqwest::get(&url).await.unwrap().bytes().await.unwrap();
    stereo(&wav)
}

/// How strongly `freq` stands out in the loudest second of `x` (8 kHz), 0 to 1.
pub(super) fn loudest(x: &[i16], freq: f32) -> f64 {
    x.chunks(8000)
        .map(|w| tone_share(w, RATE, freq))
        .fold(0.0, f64::max)
}

/// The two channels of a 16-bit stereo WAV.
pub(super) fn stereo(wav: &[u8]) -> (Vec<i16>, Vec<i16>) {
    assert_eq!(&wav[..4], b"RIFF");
    let mut at = 12;
    while at + 8 <= wav.len() {
        let id = &wav[at..at + 4];
        let len = u32::from_le_bytes(wav[at + 4..at + 8].try_into().unwrap()) as usize;
        if id == b"data" {
            let data = &wav[at + 8..(at + 8 + len).min(wav.len())];
            let s: Vec<i16> = data
                .chunks_exact(2)
                .map(|b| i16::from_le_bytes([b[0], b[1]]))
                .collect();
            return (
                s.iter().step_by(2).copied().collect(),
                s.iter().skip(1).step_by(2).copied().collect(),
            );
        }
        at += 8 + len + (len & 1);
    }
    panic!("no data chunk");
}

/// Two nodes share PostgreSQL and NATS: the call arrives at node A, the agent works through
/// node B (presence, answer, hang-up): B relays the commands to A, which holds the call.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs PostgreSQL and NATS: run by the PostgreSQL pass (QIAO_TEST_POSTGRES, QIAO_TEST_NATS)"]
async fn an_agent_on_node_b_answers_a_call_held_by_node_a() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let (Ok(pg), Ok(nats)) = (
        std::env::var("QIAO_TEST_POSTGRES"),
        std::env::var("QIAO_TEST_NATS"),
    ) else {
        panic!("QIAO_TEST_POSTGRES and QIAO_TEST_NATS must name the servers for this test");
    };
    let db = super::fresh_postgres(&pg).await;
    let env = [
        ("QIAO_DATABASE_URL", db),
        ("QIAO_NATS_URL", nats),
        (
            "QIAO_AUTH_JWT_SECRET",
            "shared-cluster-secret-shared-cluster-secret".to_owned(),
        ),
        ("QIAO_SIP_RTP_TIMEOUT_SECS", "8".to_owned()),
    ];
    let (dir_a, dir_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let a = Node::start(dir_a.path(), &env, &["--demo"]);
    let b = Node::start(dir_b.path(), &env, &[]);
    let password = a.demo_password();
    let agent1 = log_in(&b, "demo", "agent1@demo", &password).await;
    let presence = "mutation($s: AgentPresence!) { setPresence(state: $s) { state } }";
    b.ok(Some(&agent1), presence, json!({"s": "AVAILABLE"}))
        .await;

    let work = tempfile::tempdir().unwrap();
    let mut sipp = caller(&a.sip_addr(), work.path());
    let s = wait_state(
        &b,
        &agent1,
        "agent1 is offered the call held by node A",
        |s| !s["offerCallId"].is_null(),
    )
    .await;
    let call = s["offerCallId"].as_str().unwrap().to_owned();
    let phone = Phone::answer(&b, &agent1, &call, 1000.0).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert!(
        hears(&phone, 400.0) > 0.3,
        "the agent hears the caller across nodes"
    );
    b.ok(
        Some(&agent1),
        "mutation($c: ID!) { hangUpCall(callId: $c) }",
        json!({"c": call}),
    )
    .await;
    phone.close().await;
    let status = tokio::task::spawn_blocking(move || sipp.wait())
        .await
        .unwrap()
        .unwrap();
    assert!(status.success(), "the caller got node A's BYE: {status}");
}

/// An agent calls out: through the demo number's trunk (here a sipp UAS that echoes the
/// media back, standing in for the carrier), with the demo number as caller ID; the agent
/// hears their own voice come back through the callee, the record is `outbound`.
#[tokio::test(flavor = "multi_thread")]
async fn an_agent_dials_out_with_the_organisation_number() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let dir = tempfile::tempdir().unwrap();
    let mut env = Vec::new();
    if let Ok(admin) = std::env::var("QIAO_TEST_POSTGRES") {
        env.push(("QIAO_DATABASE_URL", super::fresh_postgres(&admin).await));
    }
    let node = Node::start(dir.path(), &env, &["--demo"]);
    let password = node.demo_password();
    let owner = log_in(&node, "demo", "owner@demo", &password).await;
    let agent1 = log_in(&node, "demo", "agent1@demo", &password).await;

    // The carrier: sipp's built-in UAS, echoing RTP.
    let carrier = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let port = carrier.local_addr().unwrap().port();
    drop(carrier);
    let work = tempfile::tempdir().unwrap();
    let mut uas = std::process::Command::new("sipp")
        .args([
            "-sn",
            "uas",
            "-i",
            "127.0.0.1",
            "-p",
            &port.to_string(),
            "-m",
            "1",
        ])
        .args(["-rtp_echo", "-nostdin", "-timeout", "60", "-trace_msg"])
        .current_dir(work.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let trunks = node
        .ok(Some(&owner), "{ sipTrunks { id } }", json!({}))
        .await;
    node.ok(
        Some(&owner),
        "mutation($id: ID!, $p: Int!) { updateSipTrunk(id: $id, input: {name: \"Carrier\", host: \"127.0.0.1\", port: $p, allowedSources: [\"127.0.0.1/32\"]}) { id } }",
        json!({"id": trunks["sipTrunks"][0]["id"], "p": port}),
    )
    .await;

    // Logged out, an agent cannot place calls.
    let refused = node
        .gql(
            Some(&agent1),
            "mutation { dialOut(number: \"+8613900139000\", sdp: \"v=0\\r\\n\") { callId } }",
            json!({}),
        )
        .await;
    assert!(refused["errors"].is_array(), "{refused:#}");
    node.ok(
        Some(&agent1),
        "mutation { setPresence(state: NOT_READY, reason: \"outbound\") { state } }",
        json!({}),
    )
    .await;
    let (phone, call) = Phone::dial(&node, &agent1, "+8613900139000", 1000.0).await;
    tokio::time::sleep(Duration::from_secs(4)).await;
    // sipp's answer offers no telephone-event: keys are refused, not lost silently.
    let keys = node
        .gql(
            Some(&agent1),
            "mutation($c: ID!) { sendKeys(callId: $c, keys: \"1\") }",
            json!({"c": call}),
        )
        .await;
    assert_eq!(
        keys["errors"][0]["extensions"]["code"], "CONFLICT",
        "{keys:#}"
    );
    // Under load (the whole suite on PostgreSQL) the echo can take longer to settle.
    let mut heard = hears(&phone, 1000.0);
    for _ in 0..20 {
        if heard > 0.3 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
        heard = hears(&phone, 1000.0);
    }
    assert!(
        heard > 0.3,
        "the agent's voice comes back through the callee: {heard}"
    );
    node.ok(
        Some(&agent1),
        "mutation($c: ID!) { hangUpCall(callId: $c) }",
        json!({"c": call}),
    )
    .await;
    phone.close().await;
    let status = tokio::task::spawn_blocking(move || uas.wait())
        .await
        .unwrap()
        .unwrap();
    assert!(status.success(), "the carrier got our BYE: {status}");
    let msgs: String = std::fs::read_dir(work.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with("_messages.log"))
        .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
        .collect();
    assert!(
        msgs.contains("INVITE sip:+8613900139000@127.0.0.1"),
        "the INVITE names the callee"
    );
    assert!(
        msgs.contains("<sip:+861085550100@"),
        "the caller ID is the organisation's number"
    );
    let c = node
        .ok(
            Some(&owner),
            "query($c: ID!) { call(id: $c) { direction caller dialled disposition endedBy answeredAt } callLegs(callId: $c) { outcome } }",
            json!({"c": call}),
        )
        .await;
    assert_eq!(c["call"]["direction"], "outbound", "{c:#}");
    assert_eq!(c["call"]["caller"], "+861085550100");
    assert_eq!(c["call"]["dialled"], "+8613900139000");
    assert_eq!(c["call"]["disposition"], "completed");
    assert_eq!(c["call"]["endedBy"], "agent");
    assert!(c["call"]["answeredAt"].is_string());
    assert_eq!(c["callLegs"][0]["outcome"], "ended");
}

/// One agent answers two queued calls one after the other (the router forgets an answered
/// caller; after-call work ends with the wrap-up).
#[tokio::test(flavor = "multi_thread")]
async fn one_agent_answers_queued_calls_one_after_another() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let dir = tempfile::tempdir().unwrap();
    let mut env = vec![
        ("QIAO_SIP_RTP_TIMEOUT_SECS", "8".to_owned()),
        // Short, so a stale offer would ring out within the test.
        ("QIAO_ROUTING_RING_TIMEOUT_SECS", "5".to_owned()),
    ];
    if let Ok(admin) = std::env::var("QIAO_TEST_POSTGRES") {
        env.push(("QIAO_DATABASE_URL", super::fresh_postgres(&admin).await));
    }
    let node = Node::start(dir.path(), &env, &["--demo"]);
    let password = node.demo_password();
    let agent1 = log_in(&node, "demo", "agent1@demo", &password).await;
    node.ok(
        Some(&agent1),
        "mutation { setPresence(state: AVAILABLE) { state } }",
        json!({}),
    )
    .await;
    for round in 0..2 {
        let work = tempfile::tempdir().unwrap();
        let mut sipp = caller(&node.sip_addr(), work.path());
        let s = wait_state(&node, &agent1, "agent1 is offered the call", |s| {
            !s["offerCallId"].is_null()
        })
        .await;
        let call = s["offerCallId"].as_str().unwrap().to_owned();
        let phone = Phone::answer(&node, &agent1, &call, 1000.0).await;
        // Longer than the ring time: an answered call must not ring out.
        tokio::time::sleep(Duration::from_secs(7)).await;
        assert!(
            hears(&phone, 400.0) > 0.3,
            "round {round}: agent1 hears the caller"
        );
        let st = node
            .ok(
                Some(&agent1),
                "{ myAgentState { state callId } }",
                json!({}),
            )
            .await;
        assert_eq!(
            st["myAgentState"]["callId"],
            call.as_str(),
            "round {round}: {st:#}"
        );
        node.ok(
            Some(&agent1),
            "mutation($c: ID!) { hangUpCall(callId: $c) }",
            json!({"c": call}),
        )
        .await;
        phone.close().await;
        let done = tokio::task::spawn_blocking(move || sipp.wait())
            .await
            .unwrap()
            .unwrap();
        assert!(done.success(), "round {round}: {done}");
        let legs = node
            .ok(Some(&agent1), "{ myAgentState { state } }", json!({}))
            .await;
        assert_eq!(legs["myAgentState"]["state"], "AFTER_CALL_WORK");
        // The wrap-up ends after-call work at once.
        let leg = wait_leg(&node, &password, &call).await;
        node.ok(
            Some(&agent1),
            "mutation($l: ID!) { wrapUpCall(legId: $l, code: \"resolved\") { id } }",
            json!({"l": leg}),
        )
        .await;
    }
}

/// The answered leg of `call`, read as the owner.
async fn wait_leg(node: &Node, password: &str, call: &str) -> String {
    let owner = log_in(node, "demo", "owner@demo", password).await;
    let r = node
        .ok(
            Some(&owner),
            "query($c: ID!) { callLegs(callId: $c) { id answeredAt } }",
            json!({"c": call}),
        )
        .await;
    r["callLegs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["answeredAt"].is_string())
        .expect("an answered leg")["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// An agent transfers the caller to an outside number: Qiao dials it through the trunk (a
/// sipp "carrier" that answers, talks 1600 Hz for 4 s and hangs up), bridges the caller to
/// it, and ends the call when the far party hangs up.
#[tokio::test(flavor = "multi_thread")]
async fn an_agent_transfers_the_caller_to_an_outside_number() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let dir = tempfile::tempdir().unwrap();
    let mut env = vec![("QIAO_SIP_RTP_TIMEOUT_SECS", "8".to_owned())];
    if let Ok(admin) = std::env::var("QIAO_TEST_POSTGRES") {
        env.push(("QIAO_DATABASE_URL", super::fresh_postgres(&admin).await));
    }
    let node = Node::start(dir.path(), &env, &["--demo"]);
    let password = node.demo_password();
    let owner = log_in(&node, "demo", "owner@demo", &password).await;
    let agent1 = log_in(&node, "demo", "agent1@demo", &password).await;

    let carrier = super::transfers::Carrier::start(&node, &owner, "1600").await;
    node.ok(
        Some(&agent1),
        "mutation { setPresence(state: AVAILABLE) { state } }",
        json!({}),
    )
    .await;
    let caller_dir = tempfile::tempdir().unwrap();
    let mut sipp = caller(&node.sip_addr(), caller_dir.path());
    let st = wait_state(&node, &agent1, "agent1 is offered the call", |s| {
        !s["offerCallId"].is_null()
    })
    .await;
    let call = st["offerCallId"].as_str().unwrap().to_owned();
    let phone = Phone::answer(&node, &agent1, &call, 1000.0).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let bad = node
        .gql(
            Some(&agent1),
            "mutation($c: ID!) { transferCall(callId: $c, number: \"12\") }",
            json!({"c": call}),
        )
        .await;
    assert_eq!(bad["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    node.ok(
        Some(&agent1),
        "mutation($c: ID!) { transferCall(callId: $c, number: \"+8613900139000\") }",
        json!({"c": call}),
    )
    .await;
    phone.close().await;
    let far = carrier.done().await;
    assert!(far.success(), "the far party answered and hung up: {far}");
    let done = tokio::task::spawn_blocking(move || sipp.wait())
        .await
        .unwrap()
        .unwrap();
    assert!(
        done.success(),
        "the caller got Qiao's BYE after the far party left: {done}"
    );

    let q = "query($c: ID!) { call(id: $c) { disposition endedBy } callLegs(callId: $c) { outcome } recordings(callId: $c) { url } }";
    let mut r = Value::Null;
    for _ in 0..100 {
        r = node.ok(Some(&owner), q, json!({"c": call})).await;
        if r["recordings"][0]["url"].is_string() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(r["call"]["endedBy"], "transfer", "{r:#}");
    assert_eq!(r["callLegs"][0]["outcome"], "transferred", "{r:#}");
    let (left, right) = recorded(&node, &r["recordings"][0]["url"]).await;
    assert!(loudest(&left, 400.0) > 0.3, "the caller on the left");
    assert!(loudest(&right, 1000.0) > 0.3, "the agent on the right");
    assert!(
        loudest(&right, 1600.0) > 0.3,
        "then the outside party on the right"
    );
}
