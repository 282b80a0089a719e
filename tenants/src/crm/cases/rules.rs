//! The pure parts of cases: kinds, priorities, channels, SLAs and routing by category.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::values::InvalidValue;

fn invalid(field: &'static str, reason: impl Into<String>) -> InvalidValue {
    InvalidValue {
        field,
        reason: reason.into(),
    }
}

pub const KINDS: [&str; 3] = ["complaint", "suggestion", "inquiry"];
pub const PRIORITIES: [&str; 4] = ["low", "normal", "high", "urgent"];
/// How a customer can be told the outcome (and how a case can arrive).
pub const CHANNELS: [&str; 6] = ["phone", "sms", "email", "web", "chat", "letter"];

pub fn check_one_of(
    field: &'static str,
    value: &str,
    allowed: &[&str],
) -> Result<String, InvalidValue> {
    let v = value.trim().to_lowercase();
    if allowed.contains(&v.as_str()) {
        Ok(v)
    } else {
        Err(invalid(
            field,
            format!("'{value}' must be one of {}", allowed.join(", ")),
        ))
    }
}

/// Minutes allowed per priority before a case escalates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sla(pub BTreeMap<String, i64>);

impl Default for Sla {
    fn default() -> Self {
        Self(BTreeMap::from([
            ("low".into(), 5 * 24 * 60),
            ("normal".into(), 2 * 24 * 60),
            ("high".into(), 8 * 60),
            ("urgent".into(), 2 * 60),
        ]))
    }
}

impl Sla {
    /// Checks every priority has 1 minute to 90 days.
    pub fn parse(map: BTreeMap<String, i64>) -> Result<Self, InvalidValue> {
        let mut sla = Sla::default();
        for (k, v) in map {
            let k = check_one_of("sla", &k, &PRIORITIES)?;
            if !(1..=90 * 24 * 60).contains(&v) {
                return Err(invalid(
                    "sla",
                    format!("{k}: {v} minutes must be 1 to 129600"),
                ));
            }
            sla.0.insert(k, v);
        }
        Ok(sla)
    }

    /// When a case of `priority` opened (or escalated) at `from` is due.
    pub fn due(&self, priority: &str, from: DateTime<Utc>) -> DateTime<Utc> {
        from + Duration::minutes(self.0.get(priority).copied().unwrap_or(2 * 24 * 60))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slas_default_and_parse() {
        let now = Utc::now();
        assert_eq!(Sla::default().due("urgent", now), now + Duration::hours(2));
        let s = Sla::parse(BTreeMap::from([("HIGH".into(), 30)])).unwrap();
        assert_eq!(s.due("high", now), now + Duration::minutes(30));
        assert_eq!(s.due("low", now), now + Duration::days(5));
        assert!(Sla::parse(BTreeMap::from([("soon".into(), 30)])).is_err());
        assert!(Sla::parse(BTreeMap::from([("low".into(), 0)])).is_err());
        assert_eq!(
            check_one_of("kind", " Complaint ", &KINDS).unwrap(),
            "complaint"
        );
        assert!(check_one_of("channel", "pigeon", &CHANNELS).is_err());
    }
}
