//! What each kind of card transaction does to the balance and the points, checked before any
//! IO: top-up, spend and refund move money; accrue and redeem move points; adjust moves either
//! way and needs a reason.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::values::InvalidValue;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TxKind {
    TopUp,
    Spend,
    Refund,
    Accrue,
    Redeem,
    Adjust,
}

impl TxKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TxKind::TopUp => "top_up",
            TxKind::Spend => "spend",
            TxKind::Refund => "refund",
            TxKind::Accrue => "accrue",
            TxKind::Redeem => "redeem",
            TxKind::Adjust => "adjust",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TxRequest {
    pub kind: TxKind,
    /// Money in minor units: positive for all kinds but `adjust`, which is signed.
    pub amount_minor: i64,
    /// Points: positive for accrue/redeem, signed for adjust.
    pub points: i64,
    pub reason: String,
    pub idempotency_key: Option<String>,
}

fn invalid(field: &'static str, reason: impl Into<String>) -> InvalidValue {
    InvalidValue {
        field,
        reason: reason.into(),
    }
}

/// The most one transaction may move (100 million in minor units or points).
pub const MAX_AMOUNT: i64 = 100_000_000;

impl TxRequest {
    /// The signed (money, points) change, or why the request is refused.
    pub fn deltas(&self) -> Result<(i64, i64), InvalidValue> {
        if self.reason.chars().count() > 200 {
            return Err(invalid("reason", "is longer than 200 characters"));
        }
        if let Some(k) = &self.idempotency_key
            && (k.is_empty() || k.len() > 100)
        {
            return Err(invalid("idempotencyKey", "must be 1 to 100 characters"));
        }
        let (a, p) = (self.amount_minor, self.points);
        if a.abs() > MAX_AMOUNT || p.abs() > MAX_AMOUNT {
            return Err(invalid("amountMinor", "is too large for one transaction"));
        }
        let money = |sign: i64| {
            if a <= 0 {
                return Err(invalid("amountMinor", "must be greater than 0"));
            }
            if p != 0 {
                return Err(invalid("points", "must be 0 for this kind"));
            }
            Ok((sign * a, 0))
        };
        let points = |sign: i64| {
            if p <= 0 {
                return Err(invalid("points", "must be greater than 0"));
            }
            if a != 0 {
                return Err(invalid("amountMinor", "must be 0 for this kind"));
            }
            Ok((0, sign * p))
        };
        match self.kind {
            TxKind::TopUp | TxKind::Refund => money(1),
            TxKind::Spend => money(-1),
            TxKind::Accrue => points(1),
            TxKind::Redeem => points(-1),
            TxKind::Adjust => {
                if self.reason.trim().is_empty() {
                    return Err(invalid("reason", "an adjustment needs a reason"));
                }
                if a == 0 && p == 0 {
                    return Err(invalid(
                        "amountMinor",
                        "an adjustment must change something",
                    ));
                }
                Ok((a, p))
            }
        }
    }

    /// A fingerprint of the request, to tell a replay from a different request under the
    /// same idempotency key.
    pub fn fingerprint(&self) -> String {
        let d = Sha256::digest(format!(
            "{}|{}|{}|{}",
            self.kind.as_str(),
            self.amount_minor,
            self.points,
            self.reason.trim()
        ));
        d.iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// A card number: 6 to 19 digits.
pub fn parse_card_number(raw: &str) -> Result<String, InvalidValue> {
    let s: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    if !(6..=19).contains(&s.len()) || !s.chars().all(|c| c.is_ascii_digit()) {
        return Err(invalid("cardNumber", "must be 6 to 19 digits"));
    }
    Ok(s)
}

/// A PIN: 4 to 6 digits.
pub fn parse_pin(raw: &str) -> Result<String, InvalidValue> {
    if !(4..=6).contains(&raw.len()) || !raw.chars().all(|c| c.is_ascii_digit()) {
        return Err(invalid("pin", "must be 4 to 6 digits"));
    }
    Ok(raw.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(kind: TxKind, amount_minor: i64, points: i64, reason: &str) -> TxRequest {
        TxRequest {
            kind,
            amount_minor,
            points,
            reason: reason.into(),
            idempotency_key: None,
        }
    }

    #[test]
    fn kinds_move_money_or_points_with_the_right_sign() {
        assert_eq!(req(TxKind::TopUp, 500, 0, "").deltas(), Ok((500, 0)));
        assert_eq!(req(TxKind::Spend, 500, 0, "").deltas(), Ok((-500, 0)));
        assert_eq!(req(TxKind::Refund, 500, 0, "").deltas(), Ok((500, 0)));
        assert_eq!(req(TxKind::Accrue, 0, 7, "").deltas(), Ok((0, 7)));
        assert_eq!(req(TxKind::Redeem, 0, 7, "").deltas(), Ok((0, -7)));
        assert_eq!(
            req(TxKind::Adjust, -300, 2, "goodwill").deltas(),
            Ok((-300, 2))
        );
    }

    #[test]
    fn bad_requests_name_the_field() {
        let field = |r: TxRequest| r.deltas().unwrap_err().field;
        assert_eq!(field(req(TxKind::Spend, 0, 0, "")), "amountMinor");
        assert_eq!(field(req(TxKind::Spend, -5, 0, "")), "amountMinor");
        assert_eq!(field(req(TxKind::TopUp, 5, 1, "")), "points");
        assert_eq!(field(req(TxKind::Redeem, 1, 1, "")), "amountMinor");
        assert_eq!(field(req(TxKind::Adjust, 5, 0, " ")), "reason");
        assert_eq!(
            field(req(TxKind::TopUp, MAX_AMOUNT + 1, 0, "")),
            "amountMinor"
        );
        assert_ne!(
            req(TxKind::Spend, 5, 0, "").fingerprint(),
            req(TxKind::Spend, 6, 0, "").fingerprint()
        );
    }

    #[test]
    fn numbers_and_pins() {
        assert_eq!(parse_card_number("1000 0000 01").unwrap(), "1000000001");
        assert!(parse_card_number("12345").is_err() && parse_card_number("12345a7").is_err());
        assert!(
            parse_pin("1234").is_ok() && parse_pin("123").is_err() && parse_pin("12a4").is_err()
        );
    }
}
