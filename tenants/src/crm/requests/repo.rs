//! Service requests in the database.

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, Set};
use serde_json::{Value, json};
use uuid::Uuid;

use super::rules::{Kind, check_details};
use crate::crm::Crm;
use crate::ctx::HandleCases;
use crate::entities::service_request;
use crate::error::DomainError;
use crate::store::invalid;

#[derive(Clone, Debug)]
pub struct RequestInput {
    pub kind: String,
    pub details: Value,
    pub reference: Option<String>,
    pub contact_id: Option<Uuid>,
    pub skill_group_id: Option<Uuid>,
}

impl Crm {
    pub async fn create_request(
        &self,
        cap: &HandleCases<'_>,
        input: RequestInput,
    ) -> Result<service_request::Model, DomainError> {
        let kind = Kind::parse(&input.kind)?;
        let details = check_details(kind, &input.details)?;
        let reference = input
            .reference
            .map(|r| r.trim().to_owned())
            .filter(|r| !r.is_empty());
        if reference.as_ref().is_some_and(|r| r.chars().count() > 60) {
            return Err(invalid("reference", "is longer than 60 characters"));
        }
        let tenant = cap.ctx.tenant_id().as_uuid();
        let txn = self.db.tx(cap.ctx).await?;
        if let Some(c) = input.contact_id {
            txn.get::<crate::entities::contact::Entity>(c).await?;
        }
        if let Some(g) = input.skill_group_id {
            txn.get::<crate::entities::skill_group::Entity>(g).await?;
        }
        let now = Utc::now();
        let row = service_request::ActiveModel {
            id: Set(Uuid::now_v7()),
            tenant_id: Set(tenant),
            kind: Set(kind.as_str().to_owned()),
            status: Set("new".into()),
            details: Set(details),
            reference: Set(reference),
            contact_id: Set(input.contact_id),
            skill_group_id: Set(input.skill_group_id),
            assignee_id: Set(None),
            created_by: Set(Some(cap.actor.as_uuid())),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&txn)
        .await?;
        if let Some(c) = row.contact_id {
            crate::crm::contacts::append_event(
                &txn,
                tenant,
                c,
                kind.timeline_kind(),
                &format!("{} request opened", kind.as_str()),
                json!({"requestId": row.id}),
            )
            .await?;
        }
        crate::crm::audit::record(
            &txn,
            cap.ctx,
            "request.create",
            "service_request",
            Some(row.id),
            kind.as_str(),
            json!({}),
        )
        .await?;
        txn.commit().await?;
        Ok(row)
    }

    pub async fn requests(
        &self,
        cap: &HandleCases<'_>,
        status: Option<&str>,
        limit: u64,
    ) -> Result<Vec<service_request::Model>, DomainError> {
        self.db
            .newest::<service_request::Entity>(
                cap.ctx,
                service_request::Column::CreatedAt,
                status.map(|s| service_request::Column::Status.eq(s)),
                limit,
                500,
            )
            .await
    }

    pub async fn request(
        &self,
        cap: &HandleCases<'_>,
        id: Uuid,
    ) -> Result<service_request::Model, DomainError> {
        self.db
            .get::<crate::entities::service_request::Entity>(cap.ctx, id)
            .await
    }

    /// Moves a request along its workflow; any other step is refused with the allowed ones.
    pub async fn transition_request(
        &self,
        cap: &HandleCases<'_>,
        id: Uuid,
        to: &str,
        note: &str,
    ) -> Result<service_request::Model, DomainError> {
        let tenant = cap.ctx.tenant_id().as_uuid();
        let txn = self.db.tx(cap.ctx).await?;
        let r = txn
            .get::<crate::entities::service_request::Entity>(id)
            .await?;
        let kind = Kind::parse(&r.kind)?;
        let allowed = kind.next(&r.status);
        if !allowed.contains(&to) {
            return Err(DomainError::Conflict(if allowed.is_empty() {
                format!(
                    "a {} request that is {} cannot change any more",
                    r.kind, r.status
                )
            } else {
                format!(
                    "a {} request that is {} can go to {} only",
                    r.kind,
                    r.status,
                    allowed.join(" or ")
                )
            }));
        }
        let updated = service_request::ActiveModel {
            id: Set(r.id),
            status: Set(to.to_owned()),
            updated_at: Set(Utc::now()),
            ..Default::default()
        }
        .update(&txn)
        .await?;
        if let Some(c) = r.contact_id {
            let summary = format!("{} request {} → {to}", r.kind, r.status);
            crate::crm::contacts::append_event(
                &txn,
                tenant,
                c,
                kind.timeline_kind(),
                &summary,
                json!({"requestId": r.id, "note": note.trim()}),
            )
            .await?;
        }
        crate::crm::audit::record(
            &txn,
            cap.ctx,
            "request.transition",
            "service_request",
            Some(r.id),
            &format!("{} → {to}", r.status),
            json!({"note": note.trim()}),
        )
        .await?;
        txn.commit().await?;
        Ok(updated)
    }

    /// Assigns a request to an agent of the tenant.
    pub async fn assign_request(
        &self,
        cap: &HandleCases<'_>,
        id: Uuid,
        user: Uuid,
    ) -> Result<service_request::Model, DomainError> {
        let txn = self.db.tx(cap.ctx).await?;
        let r = txn
            .get::<crate::entities::service_request::Entity>(id)
            .await?;
        txn.get::<crate::entities::user::Entity>(user).await?;
        let updated = service_request::ActiveModel {
            id: Set(r.id),
            assignee_id: Set(Some(user)),
            updated_at: Set(Utc::now()),
            ..Default::default()
        }
        .update(&txn)
        .await?;
        crate::crm::audit::record(
            &txn,
            cap.ctx,
            "request.assign",
            "service_request",
            Some(r.id),
            "assigned",
            json!({"userId": user}),
        )
        .await?;
        txn.commit().await?;
        Ok(updated)
    }
}
