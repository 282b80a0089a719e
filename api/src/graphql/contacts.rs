//! Contacts (CRM): search, caller-ID look-up, create and edit, merge, and the timeline.
//! Every member may use contacts; merging needs a supervisor.

use async_graphql::{ComplexObject, Context, ID, InputObject, Json, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use qiao_tenants::crm::contacts::{Consent, ContactInput as DomainInput, ContactView};
use qiao_tenants::ctx::UseContacts;
use qiao_tenants::entities::contact_event;

use super::kit;
use super::kit::guard;
use crate::error::{ApiError, Gql};

#[derive(SimpleObject, InputObject, Clone)]
#[graphql(name = "ContactPhone", input_name = "ContactPhoneInput")]
pub struct PhoneGql {
    /// E.164.
    pub number: String,
    #[graphql(default)]
    pub label: String,
}

#[derive(SimpleObject, InputObject, Clone, Default)]
#[graphql(name = "ContactConsent", input_name = "ContactConsentInput")]
pub struct ConsentGql {
    pub calls: bool,
    pub sms: bool,
    pub email: bool,
    pub marketing: bool,
}

#[derive(SimpleObject)]
#[graphql(complex)]
pub struct Contact {
    pub id: ID,
    pub name: String,
    pub phones: Vec<PhoneGql>,
    pub emails: Vec<String>,
    pub tags: Vec<String>,
    /// 0 (none) to 9.
    pub vip_level: i32,
    pub preferred_language: Option<String>,
    pub notes: String,
    pub dedicated_agent_id: Option<ID>,
    pub consent: ConsentGql,
    /// Set when this contact was merged into another.
    pub merged_into: Option<ID>,
    pub updated_at: DateTime<Utc>,
}

fn strings(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

impl From<ContactView> for Contact {
    fn from(v: ContactView) -> Self {
        let c = v.contact;
        let consent: Consent = serde_json::from_value(c.consent.clone()).unwrap_or_default();
        Self {
            id: ID(c.id.to_string()),
            name: c.name,
            phones: v
                .phones
                .into_iter()
                .map(|p| PhoneGql {
                    number: p.e164,
                    label: p.label,
                })
                .collect(),
            emails: strings(&c.emails),
            tags: strings(&c.tags),
            vip_level: c.vip_level,
            preferred_language: c.preferred_language,
            notes: c.notes,
            dedicated_agent_id: c.dedicated_agent_id.map(|u| ID(u.to_string())),
            consent: ConsentGql {
                calls: consent.calls,
                sms: consent.sms,
                email: consent.email,
                marketing: consent.marketing,
            },
            merged_into: c.merged_into.map(|u| ID(u.to_string())),
            updated_at: c.updated_at,
        }
    }
}

#[derive(SimpleObject)]
pub struct TimelineEvent {
    pub id: ID,
    /// call, chat, case, booking, card_transaction, note, merged, …
    pub kind: String,
    pub summary: String,
    pub data: Json<serde_json::Value>,
    pub at: DateTime<Utc>,
}

impl From<contact_event::Model> for TimelineEvent {
    fn from(e: contact_event::Model) -> Self {
        Self {
            id: ID(e.id.to_string()),
            kind: e.kind,
            summary: e.summary,
            data: Json(e.data),
            at: e.at,
        }
    }
}

#[ComplexObject]
impl Contact {
    /// Everything that happened with this contact, newest first.
    async fn timeline(
        &self,
        cx: &Context<'_>,
        #[graphql(default = 50)] limit: i32,
    ) -> Result<Vec<TimelineEvent>> {
        let (state, cap) = guard::<UseContacts>(cx).await?;
        let id = kit::id::<uuid::Uuid>(&self.id, "contact")?;
        let rows = state
            .crm
            .contact_timeline(&cap, id, limit.max(1) as u64)
            .await
            .gql()?;
        Ok(rows.into_iter().map(Into::into).collect())
    }
}

#[derive(InputObject)]
pub struct ContactInput {
    pub name: String,
    #[graphql(default)]
    pub phones: Vec<PhoneGql>,
    #[graphql(default)]
    pub emails: Vec<String>,
    #[graphql(default)]
    pub tags: Vec<String>,
    #[graphql(default)]
    pub vip_level: i32,
    pub preferred_language: Option<String>,
    #[graphql(default)]
    pub notes: String,
    pub dedicated_agent_id: Option<ID>,
    #[graphql(default)]
    pub consent: ConsentGql,
}

impl ContactInput {
    fn into_domain(self) -> Result<DomainInput, ApiError> {
        Ok(DomainInput {
            name: self.name,
            phones: self
                .phones
                .into_iter()
                .map(|p| (p.number, p.label))
                .collect(),
            emails: self.emails,
            tags: self.tags,
            vip_level: self.vip_level,
            preferred_language: self.preferred_language,
            notes: self.notes,
            dedicated_agent_id: self
                .dedicated_agent_id
                .as_ref()
                .map(|a| kit::parse::<uuid::Uuid>(a, "user"))
                .transpose()?,
            consent: Consent {
                calls: self.consent.calls,
                sms: self.consent.sms,
                email: self.consent.email,
                marketing: self.consent.marketing,
            },
        })
    }
}

#[derive(Default)]
pub struct ContactQuery;

#[Object]
impl ContactQuery {
    /// Contacts by name, email or phone digits (newest first).
    async fn contacts(
        &self,
        cx: &Context<'_>,
        query: Option<String>,
        #[graphql(default = 50)] limit: i32,
    ) -> Result<Vec<Contact>> {
        let (state, cap) = guard::<UseContacts>(cx).await?;
        let rows = state
            .crm
            .contacts(&cap, query.as_deref(), limit.max(1) as u64)
            .await
            .gql()?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    async fn contact(&self, cx: &Context<'_>, id: ID) -> Result<Contact> {
        let (state, cap) = guard::<UseContacts>(cx).await?;
        let id = kit::id::<uuid::Uuid>(&id, "contact")?;
        Ok(state.crm.contact(&cap, id).await.gql()?.into())
    }

    /// The contact a phone number (caller ID) belongs to, if any.
    async fn contact_by_phone(&self, cx: &Context<'_>, number: String) -> Result<Option<Contact>> {
        let (state, cap) = guard::<UseContacts>(cx).await?;
        Ok(state
            .crm
            .contact_by_phone(&cap, &number)
            .await
            .gql()?
            .map(Into::into))
    }
}

#[derive(Default)]
pub struct ContactMutation;

#[Object]
impl ContactMutation {
    async fn create_contact(&self, cx: &Context<'_>, input: ContactInput) -> Result<Contact> {
        let (state, cap) = guard::<UseContacts>(cx).await?;
        Ok(state
            .crm
            .save_contact(&cap, None, input.into_domain().gql()?)
            .await
            .gql()?
            .into())
    }

    /// Replaces a contact's details (phones included).
    async fn update_contact(
        &self,
        cx: &Context<'_>,
        id: ID,
        input: ContactInput,
    ) -> Result<Contact> {
        let (state, cap) = guard::<UseContacts>(cx).await?;
        let id = kit::id::<uuid::Uuid>(&id, "contact")?;
        Ok(state
            .crm
            .save_contact(&cap, Some(id), input.into_domain().gql()?)
            .await
            .gql()?
            .into())
    }

    /// Merges a duplicate (`sourceId`) into `targetId` (supervisors and above).
    async fn merge_contacts(
        &self,
        cx: &Context<'_>,
        target_id: ID,
        source_id: ID,
    ) -> Result<Contact> {
        let (state, cap) = guard::<UseContacts>(cx).await?;
        let t = kit::id::<uuid::Uuid>(&target_id, "contact")?;
        let s = kit::id::<uuid::Uuid>(&source_id, "contact")?;
        Ok(state.crm.merge_contacts(&cap, t, s).await.gql()?.into())
    }

    async fn add_contact_note(
        &self,
        cx: &Context<'_>,
        id: ID,
        text: String,
    ) -> Result<TimelineEvent> {
        let (state, cap) = guard::<UseContacts>(cx).await?;
        let id = kit::id::<uuid::Uuid>(&id, "contact")?;
        Ok(state
            .crm
            .add_contact_note(&cap, id, &text)
            .await
            .gql()?
            .into())
    }
}
