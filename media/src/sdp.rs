//! SDP offer/answer for plain G.711 calls (RFC 3264): read the caller's offer with the `sdp`
//! crate, pick PCMU or PCMA and telephone-event, and write our answer. Hold is an offer
//! that is `sendonly`/`inactive` or has the old `c=0.0.0.0` form.

use std::io::Cursor;
use std::net::IpAddr;

use sdp::SessionDescription;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Codec {
    Pcmu,
    Pcma,
}

impl Codec {
    pub fn payload_type(self) -> u8 {
        match self {
            Codec::Pcmu => 0,
            Codec::Pcma => 8,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Codec::Pcmu => "PCMU",
            Codec::Pcma => "PCMA",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    SendRecv,
    SendOnly,
    RecvOnly,
    Inactive,
}

impl Direction {
    fn attr(self) -> &'static str {
        match self {
            Direction::SendRecv => "sendrecv",
            Direction::SendOnly => "sendonly",
            Direction::RecvOnly => "recvonly",
            Direction::Inactive => "inactive",
        }
    }

    /// Our direction in the answer to an offer with this direction.
    pub fn answer_to(self) -> Direction {
        match self {
            Direction::SendRecv => Direction::SendRecv,
            Direction::SendOnly => Direction::RecvOnly,
            Direction::RecvOnly => Direction::SendOnly,
            Direction::Inactive => Direction::Inactive,
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SdpError {
    #[error("unreadable SDP: {0}")]
    Unreadable(String),
    #[error("the SDP offers no audio stream")]
    NoAudio,
    #[error("the SDP offers neither PCMU nor PCMA")]
    NoCodec,
}

/// What the caller offered, reduced to what we use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Offer {
    pub addr: IpAddr,
    pub port: u16,
    pub codec: Codec,
    pub dtmf_pt: Option<u8>,
    pub direction: Direction,
}

impl Offer {
    /// The caller put us on hold (or stopped media).
    pub fn is_hold(&self) -> bool {
        matches!(self.direction, Direction::SendOnly | Direction::Inactive)
            || self.addr.is_unspecified()
    }
}

/// Reads an offer and chooses the codec: the first of PCMU/PCMA in the caller's order.
pub fn parse_offer(body: &[u8]) -> Result<Offer, SdpError> {
    let sd = SessionDescription::unmarshal(&mut Cursor::new(body))
        .map_err(|e| SdpError::Unreadable(e.to_string().chars().take(100).collect()))?;
    let media = sd
        .media_descriptions
        .iter()
        .find(|m| m.media_name.media == "audio" && m.media_name.port.value > 0)
        .ok_or(SdpError::NoAudio)?;
    let conn = media
        .connection_information
        .as_ref()
        .or(sd.connection_information.as_ref())
        .and_then(|c| c.address.as_ref())
        .ok_or_else(|| SdpError::Unreadable("no connection address".into()))?;
    let addr: IpAddr = conn
        .address
        .parse()
        .map_err(|_| SdpError::Unreadable(format!("address '{}' is not an IP", conn.address)))?;
    let port = u16::try_from(media.media_name.port.value)
        .map_err(|_| SdpError::Unreadable("port out of range".into()))?;
    let rtpmap = |pt: &str| -> Option<String> {
        media.attributes.iter().find_map(|a| {
            let v = a.value.as_deref()?;
            (a.key == "rtpmap")
                .then(|| v.split_once(' '))
                .flatten()
                .filter(|(p, _)| *p == pt)
                .map(|(_, enc)| enc.to_ascii_lowercase())
        })
    };
    let codec = media
        .media_name
        .formats
        .iter()
        .find_map(|f| match (f.as_str(), rtpmap(f).as_deref()) {
            ("0", None) | (_, Some("pcmu/8000")) => Some(Codec::Pcmu),
            ("8", None) | (_, Some("pcma/8000")) => Some(Codec::Pcma),
            _ => None,
        })
        .ok_or(SdpError::NoCodec)?;
    let dtmf_pt = media.media_name.formats.iter().find_map(|f| {
        rtpmap(f)
            .filter(|e| e == "telephone-event/8000")
            .and_then(|_| f.parse().ok())
    });
    let dir_of = |attrs: &[sdp::description::common::Attribute]| {
        attrs.iter().find_map(|a| match a.key.as_str() {
            "sendrecv" => Some(Direction::SendRecv),
            "sendonly" => Some(Direction::SendOnly),
            "recvonly" => Some(Direction::RecvOnly),
            "inactive" => Some(Direction::Inactive),
            _ => None,
        })
    };
    let direction = dir_of(&media.attributes)
        .or_else(|| dir_of(&sd.attributes))
        .unwrap_or(Direction::SendRecv);
    Ok(Offer {
        addr,
        port,
        codec,
        dtmf_pt,
        direction,
    })
}

/// Our side of the session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Local {
    pub addr: IpAddr,
    pub port: u16,
    pub session_id: u64,
    pub version: u64,
}

/// Writes the answer: one audio stream with the chosen codec and telephone-event.
pub fn answer(local: &Local, codec: Codec, dtmf_pt: Option<u8>, direction: Direction) -> Vec<u8> {
    describe(local, &[codec], dtmf_pt, direction)
}

/// Writes our offer, for a caller whose INVITE carried none (the answer comes in the ACK,
/// RFC 3261 §13.2.1): PCMU, PCMA and telephone-event, sendrecv.
pub fn offer(local: &Local, dtmf_pt: u8) -> Vec<u8> {
    describe(
        local,
        &[Codec::Pcmu, Codec::Pcma],
        Some(dtmf_pt),
        Direction::SendRecv,
    )
}

fn describe(local: &Local, codecs: &[Codec], dtmf_pt: Option<u8>, direction: Direction) -> Vec<u8> {
    let ip = match local.addr {
        IpAddr::V4(_) => "IP4",
        IpAddr::V6(_) => "IP6",
    };
    let mut fmts = Vec::new();
    let mut attrs = String::new();
    for c in codecs {
        let pt = c.payload_type();
        fmts.push(pt.to_string());
        attrs.push_str(&format!("a=rtpmap:{pt} {}/8000\r\n", c.name()));
    }
    if let Some(d) = dtmf_pt {
        fmts.push(d.to_string());
        attrs.push_str(&format!(
            "a=rtpmap:{d} telephone-event/8000\r\na=fmtp:{d} 0-16\r\n"
        ));
    }
    format!(
        "v=0\r\no=qiao {sid} {ver} IN {ip} {addr}\r\ns=Qiao\r\nc=IN {ip} {addr}\r\nt=0 0\r\n\
         m=audio {port} RTP/AVP {fmts}\r\n{attrs}a=ptime:20\r\na={dir}\r\n",
        sid = local.session_id,
        ver = local.version,
        addr = local.addr,
        port = local.port,
        fmts = fmts.join(" "),
        dir = direction.attr(),
    )
    .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIPP_OFFER: &str = "v=0\r\no=user1 53655765 2353687637 IN IP4 127.0.0.1\r\ns=-\r\n\
c=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 8 0 101\r\na=rtpmap:8 PCMA/8000\r\n\
a=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\n";

    #[test]
    fn picks_the_callers_first_g711_codec_and_telephone_event() {
        let o = parse_offer(SIPP_OFFER.as_bytes()).unwrap();
        assert_eq!(o.codec, Codec::Pcma);
        assert_eq!(o.dtmf_pt, Some(101));
        assert_eq!(o.port, 6000);
        assert!(!o.is_hold());
        let a = answer(
            &Local {
                addr: "127.0.0.1".parse().unwrap(),
                port: 20000,
                session_id: 1,
                version: 1,
            },
            o.codec,
            o.dtmf_pt,
            o.direction.answer_to(),
        );
        let back = parse_offer(&a).unwrap();
        assert_eq!(
            (back.codec, back.dtmf_pt, back.port),
            (Codec::Pcma, Some(101), 20000)
        );
    }

    #[test]
    fn static_payload_types_need_no_rtpmap_and_hold_is_seen() {
        let o = "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\nm=audio 4000 RTP/AVP 18 0\r\na=sendonly\r\n";
        let o = parse_offer(o.as_bytes()).unwrap();
        assert_eq!(o.codec, Codec::Pcmu);
        assert!(o.is_hold());
        assert_eq!(o.direction.answer_to(), Direction::RecvOnly);
    }

    #[test]
    fn our_offer_lists_both_g711_laws_and_reads_back() {
        let local = Local {
            addr: "10.1.2.3".parse().unwrap(),
            port: 30000,
            session_id: 5,
            version: 1,
        };
        let body = offer(&local, 101);
        let text = String::from_utf8(body.clone()).unwrap();
        assert!(text.contains("m=audio 30000 RTP/AVP 0 8 101\r\n"), "{text}");
        assert!(text.contains("a=rtpmap:8 PCMA/8000\r\n"));
        let back = parse_offer(&body).unwrap();
        assert_eq!((back.codec, back.dtmf_pt), (Codec::Pcmu, Some(101)));
        assert_eq!(back.port, 30000);
    }

    #[test]
    fn refuses_offers_without_g711_or_audio() {
        let g729 = SIPP_OFFER.replace("RTP/AVP 8 0 101", "RTP/AVP 18");
        assert_eq!(parse_offer(g729.as_bytes()), Err(SdpError::NoCodec));
        assert!(matches!(
            parse_offer(b"garbage"),
            Err(SdpError::Unreadable(_))
        ));
        let video = SIPP_OFFER.replace("m=audio", "m=video");
        assert_eq!(parse_offer(video.as_bytes()), Err(SdpError::NoAudio));
    }
}
