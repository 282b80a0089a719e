//! A business-hours schedule and the pure question "is it open at this instant?".
//!
//! Precedence for a local date: a special day (its own ranges; none means closed) → a make-up
//! workday (调休: opens with the hours of `makeup_weekday`, Monday by default) → a holiday
//! (closed) → the weekly ranges of that weekday. A range whose close is not after its open runs
//! past midnight into the next day (`22:00–06:00`; `00:00` as close means end of day).

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::values::InvalidValue;

/// Opening hours within one day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoursRange {
    pub open: NaiveTime,
    pub close: NaiveTime,
}

impl HoursRange {
    /// Parses `HH:MM` strings.
    pub fn parse(open: &str, close: &str) -> Result<Self, InvalidValue> {
        let t = |s: &str| {
            NaiveTime::parse_from_str(s.trim(), "%H:%M").map_err(|_| InvalidValue {
                field: "hours",
                reason: format!("'{s}' is not a time of day like 09:00"),
            })
        };
        let range = Self {
            open: t(open)?,
            close: t(close)?,
        };
        if range.open == range.close && range.open != NaiveTime::MIN {
            return Err(InvalidValue {
                field: "hours",
                reason: format!("{open}–{close} is empty"),
            });
        }
        Ok(range)
    }

    fn overnight(&self) -> bool {
        self.close <= self.open
    }
}

/// Hours on one weekday.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeeklyRange {
    pub day: Weekday,
    #[serde(flatten)]
    pub hours: HoursRange,
}

/// A dated entry of a calendar: a holiday or a make-up workday.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatedDay {
    pub date: NaiveDate,
    pub name: String,
}

/// A date with its own hours (none: closed all day).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpecialDay {
    pub date: NaiveDate,
    pub name: String,
    pub ranges: Vec<HoursRange>,
}

/// A complete schedule, as stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Schedule {
    pub time_zone: Tz,
    pub weekly: Vec<WeeklyRange>,
    #[serde(default)]
    pub holidays: Vec<DatedDay>,
    #[serde(default)]
    pub workdays: Vec<DatedDay>,
    #[serde(default)]
    pub special_days: Vec<SpecialDay>,
    #[serde(default = "monday")]
    pub makeup_weekday: Weekday,
}

fn monday() -> Weekday {
    Weekday::Mon
}

impl Schedule {
    /// Parses an IANA time-zone name such as `Asia/Shanghai`.
    pub fn parse_time_zone(raw: &str) -> Result<Tz, InvalidValue> {
        raw.trim().parse::<Tz>().map_err(|_| InvalidValue {
            field: "timeZone",
            reason: format!("'{raw}' is not an IANA time zone such as Asia/Shanghai"),
        })
    }

    /// The ranges that apply on local date `d`.
    pub fn ranges_on(&self, d: NaiveDate) -> Vec<HoursRange> {
        if let Some(s) = self.special_days.iter().find(|s| s.date == d) {
            return s.ranges.clone();
        }
        let weekday = if self.workdays.iter().any(|w| w.date == d) {
            self.makeup_weekday
        } else if self.holidays.iter().any(|h| h.date == d) {
            return Vec::new();
        } else {
            d.weekday()
        };
        self.weekly
            .iter()
            .filter(|w| w.day == weekday)
            .map(|w| w.hours)
            .collect()
    }

