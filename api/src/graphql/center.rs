//! Queries and mutations of the center's configuration: numbers, trunks, desk phones, skill
//! groups, queues, business hours and IVR flows. Reading needs a supervisor, changing an admin.

use async_graphql::{ComplexObject, Context, ID, Json, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use qiao_tenants::ctx::{ManageConfig, ViewConfig};
use qiao_tenants::entities::ivr_flow;

use super::center_types::*;
use super::error::Gql;
use crate::app::AppState;

/// The caller's right to read the center's configuration.
async fn view<'a>(cx: &'a Context<'_>) -> Result<(&'a AppState, ViewConfig<'a>)> {
    let (state, ctx) = super::tenant(cx).await?;
    Ok((state, ctx.can_view_config().gql()?))
}

/// The caller's right to change it.
async fn manage<'a>(cx: &'a Context<'_>) -> Result<(&'a AppState, ManageConfig<'a>)> {
    let (state, ctx) = super::tenant(cx).await?;
    Ok((state, ctx.can_manage_config().gql()?))
}

/// An IVR flow: its draft (the editor's JSON), problems, and published versions.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct IvrFlow {
    pub id: ID,
    pub name: String,
    pub description: String,
    /// The editable graph: `{ start, nodes: [{ id, type, position, … }] }`.
    pub draft: Json<serde_json::Value>,
    /// The version calls use; none until first published.
    pub published_version: Option<i32>,
    pub updated_at: DateTime<Utc>,
}

impl From<ivr_flow::Model> for IvrFlow {
    fn from(f: ivr_flow::Model) -> Self {
        Self {
            id: ID(f.id.to_string()),
            name: f.name,
            description: f.description,
            draft: Json(f.draft),
            published_version: f.published_version,
            updated_at: f.updated_at,
        }
    }
}

#[ComplexObject]
impl IvrFlow {
    /// The draft's problems; publishing needs none.
    async fn issues(&self, cx: &Context<'_>) -> Result<Vec<FlowIssue>> {
        let (state, cap) = view(cx).await?;
        let id = uuid_arg(&self.id, "flow").gql()?;
        let issues = state.center.validate_flow(&cap, id).await.gql()?;
        Ok(issues.into_iter().map(FlowIssue::from).collect())
    }

    /// Published versions, newest first.
    async fn versions(&self, cx: &Context<'_>) -> Result<Vec<IvrFlowVersion>> {
        let (state, cap) = view(cx).await?;
        let id = uuid_arg(&self.id, "flow").gql()?;
        let v = state.center.flow_versions(&cap, id).await.gql()?;
        Ok(v.into_iter().map(IvrFlowVersion::from).collect())
    }
}

#[derive(SimpleObject)]
pub struct SaveIvrFlowPayload {
    pub flow: IvrFlow,
    /// Problems in the saved draft (saving succeeds anyway; publishing needs none).
    pub issues: Vec<FlowIssue>,
}

#[derive(Default)]
pub struct CenterQuery;

#[Object]
impl CenterQuery {
    async fn phone_numbers(&self, cx: &Context<'_>) -> Result<Vec<PhoneNumber>> {
        let (state, cap) = view(cx).await?;
        let rows = state.center.numbers(&cap).await.gql()?;
        Ok(rows.into_iter().map(PhoneNumber::from).collect())
    }

    async fn sip_trunks(&self, cx: &Context<'_>) -> Result<Vec<SipTrunk>> {
        let (state, cap) = view(cx).await?;
        let rows = state.center.trunks(&cap).await.gql()?;
        Ok(rows.into_iter().map(SipTrunk::from).collect())
    }

    async fn sip_endpoints(&self, cx: &Context<'_>) -> Result<Vec<SipEndpoint>> {
        let (state, cap) = view(cx).await?;
        let rows = state.center.sip_endpoints(&cap).await.gql()?;
        Ok(rows.into_iter().map(SipEndpoint::from).collect())
    }

