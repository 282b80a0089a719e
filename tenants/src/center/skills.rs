//! Skill groups and their members, each with a proficiency from 1 (learning) to 5 (expert).

use chrono::Utc;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use uuid::Uuid;

use crate::center::Center;
use crate::ctx::{ManageConfig, ViewConfig};
use crate::entities::{skill_group, skill_group_member};
use crate::error::DomainError;
use crate::store::invalid;
use crate::values::parse_name;

/// A skill group with its members.
#[derive(Clone, Debug)]
pub struct SkillGroupView {
    pub group: skill_group::Model,
    pub members: Vec<skill_group_member::Model>,
}

impl Center {
    pub async fn skill_groups(
        &self,
        cap: &ViewConfig<'_>,
    ) -> Result<Vec<SkillGroupView>, DomainError> {
        let txn = self.db.tx(cap.0).await?;
        let groups = txn
            .select::<skill_group::Entity>()
            .order_by_asc(skill_group::Column::Name)
            .all(&txn)
            .await?;
        let members = txn
            .select::<skill_group_member::Entity>()
            .order_by_desc(skill_group_member::Column::Proficiency)
            .order_by_asc(skill_group_member::Column::CreatedAt)
            .all(&txn)
            .await?;
        txn.commit().await?;
        Ok(groups
            .into_iter()
            .map(|group| SkillGroupView {
                members: members
                    .iter()
                    .filter(|m| m.skill_group_id == group.id)
                    .cloned()
                    .collect(),
                group,
            })
            .collect())
    }

    pub async fn save_skill_group(
        &self,
        cap: &ManageConfig<'_>,
        id: Option<Uuid>,
        name: &str,
        description: &str,
    ) -> Result<skill_group::Model, DomainError> {
        let name = parse_name("name", name)?;
        let description = description.trim().to_owned();
        if description.chars().count() > 500 {
            return Err(invalid("description", "is longer than 500 characters"));
        }
        let txn = self.db.tx(cap.ctx).await?;
        let saved = txn
            .save::<skill_group::Entity>(
                id,
                |g| {
                    g.name = Set(name.clone());
                    g.description = Set(description);
                },
                || format!("a skill group named '{name}' already exists"),
            )
            .await?;
        txn.commit().await?;
        Ok(saved)
    }

    /// Deletes a skill group no queue requires.
    pub async fn delete_skill_group(
        &self,
        cap: &ManageConfig<'_>,
        id: Uuid,
    ) -> Result<(), DomainError> {
        let txn = self.db.tx(cap.ctx).await?;
        let g = txn.get::<crate::entities::skill_group::Entity>(id).await?;
        if let Some(q) = crate::center::usage::queue_using(&txn, |_, s| s.refers_to(g.id)).await? {
            return Err(DomainError::Conflict(format!(
                "queue '{q}' requires this skill group; change the queue first"
            )));
        }
        txn.delete_where::<skill_group_member::Entity>()
            .filter(skill_group_member::Column::SkillGroupId.eq(g.id))
            .exec(&txn)
            .await?;
        txn.delete::<skill_group::Entity>(g.id).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Adds a user to a group, or changes their proficiency.
    pub async fn set_skill_member(
        &self,
        cap: &ManageConfig<'_>,
        group_id: Uuid,
        user_id: Uuid,
        proficiency: i32,
    ) -> Result<SkillGroupView, DomainError> {
        if !(1..=5).contains(&proficiency) {
            return Err(invalid("proficiency", "must be 1 to 5"));
        }
        let tenant = cap.ctx.tenant_id().as_uuid();
        let txn = self.db.tx(cap.ctx).await?;
        let group = txn
            .get::<crate::entities::skill_group::Entity>(group_id)
            .await?;
        txn.get::<crate::entities::user::Entity>(user_id).await?;
        let now = Utc::now();
        skill_group_member::Entity::insert(skill_group_member::ActiveModel {
            id: Set(Uuid::now_v7()),
            tenant_id: Set(tenant),
            skill_group_id: Set(group.id),
            user_id: Set(user_id),
            proficiency: Set(proficiency),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .on_conflict(
            OnConflict::columns([
                skill_group_member::Column::TenantId,
                skill_group_member::Column::SkillGroupId,
                skill_group_member::Column::UserId,
            ])
            .update_columns([
                skill_group_member::Column::Proficiency,
                skill_group_member::Column::UpdatedAt,
            ])
            .to_owned(),
        )
        .exec(&txn)
        .await?;
        let members = txn
            .select::<skill_group_member::Entity>()
            .filter(skill_group_member::Column::SkillGroupId.eq(group.id))
            .order_by_desc(skill_group_member::Column::Proficiency)
            .all(&txn)
            .await?;
        txn.commit().await?;
        Ok(SkillGroupView { group, members })
    }

    pub async fn remove_skill_member(
        &self,
        cap: &ManageConfig<'_>,
        group_id: Uuid,
        user_id: Uuid,
    ) -> Result<(), DomainError> {
        let txn = self.db.tx(cap.ctx).await?;
        txn.get::<crate::entities::skill_group::Entity>(group_id)
            .await?;
        let removed = txn
            .delete_where::<skill_group_member::Entity>()
            .filter(skill_group_member::Column::SkillGroupId.eq(group_id))
            .filter(skill_group_member::Column::UserId.eq(user_id))
            .exec(&txn)
            .await?;
        if removed.rows_affected == 0 {
            return Err(DomainError::NotFound("skill group member"));
        }
        txn.commit().await?;
        Ok(())
    }
}
