//! Skill groups and their members' proficiency.

use qiao_tenants::center::skills::SkillGroupView;

use super::prelude::*;

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
            id: gid(v.group.id),
            name: v.group.name,
            description: v.group.description,
            members: v
                .members
                .into_iter()
                .map(|m| SkillGroupMember {
                    user_id: gid(m.user_id),
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

#[derive(Default)]
pub struct SkillQuery;

#[Object]
impl SkillQuery {
    async fn skill_groups(&self, cx: &Context<'_>) -> Result<Vec<SkillGroup>> {
        let (state, cap) = guard::<ViewConfig>(cx).await?;
        let rows = state.center.skill_groups(&cap).await.gql()?;
        Ok(list(rows))
    }
}

#[derive(Default)]
pub struct SkillMutation;

#[Object]
impl SkillMutation {
    async fn create_skill_group(
        &self,
        cx: &Context<'_>,
        input: SkillGroupInput,
    ) -> Result<SkillGroup> {
        let (state, cap) = guard::<ManageConfig>(cx).await?;
        let g = state
            .center
            .save_skill_group(&cap, None, &input.name, &input.description)
            .await
            .gql()?;
        Ok(SkillGroup {
            id: ID(g.id.to_string()),
            name: g.name,
            description: g.description,
            members: vec![],
        })
    }

    async fn update_skill_group(
        &self,
        cx: &Context<'_>,
        id: ID,
        input: SkillGroupInput,
    ) -> Result<SkillGroup> {
        let (state, cap) = guard::<ManageConfig>(cx).await?;
        let id = kit::id::<uuid::Uuid>(&id, "skill group")?;
        state
            .center
            .save_skill_group(&cap, Some(id), &input.name, &input.description)
            .await
            .gql()?;
        let groups = state.center.skill_groups(&cap.view()).await.gql()?;
        groups
            .into_iter()
            .find(|g| g.group.id == id)
            .map(SkillGroup::from)
            .ok_or_else(|| {
                crate::error::ApiError::NotFound("skill group not found".into()).into_gql()
            })
    }

    async fn delete_skill_group(&self, cx: &Context<'_>, id: ID) -> Result<bool> {
        let (state, cap) = guard::<ManageConfig>(cx).await?;
        state
            .center
            .delete_skill_group(&cap, kit::id::<uuid::Uuid>(&id, "skill group")?)
            .await
            .gql()?;
        Ok(true)
    }

    /// Adds a user to a skill group or changes their proficiency (1–5).
    async fn set_skill_group_member(
        &self,
        cx: &Context<'_>,
        skill_group_id: ID,
        user_id: ID,
        proficiency: i32,
    ) -> Result<SkillGroup> {
        let (state, cap) = guard::<ManageConfig>(cx).await?;
        let g = kit::id::<uuid::Uuid>(&skill_group_id, "skill group")?;
        let u = kit::id::<uuid::Uuid>(&user_id, "user")?;
        Ok(state
            .center
            .set_skill_member(&cap, g, u, proficiency)
            .await
            .gql()?
            .into())
    }

    async fn remove_skill_group_member(
        &self,
        cx: &Context<'_>,
        skill_group_id: ID,
        user_id: ID,
    ) -> Result<bool> {
        let (state, cap) = guard::<ManageConfig>(cx).await?;
        let g = kit::id::<uuid::Uuid>(&skill_group_id, "skill group")?;
        let u = kit::id::<uuid::Uuid>(&user_id, "user")?;
        state.center.remove_skill_member(&cap, g, u).await.gql()?;
        Ok(true)
    }
}
