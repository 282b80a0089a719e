//! Helpers shared by the endpoint's tests.

use super::*;

pub fn peer() -> Peer {
    Peer::udp("127.0.0.1:5061".parse().unwrap())
}

pub struct Drained {
    pub sent: Vec<String>,
    pub events: Vec<Event>,
}

/// Everything the endpoint wants to send or report (bytes shown lossily).
pub fn drain(ep: &mut Endpoint) -> Drained {
    let mut d = Drained {
        sent: vec![],
        events: vec![],
    };
    while let Some(o) = ep.poll_output() {
        match o {
            Output::Transmit { data, .. } => {
                d.sent.push(String::from_utf8_lossy(&data).into_owned())
            }
            Output::Event(e) => d.events.push(e),
        }
    }
    d
}

/// A well-formed INVITE with an SDP offer.
pub fn good_invite(branch: &str, call_id: &str) -> Vec<u8> {
    let sdp = "v=0\r\no=u 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\n";
    format!(
        "INVITE sip:+861085550100@127.0.0.1:5060 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5061;branch={branch}\r\n\
From: <sip:alice@127.0.0.1>;tag=a1\r\nTo: <sip:+861085550100@127.0.0.1>\r\nCall-ID: {call_id}\r\n\
CSeq: 1 INVITE\r\nContact: <sip:alice@127.0.0.1:5061>\r\nMax-Forwards: 70\r\n\
Content-Type: application/sdp\r\nContent-Length: {}\r\n\r\n{sdp}",
        sdp.len()
    )
    .into_bytes()
}
