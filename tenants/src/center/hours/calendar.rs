//! Holiday calendars as data: CSV rows `date,kind,name` with kind `holiday` (closed) or
//! `workday` (a make-up workday, 调休). The Chinese public-holiday calendar for 2025–2026 ships
//! in `tenants/data/cn-public-holidays.csv` (from the State Council's annual notices); later
//! years are imported the same way.

use chrono::NaiveDate;

use super::schedule::DatedDay;

const CN_CSV: &str = include_str!("../../../data/cn-public-holidays.csv");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayKind {
    Holiday,
    Workday,
}

/// One accepted row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalendarRow {
    pub date: NaiveDate,
    pub kind: DayKind,
    pub name: String,
}

/// A refused row: its 1-based line number and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RejectedRow {
    pub line: u64,
    pub reason: String,
}

impl From<RejectedRow> for crate::error::Issue {
    fn from(r: RejectedRow) -> Self {
        Self {
            at: crate::error::At::Line(r.line),
            code: None,
            message: r.reason,
        }
    }
}

/// Parses calendar CSV (header `date,kind,name`). Every row is checked; refused rows are
/// reported with their line, and the caller decides whether to store anything.
pub fn parse_calendar_csv(text: &str) -> (Vec<CalendarRow>, Vec<RejectedRow>) {
    let mut rows = Vec::new();
    let mut rejected = Vec::new();
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(text.as_bytes());
    match reader.headers() {
        Ok(h) if h.iter().take(3).eq(["date", "kind", "name"]) => {}
        _ => {
            rejected.push(RejectedRow {
                line: 1,
                reason: "the first line must be the header date,kind,name".into(),
            });
            return (rows, rejected);
        }
    }
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                rejected.push(RejectedRow {
                    line,
                    reason: e.to_string(),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        let reject = |reason: String| RejectedRow { line, reason };
        if record.len() != 3 {
            rejected.push(reject(format!("expected 3 fields, found {}", record.len())));
            continue;
        }
        let Ok(date) = NaiveDate::parse_from_str(&record[0], "%Y-%m-%d") else {
            rejected.push(reject(format!(
                "'{}' is not a date like 2026-10-01",
                &record[0]
            )));
            continue;
        };
        let kind = match &record[1] {
            "holiday" => DayKind::Holiday,
            "workday" => DayKind::Workday,
            other => {
                rejected.push(reject(format!("kind '{other}' must be holiday or workday")));
                continue;
            }
        };
        if record[2].is_empty() || record[2].chars().count() > 100 {
            rejected.push(reject("name must be 1 to 100 characters".into()));
            continue;
        }
        if rows.iter().any(|r: &CalendarRow| r.date == date) {
            rejected.push(reject(format!("{date} appears twice")));
            continue;
        }
        rows.push(CalendarRow {
            date,
            kind,
            name: record[2].to_owned(),
        });
    }
    (rows, rejected)
}

/// Splits rows into (holidays, make-up workdays).
pub fn split(rows: Vec<CalendarRow>) -> (Vec<DatedDay>, Vec<DatedDay>) {
    let (h, w): (Vec<_>, Vec<_>) = rows.into_iter().partition(|r| r.kind == DayKind::Holiday);
    let day = |r: CalendarRow| DatedDay {
        date: r.date,
        name: r.name,
    };
    (
        h.into_iter().map(day).collect(),
        w.into_iter().map(day).collect(),
    )
}

/// The bundled Chinese public-holiday calendar: (holidays, make-up workdays).
pub fn cn_public_holidays() -> (Vec<DatedDay>, Vec<DatedDay>) {
    let (rows, rejected) = parse_calendar_csv(CN_CSV);
    debug_assert!(
        rejected.is_empty(),
        "bundled calendar has bad rows: {rejected:?}"
    );
    split(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_calendar_is_clean_and_complete() {
        let (rows, rejected) = parse_calendar_csv(CN_CSV);
        assert!(rejected.is_empty(), "{rejected:?}");
        let (holidays, workdays) = split(rows);
        // 2026: 元旦 3 + 春节 9 + 清明 3 + 劳动 5 + 端午 3 + 中秋 3 + 国庆 7 = 33 days off.
        let in_2026 = |d: &&DatedDay| d.date.format("%Y").to_string() == "2026";
        assert_eq!(holidays.iter().filter(in_2026).count(), 33);
        assert_eq!(workdays.iter().filter(in_2026).count(), 6);
        // Make-up workdays fall on weekends.
        use chrono::Datelike;
        assert!(
            workdays
                .iter()
                .all(|w| w.date.weekday().number_from_monday() >= 6)
        );
    }

    #[test]
    fn bad_rows_are_reported_by_line() {
        let csv = "date,kind,name\n2026-10-01,holiday,National Day\n2026-13-01,holiday,Bad\n2026-10-02,party,Bad kind\n2026-10-01,holiday,Twice\n2026-10-03,holiday\n";
        let (rows, rejected) = parse_calendar_csv(csv);
        assert_eq!(rows.len(), 1);
        let lines: Vec<u64> = rejected.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![3, 4, 5, 6]);
        let (_, rejected) = parse_calendar_csv("when,what\n");
        assert_eq!(rejected[0].line, 1);
    }
}
