//! Requirement classes: per (tenant, channel, skill requirements), the ordered set of contacts
//! waiting for such an agent and the ordered set of free agents who qualify.
//!
//! Classes are created when a contact first needs one and are kept for the engine's life
//! (their number is bounded by the distinct requirement sets configured in queues).

use std::collections::{BTreeSet, HashMap};

use uuid::Uuid;

use super::model::{Channel, SkillReq};
use super::order::{ContactRank, FreeKey};

pub(super) type ClassId = usize;

#[derive(Debug)]
pub(super) struct Class {
    pub(super) channel: Channel,
    /// Sorted and deduplicated.
    pub(super) skills: Vec<SkillReq>,
    /// Contacts that any qualifying agent may take, best first.
    pub(super) waiting: BTreeSet<ContactRank>,
    /// Free agents with room on `channel` who meet `skills`, longest idle first.
    pub(super) free: BTreeSet<FreeKey>,
}

#[derive(Debug, Default)]
pub(super) struct Classes {
    all: Vec<Class>,
    by_key: HashMap<(Uuid, Channel, Vec<SkillReq>), ClassId>,
    by_tenant: HashMap<Uuid, Vec<ClassId>>,
}

impl Classes {
    /// The class for these requirements, and whether it was just created (its `free` set is
    /// then empty and the caller must fill it).
    pub(super) fn get_or_create(
        &mut self,
        tenant: Uuid,
        channel: Channel,
        skills: Vec<SkillReq>,
    ) -> (ClassId, bool) {
        let key = (tenant, channel, skills);
        if let Some(&id) = self.by_key.get(&key) {
            return (id, false);
        }
        let id = self.all.len();
        let (tenant, channel, skills) = key;
        self.by_key.insert((tenant, channel, skills.clone()), id);
        self.by_tenant.entry(tenant).or_default().push(id);
        self.all.push(Class {
            channel,
            skills,
            waiting: BTreeSet::new(),
            free: BTreeSet::new(),
        });
        (id, true)
    }

    pub(super) fn get(&self, id: ClassId) -> &Class {
        &self.all[id]
    }

    pub(super) fn get_mut(&mut self, id: ClassId) -> &mut Class {
        &mut self.all[id]
    }

    /// The tenant's classes, in creation order.
    pub(super) fn of_tenant(&self, tenant: Uuid) -> &[ClassId] {
        self.by_tenant.get(&tenant).map_or(&[], Vec::as_slice)
    }
}

/// Sorts and deduplicates requirements so equal sets share a class.
pub(super) fn normalize(mut skills: Vec<SkillReq>) -> Vec<SkillReq> {
    skills.sort();
    skills.dedup();
    skills
}
