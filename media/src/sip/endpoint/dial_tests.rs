//! Outbound calls under a simulated clock, against a scripted callee.

use super::dial::Dial;
use super::tests_support::{drain, peer};
use super::*;

const ANSWER_SDP: &str = "v=0\r\no=p 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 7000 RTP/AVP 0\r\n";

fn dial() -> Dial {
    Dial {
        peer: peer(),
        target: "sip:1001@127.0.0.1:5061".into(),
        from_user: "+861085550100".into(),
        from_name: "Qiao \"demo\"".into(),
        media: MediaAnswer {
            local: crate::sdp::Local {
                addr: "127.0.0.1".parse().unwrap(),
                port: 40000,
                session_id: 1,
                version: 1,
            },
            codec: Codec::Pcmu,
            dtmf_pt: Some(101),
        },
    }
}

/// The callee's response to our INVITE `inv` (echoing Via, From, To, Call-ID, CSeq).
fn respond(inv: &str, code: u16, to_tag: Option<&str>, body: &str) -> Vec<u8> {
    let header = |name: &str| {
        inv.lines()
            .find(|l| l.to_ascii_lowercase().starts_with(&format!("{name}:")))
            .unwrap()
            .to_owned()
    };
    let to = match to_tag {
        Some(t) => format!("{};tag={t}", header("to")),
        None => header("to"),
    };
    format!(
        "SIP/2.0 {code} X\r\n{}\r\n{}\r\n{to}\r\n{}\r\n{}\r\nContact: <sip:1001@127.0.0.1:5061>\r\nContent-Length: {}\r\n\r\n{body}",
        header("via"),
        header("from"),
        header("call-id"),
        header("cseq"),
        body.len()
    )
    .into_bytes()
}

fn field<'a>(msg: &'a str, name: &str) -> &'a str {
    msg.lines()
        .find(|l| l.to_ascii_lowercase().starts_with(&format!("{name}:")))
        .unwrap()
}

#[test]
fn an_answered_outbound_call_is_acked_then_hung_up_with_bye() {
    let t0 = Instant::now();
    let mut ep = Endpoint::new("127.0.0.1:5060".parse().unwrap(), 7);
    let call = ep.invite(t0, dial());
    let d = drain(&mut ep);
    let inv = d.sent[0].clone();
    assert!(
        inv.starts_with("INVITE sip:1001@127.0.0.1:5061 SIP/2.0"),
        "{inv}"
    );
    assert!(field(&inv, "from").contains("<sip:+861085550100@127.0.0.1:5060>"));
    assert!(inv.contains("m=audio 40000 RTP/AVP 0 101"), "{inv}");
    // UDP: retransmitted after T1 until something comes back.
    ep.handle_timeout(t0 + T1);
    assert_eq!(drain(&mut ep).sent.len(), 1);
    ep.handle_input(t0 + T1, peer(), &respond(&inv, 180, Some("p1"), ""));
    let d = drain(&mut ep);
    assert!(matches!(d.events[..], [Event::Progress { code: 180, .. }]));
    ep.handle_timeout(t0 + T1 * 8);
    assert!(
        drain(&mut ep).sent.is_empty(),
        "no retransmission once ringing"
    );
    ep.handle_input(
        t0 + T1 * 8,
        peer(),
        &respond(&inv, 200, Some("p1"), ANSWER_SDP),
    );
    let d = drain(&mut ep);
    let ack = &d.sent[0];
    assert!(
        ack.starts_with("ACK sip:1001@127.0.0.1:5061 SIP/2.0"),
        "{ack}"
    );
    assert!(field(ack, "to").ends_with(";tag=p1"));
    assert!(field(ack, "cseq").ends_with("1 ACK"));
    match &d.events[..] {
        [Event::Answered { call: c, sdp }] => {
            assert_eq!(*c, call);
            assert!(String::from_utf8_lossy(sdp).contains("m=audio 7000"));
        }
        other => panic!("{other:?}"),
    }
    // A retransmitted 200 gets the same ACK again, and no second event.
    ep.handle_input(
        t0 + T1 * 9,
        peer(),
        &respond(&inv, 200, Some("p1"), ANSWER_SDP),
    );
    let d = drain(&mut ep);
    assert_eq!(d.sent, std::slice::from_ref(ack));
    assert!(d.events.is_empty());
    ep.hangup(t0 + T1 * 10, call);
    let bye = drain(&mut ep).sent.remove(0);
    assert!(
        bye.starts_with("BYE sip:1001@127.0.0.1:5061 SIP/2.0"),
        "{bye}"
    );
    assert!(field(&bye, "from").contains(&field(&inv, "from")[6..]));
    assert!(field(&bye, "to").ends_with(";tag=p1"));
    assert!(field(&bye, "cseq").ends_with("2 BYE"));
}

