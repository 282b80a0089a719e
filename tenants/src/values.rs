//! Parsed values: an email, a tenant slug, a role, a new password. Built only through `parse`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Why a value was refused; the message is shown to the user as is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct InvalidValue {
    pub field: &'static str,
    pub reason: String,
}

fn invalid(field: &'static str, reason: impl Into<String>) -> InvalidValue {
    InvalidValue {
        field,
        reason: reason.into(),
    }
}

/// A lower-cased email address (`local@domain`; the domain may be a bare host such as `demo`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let s = raw.trim().to_lowercase();
        if s.is_empty() {
            return Err(invalid("email", "is required"));
        }
        if s.len() > 254 {
            return Err(invalid("email", "is longer than 254 characters"));
        }
        let Some((local, domain)) = s.split_once('@') else {
            return Err(invalid("email", "must look like name@example.com"));
        };
        let domain_ok = !domain.is_empty()
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '.');
        if local.is_empty()
            || local.len() > 64
            || !domain_ok
            || s.chars().any(|c| c.is_whitespace() || c.is_control())
        {
            return Err(invalid("email", "must look like name@example.com"));
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A tenant's URL name: 3–40 of `a-z`, `0-9` and inner `-`, not a reserved word.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Slug(String);

const RESERVED_SLUGS: &[&str] = &[
    "admin", "api", "app", "assets", "console", "graphql", "healthz", "metrics", "qiao", "readyz",
    "root", "static", "support", "system", "www", "widget",
];

impl Slug {
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let s = raw.trim();
        if !(3..=40).contains(&s.len()) {
            return Err(invalid("tenantSlug", "must be 3 to 40 characters long"));
        }
        if !s
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return Err(invalid(
                "tenantSlug",
                "may contain only lower-case letters a-z, digits and '-'",
            ));
        }
        if s.starts_with('-') || s.ends_with('-') {
            return Err(invalid("tenantSlug", "must not start or end with '-'"));
        }
        if RESERVED_SLUGS.contains(&s) {
            return Err(invalid("tenantSlug", format!("'{s}' is reserved")));
        }
        Ok(Self(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A tenant's display name: 1–100 characters after trimming.
pub fn parse_tenant_name(raw: &str) -> Result<String, InvalidValue> {
    let s = raw.trim();
    match s.chars().count() {
        0 => Err(invalid("tenantName", "is required")),
        n if n > 100 => Err(invalid("tenantName", "is longer than 100 characters")),
        _ => Ok(s.to_owned()),
    }
}

/// What a user may do in a tenant; each role includes the ones below it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Agent,
    Supervisor,
    Admin,
    Owner,
}

impl Role {
    pub const fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Admin => "admin",
            Role::Supervisor => "supervisor",
            Role::Agent => "agent",
        }
    }
}

impl Role {
    /// The role as clients see it (the API's enum values, also used in event payloads).
    pub const fn code(self) -> &'static str {
        match self {
            Role::Owner => "OWNER",
            Role::Admin => "ADMIN",
            Role::Supervisor => "SUPERVISOR",
            Role::Agent => "AGENT",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = InvalidValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "owner" => Ok(Role::Owner),
            "admin" => Ok(Role::Admin),
            "supervisor" => Ok(Role::Supervisor),
            "agent" => Ok(Role::Agent),
            other => Err(invalid("role", format!("unknown role '{other}'"))),
        }
    }
}

/// A password that passed the policy: 8–128 characters and not easily guessed
/// (zxcvbn score of at least 2, with the user's email and tenant as known words).
pub struct NewPassword(String);

