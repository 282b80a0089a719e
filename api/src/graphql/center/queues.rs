//! Queues: required skills, priority, overflow, wrap-up codes and the rest of their settings.

use qiao_tenants::center::queues::{
    Overflow, QueueSettings, QueueView, SkillOverflow, SkillRequirement, WrapUpCode,
};

use super::prelude::*;

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
            id: gid(v.row.id),
            name: v.row.name,
            required_skills: s
                .required_skills
                .iter()
                .map(|r| SkillRequirementGql {
                    skill_group_id: gid(r.skill_group_id),
                    min_proficiency: r.min_proficiency.into(),
                })
                .collect(),
            priority: s.priority.into(),
            max_wait_secs: int(s.max_wait_secs),
            overflow: s.overflow.map(|o| match o {
                Overflow::Queue { queue_id } => OverflowGql {
                    kind: OverflowKind::Queue,
                    target_id: Some(gid(queue_id)),
                    number: None,
                },
                Overflow::Flow { flow_id } => OverflowGql {
                    kind: OverflowKind::Flow,
                    target_id: Some(gid(flow_id)),
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
            business_hours_id: s.business_hours_id.map(gid),
            skill_overflow: s.skill_overflow.map(|o| SkillOverflowGql {
                after_secs: int(o.after_secs),
                required_skills: o
                    .required_skills
                    .iter()
                    .map(|r| SkillRequirementGql {
                        skill_group_id: gid(r.skill_group_id),
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
                    queue_id: kit::parse::<uuid::Uuid>(
                        o.target_id.as_ref().ok_or_else(|| {
                            ApiError::bad_input("overflow: targetId is required for QUEUE")
                        })?,
                        "queue",
                    )?,
                },
                OverflowKind::Flow => Overflow::Flow {
                    flow_id: kit::parse::<uuid::Uuid>(
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
                        skill_group_id: kit::parse::<uuid::Uuid>(&r.skill_group_id, "skill group")?,
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
            business_hours_id: kit::opt_parse::<uuid::Uuid>(
                &self.business_hours_id,
                "business hours",
            )?,
            skill_overflow,
        };
        Ok((self.name, settings))
    }
}

#[derive(Default)]
pub struct QueueQuery;

#[Object]
impl QueueQuery {
    async fn queues(&self, cx: &Context<'_>) -> Result<Vec<Queue>> {
        let (state, cap) = guard::<ViewConfig>(cx).await?;
        let rows = state.center.queues(&cap).await.gql()?;
        Ok(list(rows))
    }

    async fn queue(&self, cx: &Context<'_>, id: ID) -> Result<Queue> {
        let (state, cap) = guard::<ViewConfig>(cx).await?;
        let id = kit::id::<uuid::Uuid>(&id, "queue")?;
        let q = state.center.queue(&cap, id).await.gql()?;
        Ok(q.into())
    }
}

#[derive(Default)]
pub struct QueueMutation;

#[Object]
impl QueueMutation {
    async fn create_queue(&self, cx: &Context<'_>, input: QueueInput) -> Result<Queue> {
        let (state, cap) = guard::<ManageConfig>(cx).await?;
        let (name, settings) = input.into_domain().gql()?;
        Ok(state
            .center
            .save_queue(&cap, None, &name, settings)
            .await
            .gql()?
            .into())
    }

    async fn update_queue(&self, cx: &Context<'_>, id: ID, input: QueueInput) -> Result<Queue> {
        let (state, cap) = guard::<ManageConfig>(cx).await?;
        let id = kit::id::<uuid::Uuid>(&id, "queue")?;
        let (name, settings) = input.into_domain().gql()?;
        Ok(state
            .center
            .save_queue(&cap, Some(id), &name, settings)
            .await
            .gql()?
            .into())
    }

    async fn delete_queue(&self, cx: &Context<'_>, id: ID) -> Result<bool> {
        let (state, cap) = guard::<ManageConfig>(cx).await?;
        state
            .center
            .delete_queue(&cap, kit::id::<uuid::Uuid>(&id, "queue")?)
            .await
            .gql()?;
        Ok(true)
    }
}