    /// Whether the schedule is open at `at`.
    pub fn is_open(&self, at: DateTime<Utc>) -> bool {
        let local = at.with_timezone(&self.time_zone);
        let (d, t) = (local.date_naive(), local.time());
        let today = self.ranges_on(d).iter().any(|r| {
            if r.overnight() {
                t >= r.open
            } else {
                r.open <= t && t < r.close
            }
        });
        if today {
            return true;
        }
        d.pred_opt().is_some_and(|yesterday| {
            self.ranges_on(yesterday)
                .iter()
                .any(|r| r.overnight() && t < r.close)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn weekdays(tz: Tz, open: &str, close: &str) -> Schedule {
        let hours = HoursRange::parse(open, close).unwrap();
        Schedule {
            time_zone: tz,
            weekly: [
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
            ]
            .into_iter()
            .map(|day| WeeklyRange { day, hours })
            .collect(),
            holidays: vec![],
            workdays: vec![],
            special_days: vec![],
            makeup_weekday: Weekday::Mon,
        }
    }

    fn local(tz: Tz, y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        tz.with_ymd_and_hms(y, m, d, h, min, 0)
            .earliest()
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn weekday_hours_in_the_schedules_zone() {
        let tz = chrono_tz::Asia::Shanghai;
        let s = weekdays(tz, "09:00", "18:00");
        // Monday 2026-11-23.
        assert!(!s.is_open(local(tz, 2026, 11, 23, 8, 59)));
        assert!(s.is_open(local(tz, 2026, 11, 23, 9, 0)));
        assert!(s.is_open(local(tz, 2026, 11, 23, 17, 59)));
        assert!(!s.is_open(local(tz, 2026, 11, 23, 18, 0)));
        // 09:30 in Shanghai is 01:30 UTC: the zone, not UTC, decides.
        assert!(s.is_open(Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap()));
        // Saturday.
        assert!(!s.is_open(local(tz, 2026, 11, 28, 10, 0)));
    }

    #[test]
    fn across_daylight_saving_changes() {
        let tz = chrono_tz::Europe::Berlin;
        let mut s = weekdays(tz, "08:00", "20:00");
        s.weekly.push(WeeklyRange {
            day: Weekday::Sun,
            hours: HoursRange::parse("01:00", "04:00").unwrap(),
        });
        // 2026-03-29 (Sunday): clocks jump 02:00 → 03:00 CET→CEST. 00:30 UTC = 01:30 CET (open),
        // 01:30 UTC = 03:30 CEST (open), 02:30 UTC = 04:30 CEST (closed).
        assert!(s.is_open(Utc.with_ymd_and_hms(2026, 3, 29, 0, 30, 0).unwrap()));
        assert!(s.is_open(Utc.with_ymd_and_hms(2026, 3, 29, 1, 30, 0).unwrap()));
        assert!(!s.is_open(Utc.with_ymd_and_hms(2026, 3, 29, 2, 30, 0).unwrap()));
        // Monday after: 08:00 local is 06:00 UTC in summer time, 07:00 UTC in winter.
        assert!(s.is_open(Utc.with_ymd_and_hms(2026, 3, 30, 6, 0, 0).unwrap()));
        assert!(!s.is_open(Utc.with_ymd_and_hms(2026, 3, 27, 6, 30, 0).unwrap()));
        // 2026-10-25: back to CET; 19:30 local Monday 26th is 18:30 UTC.
        assert!(s.is_open(Utc.with_ymd_and_hms(2026, 10, 26, 18, 30, 0).unwrap()));
        assert!(!s.is_open(Utc.with_ymd_and_hms(2026, 10, 26, 19, 0, 0).unwrap()));
    }

    #[test]
    fn overnight_ranges_cross_midnight_and_year_ends() {
        let tz = chrono_tz::Asia::Shanghai;
        let mut s = weekdays(tz, "22:00", "06:00");
        // Thursday 2026-12-31 22:00 → Friday 2027-01-01 06:00.
        assert!(s.is_open(local(tz, 2026, 12, 31, 23, 30)));
        assert!(s.is_open(local(tz, 2027, 1, 1, 0, 30)));
        assert!(s.is_open(local(tz, 2027, 1, 1, 5, 59)));
        assert!(!s.is_open(local(tz, 2027, 1, 1, 6, 0)));
        // A holiday on 2026-12-31 closes that night's range, including its morning tail.
        s.holidays.push(DatedDay {
            date: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
            name: "New Year's Eve".into(),
        });
        assert!(!s.is_open(local(tz, 2026, 12, 31, 23, 30)));
        assert!(!s.is_open(local(tz, 2027, 1, 1, 0, 30)));
        // "00:00" as close means end of day.
        let s = weekdays(tz, "12:00", "00:00");
        assert!(s.is_open(local(tz, 2026, 11, 23, 23, 59)));
        assert!(!s.is_open(local(tz, 2026, 11, 24, 0, 0)));
        assert!(!s.is_open(local(tz, 2026, 11, 24, 0, 1)));
    }

    #[test]
    fn holidays_makeup_workdays_and_special_days() {
        let tz = chrono_tz::Asia::Shanghai;
        let mut s = weekdays(tz, "09:00", "18:00");
        let (holidays, workdays) = crate::center::hours::cn_public_holidays();
        s.holidays = holidays;
        s.workdays = workdays;
        // 2026-02-16 is a Monday inside the Spring Festival: closed.
        assert!(!s.is_open(local(tz, 2026, 2, 16, 10, 0)));
        // 2026-02-14 is a Saturday make-up workday (调休): open with Monday's hours.
        assert!(s.is_open(local(tz, 2026, 2, 14, 10, 0)));
        assert!(!s.is_open(local(tz, 2026, 2, 14, 19, 0)));
        // 2025-12-31 (Wednesday) open; 2026-01-01 (Thursday, New Year) closed.
        assert!(s.is_open(local(tz, 2025, 12, 31, 10, 0)));
        assert!(!s.is_open(local(tz, 2026, 1, 1, 10, 0)));
        // A special day overrides everything: short hours on a holiday.
        s.special_days.push(SpecialDay {
            date: NaiveDate::from_ymd_opt(2026, 2, 16).unwrap(),
            name: "Holiday hotline".into(),
            ranges: vec![HoursRange::parse("10:00", "12:00").unwrap()],
        });
        assert!(s.is_open(local(tz, 2026, 2, 16, 11, 0)));
        assert!(!s.is_open(local(tz, 2026, 2, 16, 13, 0)));
    }

    #[test]
    fn bad_times_and_zones_are_refused() {
        assert!(HoursRange::parse("9am", "18:00").is_err());
        assert!(HoursRange::parse("25:00", "18:00").is_err());
        assert!(HoursRange::parse("09:00", "09:00").is_err());
        assert!(Schedule::parse_time_zone("Mars/Olympus").is_err());
        assert_eq!(
            Schedule::parse_time_zone("Asia/Shanghai").unwrap(),
            chrono_tz::Asia::Shanghai
        );
    }
}
