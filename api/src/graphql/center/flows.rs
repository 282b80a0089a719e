//! IVR flows: the editable draft, its problems, and immutable published versions.

use qiao_tenants::center::ivr::FlowIssue as DomainIssue;
use qiao_tenants::entities::{ivr_flow, ivr_flow_version};

use super::prelude::*;

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
            id: gid(v.id),
            version: v.version,
            graph: Json(v.graph),
            published_at: v.published_at,
            published_by: gid(v.published_by),
        }
    }
}

#[derive(InputObject)]
pub struct IvrFlowInput {
    pub name: String,
    #[graphql(default)]
    pub description: String,
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
        let (state, cap) = guard::<ViewConfig>(cx).await?;
        let id = kit::id::<uuid::Uuid>(&self.id, "flow")?;
        let issues = state.center.validate_flow(&cap, id).await.gql()?;
        Ok(list(issues))
    }

    /// Published versions, newest first.
    async fn versions(&self, cx: &Context<'_>) -> Result<Vec<IvrFlowVersion>> {
        let (state, cap) = guard::<ViewConfig>(cx).await?;
        let id = kit::id::<uuid::Uuid>(&self.id, "flow")?;
        let v = state.center.flow_versions(&cap, id).await.gql()?;
        Ok(list(v))
    }
}

#[derive(SimpleObject)]
pub struct SaveIvrFlowPayload {
    pub flow: IvrFlow,
    /// Problems in the saved draft (saving succeeds anyway; publishing needs none).
    pub issues: Vec<FlowIssue>,
}

#[derive(Default)]
pub struct FlowQuery;

#[Object]
impl FlowQuery {
    async fn ivr_flows(&self, cx: &Context<'_>) -> Result<Vec<IvrFlow>> {
        let (state, cap) = guard::<ViewConfig>(cx).await?;
        let rows = state.center.flows(&cap).await.gql()?;
        Ok(list(rows))
    }

    async fn ivr_flow(&self, cx: &Context<'_>, id: ID) -> Result<IvrFlow> {
        let (state, cap) = guard::<ViewConfig>(cx).await?;
        let id = kit::id::<uuid::Uuid>(&id, "flow")?;
        let f = state.center.flow(&cap, id).await.gql()?;
        Ok(f.into())
    }
}

#[derive(Default)]
pub struct FlowMutation;

#[Object]
impl FlowMutation {
    async fn create_ivr_flow(&self, cx: &Context<'_>, input: IvrFlowInput) -> Result<IvrFlow> {
        let (state, cap) = guard::<ManageConfig>(cx).await?;
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
        let (state, cap) = guard::<ManageConfig>(cx).await?;
        let id = kit::id::<uuid::Uuid>(&id, "flow")?;
        Ok(state
            .center
            .update_flow(&cap, id, &input.name, &input.description)
            .await
            .gql()?
            .into())
    }

    /// Deletes a flow and its versions; refused while a number or queue sends calls to it.
    async fn delete_ivr_flow(&self, cx: &Context<'_>, id: ID) -> Result<bool> {
        let (state, cap) = guard::<ManageConfig>(cx).await?;
        state
            .center
            .delete_flow(&cap, kit::id::<uuid::Uuid>(&id, "flow")?)
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
        let (state, cap) = guard::<ManageConfig>(cx).await?;
        let id = kit::id::<uuid::Uuid>(&id, "flow")?;
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
        let (state, cap) = guard::<ManageConfig>(cx).await?;
        let id = kit::id::<uuid::Uuid>(&id, "flow")?;
        Ok(state.center.publish_flow(&cap, id).await.gql()?.into())
    }

    /// Copies a published version back into the draft.
    async fn restore_ivr_flow_version(
        &self,
        cx: &Context<'_>,
        id: ID,
        version: i32,
    ) -> Result<IvrFlow> {
        let (state, cap) = guard::<ManageConfig>(cx).await?;
        let id = kit::id::<uuid::Uuid>(&id, "flow")?;
        Ok(state
            .center
            .restore_flow_version(&cap, id, version)
            .await
            .gql()?
            .into())
    }
}
