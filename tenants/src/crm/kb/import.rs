//! CSV import of knowledge entries, one format per type (headers below). Every row is checked;
//! refused rows come back with their line and reason. Timetable rows (one departure each) are
//! grouped into one entry per language, station and date.
//!
//! | type | header |
//! |---|---|
//! | faq | `language,question,answer` |
//! | regulation | `language,title,text` |
//! | route | `language,code,origin,destination,stops,duration_minutes` (stops `;`-separated) |
//! | timetable | `language,station,date,time,destination,route_code` (empty date: every day) |
//! | fare | `language,origin,destination,class,price,currency` (price like `12.50`) |
//! | vehicle | `language,code,kind,seats` |
//! | scenic_spot | `language,name,address,opening_hours,ticket_price,description` |
//! | branch | `language,name,address,phone` |

use serde_json::{Value, json};

use super::entry::{EntryType, KbEntry};
use crate::center::hours::calendar::RejectedRow;

pub fn header(t: EntryType) -> &'static [&'static str] {
    match t {
        EntryType::Faq => &["language", "question", "answer"],
        EntryType::Regulation => &["language", "title", "text"],
        EntryType::Route => &[
            "language",
            "code",
            "origin",
            "destination",
            "stops",
            "duration_minutes",
        ],
        EntryType::Timetable => &[
            "language",
            "station",
            "date",
            "time",
            "destination",
            "route_code",
        ],
        EntryType::Fare => &[
            "language",
            "origin",
            "destination",
            "class",
            "price",
            "currency",
        ],
        EntryType::Vehicle => &["language", "code", "kind", "seats"],
        EntryType::ScenicSpot => &[
            "language",
            "name",
            "address",
            "opening_hours",
            "ticket_price",
            "description",
        ],
        EntryType::Branch => &["language", "name", "address", "phone"],
    }
}

/// Parses `12`, `12.5` or `12.50` into minor units.
pub fn parse_price(s: &str) -> Result<i64, String> {
    let s = s.trim();
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    let ok = !whole.is_empty()
        && whole.chars().all(|c| c.is_ascii_digit())
        && frac.len() <= 2
        && frac.chars().all(|c| c.is_ascii_digit());
    if !ok || whole.len() > 12 {
        return Err(format!("'{s}' is not a price like 12.50"));
    }
    let frac = format!("{frac:0<2}");
    Ok(whole.parse::<i64>().map_err(|e| e.to_string())? * 100
        + frac.parse::<i64>().map_err(|e| e.to_string())?)
}

fn opt(s: &str) -> Value {
    if s.trim().is_empty() {
        Value::Null
    } else {
        json!(s.trim())
    }
}

/// One row → (title, body, data), before the entry checks.
fn row_fields(t: EntryType, r: &csv::StringRecord) -> Result<(String, String, Value), String> {
    let f = |i: usize| r.get(i).unwrap_or("").trim().to_owned();
    Ok(match t {
        EntryType::Faq => (f(1), f(2), json!({})),
        EntryType::Regulation => (f(1), f(2), json!({})),
        EntryType::Route => {
            let stops: Vec<String> = f(4)
                .split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            let duration = match f(5).as_str() {
                "" => Value::Null,
                d => json!(
                    d.parse::<u32>()
                        .map_err(|_| format!("duration_minutes '{d}' is not a whole number"))?
                ),
            };
            (
                format!("{} {}—{}", f(1), f(2), f(3)),
                String::new(),
                json!({"code": f(1), "origin": f(2), "destination": f(3), "stops": stops, "durationMinutes": duration}),
            )
        }
        EntryType::Timetable => unreachable!("timetables are grouped by the caller"),
        EntryType::Fare => {
            let price = parse_price(&f(4))?;
            let currency = if f(5).is_empty() {
                "CNY".to_owned()
            } else {
                f(5)
            };
            (
                format!("{}—{} {}", f(1), f(2), f(3)).trim().to_owned(),
                String::new(),
                json!({"origin": f(1), "destination": f(2), "class": opt(&f(3)), "priceMinor": price, "currency": currency}),
            )
        }
        EntryType::Vehicle => {
            let seats = match f(3).as_str() {
                "" => Value::Null,
                s => json!(
                    s.parse::<u32>()
                        .map_err(|_| format!("seats '{s}' is not a whole number"))?
                ),
            };
            (
                format!("{} {}", f(1), f(2)),
                String::new(),
                json!({"code": f(1), "kind": f(2), "seats": seats}),
            )
        }
        EntryType::ScenicSpot => {
            let price = match f(4).as_str() {
                "" => Value::Null,
                p => json!(parse_price(p)?),
            };
            (
                f(1),
                f(5),
                json!({"address": opt(&f(2)), "openingHours": opt(&f(3)), "ticketPriceMinor": price}),
            )
        }
        EntryType::Branch => (
            f(1),
            String::new(),
            json!({"address": opt(&f(2)), "phone": f(3)}),
        ),
    })
}

struct TimetableGroup {
    /// (language, station, date)
    key: (String, String, String),
    line: u64,
    departures: Vec<Value>,
}