    async fn skill_groups(&self, cx: &Context<'_>) -> Result<Vec<SkillGroup>> {
        let (state, cap) = view(cx).await?;
        let rows = state.center.skill_groups(&cap).await.gql()?;
        Ok(rows.into_iter().map(SkillGroup::from).collect())
    }

    async fn queues(&self, cx: &Context<'_>) -> Result<Vec<Queue>> {
        let (state, cap) = view(cx).await?;
        let rows = state.center.queues(&cap).await.gql()?;
        Ok(rows.into_iter().map(Queue::from).collect())
    }

    async fn queue(&self, cx: &Context<'_>, id: ID) -> Result<Queue> {
        let (state, cap) = view(cx).await?;
        let id = uuid_arg(&id, "queue").gql()?;
        let q = state.center.queue(&cap, id).await.gql()?;
        Ok(q.into())
    }

    async fn business_hours(&self, cx: &Context<'_>) -> Result<Vec<BusinessHours>> {
        let (state, cap) = view(cx).await?;
        let rows = state.center.business_hours(&cap).await.gql()?;
        Ok(rows.into_iter().map(BusinessHours::from).collect())
    }

    /// Whether a schedule is open at an instant (default: now).
    async fn business_hours_open(
        &self,
        cx: &Context<'_>,
        id: ID,
        at: Option<DateTime<Utc>>,
    ) -> Result<bool> {
        let (state, cap) = view(cx).await?;
        let id = uuid_arg(&id, "business hours").gql()?;
        state
            .center
            .hours_open(&cap, id, at.unwrap_or_else(Utc::now))
            .await
            .gql()
    }

    async fn ivr_flows(&self, cx: &Context<'_>) -> Result<Vec<IvrFlow>> {
        let (state, cap) = view(cx).await?;
        let rows = state.center.flows(&cap).await.gql()?;
        Ok(rows.into_iter().map(IvrFlow::from).collect())
    }

    async fn ivr_flow(&self, cx: &Context<'_>, id: ID) -> Result<IvrFlow> {
        let (state, cap) = view(cx).await?;
        let id = uuid_arg(&id, "flow").gql()?;
        let f = state.center.flow(&cap, id).await.gql()?;
        Ok(f.into())
    }
}

#[derive(Default)]
pub struct CenterMutation;

#[Object]
impl CenterMutation {
    /// Adds a phone number (E.164); it must not belong to any organisation yet.
    async fn create_phone_number(
        &self,
        cx: &Context<'_>,
        input: PhoneNumberInput,
    ) -> Result<PhoneNumber> {
        let (state, cap) = manage(cx).await?;
        let n = state
            .center
            .create_number(&cap, input.into_domain().gql()?)
            .await
            .gql()?;
        Ok(n.into())
    }

    async fn update_phone_number(
        &self,
        cx: &Context<'_>,
        id: ID,
        input: PhoneNumberInput,
    ) -> Result<PhoneNumber> {
        let (state, cap) = manage(cx).await?;
        let id = uuid_arg(&id, "number").gql()?;
        let n = state
            .center
            .update_number(&cap, id, input.into_domain().gql()?)
            .await
            .gql()?;
        Ok(n.into())
    }

    async fn delete_phone_number(&self, cx: &Context<'_>, id: ID) -> Result<bool> {
        let (state, cap) = manage(cx).await?;
        state
            .center
            .delete_number(&cap, uuid_arg(&id, "number").gql()?)
            .await
            .gql()?;
        Ok(true)
    }

    async fn create_sip_trunk(&self, cx: &Context<'_>, input: SipTrunkInput) -> Result<SipTrunk> {
        let (state, cap) = manage(cx).await?;
        Ok(state
            .center
            .save_trunk(&cap, None, input.into())
            .await
            .gql()?
            .into())
    }

    async fn update_sip_trunk(
        &self,
        cx: &Context<'_>,
        id: ID,
        input: SipTrunkInput,
    ) -> Result<SipTrunk> {
        let (state, cap) = manage(cx).await?;
        let id = uuid_arg(&id, "trunk").gql()?;
        Ok(state
            .center
            .save_trunk(&cap, Some(id), input.into())
            .await
            .gql()?
            .into())
    }

