//! Messages in the spirit of RFC 4475 (SIP torture tests), plus seeded random damage to a
//! good INVITE: none may panic, wedge the endpoint, or start a call when malformed, and a
//! good call still goes through afterwards.

use rand::{Rng, SeedableRng};

use super::tests_support::{drain, good_invite, peer};
use super::*;

/// (name, message, whether it is well-formed enough that an INVITE must start a call).
fn torture() -> Vec<(&'static str, Vec<u8>, bool)> {
    let mut out: Vec<(&'static str, Vec<u8>, bool)> = vec![
        (
            "folded headers, odd case, LWS, leading zeros",
            b"INVITE sip:+861085550100@example.com;unknownparam SIP/2.0\r\n\
TO :\r\n sip:+861085550100@example.com\r\n\
from   : \"J \\\"R\\\"\" <sip:j@example.com>\r\n  ;\r\n  tag = 98asjd8\r\n\
MaX-fOrWaRdS: 0068\r\nCall-ID: wsinv.1@192.0.2.1\r\nContent-Length   : 0\r\n\
cseq: 0009\r\n  INVITE\r\nVia  : SIP  /   2.0\r\n /UDP\r\n    192.0.2.2;branch=z9hG4bK390skdjuw\r\n\
s :\r\nNewFangledHeader:   newfangled value\r\n continued newfangled value\r\n\
UnknownHeaderWithUnusualValue: ;;,,;;,;\r\n\r\n"
                .to_vec(),
            false,
        ),
        (
            "unknown method with odd characters",
            b"!interesting-Method0123456789_*+`.%indeed'~ sip:1_unusual.URI~(to-be!sure)@example.com SIP/2.0\r\n\
Via: SIP/2.0/UDP host1.example.com;branch=z9hG4bK-.!%66*_+`'~\r\nTo: <sip:a@example.com>\r\n\
From: <sip:b@example.com>;tag=1\r\nCall-ID: intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{\r\n\
CSeq: 139122385 !interesting-Method0123456789_*+`.%indeed'~\r\nMax-Forwards: 255\r\nContent-Length: 0\r\n\r\n"
                .to_vec(),
            false,
        ),
        ("empty", Vec::new(), false),
        ("only CRLF", b"\r\n\r\n\r\n".to_vec(), false),
        ("NUL bytes", vec![0; 300], false),
        ("binary", (0..=255u8).cycle().take(2000).collect(), false),
        (
            "request-URI in angle brackets",
            b"INVITE <sip:user@example.com> SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKa\r\n\
To: sip:user@example.com\r\nFrom: sip:caller@example.net;tag=39291\r\nCall-ID: regaut.1\r\n\
CSeq: 1 INVITE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n"
                .to_vec(),
            false,
        ),
        (
            "unknown protocol version",
            b"INVITE sip:user@example.com SIP/7.0\r\nVia: SIP/7.0/UDP 192.0.2.1;branch=z9hG4bKb\r\n\
To: sip:user@example.com\r\nFrom: sip:c@example.net;tag=1\r\nCall-ID: badvers.1\r\n\
CSeq: 1 INVITE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n"
                .to_vec(),
            false,
        ),
        (
            "negative Content-Length",
            b"INVITE sip:user@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKc\r\n\
To: sip:user@example.com\r\nFrom: sip:c@example.net;tag=1\r\nCall-ID: ncl.1\r\n\
CSeq: 1 INVITE\r\nMax-Forwards: 70\r\nContent-Length: -999\r\n\r\nv=0\r\n"
                .to_vec(),
            false,
        ),
        (
            "Content-Length far beyond the datagram",
            b"INVITE sip:user@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKd\r\n\
To: sip:user@example.com\r\nFrom: sip:c@example.net;tag=1\r\nCall-ID: clerr.1\r\n\
CSeq: 1 INVITE\r\nMax-Forwards: 70\r\nContent-Length: 9999999999999\r\n\r\nv=0\r\n"
                .to_vec(),
            false,
        ),
        (
            "CSeq number beyond 2^32",
            b"INVITE sip:user@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKe\r\n\
To: sip:user@example.com\r\nFrom: sip:c@example.net;tag=1\r\nCall-ID: scalar.1\r\n\
CSeq: 36893488147419103232 INVITE\r\nMax-Forwards: 300\r\nContent-Length: 0\r\n\r\n"
                .to_vec(),
            false,
        ),
        (
            "no Call-ID, no From",
            b"INVITE sip:user@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKf\r\n\
To: sip:user@example.com\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n"
                .to_vec(),
            false,
        ),
        (
            "no Via at all",
            b"INVITE sip:user@example.com SIP/2.0\r\nTo: sip:user@example.com\r\n\
From: sip:c@example.net;tag=1\r\nCall-ID: novia\r\nCSeq: 1 INVITE\r\n\r\n"
                .to_vec(),
            false,
        ),
        (
            "response without a reason phrase, unknown code",
            b"SIP/2.0 699\r\nVia: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKnope\r\n\
To: <sip:a@b>;tag=1\r\nFrom: <sip:c@d>;tag=2\r\nCall-ID: x\r\nCSeq: 1 BYE\r\nContent-Length: 0\r\n\r\n"
                .to_vec(),
            false,
        ),
        (
            "ACK for nothing",
            b"ACK sip:user@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKg\r\n\
To: sip:user@example.com;tag=zz\r\nFrom: sip:c@example.net;tag=1\r\nCall-ID: ack.1\r\n\
CSeq: 1 ACK\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n"
                .to_vec(),
            false,
        ),
        (
            "INVITE with an SDP that is not SDP",
            {
                let body = "this is not sdp at all\r\n";
                format!(
                    "INVITE sip:user@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKh\r\n\
To: sip:user@example.com\r\nFrom: sip:c@example.net;tag=1\r\nCall-ID: badsdp.1\r\n\
CSeq: 1 INVITE\r\nMax-Forwards: 70\r\nContent-Type: application/sdp\r\nContent-Length: {}\r\n\r\n{body}",
                    body.len()
                )
                .into_bytes()
            },
            true,
        ),
    ];
    // A header line of 60,000 characters and a thousand Via headers.
    let long = format!(
        "OPTIONS sip:user@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKi\r\n\
To: sip:user@example.com\r\nFrom: sip:c@example.net;tag=1\r\nCall-ID: long.1\r\nCSeq: 1 OPTIONS\r\n\
X-Long: {}\r\nContent-Length: 0\r\n\r\n",
        "a".repeat(60_000)
    );
    out.push(("a 60 kB header", long.into_bytes(), false));
    let vias: String = (0..1000)
        .map(|i| {
            format!(
                "Via: SIP/2.0/UDP 10.0.{}.{};branch=z9hG4bK{i}\r\n",
                i / 250,
                i % 250
            )
        })
        .collect();
    let many = format!(
        "OPTIONS sip:user@example.com SIP/2.0\r\n{vias}To: sip:user@example.com\r\n\
From: sip:c@example.net;tag=1\r\nCall-ID: vias.1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"
    );
    out.push(("a thousand Vias", many.into_bytes(), false));
    out
}

