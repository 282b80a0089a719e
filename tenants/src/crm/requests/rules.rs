//! Typed request forms and the status workflow.
//!
//! Bookings: new → in_progress → confirmed → completed (or cancelled before completion).
//! Refunds: new → in_progress → approved → refunded, or → rejected.
//! Changes: new → in_progress → confirmed → completed, or → rejected.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::values::InvalidValue;

fn invalid(field: &'static str, reason: impl Into<String>) -> InvalidValue {
    InvalidValue {
        field,
        reason: reason.into(),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    CoachTicket,
    TrainTicket,
    AirTicket,
    Hotel,
    Tour,
    Refund,
    Change,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::CoachTicket,
        Kind::TrainTicket,
        Kind::AirTicket,
        Kind::Hotel,
        Kind::Tour,
        Kind::Refund,
        Kind::Change,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::CoachTicket => "coach_ticket",
            Kind::TrainTicket => "train_ticket",
            Kind::AirTicket => "air_ticket",
            Kind::Hotel => "hotel",
            Kind::Tour => "tour",
            Kind::Refund => "refund",
            Kind::Change => "change",
        }
    }

    pub fn parse(s: &str) -> Result<Self, InvalidValue> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == s.trim())
            .ok_or_else(|| invalid("kind", format!("'{s}' must be one of coach_ticket, train_ticket, air_ticket, hotel, tour, refund, change")))
    }

    /// The statuses a request of this kind may move to from `from`.
    pub fn next(self, from: &str) -> &'static [&'static str] {
        match (self, from) {
            (_, "new") => &["in_progress", "cancelled"],
            (Kind::Refund, "in_progress") => &["approved", "rejected"],
            (Kind::Refund, "approved") => &["refunded"],
            (Kind::Change, "in_progress") => &["confirmed", "rejected"],
            (Kind::Change, "confirmed") => &["completed"],
            (_, "in_progress") if self.is_booking() => &["confirmed", "cancelled"],
            (_, "confirmed") if self.is_booking() => &["completed", "cancelled"],
            _ => &[],
        }
    }

    fn is_booking(self) -> bool {
        !matches!(self, Kind::Refund | Kind::Change)
    }

    /// The timeline kind for the contact.
    pub fn timeline_kind(self) -> &'static str {
        if self.is_booking() {
            "booking"
        } else {
            self.as_str()
        }
    }
}

#[derive(Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Ticket {
    origin: String,
    destination: String,
    date: NaiveDate,
    passengers: u32,
    class: Option<String>,
    time: Option<String>,
}

#[derive(Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Hotel {
    city: String,
    hotel: String,
    check_in: NaiveDate,
    check_out: NaiveDate,
    rooms: u32,
    guests: u32,
}

#[derive(Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Tour {
    tour: String,
    date: NaiveDate,
    people: u32,
}

#[derive(Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RefundOrChange {
    original_reference: String,
    reason: String,
    new_date: Option<NaiveDate>,
    amount_minor: Option<i64>,
}

fn nonempty(field: &'static str, s: &str) -> Result<(), InvalidValue> {
    if s.trim().is_empty() || s.chars().count() > 200 {
        return Err(invalid(field, "must be 1 to 200 characters"));
    }
    Ok(())
}

/// Checks a form of `kind` and returns its canonical JSON.
pub fn check_details(kind: Kind, details: &Value) -> Result<Value, InvalidValue> {
    let typed = |e: serde_json::Error| invalid("details", e.to_string());
    let v = match kind {
        Kind::CoachTicket | Kind::TrainTicket | Kind::AirTicket => {
            let t: Ticket = serde_json::from_value(details.clone()).map_err(typed)?;
            nonempty("details.origin", &t.origin)?;
            nonempty("details.destination", &t.destination)?;
            if !(1..=50).contains(&t.passengers) {
                return Err(invalid("details.passengers", "must be 1 to 50"));
            }
            serde_json::to_value(t)
        }
        Kind::Hotel => {
            let h: Hotel = serde_json::from_value(details.clone()).map_err(typed)?;
            nonempty("details.city", &h.city)?;
            nonempty("details.hotel", &h.hotel)?;
            if h.check_out <= h.check_in {
                return Err(invalid("details.checkOut", "must be after check-in"));
            }
            if h.rooms == 0 || h.guests == 0 {
                return Err(invalid(
                    "details.rooms",
                    "rooms and guests must be at least 1",
                ));
            }
            serde_json::to_value(h)
        }
        Kind::Tour => {
            let t: Tour = serde_json::from_value(details.clone()).map_err(typed)?;
            nonempty("details.tour", &t.tour)?;
            if t.people == 0 {
                return Err(invalid("details.people", "must be at least 1"));
            }
            serde_json::to_value(t)
        }
        Kind::Refund | Kind::Change => {
            let r: RefundOrChange = serde_json::from_value(details.clone()).map_err(typed)?;
            nonempty("details.originalReference", &r.original_reference)?;
            nonempty("details.reason", &r.reason)?;
            if kind == Kind::Change && r.new_date.is_none() {
                return Err(invalid("details.newDate", "a change needs the new date"));
            }
            if r.amount_minor.is_some_and(|a| a < 0) {
                return Err(invalid("details.amountMinor", "must not be negative"));
            }
            serde_json::to_value(r)
        }
    };
    v.map_err(|e| invalid("details", e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn workflows_allow_only_their_steps() {
        assert_eq!(Kind::TrainTicket.next("new"), &["in_progress", "cancelled"]);
        assert_eq!(
            Kind::TrainTicket.next("confirmed"),
            &["completed", "cancelled"]
        );
        assert!(Kind::TrainTicket.next("completed").is_empty());
        assert_eq!(Kind::Refund.next("in_progress"), &["approved", "rejected"]);
        assert_eq!(Kind::Refund.next("approved"), &["refunded"]);
        assert!(Kind::Refund.next("refunded").is_empty());
        assert!(Kind::parse("spaceship").is_err());
    }

    #[test]
    fn forms_are_typed() {
        assert!(check_details(Kind::TrainTicket, &json!({"origin": "北京", "destination": "上海", "date": "2026-12-01", "passengers": 2})).is_ok());
        let field = |k, v| check_details(k, &v).unwrap_err().field;
        assert_eq!(
            field(
                Kind::TrainTicket,
                json!({"origin": "北京", "destination": "上海", "date": "2026-12-01", "passengers": 0})
            ),
            "details.passengers"
        );
        assert_eq!(
            field(
                Kind::Hotel,
                json!({"city": "杭州", "hotel": "西湖", "checkIn": "2026-12-02", "checkOut": "2026-12-01", "rooms": 1, "guests": 2})
            ),
            "details.checkOut"
        );
        assert_eq!(
            field(
                Kind::Change,
                json!({"originalReference": "E123", "reason": "改期"})
            ),
            "details.newDate"
        );
        assert_eq!(
            field(
                Kind::Tour,
                json!({"tour": "西湖一日游", "date": "2026-12-01", "people": 2, "extra": 1})
            ),
            "details"
        );
    }
}
