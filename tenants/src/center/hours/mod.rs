//! Business hours: weekly schedules with holidays, make-up workdays and special days in a
//! time zone. `schedule.rs` is pure (`Schedule::is_open`), `calendar.rs` reads holiday
//! calendars (the bundled Chinese one, or a tenant's CSV), `repo.rs` stores schedules.

pub mod calendar;
pub mod repo;
pub mod schedule;

pub use calendar::{CalendarRow, DayKind, cn_public_holidays, parse_calendar_csv};
pub use schedule::{DatedDay, HoursRange, Schedule, SpecialDay, WeeklyRange};
