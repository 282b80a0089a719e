//! GraphQL types of the center's configuration, mapped from and to the domain's.

use async_graphql::{Enum, ID, InputObject, Json, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc, Weekday as ChronoWeekday};
use qiao_tenants::center::hours::repo::HoursView;
use qiao_tenants::center::hours::{DatedDay, HoursRange, Schedule, SpecialDay, WeeklyRange};
use qiao_tenants::center::ivr::FlowIssue as DomainIssue;
use qiao_tenants::center::numbers::Route;
use qiao_tenants::center::queues::{
    Overflow, QueueSettings, QueueView, SkillOverflow, SkillRequirement, WrapUpCode,
};
use qiao_tenants::center::skills::SkillGroupView;
use qiao_tenants::entities::{ivr_flow_version, number, sip_endpoint, sip_trunk};

use super::error::ApiError;

fn id(u: uuid::Uuid) -> ID {
    ID(u.to_string())
}

/// Parses an id argument (malformed → BAD_USER_INPUT).
pub fn uuid_arg(raw: &ID, what: &str) -> Result<uuid::Uuid, ApiError> {
    uuid::Uuid::parse_str(raw.as_str())
        .map_err(|_| ApiError::bad_input(format!("'{}' is not a valid {what} id", raw.as_str())))
}