impl NewPassword {
    pub fn parse(raw: &str, user_inputs: &[&str]) -> Result<Self, InvalidValue> {
        let n = raw.chars().count();
        if n < 8 {
            return Err(invalid("password", "must be at least 8 characters long"));
        }
        if n > 128 {
            return Err(invalid("password", "must be at most 128 characters long"));
        }
        let estimate = zxcvbn::zxcvbn(raw, user_inputs);
        if (estimate.score() as u8) < 2 {
            let hint = estimate
                .feedback()
                .and_then(|f| f.warning().map(|w| w.to_string()))
                .unwrap_or_else(|| "add more words or characters".to_owned());
            return Err(invalid(
                "password",
                format!("is too easy to guess ({hint})"),
            ));
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

/// A phone number, name, PIN or other personal value on its way into a log: it prints as a
/// short fingerprint (`pii:3f2a9c1d`), the same for the same value so lines can be matched,
/// never the value itself (the habit str0m's `Pii` teaches).
pub struct Pii<T>(pub T);

impl<T: AsRef<str>> std::fmt::Display for Pii<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use sha2::{Digest, Sha256};
        let d = Sha256::digest(self.0.as_ref().as_bytes());
        write!(f, "pii:{:02x}{:02x}{:02x}{:02x}", d[0], d[1], d[2], d[3])
    }
}

impl<T: AsRef<str>> std::fmt::Debug for Pii<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pii_prints_a_fingerprint_never_the_value() {
        let shown = format!("{} {:?}", Pii("+8613800138000"), Pii("+8613800138000"));
        assert!(!shown.contains("13800138000"), "{shown}");
        assert!(shown.starts_with("pii:") && shown.len() == 25, "{shown}");
        assert_eq!(Pii("a").to_string(), Pii("a".to_owned()).to_string());
        assert_ne!(Pii("a").to_string(), Pii("b").to_string());
    }

    #[test]
    fn emails() {
        assert_eq!(
            Email::parse(" Ann@Example.COM ").unwrap().as_str(),
            "ann@example.com"
        );
        assert!(Email::parse("agent1@demo").is_ok());
        for bad in [
            "",
            "ann",
            "@x.com",
            "ann@",
            "a b@x.com",
            "ann@x..com",
            "ann@.x",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn slugs() {
        assert!(Slug::parse("acme-coach").is_ok());
        for bad in [
            "ab",
            "Acme",
            "-acme",
            "acme-",
            "acme_coach",
            "api",
            "巴士公司",
        ] {
            assert!(Slug::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn roles_round_trip_and_order() {
        for r in [Role::Owner, Role::Admin, Role::Supervisor, Role::Agent] {
            assert_eq!(r.as_str().parse::<Role>().unwrap(), r);
        }
        assert!(Role::Owner > Role::Admin && Role::Admin > Role::Supervisor);
        assert!("boss".parse::<Role>().is_err());
    }

    #[test]
    fn password_policy() {
        assert!(NewPassword::parse("short", &[]).is_err());
        assert!(NewPassword::parse("password", &[]).is_err());
        assert!(NewPassword::parse("12345678", &[]).is_err());
        assert!(NewPassword::parse("ann@example.com", &["ann@example.com"]).is_err());
        assert!(NewPassword::parse("Tr1cky-Harbour-Ferry", &[]).is_ok());
    }
}

/// A phone number in E.164: `+`, a non-zero country digit, 8 to 15 digits in all. Spaces,
/// dashes, dots and parentheses in the input are ignored.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct E164(String);

impl E164 {
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let cleaned: String = raw
            .trim()
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
            .collect();
        let Some(digits) = cleaned.strip_prefix('+') else {
            return Err(invalid(
                "number",
                "must start with + and the country code, e.g. +861085550100",
            ));
        };
        if !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(invalid("number", "may contain only digits after the +"));
        }
        if !(8..=15).contains(&digits.len()) || digits.starts_with('0') {
            return Err(invalid(
                "number",
                "must have 8 to 15 digits after the +, the first not 0",
            ));
        }
        Ok(Self(cleaned))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for E164 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A name shown in the console: 1–100 characters after trimming.
pub fn parse_name(field: &'static str, raw: &str) -> Result<String, InvalidValue> {
    let s = raw.trim();
    match s.chars().count() {
        0 => Err(invalid(field, "is required")),
        n if n > 100 => Err(invalid(field, "is longer than 100 characters")),
        _ => Ok(s.to_owned()),
    }
}

#[cfg(test)]
mod e164_tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(
            E164::parse("+86 10 8555-0100").unwrap().as_str(),
            "+861085550100"
        );
        assert_eq!(
            E164::parse("+1 (415) 555-2671").unwrap().as_str(),
            "+14155552671"
        );
        for bad in [
            "",
            "861085550100",
            "+0861085550100",
            "+86abc",
            "+1234567",
            "+1234567890123456",
        ] {
            assert!(E164::parse(bad).is_err(), "{bad:?} accepted");
        }
    }
}
