//! Business hours: weekly ranges, holidays, make-up workdays and special days in a time zone.

use chrono::Weekday as ChronoWeekday;
use qiao_tenants::center::hours::repo::HoursView;
use qiao_tenants::center::hours::{DatedDay, HoursRange, Schedule, SpecialDay, WeeklyRange};

use super::prelude::*;

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl From<ChronoWeekday> for Weekday {
    fn from(d: ChronoWeekday) -> Self {
        match d {
            ChronoWeekday::Mon => Weekday::Mon,
            ChronoWeekday::Tue => Weekday::Tue,
            ChronoWeekday::Wed => Weekday::Wed,
            ChronoWeekday::Thu => Weekday::Thu,
            ChronoWeekday::Fri => Weekday::Fri,
            ChronoWeekday::Sat => Weekday::Sat,
            ChronoWeekday::Sun => Weekday::Sun,
        }
    }
}

impl From<Weekday> for ChronoWeekday {
    fn from(d: Weekday) -> Self {
        match d {
            Weekday::Mon => ChronoWeekday::Mon,
            Weekday::Tue => ChronoWeekday::Tue,
            Weekday::Wed => ChronoWeekday::Wed,
            Weekday::Thu => ChronoWeekday::Thu,
            Weekday::Fri => ChronoWeekday::Fri,
            Weekday::Sat => ChronoWeekday::Sat,
            Weekday::Sun => ChronoWeekday::Sun,
        }
    }
}

/// Times are `HH:MM` in the schedule's time zone; a close not after the open runs past midnight.
#[derive(SimpleObject, InputObject, Clone)]
#[graphql(name = "HoursRange", input_name = "HoursRangeInput")]
pub struct RangeGql {
    pub open: String,
    pub close: String,
}

#[derive(SimpleObject, InputObject, Clone)]
#[graphql(name = "WeeklyHours", input_name = "WeeklyHoursInput")]
pub struct WeeklyGql {
    pub day: Weekday,
    pub open: String,
    pub close: String,
}

#[derive(SimpleObject, InputObject, Clone)]
#[graphql(name = "DatedDay", input_name = "DatedDayInput")]
pub struct DatedGql {
    pub date: NaiveDate,
    pub name: String,
}

#[derive(SimpleObject, InputObject, Clone)]
#[graphql(name = "SpecialDay", input_name = "SpecialDayInput")]
pub struct SpecialGql {
    pub date: NaiveDate,
    pub name: String,
    /// No ranges: closed all day.
    pub ranges: Vec<RangeGql>,
}