#[test]
fn torture_messages_neither_crash_nor_wedge_the_endpoint() {
    let t0 = Instant::now();
    let mut ep = Endpoint::new("127.0.0.1:5060".parse().unwrap(), 7);
    for (name, msg, may_start_call) in torture() {
        ep.handle_input(t0, peer(), &msg);
        let d = drain(&mut ep);
        for s in &d.sent {
            assert!(
                !s.starts_with("SIP/2.0 2")
                    || s.contains("CSeq: 1 OPTIONS")
                    || name.contains("unknown method"),
                "{name}: answered {}",
                s.lines().next().unwrap_or("")
            );
        }
        if name == "unknown protocol version" {
            assert!(
                d.sent[0].starts_with("SIP/2.0 505 "),
                "{name}: {:?}",
                d.sent
            );
        }
        if name == "request-URI in angle brackets" {
            assert!(
                d.sent[0].starts_with("SIP/2.0 400 "),
                "{name}: {:?}",
                d.sent
            );
        }
        let started = d.events.iter().any(|e| matches!(e, Event::Invite { .. }));
        assert!(!started || may_start_call, "{name} started a call");
        // Whatever the endpoint holds for it expires.
        ep.handle_timeout(t0 + Duration::from_secs(120));
        drain(&mut ep);
    }
    let (calls, _) = ep.load();
    assert!(
        calls <= 1,
        "only the bad-SDP INVITE may be held (the application refuses it)"
    );
    // Still serving: a good INVITE starts a call.
    ep.handle_input(t0, peer(), &good_invite("z9hG4bK-after", "after"));
    let d = drain(&mut ep);
    assert!(d.events.iter().any(|e| matches!(e, Event::Invite { .. })));
    assert!(d.sent[0].starts_with("SIP/2.0 100 Trying"));
}

#[test]
fn random_damage_to_a_good_invite_never_panics() {
    let good = good_invite("z9hG4bK-fuzz", "fuzz");
    let mut rng = rand::rngs::StdRng::seed_from_u64(4475);
    let t0 = Instant::now();
    let mut ep = Endpoint::new("127.0.0.1:5060".parse().unwrap(), 1);
    for i in 0..20_000u32 {
        let mut m = good.clone();
        match i % 4 {
            0 => {
                let n = rng.gen_range(0..m.len());
                m.truncate(n);
            }
            1 => {
                for _ in 0..rng.gen_range(1..8) {
                    let at = rng.gen_range(0..m.len());
                    m[at] = rng.r#gen();
                }
            }
            2 => {
                let at = rng.gen_range(0..m.len());
                let junk: Vec<u8> = (0..rng.gen_range(1..40)).map(|_| rng.r#gen()).collect();
                m.splice(at..at, junk);
            }
            _ => {
                let a = rng.gen_range(0..m.len());
                let b = rng.gen_range(a..m.len());
                m.drain(a..b);
            }
        }
        ep.handle_input(t0, peer(), &m);
        drain(&mut ep);
        let _ = crate::sdp::parse_offer(&m);
    }
    ep.handle_timeout(t0 + Duration::from_secs(120));
}