#[test]
fn the_callee_hanging_up_ends_the_call() {
    let t0 = Instant::now();
    let mut ep = Endpoint::new("127.0.0.1:5060".parse().unwrap(), 7);
    let call = ep.invite(t0, dial());
    let inv = drain(&mut ep).sent.remove(0);
    ep.handle_input(t0, peer(), &respond(&inv, 200, Some("p1"), ANSWER_SDP));
    drain(&mut ep);
    let call_id = field(&inv, "call-id")[9..].trim().to_owned();
    let from_tag = field(&inv, "from")
        .rsplit("tag=")
        .next()
        .unwrap()
        .to_owned();
    let bye = format!(
        "BYE sip:+861085550100@127.0.0.1:5060 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bKb1\r\n\
From: <sip:1001@127.0.0.1>;tag=p1\r\nTo: <sip:+861085550100@127.0.0.1>;tag={from_tag}\r\nCall-ID: {call_id}\r\n\
CSeq: 2 BYE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n"
    );
    ep.handle_input(t0 + T1, peer(), bye.as_bytes());
    let d = drain(&mut ep);
    assert!(d.sent[0].starts_with("SIP/2.0 200"), "{:?}", d.sent);
    assert!(matches!(
        d.events[..],
        [Event::Ended { call: c, reason: EndReason::RemoteBye }] if c == call
    ));
}

#[test]
fn busy_is_acked_in_its_transaction_and_reported() {
    let t0 = Instant::now();
    let mut ep = Endpoint::new("127.0.0.1:5060".parse().unwrap(), 7);
    let call = ep.invite(t0, dial());
    let inv = drain(&mut ep).sent.remove(0);
    ep.handle_input(t0, peer(), &respond(&inv, 486, Some("p1"), ""));
    let d = drain(&mut ep);
    let ack = &d.sent[0];
    assert!(ack.starts_with("ACK sip:1001@127.0.0.1:5061"), "{ack}");
    assert_eq!(field(ack, "via"), field(&inv, "via"), "same branch");
    assert!(matches!(d.events[..], [Event::Failed { call: c, code: 486 }] if c == call));
    assert_eq!(ep.load(), (0, 0));
}

#[test]
fn nobody_answering_times_out_with_408_and_ringing_can_be_cancelled() {
    let t0 = Instant::now();
    let mut ep = Endpoint::new("127.0.0.1:5060".parse().unwrap(), 7);
    let call = ep.invite(t0, dial());
    drain(&mut ep);
    let mut now = t0;
    let mut events = Vec::new();
    while let Some(t) = ep.poll_timeout() {
        now = t;
        ep.handle_timeout(now);
        events.extend(drain(&mut ep).events);
    }
    assert!(matches!(events[..], [Event::Failed { call: c, code: 408 }] if c == call));
    assert_eq!(now - t0, crate::sip::transaction::TIMEOUT);

    let second = ep.invite(now, dial());
    let inv = drain(&mut ep).sent.remove(0);
    ep.handle_input(now, peer(), &respond(&inv, 180, Some("p2"), ""));
    drain(&mut ep);
    ep.hangup(now, second);
    let cancel = drain(&mut ep).sent.remove(0);
    assert!(
        cancel.starts_with("CANCEL sip:1001@127.0.0.1:5061"),
        "{cancel}"
    );
    assert_eq!(field(&cancel, "via"), field(&inv, "via"));
    assert!(field(&cancel, "cseq").ends_with("1 CANCEL"));
    ep.handle_input(now, peer(), &respond(&inv, 487, Some("p2"), ""));
    let d = drain(&mut ep);
    assert!(d.sent[0].starts_with("ACK "));
    assert!(matches!(d.events[..], [Event::Failed { code: 487, .. }]));
}
