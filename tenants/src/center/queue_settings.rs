//! A queue's settings: required skills, priority, waiting limits and overflow, callback
//! offer, music on hold and announcements, service-level target, after-call work and
//! wrap-up codes; checked as values, and the ids they refer to. Pure: no IO.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::DomainError;
use crate::store::invalid;
use crate::values::E164;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SkillRequirement {
    pub skill_group_id: Uuid,
    /// 1–5.
    pub min_proficiency: u8,
}

/// Where callers go when the queue's maximum wait is reached.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Overflow {
    #[serde(rename_all = "camelCase")]
    Queue {
        queue_id: Uuid,
    },
    #[serde(rename_all = "camelCase")]
    Flow {
        flow_id: Uuid,
    },
    Voicemail,
    Number {
        number: String,
    },
}

/// After a caller has waited `after_secs`, agents with these skills may take them too
/// (overflow to other skill groups, before the queue's own overflow at its maximum wait).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SkillOverflow {
    pub after_secs: u32,
    pub required_skills: Vec<SkillRequirement>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WrapUpCode {
    pub code: String,
    pub label: String,
}

/// A queue's settings, stored as JSON.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueueSettings {
    pub required_skills: Vec<SkillRequirement>,
    /// 0–100; higher is served first.
    pub priority: u8,
    pub max_wait_secs: u32,
    pub overflow: Option<Overflow>,
    pub callback_offer: bool,
    pub music_on_hold_prompt_id: Option<String>,
    /// 0 turns position announcements off.
    pub announcement_interval_secs: u32,
    /// Answer this share of calls within this many seconds.
    pub service_level_secs: u32,
    pub service_level_percent: u8,
    pub after_call_work_secs: u32,
    pub wrap_up_codes: Vec<WrapUpCode>,
    pub business_hours_id: Option<Uuid>,
    #[serde(default)]
    pub skill_overflow: Option<SkillOverflow>,
}

impl Default for QueueSettings {
    fn default() -> Self {
        Self {
            required_skills: Vec::new(),
            priority: 50,
            max_wait_secs: 600,
            overflow: None,
            callback_offer: true,
            music_on_hold_prompt_id: None,
            announcement_interval_secs: 60,
            service_level_secs: 20,
            service_level_percent: 80,
            after_call_work_secs: 30,
            wrap_up_codes: Vec::new(),
            business_hours_id: None,
            skill_overflow: None,
        }
    }
}

impl QueueSettings {
    /// Every id these settings refer to: skill groups (also of the skill overflow), the
    /// business-hours schedule, the overflow queue or flow, the music-on-hold prompt.
    pub fn references(&self) -> Vec<Uuid> {
        let skills = self
            .required_skills
            .iter()
            .chain(self.skill_overflow.iter().flat_map(|o| &o.required_skills))
            .map(|r| r.skill_group_id);
        let overflow = match self.overflow {
            Some(Overflow::Queue { queue_id }) => Some(queue_id),
            Some(Overflow::Flow { flow_id }) => Some(flow_id),
            _ => None,
        };
        let prompt = self
            .music_on_hold_prompt_id
            .as_deref()
            .and_then(|p| p.parse().ok());
        skills
            .chain(self.business_hours_id)
            .chain(overflow)
            .chain(prompt)
            .collect()
    }

    /// Whether these settings refer to `id`.
    pub fn refers_to(&self, id: Uuid) -> bool {
        self.references().contains(&id)
    }

    /// Checks ranges and shapes (references are checked against the tenant on save).
    pub fn check(&self) -> Result<(), DomainError> {
        if self.priority > 100 {
            return Err(invalid("priority", "must be 0 to 100"));
        }
        if !(10..=7200).contains(&self.max_wait_secs) {
            return Err(invalid("maxWaitSecs", "must be 10 to 7200 seconds"));
        }
        if self.announcement_interval_secs != 0
            && !(15..=600).contains(&self.announcement_interval_secs)
        {
            return Err(invalid(
                "announcementIntervalSecs",
                "must be 0 (off) or 15 to 600 seconds",
            ));
        }
        if !(1..=600).contains(&self.service_level_secs)
            || !(1..=100).contains(&self.service_level_percent)
        {
            return Err(invalid(
                "serviceLevel",
                "seconds must be 1 to 600 and percent 1 to 100",
            ));
        }
        if self.after_call_work_secs > 3600 {
            return Err(invalid("afterCallWorkSecs", "must be at most 3600 seconds"));
        }
        let mut skills = HashSet::new();
        for r in &self.required_skills {
            if !(1..=5).contains(&r.min_proficiency) {
                return Err(invalid(
                    "requiredSkills",
                    "minimum proficiency must be 1 to 5",
                ));
            }
            if !skills.insert(r.skill_group_id) {
                return Err(invalid("requiredSkills", "a skill group is listed twice"));
            }
        }
        if let Some(o) = &self.skill_overflow {
            if o.after_secs < 5 || o.after_secs >= self.max_wait_secs {
                return Err(invalid(
                    "skillOverflow",
                    "must start after 5 seconds or more, and before the maximum wait",
                ));
            }
            let mut seen = HashSet::new();
            for r in &o.required_skills {
                if !(1..=5).contains(&r.min_proficiency) || !seen.insert(r.skill_group_id) {
                    return Err(invalid(
                        "skillOverflow",
                        "each skill group once, with a minimum proficiency of 1 to 5",
                    ));
                }
            }
        }
        let mut codes = HashSet::new();
        for w in &self.wrap_up_codes {
            let code_ok = !w.code.is_empty()
                && w.code.len() <= 32
                && w.code
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
            if !code_ok {
                return Err(invalid(
                    "wrapUpCodes",
                    format!("code '{}' must be 1 to 32 of A-Z, 0-9, _ and -", w.code),
                ));
            }
            if w.label.trim().is_empty() || w.label.chars().count() > 100 {
                return Err(invalid(
                    "wrapUpCodes",
                    format!("code '{}' needs a label of 1 to 100 characters", w.code),
                ));
            }
            if !codes.insert(w.code.as_str()) {
                return Err(invalid(
                    "wrapUpCodes",
                    format!("code '{}' is listed twice", w.code),
                ));
            }
        }
        if let Some(Overflow::Number { number }) = &self.overflow {
            E164::parse(number)?;
        }
        Ok(())
    }
}
