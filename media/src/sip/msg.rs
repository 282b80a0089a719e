//! SIP message helpers over rsip: parsing with the checks RFC 3261 §8.2 and §18.3 ask of a
//! UAS (mandatory headers, CSeq method, Content-Length), building responses from requests,
//! and echoing the headers of a message rsip could not parse so it can still get a 400.

use rsip::headers::{self, Header};
use rsip::prelude::*;
use rsip::{Request, Response, SipMessage, StatusCode};

/// Why an incoming datagram or frame was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MessageError {
    #[error("not a SIP message: {0}")]
    Unparsable(String),
    #[error("malformed request: {0}")]
    Malformed(String),
    #[error("SIP version not supported: {0}")]
    Version(String),
}

impl MessageError {
    /// The status a request refused for this reason gets.
    pub fn status(&self) -> u16 {
        match self {
            MessageError::Version(_) => 505,
            _ => 400,
        }
    }
}

/// Checks the request line itself (RFC 3261 §25.1: `Method SP Request-URI SP SIP-Version`),
/// which rsip is lenient about: exactly three parts, a URI with a scheme and no angle
/// brackets, and version SIP/2.0.
pub fn check_request_line(data: &[u8]) -> Result<(), MessageError> {
    let end = data
        .windows(2)
        .position(|w| w == b"\r\n")
        .unwrap_or(data.len());
    let line = String::from_utf8_lossy(&data[..end]);
    let parts: Vec<&str> = line.split(' ').collect();
    let [method, uri, version] = parts[..] else {
        return Err(MessageError::Malformed(
            "the request line is not 'METHOD URI SIP/2.0'".into(),
        ));
    };
    if method.is_empty() || version.is_empty() {
        return Err(MessageError::Malformed("empty method or version".into()));
    }
    let scheme_ok = uri.split_once(':').is_some_and(|(scheme, rest)| {
        !rest.is_empty()
            && scheme
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    if !scheme_ok || uri.contains(['<', '>']) {
        return Err(MessageError::Malformed(
            "the Request-URI is not a bare URI".into(),
        ));
    }
    if !version.eq_ignore_ascii_case("SIP/2.0") {
        return Err(MessageError::Version(version.chars().take(20).collect()));
    }
    Ok(())
}

/// A request that passed the checks, with the values every layer needs.
#[derive(Clone, Debug)]
pub struct Incoming {
    pub request: Request,
    pub call_id: String,
    pub cseq: u32,
    /// The top Via's branch, if it carries the RFC 3261 magic cookie.
    pub branch: Option<String>,
    /// The top Via's sent-by, as text.
    pub sent_by: String,
    pub from_tag: Option<String>,
    pub to_tag: Option<String>,
    pub max_forwards: Option<u32>,
}

/// Parses `data` as a SIP message.
pub fn parse(data: &[u8]) -> Result<SipMessage, MessageError> {
    SipMessage::try_from(data).map_err(|e| MessageError::Unparsable(short(&e.to_string())))
}

fn short(s: &str) -> String {
    s.chars().take(120).collect()
}

/// Checks a parsed request: mandatory headers present and readable, the CSeq method equal
/// to the request method, and a body exactly as long as Content-Length says.
pub fn check_request(request: Request, body_len_on_wire: usize) -> Result<Incoming, MessageError> {
    let bad = |m: &str| MessageError::Malformed(m.to_owned());
    let call_id = request
        .call_id_header()
        .map_err(|_| bad("no Call-ID"))?
        .value()
        .trim()
        .to_owned();
    if call_id.is_empty() {
        return Err(bad("empty Call-ID"));
    }
    let cseq = request.cseq_header().map_err(|_| bad("no CSeq"))?;
    let seq = cseq.seq().map_err(|_| bad("unreadable CSeq number"))?;
    let method = cseq.method().map_err(|_| bad("unreadable CSeq method"))?;
    if method != request.method {
        return Err(bad("CSeq method differs from the request method"));
    }
    let via = request
        .via_header()
        .map_err(|_| bad("no Via"))?
        .typed()
        .map_err(|_| bad("unreadable Via"))?;
    let branch = via
        .branch()
        .map(|b| b.to_string())
        .filter(|b| b.starts_with("z9hG4bK"));
    let sent_by = via.sent_by().to_string();
    let from = request.from_header().map_err(|_| bad("no From"))?;
    let from_tag = from
        .tag()
        .map_err(|_| bad("unreadable From"))?
        .map(|t| t.to_string());
    let to = request.to_header().map_err(|_| bad("no To"))?;
    let to_tag = to
        .tag()
        .map_err(|_| bad("unreadable To"))?
        .map(|t| t.to_string());
    let max_forwards = match request.max_forwards_header() {
        Ok(m) => Some(m.num().map_err(|_| bad("unreadable Max-Forwards"))?),
        Err(_) => None,
    };
    if let Some(len) = header_value(&request.headers, "content-length") {
        let len: usize = len
            .trim()
            .parse()
            .map_err(|_| bad("unreadable Content-Length"))?;
        if len > body_len_on_wire {
            return Err(bad("body shorter than Content-Length"));
        }
    }
    Ok(Incoming {
        request,
        call_id,
        cseq: seq,
        branch,
        sent_by,
        from_tag,
        to_tag,
        max_forwards,
    })
}

/// The length of the body as it arrived (after the blank line).
pub fn body_len(data: &[u8]) -> usize {
    data.windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map_or(0, |i| data.len() - i - 4)
}

/// A header's value by name (case-insensitive), whatever rsip made of it.
pub fn header_value(headers: &rsip::Headers, name: &str) -> Option<String> {
    headers.iter().find_map(|h| {
        let text = h.to_string();
        let (n, v) = text.split_once(':')?;
        n.trim()
            .eq_ignore_ascii_case(name)
            .then(|| v.trim().to_owned())
    })
}

/// A response to `request`: Via, From, To (with `to_tag` added when it has none), Call-ID
/// and CSeq copied; `extra` headers and `body` appended.
pub fn response(
    request: &Request,
    code: u16,
    to_tag: Option<&str>,
    extra: Vec<Header>,
    body: Vec<u8>,
) -> Response {
    let mut headers = rsip::Headers::default();
    for h in request.headers.iter() {
        match h {
            Header::Via(_) | Header::From(_) | Header::CallId(_) | Header::CSeq(_) => {
                headers.push(h.clone())
            }
            Header::To(to) => {
                let has_tag = matches!(to.tag(), Ok(Some(_)));
                match to_tag {
                    Some(tag) if !has_tag => headers.push(Header::To(headers::To::new(format!(
                        "{};tag={tag}",
                        to.value()
                    )))),
                    _ => headers.push(h.clone()),
                }
            }
            _ => {}
        }
    }
    headers.extend(extra);
    headers.push(Header::Server(headers::Server::new("Qiao")));
    headers.push(Header::ContentLength(headers::ContentLength::from(
        body.len() as u32,
    )));
    Response {
        status_code: StatusCode::from(code),
        version: rsip::Version::V2,
        headers,
        body,
    }
}

/// The RFC 3261 reason phrase for a status code.
pub fn reason(code: u16) -> &'static str {
    match code {
        100 => "Trying",
        180 => "Ringing",
        183 => "Session Progress",
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        420 => "Bad Extension",
        423 => "Interval Too Brief",
        480 => "Temporarily Unavailable",
        481 => "Call/Transaction Does Not Exist",
        482 => "Loop Detected",
        483 => "Too Many Hops",
        486 => "Busy Here",
        487 => "Request Terminated",
        488 => "Not Acceptable Here",
        491 => "Request Pending",
        500 => "Server Internal Error",
        505 => "Version Not Supported",
        501 => "Not Implemented",
        503 => "Service Unavailable",
        603 => "Decline",
        _ => "Unknown",
    }
}

/// A response on the wire, with the standard reason phrase (rsip prints its enum names).
pub fn render(resp: &Response) -> Vec<u8> {
    let code = resp.status_code.code();
    let mut out = format!("SIP/2.0 {code} {}\r\n{}\r\n", reason(code), resp.headers).into_bytes();
    out.extend_from_slice(&resp.body);
    out
}

/// A refusal (400, or 505 for a foreign version) of a request rsip could not parse or that
/// failed the checks, made by echoing its Via, From, To, Call-ID and CSeq lines. `None` when
/// the message is not a request or lacks what a response needs (RFC 3261: discard it).
pub fn refusal_for_raw(data: &[u8], code: u16, reason: &str) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(data).ok()?;
    let head = text.split("\r\n\r\n").next()?;
    let mut lines = head.split("\r\n");
    let first = lines.next()?;
    let looks_like_request = first
        .rsplit(' ')
        .next()
        .is_some_and(|v| v.to_ascii_uppercase().starts_with("SIP/"))
        && !first.starts_with("SIP/");
    if !looks_like_request {
        return None;
    }
    let mut kept: Vec<&str> = Vec::new();
    let mut have = [false; 5];
    for line in lines {
        let Some((name, _)) = line.split_once(':') else {
            continue;
        };
        let slot = match name.trim().to_ascii_lowercase().as_str() {
            "via" | "v" => 0,
            "from" | "f" => 1,
            "to" | "t" => 2,
            "call-id" | "i" => 3,
            "cseq" => 4,
            _ => continue,
        };
        have[slot] = true;
        kept.push(line);
    }
    if !have[0] {
        return None;
    }
    let reason: String = reason
        .chars()
        .filter(|c| !c.is_control())
        .take(100)
        .collect();
    let mut out = format!("SIP/2.0 {code} {}\r\n", self::reason(code));
    for line in kept {
        out.push_str(line);
        out.push_str("\r\n");
    }
    out.push_str(&format!(
        "Warning: 399 qiao \"{}\"\r\nServer: Qiao\r\nContent-Length: 0\r\n\r\n",
        reason.replace('"', "'")
    ));
    Some(out.into_bytes())
}

