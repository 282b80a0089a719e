//! The endpoint under a simulated clock: what goes out, and when.

use super::tests_support::Drained;
use super::*;

const SDP: &str = "v=0\r\no=u 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n";

fn invite(branch: &str, call_id: &str, extra: &str) -> Vec<u8> {
    format!(
        "INVITE sip:+861085550100@127.0.0.1:5060 SIP/2.0\r\n\
Via: SIP/2.0/UDP 127.0.0.1:5061;branch={branch}\r\n\
From: <sip:alice@127.0.0.1>;tag=a1\r\n\
To: <sip:+861085550100@127.0.0.1>\r\n\
Call-ID: {call_id}\r\nCSeq: 1 INVITE\r\nContact: <sip:alice@127.0.0.1:5061>\r\n\
Max-Forwards: 70\r\n{extra}Content-Type: application/sdp\r\nContent-Length: {}\r\n\r\n{SDP}",
        SDP.len()
    )
    .into_bytes()
}

fn in_dialog(
    method: &str,
    branch: &str,
    call_id: &str,
    to_tag: &str,
    cseq: u32,
    body: &str,
) -> Vec<u8> {
    format!(
        "{method} sip:qiao@127.0.0.1:5060 SIP/2.0\r\n\
Via: SIP/2.0/UDP 127.0.0.1:5061;branch={branch}\r\n\
From: <sip:alice@127.0.0.1>;tag=a1\r\n\
To: <sip:+861085550100@127.0.0.1>;tag={to_tag}\r\n\
Call-ID: {call_id}\r\nCSeq: {cseq} {method}\r\nMax-Forwards: 70\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

use super::tests_support::{drain, peer};

fn first_lines(d: &Drained) -> Vec<&str> {
    d.sent.iter().map(|s| s.lines().next().unwrap()).collect()
}

fn to_tag(resp: &str) -> String {
    resp.lines()
        .find(|l| l.starts_with("To:"))
        .and_then(|l| l.split("tag=").nth(1))
        .unwrap()
        .to_owned()
}

fn media() -> MediaAnswer {
    MediaAnswer {
        local: Local {
            addr: "127.0.0.1".parse().unwrap(),
            port: 20000,
            session_id: 7,
            version: 1,
        },
        codec: Codec::Pcmu,
        dtmf_pt: Some(101),
    }
}

fn start_call(ep: &mut Endpoint, t0: Instant) -> (CallId, String) {
    ep.handle_input(t0, peer(), &invite("z9hG4bK-1", "c1", ""));
    let d = drain(ep);
    assert_eq!(first_lines(&d), ["SIP/2.0 100 Trying"]);
    let Some(Event::Invite { call, .. }) = d.events.into_iter().next() else {
        panic!("an invite event")
    };
    ep.ringing(t0, call);
    ep.answer(t0, call, media());
    let d = drain(ep);
    assert_eq!(first_lines(&d), ["SIP/2.0 180 Ringing", "SIP/2.0 200 OK"]);
    assert!(
        d.sent[1].contains("m=audio 20000 RTP/AVP 0 101"),
        "{}",
        d.sent[1]
    );
    (call, to_tag(&d.sent[1]))
}

#[test]
fn answers_and_retransmits_200_until_ack() {
    let t0 = Instant::now();
    let mut ep = Endpoint::new("127.0.0.1:5060".parse().unwrap(), 1);
    let (call, tag) = start_call(&mut ep, t0);
    ep.handle_timeout(t0 + Duration::from_millis(500));
    assert_eq!(first_lines(&drain(&mut ep)), ["SIP/2.0 200 OK"]);
    ep.handle_timeout(t0 + Duration::from_millis(1499));
    assert!(drain(&mut ep).sent.is_empty());
    ep.handle_timeout(t0 + Duration::from_millis(1500));
    assert_eq!(drain(&mut ep).sent.len(), 1);
    // A retransmitted INVITE gets the 200 again, not a second call.
    ep.handle_input(
        t0 + Duration::from_millis(1600),
        peer(),
        &invite("z9hG4bK-1", "c1", ""),
    );
    let d = drain(&mut ep);
    assert_eq!(first_lines(&d), ["SIP/2.0 200 OK"]);
    assert!(d.events.is_empty());
    ep.handle_input(
        t0 + Duration::from_secs(2),
        peer(),
        &in_dialog("ACK", "z9hG4bK-2", "c1", &tag, 1, ""),
    );
    let d = drain(&mut ep);
    assert!(matches!(d.events[..], [Event::Acked { call: c }] if c == call));
    ep.handle_timeout(t0 + Duration::from_secs(10));
    assert!(
        drain(&mut ep).sent.is_empty(),
        "no retransmission after ACK"
    );
    // The caller hangs up.
    ep.handle_input(
        t0 + Duration::from_secs(11),
        peer(),
        &in_dialog("BYE", "z9hG4bK-3", "c1", &tag, 2, ""),
    );
    let d = drain(&mut ep);
    assert_eq!(first_lines(&d), ["SIP/2.0 200 OK"]);
    assert!(matches!(
        d.events[..],
        [Event::Ended {
            reason: EndReason::RemoteBye,
            ..
        }]
    ));
    ep.handle_timeout(t0 + Duration::from_secs(60));
    assert_eq!(ep.load(), (0, 0), "everything cleaned up");
}

#[test]
fn no_ack_ends_the_call_with_a_bye() {
    let t0 = Instant::now();
    let mut ep = Endpoint::new("127.0.0.1:5060".parse().unwrap(), 1);
    start_call(&mut ep, t0);
    let mut ended = false;
    let mut byes = 0;
    for s in 1..=40 {
        ep.handle_timeout(t0 + Duration::from_secs(s));
        let d = drain(&mut ep);
        byes += d.sent.iter().filter(|m| m.starts_with("BYE ")).count();
        ended |= d.events.iter().any(|e| {
            matches!(
                e,
                Event::Ended {
                    reason: EndReason::NoAck,
                    ..
                }
            )
        });
    }
    assert!(ended);
    assert!(byes >= 1);
}

#[test]
fn cancel_before_answer_gets_487_and_the_ack_is_absorbed() {
    let t0 = Instant::now();
    let mut ep = Endpoint::new("127.0.0.1:5060".parse().unwrap(), 1);
    ep.handle_input(t0, peer(), &invite("z9hG4bK-9", "c9", ""));
    let d = drain(&mut ep);
    let Some(Event::Invite { call, .. }) = d.events.into_iter().next() else {
        panic!()
    };
    ep.ringing(t0, call);
    drain(&mut ep);
    let cancel = String::from_utf8(invite("z9hG4bK-9", "c9", ""))
        .unwrap()
        .replacen("INVITE sip:", "CANCEL sip:", 1)
        .replace("CSeq: 1 INVITE", "CSeq: 1 CANCEL");
    ep.handle_input(t0, peer(), cancel.as_bytes());
    let d = drain(&mut ep);
    assert_eq!(
        first_lines(&d),
        ["SIP/2.0 200 OK", "SIP/2.0 487 Request Terminated"]
    );
    assert!(d.sent[0].contains("CSeq: 1 CANCEL"));
    assert!(matches!(d.events[..], [Event::Cancelled { call: c }] if c == call));
    let tag = to_tag(&d.sent[1]);
    // 487 is retransmitted until the ACK, which uses the INVITE's branch.
    ep.handle_timeout(t0 + T1);
    assert_eq!(
        first_lines(&drain(&mut ep)),
        ["SIP/2.0 487 Request Terminated"]
    );
    ep.handle_input(
        t0 + T1,
        peer(),
        &in_dialog("ACK", "z9hG4bK-9", "c9", &tag, 1, ""),
    );
    ep.handle_timeout(t0 + Duration::from_secs(3));
    assert!(drain(&mut ep).sent.is_empty());
    ep.handle_timeout(t0 + Duration::from_secs(60));
    assert_eq!(ep.load(), (0, 0));
    // We may not answer a cancelled call.
    ep.answer(t0, call, media());
    assert!(drain(&mut ep).sent.is_empty());
}

#[test]
fn refuses_what_a_uas_must_refuse() {
    let t0 = Instant::now();
    let mut ep = Endpoint::new("127.0.0.1:5060".parse().unwrap(), 1);
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (
            in_dialog("BYE", "z9hG4bK-b", "nope", "x", 2, ""),
            "SIP/2.0 481",
        ),
        (
            String::from_utf8(invite("z9hG4bK-m", "m", ""))
                .unwrap()
                .replace("Max-Forwards: 70", "Max-Forwards: 0")
                .into_bytes(),
            "SIP/2.0 483",
        ),
        (
            invite("z9hG4bK-r", "r", "Require: nonsense\r\n"),
            "SIP/2.0 420",
        ),
        (
            b"INVITE sip:x SIP/2.0\r\nVia: SIP/2.0/UDP 1.2.3.4;branch=z9hG4bKq\r\nCSeq: x\r\n\r\n"
                .to_vec(),
            "SIP/2.0 400",
        ),
        (
            in_dialog("SUBSCRIBE", "z9hG4bK-s", "s", "x", 1, ""),
            "SIP/2.0 405",
        ),
        (
            in_dialog("OPTIONS", "z9hG4bK-o", "o", "x", 1, ""),
            "SIP/2.0 200",
        ),
    ];
    for (msg, want) in cases {
        ep.handle_input(t0, peer(), &msg);
        let d = drain(&mut ep);
        assert_eq!(d.sent.len(), 1, "{}", String::from_utf8_lossy(&msg));
        assert!(d.sent[0].starts_with(want), "{want}: {}", d.sent[0]);
        assert!(d.events.is_empty());
    }
    // A second INVITE with the same Call-ID/From tag/CSeq on another branch is a loop.
    ep.handle_input(t0, peer(), &invite("z9hG4bK-l1", "loop", ""));
    drain(&mut ep);
    ep.handle_input(t0, peer(), &invite("z9hG4bK-l2", "loop", ""));
    assert_eq!(first_lines(&drain(&mut ep)), ["SIP/2.0 482 Loop Detected"]);
    // Garbage and a bare keep-alive produce nothing at all.
    ep.handle_input(t0, peer(), b"\r\n\r\n");
    ep.handle_input(t0, peer(), &[0, 159, 146, 150]);
    assert!(drain(&mut ep).sent.is_empty());
}

#[test]
fn info_dtmf_and_reinvite_hold() {
    let t0 = Instant::now();
    let mut ep = Endpoint::new("127.0.0.1:5060".parse().unwrap(), 1);
    let (call, tag) = start_call(&mut ep, t0);
    ep.handle_input(
        t0,
        peer(),
        &in_dialog("ACK", "z9hG4bK-a", "c1", &tag, 1, ""),
    );
    drain(&mut ep);
    ep.handle_input(
        t0,
        peer(),
        &in_dialog(
            "INFO",
            "z9hG4bK-i",
            "c1",
            &tag,
            2,
            "Signal=5\r\nDuration=160\r\n",
        ),
    );
    let d = drain(&mut ep);
    assert!(matches!(d.events[..], [Event::Dtmf { digit: '5', .. }]));
    let hold = SDP.replace("t=0 0\r\n", "t=0 0\r\na=sendonly\r\n");
    ep.handle_input(
        t0,
        peer(),
        &in_dialog("INVITE", "z9hG4bK-h", "c1", &tag, 3, &hold),
    );
    let d = drain(&mut ep);
    assert_eq!(first_lines(&d), ["SIP/2.0 200 OK"]);
    assert!(d.sent[0].contains("a=recvonly"), "{}", d.sent[0]);
    assert!(matches!(&d.events[..], [Event::Media { offer, .. }] if offer.is_hold()));
    ep.handle_input(
        t0,
        peer(),
        &in_dialog("ACK", "z9hG4bK-a2", "c1", &tag, 3, ""),
    );
    // We hang up: a BYE, retransmitted until answered.
    ep.hangup(t0, call);
    let d = drain(&mut ep);
    assert!(
        d.sent[0].starts_with("BYE sip:alice@127.0.0.1:5061 SIP/2.0"),
        "{}",
        d.sent[0]
    );
    assert!(d.sent[0].contains("CSeq: 2 BYE"));
    ep.handle_timeout(t0 + T1);
    assert!(drain(&mut ep).sent[0].starts_with("BYE "));
    let branch = d.sent[0]
        .split("branch=")
        .nth(1)
        .unwrap()
        .split(';')
        .next()
        .unwrap();
    let ok = format!(
        "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:5060;branch={branch}\r\nFrom: <sip:x@y>;tag={tag}\r\nTo: <sip:a@b>;tag=a1\r\nCall-ID: c1\r\nCSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n"
    );
    ep.handle_input(t0 + T1, peer(), ok.as_bytes());
    ep.handle_timeout(t0 + Duration::from_secs(5));
    assert!(drain(&mut ep).sent.is_empty());
    ep.handle_timeout(t0 + Duration::from_secs(60));
    assert_eq!(ep.load(), (0, 0));
}

/// An INVITE without SDP arrives and is answered: our 200 OK carries the offer.
fn answer_bare_invite(ep: &mut Endpoint, t0: Instant) {
    let bare = String::from_utf8(invite("z9hG4bK-1", "c1", "")).unwrap();
    let bare = bare.split("Content-Type").next().unwrap().to_owned() + "Content-Length: 0\r\n\r\n";
    ep.handle_input(t0, peer(), bare.as_bytes());
    let Some(Event::Invite { call, .. }) = drain(ep).events.into_iter().next() else {
        panic!("an invite event")
    };
    ep.answer(t0, call, media());
}

/// An INVITE without SDP: our 200 OK offers PCMU, PCMA and telephone-event; the ACK's
/// answer becomes the call's media; a later re-INVITE without SDP is offered again.
#[test]
fn a_delayed_offer_is_answered_in_the_ack() {
    let t0 = Instant::now();
    let mut ep = Endpoint::new("127.0.0.1:5060".parse().unwrap(), 1);
    answer_bare_invite(&mut ep, t0);
    let d = drain(&mut ep);
    assert!(
        d.sent[0].contains("m=audio 20000 RTP/AVP 0 8 101"),
        "{}",
        d.sent[0]
    );
    let tag = to_tag(&d.sent[0]);
    let answer = SDP
        .replace("RTP/AVP 0 101", "RTP/AVP 8 101")
        .replace("a=rtpmap:0 PCMU", "a=rtpmap:8 PCMA");
    ep.handle_input(
        t0 + Duration::from_millis(100),
        peer(),
        &in_dialog("ACK", "z9hG4bK-2", "c1", &tag, 1, &answer),
    );
    let d = drain(&mut ep);
    match &d.events[..] {
        [Event::Acked { .. }, Event::Media { offer, .. }] => {
            assert_eq!((offer.codec, offer.port), (Codec::Pcma, 6000));
        }
        other => panic!("{other:?}"),
    }
    // A re-INVITE without SDP (some phones' unhold) gets our offer again.
    ep.handle_input(
        t0 + Duration::from_secs(1),
        peer(),
        &in_dialog("INVITE", "z9hG4bK-3", "c1", &tag, 2, ""),
    );
    let d = drain(&mut ep);
    assert_eq!(first_lines(&d), ["SIP/2.0 200 OK"]);
    assert!(d.events.is_empty(), "nothing changes until the ACK answers");
    ep.handle_input(
        t0 + Duration::from_secs(1),
        peer(),
        &in_dialog("ACK", "z9hG4bK-4", "c1", &tag, 2, &answer),
    );
    assert!(matches!(
        drain(&mut ep).events[..],
        [Event::Acked { .. }, Event::Media { .. }]
    ));
}

/// An ACK without the answer our offer asked for ends the call with BYE.
#[test]
fn an_ack_without_the_answer_ends_the_call() {
    let t0 = Instant::now();
    let mut ep = Endpoint::new("127.0.0.1:5060".parse().unwrap(), 1);
    answer_bare_invite(&mut ep, t0);
    let tag = to_tag(&drain(&mut ep).sent[0]);
    ep.handle_input(
        t0,
        peer(),
        &in_dialog("ACK", "z9hG4bK-2", "c1", &tag, 1, ""),
    );
    let d = drain(&mut ep);
    assert_eq!(first_lines(&d), ["BYE sip:alice@127.0.0.1:5061 SIP/2.0"]);
    assert!(matches!(
        d.events[..],
        [
            Event::Acked { .. },
            Event::Ended {
                reason: EndReason::NoAnswer,
                ..
            }
        ]
    ));
}
