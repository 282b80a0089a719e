//! Desk phones: SIP accounts that register with digest credentials, each linked to a user.

use qiao_tenants::entities::sip_endpoint;

use super::prelude::*;

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
            id: gid(e.id),
            username: e.username,
            display_name: e.display_name,
            user_id: e.user_id.map(gid),
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
    pub fn into_domain(self) -> Result<qiao_tenants::center::desk_phones::EndpointInput, ApiError> {
        Ok(qiao_tenants::center::desk_phones::EndpointInput {
            user_id: kit::opt_parse::<uuid::Uuid>(&self.user_id, "user")?,
            username: self.username,
            display_name: self.display_name,
            password: self.password,
        })
    }
}

#[derive(Default)]
pub struct DeskPhoneQuery;

#[Object]
impl DeskPhoneQuery {
    async fn sip_endpoints(&self, cx: &Context<'_>) -> Result<Vec<SipEndpoint>> {
        let (state, cap) = guard::<ViewConfig>(cx).await?;
        let rows = state.center.sip_endpoints(&cap).await.gql()?;
        Ok(list(rows))
    }
}

#[derive(Default)]
pub struct DeskPhoneMutation;

#[Object]
impl DeskPhoneMutation {
    /// Adds a desk phone account (only a digest hash of the password is kept).
    async fn create_sip_endpoint(
        &self,
        cx: &Context<'_>,
        input: SipEndpointInput,
    ) -> Result<SipEndpoint> {
        let (state, cap) = guard::<ManageConfig>(cx).await?;
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
        let (state, cap) = guard::<ManageConfig>(cx).await?;
        let id = kit::id::<uuid::Uuid>(&id, "SIP endpoint")?;
        let user = user_id
            .as_ref()
            .map(|u| kit::parse::<uuid::Uuid>(u, "user"))
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
        let (state, cap) = guard::<ManageConfig>(cx).await?;
        state
            .center
            .delete_sip_endpoint(&cap, kit::id::<uuid::Uuid>(&id, "SIP endpoint")?)
            .await
            .gql()?;
        Ok(true)
    }
}