fn hhmm(t: chrono::NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

#[derive(SimpleObject)]
pub struct BusinessHours {
    pub id: ID,
    pub name: String,
    pub time_zone: String,
    pub weekly: Vec<WeeklyGql>,
    /// Closed dates (public holidays and the tenant's own).
    pub holidays: Vec<DatedGql>,
    /// Make-up workdays (调休): open with the hours of `makeupWeekday`.
    pub workdays: Vec<DatedGql>,
    pub special_days: Vec<SpecialGql>,
    pub makeup_weekday: Weekday,
    /// Whether it is open right now.
    pub open_now: bool,
}

impl From<HoursView> for BusinessHours {
    fn from(v: HoursView) -> Self {
        let s = v.schedule;
        let dated = |d: &DatedDay| DatedGql {
            date: d.date,
            name: d.name.clone(),
        };
        Self {
            id: gid(v.row.id),
            name: v.row.name,
            time_zone: s.time_zone.name().to_owned(),
            weekly: s
                .weekly
                .iter()
                .map(|w| WeeklyGql {
                    day: w.day.into(),
                    open: hhmm(w.hours.open),
                    close: hhmm(w.hours.close),
                })
                .collect(),
            holidays: s.holidays.iter().map(dated).collect(),
            workdays: s.workdays.iter().map(dated).collect(),
            special_days: s
                .special_days
                .iter()
                .map(|d| SpecialGql {
                    date: d.date,
                    name: d.name.clone(),
                    ranges: d
                        .ranges
                        .iter()
                        .map(|r| RangeGql {
                            open: hhmm(r.open),
                            close: hhmm(r.close),
                        })
                        .collect(),
                })
                .collect(),
            makeup_weekday: s.makeup_weekday.into(),
            open_now: s.is_open(Utc::now()),
        }
    }
}

#[derive(InputObject)]
pub struct BusinessHoursInput {
    pub name: String,
    /// IANA name, e.g. Asia/Shanghai.
    #[graphql(default_with = "\"Asia/Shanghai\".to_string()")]
    pub time_zone: String,
    pub weekly: Vec<WeeklyGql>,
    #[graphql(default)]
    pub holidays: Vec<DatedGql>,
    #[graphql(default)]
    pub workdays: Vec<DatedGql>,
    #[graphql(default)]
    pub special_days: Vec<SpecialGql>,
    #[graphql(default_with = "Weekday::Mon")]
    pub makeup_weekday: Weekday,
}

impl BusinessHoursInput {
    pub fn into_domain(self) -> Result<(String, Schedule), ApiError> {
        let hours = |open: &str, close: &str| {
            HoursRange::parse(open, close)
                .map_err(qiao_tenants::error::DomainError::from)
                .map_err(ApiError::from)
        };
        let dated = |d: DatedGql| DatedDay {
            date: d.date,
            name: d.name.trim().to_owned(),
        };
        let schedule = Schedule {
            time_zone: Schedule::parse_time_zone(&self.time_zone)
                .map_err(qiao_tenants::error::DomainError::from)?,
            weekly: self
                .weekly
                .iter()
                .map(|w| {
                    Ok(WeeklyRange {
                        day: w.day.into(),
                        hours: hours(&w.open, &w.close)?,
                    })
                })
                .collect::<Result<_, ApiError>>()?,
            holidays: self.holidays.into_iter().map(dated).collect(),
            workdays: self.workdays.into_iter().map(dated).collect(),
            special_days: self
                .special_days
                .into_iter()
                .map(|d| {
                    Ok(SpecialDay {
                        date: d.date,
                        name: d.name.trim().to_owned(),
                        ranges: d
                            .ranges
                            .iter()
                            .map(|r| hours(&r.open, &r.close))
                            .collect::<Result<_, ApiError>>()?,
                    })
                })
                .collect::<Result<_, ApiError>>()?,
            makeup_weekday: self.makeup_weekday.into(),
        };
        Ok((self.name, schedule))
    }
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum HolidayCalendar {
    /// Mainland China's public holidays and make-up workdays (调休).
    Cn,
}

#[derive(Default)]
pub struct HoursQuery;

#[Object]
impl HoursQuery {
    async fn business_hours(&self, cx: &Context<'_>) -> Result<Vec<BusinessHours>> {
        let (state, cap) = guard::<ViewConfig>(cx).await?;
        let rows = state.center.business_hours(&cap).await.gql()?;
        Ok(list(rows))
    }

    /// Whether a schedule is open at an instant (default: now).
    async fn business_hours_open(
        &self,
        cx: &Context<'_>,
        id: ID,
        at: Option<DateTime<Utc>>,
    ) -> Result<bool> {
        let (state, cap) = guard::<ViewConfig>(cx).await?;
        let id = kit::id::<uuid::Uuid>(&id, "business hours")?;
        state
            .center
            .hours_open(&cap, id, at.unwrap_or_else(Utc::now))
            .await
            .gql()
    }
}

#[derive(Default)]
pub struct HoursMutation;

#[Object]
impl HoursMutation {
    async fn create_business_hours(
        &self,
        cx: &Context<'_>,
        input: BusinessHoursInput,
    ) -> Result<BusinessHours> {
        let (state, cap) = guard::<ManageConfig>(cx).await?;
        let (name, schedule) = input.into_domain().gql()?;
        Ok(state
            .center
            .save_hours(&cap, None, &name, schedule)
            .await
            .gql()?
            .into())
    }

    async fn update_business_hours(
        &self,
        cx: &Context<'_>,
        id: ID,
        input: BusinessHoursInput,
    ) -> Result<BusinessHours> {
        let (state, cap) = guard::<ManageConfig>(cx).await?;
        let id = kit::id::<uuid::Uuid>(&id, "business hours")?;
        let (name, schedule) = input.into_domain().gql()?;
        Ok(state
            .center
            .save_hours(&cap, Some(id), &name, schedule)
            .await
            .gql()?
            .into())
    }

    async fn delete_business_hours(&self, cx: &Context<'_>, id: ID) -> Result<bool> {
        let (state, cap) = guard::<ManageConfig>(cx).await?;
        state
            .center
            .delete_hours(&cap, kit::id::<uuid::Uuid>(&id, "business hours")?)
            .await
            .gql()?;
        Ok(true)
    }

    /// Merges a public-holiday calendar (holidays and make-up workdays) into a schedule.
    async fn import_public_holidays(
        &self,
        cx: &Context<'_>,
        id: ID,
        calendar: HolidayCalendar,
    ) -> Result<BusinessHours> {
        let (state, cap) = guard::<ManageConfig>(cx).await?;
        let id = kit::id::<uuid::Uuid>(&id, "business hours")?;
        match calendar {
            HolidayCalendar::Cn => Ok(state
                .center
                .import_cn_holidays(&cap, id)
                .await
                .gql()?
                .into()),
        }
    }

    /// Merges holidays from CSV (`date,kind,name`; kind `holiday` or `workday`). A bad row
    /// refuses the whole import; `extensions.rejectedRows` lists every bad line.
    async fn import_holidays_csv(
        &self,
        cx: &Context<'_>,
        id: ID,
        csv: String,
    ) -> Result<BusinessHours> {
        let (state, cap) = guard::<ManageConfig>(cx).await?;
        let id = kit::id::<uuid::Uuid>(&id, "business hours")?;
        Ok(state
            .center
            .import_holidays_csv(&cap, id, &csv)
            .await
            .gql()?
            .into())
    }
}