/// A random token for tags and branches.
pub fn token(rng: &mut impl rand::Rng) -> String {
    format!("{:016x}", rng.r#gen::<u64>())
}

/// The user part of a URI (`sip:+8610…@host` → `+8610…`).
pub fn uri_user(uri: &rsip::Uri) -> Option<String> {
    uri.auth.as_ref().map(|a| a.user.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    const INVITE: &str = "INVITE sip:+861085550100@127.0.0.1 SIP/2.0\r\n\
Via: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK-1\r\n\
From: <sip:alice@127.0.0.1>;tag=a1\r\n\
To: <sip:+861085550100@127.0.0.1>\r\n\
Call-ID: c1\r\n\
CSeq: 1 INVITE\r\n\
Max-Forwards: 70\r\n\
Content-Length: 0\r\n\r\n";

    #[test]
    fn checks_a_good_request_and_answers_it() {
        let SipMessage::Request(r) = parse(INVITE.as_bytes()).unwrap() else {
            panic!("a request")
        };
        let inc = check_request(r, 0).unwrap();
        assert_eq!(inc.call_id, "c1");
        assert_eq!(inc.branch.as_deref(), Some("z9hG4bK-1"));
        assert_eq!(inc.from_tag.as_deref(), Some("a1"));
        assert_eq!(inc.to_tag, None);
        assert_eq!(inc.max_forwards, Some(70));
        let resp = String::from_utf8(render(&response(
            &inc.request,
            180,
            Some("q1"),
            vec![],
            vec![],
        )))
        .unwrap();
        assert!(resp.starts_with("SIP/2.0 180 Ringing\r\n"), "{resp}");
        assert!(
            resp.contains("To: <sip:+861085550100@127.0.0.1>;tag=q1"),
            "{resp}"
        );
        assert!(resp.contains("CSeq: 1 INVITE"));
    }

    #[test]
    fn refuses_a_cseq_of_another_method_and_a_short_body() {
        let bad = INVITE.replace("CSeq: 1 INVITE", "CSeq: 1 BYE");
        let SipMessage::Request(r) = parse(bad.as_bytes()).unwrap() else {
            panic!()
        };
        assert!(check_request(r, 0).is_err());
        let short = INVITE.replace("Content-Length: 0", "Content-Length: 50");
        let SipMessage::Request(r) = parse(short.as_bytes()).unwrap() else {
            panic!()
        };
        assert!(check_request(r, body_len(short.as_bytes())).is_err());
    }

    #[test]
    fn echoes_headers_into_a_400_for_garbage() {
        let raw = "INVITE sip:x@y SIP/2.0\r\nVia: SIP/2.0/UDP 1.2.3.4;branch=z9hG4bK9\r\nCSeq: nonsense\r\nCall-ID: z\r\n\r\n";
        let out = String::from_utf8(refusal_for_raw(raw.as_bytes(), 400, "bad \"CSeq\"").unwrap())
            .unwrap();
        assert!(out.starts_with(
            "SIP/2.0 400 Bad Request\r\nVia: SIP/2.0/UDP 1.2.3.4;branch=z9hG4bK9\r\n"
        ));
        assert!(out.contains("Call-ID: z\r\n"));
        assert!(refusal_for_raw(b"SIP/2.0 200 OK\r\nVia: x\r\n\r\n", 400, "r").is_none());
        assert!(refusal_for_raw(&[0xff, 0xfe], 400, "r").is_none());
        let v7 = "OPTIONS sip:x SIP/7.0\r\nVia: SIP/7.0/UDP h;branch=z9hG4bKv\r\n\r\n";
        assert_eq!(check_request_line(v7.as_bytes()).unwrap_err().status(), 505);
        let out = String::from_utf8(refusal_for_raw(v7.as_bytes(), 505, "v").unwrap()).unwrap();
        assert!(
            out.starts_with("SIP/2.0 505 Version Not Supported\r\n"),
            "{out}"
        );
        for bad in [
            "INVITE <sip:u@h> SIP/2.0",
            "INVITE  sip:u@h SIP/2.0",
            "INVITE sip:u@h",
            "INVITE u@h SIP/2.0",
        ] {
            assert!(check_request_line(bad.as_bytes()).is_err(), "{bad}");
        }
        assert!(check_request_line(b"INVITE sip:+861085550100@127.0.0.1:5060 SIP/2.0\r\n").is_ok());
    }
}
