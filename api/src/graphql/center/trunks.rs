//! SIP trunks: the carrier's host, credentials and the addresses it calls from.

use qiao_tenants::entities::sip_trunk;

use super::prelude::*;

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
            id: gid(t.id),
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

impl From<SipTrunkInput> for qiao_tenants::center::trunks::TrunkInput {
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

#[derive(Default)]
pub struct TrunkQuery;

#[Object]
impl TrunkQuery {
    async fn sip_trunks(&self, cx: &Context<'_>) -> Result<Vec<SipTrunk>> {
        let (state, cap) = guard::<ViewConfig>(cx).await?;
        let rows = state.center.trunks(&cap).await.gql()?;
        Ok(list(rows))
    }
}

#[derive(Default)]
pub struct TrunkMutation;

#[Object]
impl TrunkMutation {
    async fn create_sip_trunk(&self, cx: &Context<'_>, input: SipTrunkInput) -> Result<SipTrunk> {
        let (state, cap) = guard::<ManageConfig>(cx).await?;
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
        let (state, cap) = guard::<ManageConfig>(cx).await?;
        let id = kit::id::<uuid::Uuid>(&id, "trunk")?;
        Ok(state
            .center
            .save_trunk(&cap, Some(id), input.into())
            .await
            .gql()?
            .into())
    }

    async fn delete_sip_trunk(&self, cx: &Context<'_>, id: ID) -> Result<bool> {
        let (state, cap) = guard::<ManageConfig>(cx).await?;
        state
            .center
            .delete_trunk(&cap, kit::id::<uuid::Uuid>(&id, "trunk")?)
            .await
            .gql()?;
        Ok(true)
    }
}