    async fn delete_sip_trunk(&self, cx: &Context<'_>, id: ID) -> Result<bool> {
        let (state, cap) = manage(cx).await?;
        state
            .center
            .delete_trunk(&cap, uuid_arg(&id, "trunk").gql()?)
            .await
            .gql()?;
        Ok(true)
    }

    /// Adds a desk phone account (only a digest hash of the password is kept).
    async fn create_sip_endpoint(
        &self,
        cx: &Context<'_>,
        input: SipEndpointInput,
    ) -> Result<SipEndpoint> {
        let (state, cap) = manage(cx).await?;
        let e = state
            .center
            .create_sip_endpoint(&cap, input.into_domain().gql()?)
            .await
            .gql()?;
        Ok(e.into())
    }

    /// Changes a desk phone's display name and linked user, and its password when given.
    async fn update_sip_endpoint(
        &self,
        cx: &Context<'_>,
        id: ID,
        display_name: String,
        user_id: Option<ID>,
        password: Option<String>,
    ) -> Result<SipEndpoint> {
        let (state, cap) = manage(cx).await?;
        let id = uuid_arg(&id, "SIP endpoint").gql()?;
        let user = user_id
            .as_ref()
            .map(|u| uuid_arg(u, "user"))
            .transpose()
            .gql()?;
        let e = state
            .center
            .update_sip_endpoint(
                &cap,
                id,
                &display_name,
                user,
                password.as_deref().filter(|p| !p.is_empty()),
            )
            .await
            .gql()?;
        Ok(e.into())
    }

    async fn delete_sip_endpoint(&self, cx: &Context<'_>, id: ID) -> Result<bool> {
        let (state, cap) = manage(cx).await?;
        state
            .center
            .delete_sip_endpoint(&cap, uuid_arg(&id, "SIP endpoint").gql()?)
            .await
            .gql()?;
        Ok(true)
    }

