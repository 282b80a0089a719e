//! The center's configuration service: numbers, trunks and desk phones (`numbers.rs`), skill
//! groups (`skills.rs`), queues (`queues.rs`), business hours (`hours/repo.rs`) and IVR flows
//! (`ivr/repo.rs`). Every method takes a capability from `TenantCtx` and stays in its tenant.

use crate::db::Db;
use crate::error::DomainError;
use crate::values::InvalidValue;

#[derive(Clone)]
pub struct Center {
    pub(crate) db: Db,
    /// Published flow versions, parsed: immutable once published, so never stale.
    pub(crate) flows: crate::calls::FlowCache,
}

impl Center {
    pub fn new(db: Db) -> Self {
        Self {
            db,
            flows: Default::default(),
        }
    }
}

/// Finds a row of `$entity` by id within `$tenant`, or `NotFound($what)`.
macro_rules! find_owned {
    ($entity:ident, $conn:expr, $tenant:expr, $id:expr, $what:expr) => {{
        use sea_orm::{ColumnTrait as _, EntityTrait as _, QueryFilter as _};
        $crate::entities::$entity::Entity::find_by_id($id)
            .filter($crate::entities::$entity::Column::TenantId.eq($tenant))
            .one($conn)
            .await?
            .ok_or($crate::error::DomainError::NotFound($what))
    }};
}
pub(crate) use find_owned;

pub(crate) fn invalid(field: &'static str, reason: impl Into<String>) -> DomainError {
    DomainError::Invalid(InvalidValue {
        field,
        reason: reason.into(),
    })
}
