//! HTTP Digest authentication for SIP (RFC 3261 §22, RFC 2617 with qop=auth): challenges
//! with stateless nonces (a timestamp and its keyed hash, so any node can check them) and
//! verification of an Authorization header against a stored HA1.

use md5::{Digest, Md5};

/// How long a nonce stays good.
pub const NONCE_SECS: u64 = 300;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn md5_hex(s: &str) -> String {
    hex(&Md5::digest(s.as_bytes()))
}

/// A nonce for `now_secs` (Unix seconds), bound to `secret`.
pub fn nonce(secret: &[u8], now_secs: u64) -> String {
    let mut h = Md5::new();
    h.update(secret);
    h.update(now_secs.to_string().as_bytes());
    format!("{now_secs:x}{}", hex(&h.finalize()))
}

fn nonce_fresh(secret: &[u8], nonce_value: &str, now_secs: u64) -> bool {
    // The client sends the nonce back: any text, so slice without assuming a char boundary.
    let split = nonce_value.len().saturating_sub(32);
    let Some(Ok(at)) = nonce_value.get(..split).map(|h| u64::from_str_radix(h, 16)) else {
        return false;
    };
    nonce(secret, at) == nonce_value && now_secs >= at && now_secs - at <= NONCE_SECS
}

/// The value of a `WWW-Authenticate`/`Proxy-Authenticate` header.
pub fn challenge(realm: &str, secret: &[u8], now_secs: u64) -> String {
    format!(
        "Digest realm=\"{realm}\", nonce=\"{}\", algorithm=MD5, qop=\"auth\"",
        nonce(secret, now_secs)
    )
}

/// The fields of an `Authorization` header.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Credentials {
    pub username: String,
    pub realm: String,
    pub nonce: String,
    pub uri: String,
    pub response: String,
    pub qop: Option<String>,
    pub nc: Option<String>,
    pub cnonce: Option<String>,
}

/// Reads `Digest username="…", …`.
pub fn parse_credentials(value: &str) -> Option<Credentials> {
    let rest = value.trim().strip_prefix("Digest")?.trim();
    let mut c = Credentials::default();
    for part in split_params(rest) {
        let (k, v) = part.split_once('=')?;
        let v = v.trim().trim_matches('"').to_owned();
        match k.trim().to_ascii_lowercase().as_str() {
            "username" => c.username = v,
            "realm" => c.realm = v,
            "nonce" => c.nonce = v,
            "uri" => c.uri = v,
            "response" => c.response = v.to_ascii_lowercase(),
            "qop" => c.qop = Some(v),
            "nc" => c.nc = Some(v),
            "cnonce" => c.cnonce = Some(v),
            _ => {}
        }
    }
    (!c.username.is_empty() && !c.response.is_empty()).then_some(c)
}

fn split_params(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut start, mut quoted) = (0, false);
    for (i, ch) in s.char_indices() {
        match ch {
            '"' => quoted = !quoted,
            ',' if !quoted => {
                out.push(s[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(s[start..].trim());
    out.retain(|p| !p.is_empty());
    out
}

#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Ok,
    /// Right password, old nonce: challenge again with `stale=true`.
    Stale,
    Wrong,
}

/// Checks credentials for `method` given the user's HA1 (`md5(user:realm:password)`).
pub fn verify(c: &Credentials, method: &str, ha1: &str, secret: &[u8], now_secs: u64) -> Verdict {
    let ha2 = md5_hex(&format!("{method}:{}", c.uri));
    let expected = match (&c.qop, &c.nc, &c.cnonce) {
        (Some(q), Some(nc), Some(cn)) if q == "auth" => {
            md5_hex(&format!("{ha1}:{}:{nc}:{cn}:auth:{ha2}", c.nonce))
        }
        (None, _, _) => md5_hex(&format!("{ha1}:{}:{ha2}", c.nonce)),
        _ => return Verdict::Wrong,
    };
    if expected != c.response {
        Verdict::Wrong
    } else if nonce_fresh(secret, &c.nonce, now_secs) {
        Verdict::Ok
    } else {
        Verdict::Stale
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_answering_the_challenge_is_verified() {
        let secret = b"k";
        let ch = challenge("demo", secret, 1000);
        let nonce = ch
            .split("nonce=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let ha1 = md5_hex("1001:demo:pw");
        let ha2 = md5_hex("REGISTER:sip:demo");
        let resp = md5_hex(&format!("{ha1}:{nonce}:00000001:xyz:auth:{ha2}"));
        let header = format!(
            "Digest username=\"1001\", realm=\"demo\", nonce=\"{nonce}\", uri=\"sip:demo\", response=\"{resp}\", qop=auth, nc=00000001, cnonce=\"xyz\", algorithm=MD5"
        );
        let c = parse_credentials(&header).unwrap();
        assert_eq!(verify(&c, "REGISTER", &ha1, secret, 1010), Verdict::Ok);
        assert_eq!(
            verify(&c, "REGISTER", &ha1, secret, 1000 + NONCE_SECS + 1),
            Verdict::Stale
        );
        assert_eq!(
            verify(&c, "REGISTER", &md5_hex("1001:demo:x"), secret, 1010),
            Verdict::Wrong
        );
        assert_eq!(verify(&c, "REGISTER", &ha1, b"other", 1010), Verdict::Stale);
        // A forged nonce of any text is refused, never a panic.
        for forged in [
            "",
            "é",
            "ééééééééééééééééééééééééééééééééé",
            "zz",
            &"9".repeat(64),
        ] {
            assert!(!nonce_fresh(secret, forged, 1010), "{forged}");
        }
    }
}