fn opt_uuid(raw: &Option<ID>, what: &str) -> Result<Option<uuid::Uuid>, ApiError> {
    raw.as_ref().map(|r| uuid_arg(r, what)).transpose()
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum RouteKind {
    None,
    Flow,
    Queue,
}

#[derive(SimpleObject)]
pub struct PhoneNumber {
    pub id: ID,
    /// E.164, e.g. +861085550100.
    pub number: String,
    pub label: String,
    pub route_kind: RouteKind,
    pub route_target_id: Option<ID>,
    pub trunk_id: Option<ID>,
    pub created_at: DateTime<Utc>,
}

impl From<number::Model> for PhoneNumber {
    fn from(n: number::Model) -> Self {
        let (route_kind, target) = match Route::of(&n) {
            Route::None => (RouteKind::None, None),
            Route::Flow(f) => (RouteKind::Flow, Some(id(f))),
            Route::Queue(q) => (RouteKind::Queue, Some(id(q))),
        };
        Self {
            id: id(n.id),
            number: n.e164,
            label: n.label,
            route_kind,
            route_target_id: target,
            trunk_id: n.trunk_id.map(id),
            created_at: n.created_at,
        }
    }
}

#[derive(InputObject)]
pub struct PhoneNumberInput {
    pub number: String,
    #[graphql(default)]
    pub label: String,
    pub route_kind: RouteKind,
    pub route_target_id: Option<ID>,
    pub trunk_id: Option<ID>,
}

impl PhoneNumberInput {
    pub fn into_domain(self) -> Result<qiao_tenants::center::numbers::NumberInput, ApiError> {
        let target = opt_uuid(&self.route_target_id, "route target")?;
        let route = match (self.route_kind, target) {
            (RouteKind::None, _) => Route::None,
            (RouteKind::Flow, Some(t)) => Route::Flow(t),
            (RouteKind::Queue, Some(t)) => Route::Queue(t),
            _ => {
                return Err(ApiError::bad_input(
                    "routeTargetId is required for FLOW and QUEUE routes",
                ));
            }
        };
        Ok(qiao_tenants::center::numbers::NumberInput {
            number: self.number,
            label: self.label,
            route,
            trunk_id: opt_uuid(&self.trunk_id, "trunk")?,
        })
    }
}

#[derive(SimpleObject)]
pub struct SipTrunk {
    pub id: ID,
    pub name: String,
    pub host: String,
    pub port: i32,
    pub transport: String,
    pub username: Option<String>,
    /// Whether a password is stored (it is never returned).
    pub has_password: bool,
    pub allowed_sources: Vec<String>,
}

impl From<sip_trunk::Model> for SipTrunk {
    fn from(t: sip_trunk::Model) -> Self {
        Self {
            id: id(t.id),
            name: t.name,
            host: t.host,
            port: t.port,
            transport: t.transport,
            username: t.username,
            has_password: t.password.is_some(),
            allowed_sources: serde_json::from_value(t.allowed_sources).unwrap_or_default(),
        }
    }
}

#[derive(InputObject)]
pub struct SipTrunkInput {
    pub name: String,
    pub host: String,
    #[graphql(default = 5060)]
    pub port: i32,
    #[graphql(default_with = "\"udp\".to_string()")]
    pub transport: String,
    pub username: Option<String>,
    /// Omit to keep the stored password; "" removes it.
    pub password: Option<String>,
    #[graphql(default)]
    pub allowed_sources: Vec<String>,
}

impl From<SipTrunkInput> for qiao_tenants::center::numbers::TrunkInput {
    fn from(i: SipTrunkInput) -> Self {
        Self {
            name: i.name,
            host: i.host,
            port: i.port,
            transport: i.transport,
            username: i.username,
            password: i.password,
            allowed_sources: i.allowed_sources,
        }
    }
}

#[derive(SimpleObject)]
pub struct SipEndpoint {
    pub id: ID,
    pub username: String,
    pub display_name: String,
    pub user_id: Option<ID>,
    pub created_at: DateTime<Utc>,
}

impl From<sip_endpoint::Model> for SipEndpoint {
    fn from(e: sip_endpoint::Model) -> Self {
        Self {
            id: id(e.id),
            username: e.username,
            display_name: e.display_name,
            user_id: e.user_id.map(id),
            created_at: e.created_at,
        }
    }
}

#[derive(InputObject)]
pub struct SipEndpointInput {
    pub username: String,
    #[graphql(default)]
    pub display_name: String,
    pub password: String,
    pub user_id: Option<ID>,
}

impl SipEndpointInput {
    pub fn into_domain(self) -> Result<qiao_tenants::center::numbers::EndpointInput, ApiError> {
        Ok(qiao_tenants::center::numbers::EndpointInput {
            user_id: opt_uuid(&self.user_id, "user")?,
            username: self.username,
            display_name: self.display_name,
            password: self.password,
        })
    }
}

#[derive(SimpleObject)]
pub struct SkillGroupMember {
    pub user_id: ID,
    /// 1 (learning) to 5 (expert).
    pub proficiency: i32,
}

#[derive(SimpleObject)]
pub struct SkillGroup {
    pub id: ID,
    pub name: String,
    pub description: String,
    pub members: Vec<SkillGroupMember>,
}

impl From<SkillGroupView> for SkillGroup {
    fn from(v: SkillGroupView) -> Self {
        Self {
            id: id(v.group.id),
            name: v.group.name,
            description: v.group.description,
            members: v
                .members
                .into_iter()
                .map(|m| SkillGroupMember {
                    user_id: id(m.user_id),
                    proficiency: m.proficiency,
                })
                .collect(),
        }
    }
}

#[derive(InputObject)]
pub struct SkillGroupInput {
    pub name: String,
    #[graphql(default)]
    pub description: String,
}

#[derive(SimpleObject, InputObject, Clone)]
#[graphql(name = "SkillRequirement", input_name = "SkillRequirementInput")]
pub struct SkillRequirementGql {
    pub skill_group_id: ID,
    pub min_proficiency: i32,
}

/// After `afterSecs` of waiting, agents with these skills may take the caller too.
#[derive(SimpleObject, InputObject, Clone)]
#[graphql(name = "SkillOverflow", input_name = "SkillOverflowInput")]
pub struct SkillOverflowGql {
    pub after_secs: i32,
    pub required_skills: Vec<SkillRequirementGql>,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum OverflowKind {
    Queue,
    Flow,
    Voicemail,
    Number,
}

#[derive(SimpleObject, InputObject, Clone)]
#[graphql(name = "QueueOverflow", input_name = "QueueOverflowInput")]
pub struct OverflowGql {
    pub kind: OverflowKind,
    /// The queue or flow id for QUEUE and FLOW.
    pub target_id: Option<ID>,
    /// The E.164 number for NUMBER.
    pub number: Option<String>,
}

#[derive(SimpleObject, InputObject, Clone)]
#[graphql(name = "WrapUpCode", input_name = "WrapUpCodeInput")]
pub struct WrapUpGql {
    pub code: String,
    pub label: String,
}

#[derive(SimpleObject)]
pub struct Queue {
    pub id: ID,
    pub name: String,
    pub required_skills: Vec<SkillRequirementGql>,
    pub priority: i32,
    pub max_wait_secs: i32,
    pub overflow: Option<OverflowGql>,
    pub callback_offer: bool,
    pub music_on_hold_prompt_id: Option<String>,
    pub announcement_interval_secs: i32,
    pub service_level_secs: i32,
    pub service_level_percent: i32,
    pub after_call_work_secs: i32,
    pub wrap_up_codes: Vec<WrapUpGql>,
    pub business_hours_id: Option<ID>,
    pub skill_overflow: Option<SkillOverflowGql>,
}

fn int(v: u32) -> i32 {
    i32::try_from(v).unwrap_or(i32::MAX)
}

impl From<QueueView> for Queue {
    fn from(v: QueueView) -> Self {
        let s = v.settings;
        Self {
            id: id(v.row.id),
            name: v.row.name,
            required_skills: s
                .required_skills
                .iter()
                .map(|r| SkillRequirementGql {
                    skill_group_id: id(r.skill_group_id),
                    min_proficiency: r.min_proficiency.into(),
                })
                .collect(),
            priority: s.priority.into(),
            max_wait_secs: int(s.max_wait_secs),
            overflow: s.overflow.map(|o| match o {
                Overflow::Queue { queue_id } => OverflowGql {
                    kind: OverflowKind::Queue,
                    target_id: Some(id(queue_id)),
                    number: None,
                },
                Overflow::Flow { flow_id } => OverflowGql {
                    kind: OverflowKind::Flow,
                    target_id: Some(id(flow_id)),
                    number: None,
                },
                Overflow::Voicemail => OverflowGql {
                    kind: OverflowKind::Voicemail,
                    target_id: None,
                    number: None,
                },
                Overflow::Number { number } => OverflowGql {
                    kind: OverflowKind::Number,
                    target_id: None,
                    number: Some(number),
                },
            }),
            callback_offer: s.callback_offer,
            music_on_hold_prompt_id: s.music_on_hold_prompt_id,
            announcement_interval_secs: int(s.announcement_interval_secs),
            service_level_secs: int(s.service_level_secs),
            service_level_percent: s.service_level_percent.into(),
            after_call_work_secs: int(s.after_call_work_secs),
            wrap_up_codes: s
                .wrap_up_codes
                .into_iter()
                .map(|w| WrapUpGql {
                    code: w.code,
                    label: w.label,
                })
                .collect(),
            business_hours_id: s.business_hours_id.map(id),
            skill_overflow: s.skill_overflow.map(|o| SkillOverflowGql {
                after_secs: int(o.after_secs),
                required_skills: o
                    .required_skills
                    .iter()
                    .map(|r| SkillRequirementGql {
                        skill_group_id: id(r.skill_group_id),
                        min_proficiency: r.min_proficiency.into(),
                    })
                    .collect(),
            }),
        }
    }
}

/// A queue's settings; omitted fields take the defaults shown.
#[derive(InputObject)]
pub struct QueueInput {
    pub name: String,
    #[graphql(default)]
    pub required_skills: Vec<SkillRequirementGql>,
    #[graphql(default = 50)]
    pub priority: i32,
    #[graphql(default = 600)]
    pub max_wait_secs: i32,
    pub overflow: Option<OverflowGql>,
    #[graphql(default = true)]
    pub callback_offer: bool,
    pub music_on_hold_prompt_id: Option<String>,
    #[graphql(default = 60)]
    pub announcement_interval_secs: i32,
    #[graphql(default = 20)]
    pub service_level_secs: i32,
    #[graphql(default = 80)]
    pub service_level_percent: i32,
    #[graphql(default = 30)]
    pub after_call_work_secs: i32,
    #[graphql(default)]
    pub wrap_up_codes: Vec<WrapUpGql>,
    pub business_hours_id: Option<ID>,
    /// Overflow to other skill groups after a wait (before `overflow` at the maximum wait).
    pub skill_overflow: Option<SkillOverflowGql>,
}

fn range<T: TryFrom<i32>>(v: i32, field: &str) -> Result<T, ApiError> {
    T::try_from(v).map_err(|_| ApiError::bad_input(format!("{field}: {v} is out of range")))
}

impl QueueInput {
    pub fn into_domain(self) -> Result<(String, QueueSettings), ApiError> {
        let overflow = match self.overflow {
            None => None,
            Some(o) => Some(match o.kind {
                OverflowKind::Queue => Overflow::Queue {
                    queue_id: uuid_arg(
                        o.target_id.as_ref().ok_or_else(|| {
                            ApiError::bad_input("overflow: targetId is required for QUEUE")
                        })?,
                        "queue",
                    )?,
                },
                OverflowKind::Flow => Overflow::Flow {
                    flow_id: uuid_arg(
                        o.target_id.as_ref().ok_or_else(|| {
                            ApiError::bad_input("overflow: targetId is required for FLOW")
                        })?,
                        "flow",
                    )?,
                },
                OverflowKind::Voicemail => Overflow::Voicemail,
                OverflowKind::Number => Overflow::Number {
                    number: o.number.ok_or_else(|| {
                        ApiError::bad_input("overflow: number is required for NUMBER")
                    })?,
                },
            }),
        };
        let skills = |list: &[SkillRequirementGql]| {
            list.iter()
                .map(|r| {
                    Ok(SkillRequirement {
                        skill_group_id: uuid_arg(&r.skill_group_id, "skill group")?,
                        min_proficiency: range(r.min_proficiency, "minProficiency")?,
                    })
                })
                .collect::<Result<Vec<_>, ApiError>>()
        };
        let required_skills = skills(&self.required_skills)?;
        let skill_overflow = match &self.skill_overflow {
            None => None,
            Some(o) => Some(SkillOverflow {
                after_secs: range(o.after_secs, "skillOverflow.afterSecs")?,
                required_skills: skills(&o.required_skills)?,
            }),
        };
        let settings = QueueSettings {
            required_skills,
            priority: range(self.priority, "priority")?,
            max_wait_secs: range(self.max_wait_secs, "maxWaitSecs")?,
            overflow,
            callback_offer: self.callback_offer,
            music_on_hold_prompt_id: self.music_on_hold_prompt_id.filter(|p| !p.is_empty()),
            announcement_interval_secs: range(
                self.announcement_interval_secs,
                "announcementIntervalSecs",
            )?,
            service_level_secs: range(self.service_level_secs, "serviceLevelSecs")?,
            service_level_percent: range(self.service_level_percent, "serviceLevelPercent")?,
            after_call_work_secs: range(self.after_call_work_secs, "afterCallWorkSecs")?,
            wrap_up_codes: self
                .wrap_up_codes
                .into_iter()
                .map(|w| WrapUpCode {
                    code: w.code.trim().to_owned(),
                    label: w.label.trim().to_owned(),
                })
                .collect(),
            business_hours_id: opt_uuid(&self.business_hours_id, "business hours")?,
            skill_overflow,
        };
        Ok((self.name, settings))
    }
}

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
            id: id(v.row.id),
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

#[derive(SimpleObject)]
pub struct FlowIssue {
    /// The node at fault, if any.
    pub node_id: Option<String>,
    /// NO_START, DUPLICATE_ID, DANGLING_EDGE, UNREACHABLE, INPUT_FREE_LOOP, MISSING_PROMPT,
    /// MISSING_EXIT, INVALID_CONFIG or UNKNOWN_REFERENCE.
    pub code: String,
    pub message: String,
}

impl From<DomainIssue> for FlowIssue {
    fn from(i: DomainIssue) -> Self {
        Self {
            node_id: i.node_id,
            code: serde_json::to_value(i.code)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
            message: i.message,
        }
    }
}

#[derive(SimpleObject)]
pub struct IvrFlowVersion {
    pub id: ID,
    pub version: i32,
    pub graph: Json<serde_json::Value>,
    pub published_at: DateTime<Utc>,
    pub published_by: ID,
}

impl From<ivr_flow_version::Model> for IvrFlowVersion {
    fn from(v: ivr_flow_version::Model) -> Self {
        Self {
            id: id(v.id),
            version: v.version,
            graph: Json(v.graph),
            published_at: v.published_at,
            published_by: id(v.published_by),
        }
    }
}

#[derive(InputObject)]
pub struct IvrFlowInput {
    pub name: String,
    #[graphql(default)]
    pub description: String,
}