/// Parses CSV of type `t`: accepted entries (with the first line each came from) and refused rows.
pub fn parse_csv(t: EntryType, text: &str) -> (Vec<(u64, KbEntry)>, Vec<RejectedRow>) {
    let mut entries = Vec::new();
    let mut rejected = Vec::new();
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(text.as_bytes());
    let want = header(t);
    match reader.headers() {
        Ok(h) if h.iter().eq(want.iter().copied()) => {}
        _ => {
            rejected.push(RejectedRow {
                line: 1,
                reason: format!("the first line must be the header {}", want.join(",")),
            });
            return (entries, rejected);
        }
    }
    // Timetables: one group per (language, station, date), with its first line.
    let mut groups: Vec<TimetableGroup> = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                rejected.push(RejectedRow {
                    line: e.position().map_or(0, |p| p.line()),
                    reason: e.to_string(),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        if record.len() != want.len() {
            rejected.push(RejectedRow {
                line,
                reason: format!("expected {} fields, found {}", want.len(), record.len()),
            });
            continue;
        }
        if t == EntryType::Timetable {
            let f = |i: usize| record.get(i).unwrap_or("").trim().to_owned();
            let dep = json!({"time": f(3), "destination": f(4), "routeCode": opt(&f(5))});
            // Check the row on its own, so a bad departure is reported on its line.
            let date = opt(&f(2));
            let single = json!({"station": f(1), "date": date, "departures": [dep]});
            if let Err(e) = KbEntry::parse(t, &f(0), &f(1), "", &single) {
                rejected.push(RejectedRow {
                    line,
                    reason: e.to_string(),
                });
                continue;
            }
            let key = (f(0), f(1), f(2));
            match groups.iter_mut().find(|g| g.key == key) {
                Some(g) => g.departures.push(dep),
                None => groups.push(TimetableGroup {
                    key,
                    line,
                    departures: vec![dep],
                }),
            }
            continue;
        }
        let parsed = row_fields(t, &record).and_then(|(title, body, data)| {
            KbEntry::parse(t, record.get(0).unwrap_or(""), &title, &body, &data)
                .map_err(|e| e.to_string())
        });
        match parsed {
            Ok(e) => entries.push((line, e)),
            Err(reason) => rejected.push(RejectedRow { line, reason }),
        }
    }
    for TimetableGroup {
        key: (lang, station, date),
        line,
        departures,
    } in groups
    {
        let when = if date.is_empty() {
            "daily".to_owned()
        } else {
            date.clone()
        };
        let data = json!({"station": station, "date": opt(&date), "departures": departures});
        match KbEntry::parse(t, &lang, &format!("{station} {when}"), "", &data) {
            Ok(e) => entries.push((line, e)),
            Err(e) => rejected.push(RejectedRow {
                line,
                reason: e.to_string(),
            }),
        }
    }
    (entries, rejected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_become_minor_units() {
        assert_eq!(parse_price("12"), Ok(1200));
        assert_eq!(parse_price("12.5"), Ok(1250));
        assert_eq!(parse_price("0.05"), Ok(5));
        for bad in ["", "-1", "1.234", "12,50", "abc"] {
            assert!(parse_price(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn timetable_rows_group_and_bad_rows_are_reported() {
        let csv = "language,station,date,time,destination,route_code\n\
                   zh,北京南站,2026-11-23,08:00,天津,G1\n\
                   zh,北京南站,2026-11-23,07:30,上海,G2\n\
                   zh,北京南站,,09:00,济南,\n\
                   zh,北京南站,2026-11-23,8am,天津,G3\n\
                   fr,Gare,,10:00,Paris,\n";
        let (entries, rejected) = parse_csv(EntryType::Timetable, csv);
        assert_eq!(entries.len(), 2);
        let dated = &entries
            .iter()
            .find(|(_, e)| e.data["date"] == "2026-11-23")
            .unwrap()
            .1;
        assert_eq!(dated.data["departures"][0]["time"], "07:30");
        assert_eq!(dated.data["departures"].as_array().unwrap().len(), 2);
        assert_eq!(
            rejected.iter().map(|r| r.line).collect::<Vec<_>>(),
            vec![5, 6]
        );
    }

    #[test]
    fn other_types_parse_with_their_headers() {
        let (e, r) = parse_csv(
            EntryType::Fare,
            "language,origin,destination,class,price,currency\nzh,北京,天津,二等座,54.5,CNY\nzh,北京,天津,,x,CNY\n",
        );
        assert_eq!(e[0].1.data["priceMinor"], 5450);
        assert_eq!(r[0].line, 3);
        let (_, r) = parse_csv(EntryType::Faq, "q,a\n");
        assert_eq!(r[0].line, 1);
        let (e, r) = parse_csv(
            EntryType::Branch,
            "language,name,address,phone\nzh,朝阳营业部,朝阳路1号,+861085550100\nen,Bad,,123\n",
        );
        assert_eq!((e.len(), r.len()), (1, 1));
    }
}
