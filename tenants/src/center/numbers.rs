//! Phone numbers (DIDs, unique platform-wide) and where they route: an IVR flow, a queue,
//! or nowhere; each may name the trunk it arrives on.

use sea_orm::Set;
use uuid::Uuid;

use crate::center::Center;
use crate::ctx::{ManageConfig, ViewConfig};
use crate::entities::number;
use crate::error::DomainError;
use crate::store::invalid;
use crate::values::E164;

/// Where a number's calls go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    /// Not in service: callers hear that the number is unavailable.
    None,
    Flow(Uuid),
    Queue(Uuid),
}

impl Route {
    fn parts(self) -> (&'static str, Option<Uuid>) {
        match self {
            Route::None => ("none", None),
            Route::Flow(id) => ("flow", Some(id)),
            Route::Queue(id) => ("queue", Some(id)),
        }
    }

    /// The route stored in a row.
    pub fn of(n: &number::Model) -> Route {
        match (n.route_kind.as_str(), n.route_id) {
            ("flow", Some(id)) => Route::Flow(id),
            ("queue", Some(id)) => Route::Queue(id),
            _ => Route::None,
        }
    }
}

#[derive(Clone, Debug)]
pub struct NumberInput {
    pub number: String,
    pub label: String,
    pub route: Route,
    pub trunk_id: Option<Uuid>,
}

fn parse_label(raw: &str) -> Result<String, DomainError> {
    let s = raw.trim();
    if s.chars().count() > 100 {
        return Err(invalid("label", "is longer than 100 characters"));
    }
    Ok(s.to_owned())
}

impl Center {
    pub async fn numbers(&self, cap: &ViewConfig<'_>) -> Result<Vec<number::Model>, DomainError> {
        let ctx = cap.0;
        self.db
            .list::<number::Entity>(ctx, number::Column::E164)
            .await
    }

    /// Adds a number; it must not belong to any tenant yet.
    pub async fn create_number(
        &self,
        cap: &ManageConfig<'_>,
        input: NumberInput,
    ) -> Result<number::Model, DomainError> {
        self.save_number(cap, None, input).await
    }

    pub async fn update_number(
        &self,
        cap: &ManageConfig<'_>,
        id: Uuid,
        input: NumberInput,
    ) -> Result<number::Model, DomainError> {
        self.save_number(cap, Some(id), input).await
    }

    async fn save_number(
        &self,
        cap: &ManageConfig<'_>,
        id: Option<Uuid>,
        input: NumberInput,
    ) -> Result<number::Model, DomainError> {
        let e164 = E164::parse(&input.number)?;
        let label = parse_label(&input.label)?;
        let txn = self.db.tx(cap.ctx).await?;
        match input.route {
            Route::Flow(f) => {
                txn.get::<crate::entities::ivr_flow::Entity>(f).await?;
            }
            Route::Queue(q) => {
                txn.get::<crate::entities::queue::Entity>(q).await?;
            }
            Route::None => {}
        }
        if let Some(t) = input.trunk_id {
            txn.get::<crate::entities::sip_trunk::Entity>(t).await?;
        }
        let (kind, route_id) = input.route.parts();
        let saved = txn
            .save::<number::Entity>(
                id,
                |n| {
                    n.e164 = Set(e164.as_str().to_owned());
                    n.label = Set(label);
                    n.route_kind = Set(kind.to_owned());
                    n.route_id = Set(route_id);
                    n.trunk_id = Set(input.trunk_id);
                },
                || format!("{e164} is already in use"),
            )
            .await?;
        txn.commit().await?;
        Ok(saved)
    }

    pub async fn delete_number(&self, cap: &ManageConfig<'_>, id: Uuid) -> Result<(), DomainError> {
        let txn = self.db.tx(cap.ctx).await?;
        txn.delete::<number::Entity>(id).await?;
        txn.commit().await?;
        Ok(())
    }
}
