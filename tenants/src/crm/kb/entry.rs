//! Entry types and their typed data. Each type has a fixed set of fields (JSON, camelCase);
//! anything else is refused with the field named.

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::values::{E164, InvalidValue};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryType {
    Route,
    Timetable,
    Fare,
    Vehicle,
    Faq,
    ScenicSpot,
    Branch,
    Regulation,
}

impl EntryType {
    pub const ALL: [EntryType; 8] = [
        EntryType::Route,
        EntryType::Timetable,
        EntryType::Fare,
        EntryType::Vehicle,
        EntryType::Faq,
        EntryType::ScenicSpot,
        EntryType::Branch,
        EntryType::Regulation,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EntryType::Route => "route",
            EntryType::Timetable => "timetable",
            EntryType::Fare => "fare",
            EntryType::Vehicle => "vehicle",
            EntryType::Faq => "faq",
            EntryType::ScenicSpot => "scenic_spot",
            EntryType::Branch => "branch",
            EntryType::Regulation => "regulation",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RouteData {
    pub code: String,
    pub origin: String,
    pub destination: String,
    #[serde(default)]
    pub stops: Vec<String>,
    pub duration_minutes: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Departure {
    /// `HH:MM`.
    pub time: String,
    pub destination: String,
    pub route_code: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TimetableData {
    pub station: String,
    /// A specific date, or every day when absent.
    pub date: Option<NaiveDate>,
    pub departures: Vec<Departure>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FareData {
    pub origin: String,
    pub destination: String,
    pub class: Option<String>,
    /// Integer minor units (fen for CNY).
    pub price_minor: i64,
    pub currency: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VehicleData {
    pub code: String,
    pub kind: String,
    pub seats: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ScenicSpotData {
    pub address: Option<String>,
    pub opening_hours: Option<String>,
    pub ticket_price_minor: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BranchData {
    pub address: Option<String>,
    /// E.164.
    pub phone: String,
}

/// A checked entry, ready to store.
#[derive(Clone, Debug, PartialEq)]
pub struct KbEntry {
    pub entry_type: EntryType,
    /// `zh` or `en`.
    pub language: String,
    pub title: String,
    pub body: String,
    pub data: Value,
}

fn invalid(field: &'static str, reason: impl Into<String>) -> InvalidValue {
    InvalidValue {
        field,
        reason: reason.into(),
    }
}

fn typed<T: serde::de::DeserializeOwned + Serialize>(
    data: &Value,
) -> Result<(T, Value), InvalidValue> {
    let v: T = serde_json::from_value(data.clone()).map_err(|e| invalid("data", e.to_string()))?;
    let canonical = serde_json::to_value(&v).map_err(|e| invalid("data", e.to_string()))?;
    Ok((v, canonical))
}

fn required(field: &'static str, s: &str) -> Result<(), InvalidValue> {
    if s.trim().is_empty() {
        return Err(invalid(field, "is required"));
    }
    Ok(())
}

impl KbEntry {
    /// Checks an entry: language, title and body lengths, and the type's data.
    pub fn parse(
        entry_type: EntryType,
        language: &str,
        title: &str,
        body: &str,
        data: &Value,
    ) -> Result<Self, InvalidValue> {
        let language = match language.trim() {
            "zh" | "zh-CN" => "zh",
            "en" => "en",
            other => return Err(invalid("language", format!("'{other}' must be zh or en"))),
        };
        let title = title.trim();
        if title.is_empty() || title.chars().count() > 200 {
            return Err(invalid("title", "must be 1 to 200 characters"));
        }
        if body.chars().count() > 20_000 {
            return Err(invalid("body", "is longer than 20000 characters"));
        }
        let data = if data.is_null() {
            &Value::Object(Default::default())
        } else {
            data
        };
        let canonical = match entry_type {
            EntryType::Route => {
                let (d, c) = typed::<RouteData>(data)?;
                required("data.code", &d.code)?;
                required("data.origin", &d.origin)?;
                required("data.destination", &d.destination)?;
                c
            }
            EntryType::Timetable => {
                let (d, c) = typed::<TimetableData>(data)?;
                required("data.station", &d.station)?;
                if d.departures.is_empty() {
                    return Err(invalid("data.departures", "list at least one departure"));
                }
                for dep in &d.departures {
                    NaiveTime::parse_from_str(&dep.time, "%H:%M").map_err(|_| {
                        invalid(
                            "data.departures",
                            format!("'{}' is not a time like 08:30", dep.time),
                        )
                    })?;
                    required("data.departures.destination", &dep.destination)?;
                }
                let mut d = d;
                d.departures.sort_by(|a, b| a.time.cmp(&b.time));
                serde_json::to_value(&d).unwrap_or(c)
            }
            EntryType::Fare => {
                let (d, c) = typed::<FareData>(data)?;
                required("data.origin", &d.origin)?;
                required("data.destination", &d.destination)?;
                if d.price_minor < 0 {
                    return Err(invalid("data.priceMinor", "must not be negative"));
                }
                if d.currency.len() != 3 || !d.currency.chars().all(|c| c.is_ascii_uppercase()) {
                    return Err(invalid(
                        "data.currency",
                        "must be a 3-letter code such as CNY",
                    ));
                }
                c
            }
            EntryType::Vehicle => {
                let (d, c) = typed::<VehicleData>(data)?;
                required("data.code", &d.code)?;
                c
            }
            EntryType::ScenicSpot => typed::<ScenicSpotData>(data)?.1,
            EntryType::Branch => {
                let (d, c) = typed::<BranchData>(data)?;
                E164::parse(&d.phone).map_err(|e| invalid("data.phone", e.reason))?;
                c
            }
            EntryType::Faq | EntryType::Regulation => {
                if body.trim().is_empty() {
                    return Err(invalid("body", "is required"));
                }
                match data.as_object() {
                    Some(o) if o.is_empty() => Value::Object(Default::default()),
                    _ => return Err(invalid("data", "this type has no data fields")),
                }
            }
        };
        Ok(Self {
            entry_type,
            language: language.to_owned(),
            title: title.to_owned(),
            body: body.trim().to_owned(),
            data: canonical,
        })
    }

    /// The text searched: title, body and every string in the data, lower-cased.
    pub fn search_text(&self) -> String {
        let mut out = format!("{}\n{}", self.title, self.body);
        collect_strings(&self.data, &mut out);
        out.to_lowercase()
    }
}

fn collect_strings(v: &Value, out: &mut String) {
    match v {
        Value::String(s) => {
            out.push('\n');
            out.push_str(s);
        }
        Value::Array(a) => a.iter().for_each(|x| collect_strings(x, out)),
        Value::Object(o) => o.values().for_each(|x| collect_strings(x, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn typed_data_is_checked_and_named() {
        let ok = KbEntry::parse(
            EntryType::Timetable,
            "zh-CN",
            "北京南站 今日发车",
            "",
            &json!({"station": "北京南站", "departures": [{"time": "09:30", "destination": "天津"}, {"time": "08:00", "destination": "上海"}]}),
        )
        .unwrap();
        assert_eq!(ok.language, "zh");
        assert_eq!(ok.data["departures"][0]["time"], "08:00", "sorted by time");
        let cases = [
            (
                EntryType::Timetable,
                json!({"station": "X", "departures": [{"time": "8am", "destination": "Y"}]}),
                "data.departures",
            ),
            (
                EntryType::Timetable,
                json!({"station": "X", "departures": []}),
                "data.departures",
            ),
            (
                EntryType::Fare,
                json!({"origin": "A", "destination": "B", "priceMinor": -1, "currency": "CNY"}),
                "data.priceMinor",
            ),
            (
                EntryType::Fare,
                json!({"origin": "A", "destination": "B", "priceMinor": 100, "currency": "yuan"}),
                "data.currency",
            ),
            (EntryType::Branch, json!({"phone": "12345"}), "data.phone"),
            (
                EntryType::Route,
                json!({"code": "K1", "origin": "A", "destination": "B", "colour": "red"}),
                "data",
            ),
        ];
        for (t, data, field) in cases {
            let err = KbEntry::parse(t, "en", "T", "b", &data).unwrap_err();
            assert_eq!(err.field, field, "{t:?} {data}: {err}");
        }
        assert_eq!(
            KbEntry::parse(EntryType::Faq, "fr", "T", "b", &Value::Null)
                .unwrap_err()
                .field,
            "language"
        );
        assert_eq!(
            KbEntry::parse(EntryType::Faq, "en", "T", " ", &Value::Null)
                .unwrap_err()
                .field,
            "body"
        );
    }
}