    async fn create_skill_group(
        &self,
        cx: &Context<'_>,
        input: SkillGroupInput,
    ) -> Result<SkillGroup> {
        let (state, cap) = manage(cx).await?;
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
        let (state, cap) = manage(cx).await?;
        let id = uuid_arg(&id, "skill group").gql()?;
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
                super::error::ApiError::NotFound("skill group not found".into()).into_gql()
            })
    }

    async fn delete_skill_group(&self, cx: &Context<'_>, id: ID) -> Result<bool> {
        let (state, cap) = manage(cx).await?;
        state
            .center
            .delete_skill_group(&cap, uuid_arg(&id, "skill group").gql()?)
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
        let (state, cap) = manage(cx).await?;
        let g = uuid_arg(&skill_group_id, "skill group").gql()?;
        let u = uuid_arg(&user_id, "user").gql()?;
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
        let (state, cap) = manage(cx).await?;
        let g = uuid_arg(&skill_group_id, "skill group").gql()?;
        let u = uuid_arg(&user_id, "user").gql()?;
        state.center.remove_skill_member(&cap, g, u).await.gql()?;
        Ok(true)
    }

    async fn create_queue(&self, cx: &Context<'_>, input: QueueInput) -> Result<Queue> {
        let (state, cap) = manage(cx).await?;
        let (name, settings) = input.into_domain().gql()?;
        Ok(state
            .center
            .save_queue(&cap, None, &name, settings)
            .await
            .gql()?
            .into())
    }

    async fn update_queue(&self, cx: &Context<'_>, id: ID, input: QueueInput) -> Result<Queue> {
        let (state, cap) = manage(cx).await?;
        let id = uuid_arg(&id, "queue").gql()?;
        let (name, settings) = input.into_domain().gql()?;
        Ok(state
            .center
            .save_queue(&cap, Some(id), &name, settings)
            .await
            .gql()?
            .into())
    }

    async fn delete_queue(&self, cx: &Context<'_>, id: ID) -> Result<bool> {
        let (state, cap) = manage(cx).await?;
        state
            .center
            .delete_queue(&cap, uuid_arg(&id, "queue").gql()?)
            .await
            .gql()?;
        Ok(true)
    }

    async fn create_business_hours(
        &self,
        cx: &Context<'_>,
        input: BusinessHoursInput,
    ) -> Result<BusinessHours> {
        let (state, cap) = manage(cx).await?;
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
        let (state, cap) = manage(cx).await?;
        let id = uuid_arg(&id, "business hours").gql()?;
        let (name, schedule) = input.into_domain().gql()?;
        Ok(state
            .center
            .save_hours(&cap, Some(id), &name, schedule)
            .await
            .gql()?
            .into())
    }

    async fn delete_business_hours(&self, cx: &Context<'_>, id: ID) -> Result<bool> {
        let (state, cap) = manage(cx).await?;
        state
            .center
            .delete_hours(&cap, uuid_arg(&id, "business hours").gql()?)
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
        let (state, cap) = manage(cx).await?;
        let id = uuid_arg(&id, "business hours").gql()?;
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
        let (state, cap) = manage(cx).await?;
        let id = uuid_arg(&id, "business hours").gql()?;
        Ok(state
            .center
            .import_holidays_csv(&cap, id, &csv)
            .await
            .gql()?
            .into())
    }

    async fn create_ivr_flow(&self, cx: &Context<'_>, input: IvrFlowInput) -> Result<IvrFlow> {
        let (state, cap) = manage(cx).await?;
        Ok(state
            .center
            .create_flow(&cap, &input.name, &input.description)
            .await
            .gql()?
            .into())
    }

    async fn update_ivr_flow(
        &self,
        cx: &Context<'_>,
        id: ID,
        input: IvrFlowInput,
    ) -> Result<IvrFlow> {
        let (state, cap) = manage(cx).await?;
        let id = uuid_arg(&id, "flow").gql()?;
        Ok(state
            .center
            .update_flow(&cap, id, &input.name, &input.description)
            .await
            .gql()?
            .into())
    }

    /// Deletes a flow and its versions; refused while a number or queue sends calls to it.
    async fn delete_ivr_flow(&self, cx: &Context<'_>, id: ID) -> Result<bool> {
        let (state, cap) = manage(cx).await?;
        state
            .center
            .delete_flow(&cap, uuid_arg(&id, "flow").gql()?)
            .await
            .gql()?;
        Ok(true)
    }

    /// Saves the editor's graph as the draft; returns its problems.
    async fn save_ivr_flow_draft(
        &self,
        cx: &Context<'_>,
        id: ID,
        graph: Json<serde_json::Value>,
    ) -> Result<SaveIvrFlowPayload> {
        let (state, cap) = manage(cx).await?;
        let id = uuid_arg(&id, "flow").gql()?;
        let (flow, issues) = state
            .center
            .save_flow_draft(&cap, id, &graph.0)
            .await
            .gql()?;
        Ok(SaveIvrFlowPayload {
            flow: flow.into(),
            issues: issues.into_iter().map(FlowIssue::from).collect(),
        })
    }

    /// Publishes the draft as a new version. Refused with BAD_USER_INPUT and
    /// `extensions.issues` when the draft has problems.
    async fn publish_ivr_flow(&self, cx: &Context<'_>, id: ID) -> Result<IvrFlowVersion> {
        let (state, cap) = manage(cx).await?;
        let id = uuid_arg(&id, "flow").gql()?;
        Ok(state.center.publish_flow(&cap, id).await.gql()?.into())
    }

    /// Copies a published version back into the draft.
    async fn restore_ivr_flow_version(
        &self,
        cx: &Context<'_>,
        id: ID,
        version: i32,
    ) -> Result<IvrFlow> {
        let (state, cap) = manage(cx).await?;
        let id = uuid_arg(&id, "flow").gql()?;
        Ok(state
            .center
            .restore_flow_version(&cap, id, version)
            .await
            .gql()?
            .into())
    }
}
