//! Audio prompts: rows pointing at 8 kHz WAV objects under the tenant's key prefix. The audio
//! work (normalising uploads, TTS) happens in the media crate; the API composes the two.

use sea_orm::{ColumnTrait, QueryFilter, Set};
use uuid::Uuid;

use crate::center::Center;
use crate::ctx::{ManageConfig, ViewConfig};
use crate::entities::prompt;
use crate::error::DomainError;
use crate::objects::ObjectKey;
use crate::store::invalid;
use crate::values::parse_name;

/// A prompt to record, after its audio was stored at `object_key`.
#[derive(Clone, Debug)]
pub struct NewPrompt {
    pub id: Uuid,
    pub name: String,
    /// `upload` or `tts`.
    pub kind: &'static str,
    pub language: Option<String>,
    pub text: Option<String>,
    pub object_key: ObjectKey,
    pub duration_ms: i64,
    pub source_name: Option<String>,
}

impl Center {
    /// Checks a prompt name before any audio work is done.
    pub async fn check_prompt_name(
        &self,
        cap: &ManageConfig<'_>,
        name: &str,
    ) -> Result<String, DomainError> {
        let name = parse_name("name", name)?;
        let txn = self.db.tx(cap.ctx).await?;
        let taken = txn
            .select::<prompt::Entity>()
            .filter(prompt::Column::Name.eq(name.as_str()))
            .one(&txn)
            .await?;
        txn.commit().await?;
        if taken.is_some() {
            return Err(DomainError::Conflict(format!(
                "a prompt named '{name}' already exists"
            )));
        }
        Ok(name)
    }

    pub async fn prompts(&self, cap: &ViewConfig<'_>) -> Result<Vec<prompt::Model>, DomainError> {
        self.db
            .list::<prompt::Entity>(cap.0, prompt::Column::Name)
            .await
    }

    pub async fn prompt(
        &self,
        cap: &ViewConfig<'_>,
        id: Uuid,
    ) -> Result<prompt::Model, DomainError> {
        self.db
            .get::<crate::entities::prompt::Entity>(cap.0, id)
            .await
    }

    pub async fn insert_prompt(
        &self,
        cap: &ManageConfig<'_>,
        p: NewPrompt,
    ) -> Result<prompt::Model, DomainError> {
        let tenant = cap.ctx.tenant_id();
        if p.object_key.tenant() != tenant {
            return Err(invalid("objectKey", "the audio belongs to another tenant"));
        }
        let name = parse_name("name", &p.name)?;
        let txn = self.db.tx(cap).await?;
        let row = txn
            .insert::<prompt::Entity>(
                p.id,
                |r| {
                    r.name = Set(name.clone());
                    r.kind = Set(p.kind.to_owned());
                    r.language = Set(p.language);
                    r.text = Set(p.text);
                    r.object_key = Set(p.object_key.as_str().to_owned());
                    r.duration_ms = Set(p.duration_ms);
                    r.source_name = Set(p.source_name);
                },
                || format!("a prompt named '{name}' already exists"),
            )
            .await?;
        txn.commit().await?;
        Ok(row)
    }

    /// Deletes a prompt no flow draft or queue uses; returns the row (its object is the
    /// caller's to delete).
    pub async fn delete_prompt(
        &self,
        cap: &ManageConfig<'_>,
        id: Uuid,
    ) -> Result<prompt::Model, DomainError> {
        let txn = self.db.tx(cap.ctx).await?;
        let p = txn.get::<crate::entities::prompt::Entity>(id).await?;
        if let Some(name) = crate::center::usage::flow_using(&txn, p.id).await? {
            return Err(DomainError::Conflict(format!(
                "IVR flow '{name}' plays this prompt; change it first"
            )));
        }
        if let Some(q) = crate::center::usage::queue_using(&txn, |_, s| s.refers_to(p.id)).await? {
            return Err(DomainError::Conflict(format!(
                "queue '{q}' plays this prompt; change it first"
            )));
        }
        txn.delete::<prompt::Entity>(p.id).await?;
        txn.commit().await?;
        Ok(p)
    }

    /// Whether another prompt still points at `key` (TTS renderings are shared).
    pub async fn object_in_use(
        &self,
        cap: &ManageConfig<'_>,
        key: &ObjectKey,
    ) -> Result<bool, DomainError> {
        let txn = self.db.tx(cap.ctx).await?;
        let found = txn
            .select::<prompt::Entity>()
            .filter(prompt::Column::ObjectKey.eq(key.as_str()))
            .one(&txn)
            .await?;
        txn.commit().await?;
        Ok(found.is_some())
    }
}
