//! The one door to tenant-owned rows. A [`Tx`] is opened from a [`Scope`] (a capability, or
//! a `CallAccess`): every query built through it filters on that tenant by construction, and
//! on PostgreSQL the transaction also runs as `qiao_app` under row-level security (the second
//! wall; SQLite has only this one). Reads that cross tenants on purpose live in
//! [`platform`], named, so a review sees every one of them.
//!
//! A `Tx` is `Send + Sync` and every operation takes `&self`, so one transaction can serve
//! several callers in turn: a GraphQL request can open one lazily in its first resolver,
//! share it (`Arc<Tx>`) with the others and commit it when the request ends.

pub mod platform;
#[cfg(test)]
mod tests;

use chrono::Utc;
use sea_orm::{
    ActiveModelBehavior, ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, DbBackend, DbErr, EntityTrait, ExecResult, IntoActiveModel, QueryFilter,
    QueryOrder, QueryResult, Select, SqlErr, Statement,
};
use uuid::Uuid;

pub use crate::ctx::Scope;
use crate::db::Db;
use crate::error::DomainError;
use crate::values::InvalidValue;

/// A table whose rows belong to one tenant (`entities/mod.rs` lists them with `owned!`).
pub trait Owned: EntityTrait {
    /// The noun in `NotFound`.
    const WHAT: &'static str;
    fn tenant_col() -> Self::Column;
    fn id_col() -> Self::Column;
}

/// An owned table with `id`, `tenant_id`, `created_at` and `updated_at`: [`Tx::save`] stamps
/// them (`stamped!` in `entities/mod.rs`).
pub trait Stamped: Owned {
    fn stamp_new(row: &mut Self::ActiveModel, id: Uuid, tenant: Uuid, now: chrono::DateTime<Utc>);
    fn stamp_update(row: &mut Self::ActiveModel, id: Uuid, now: chrono::DateTime<Utc>);
}

/// A transaction for one tenant; or, opened by [`platform::reads_for`], plain reads for one
/// tenant on the pool (no transaction, so no BEGIN on the hot path of admitting a call; still
/// filtered by construction, but outside row-level security).
pub struct Tx {
    conn: Conn,
    tenant: Uuid,
}

enum Conn {
    Txn(DatabaseTransaction),
    Pool(DatabaseConnection),
}

impl Db {
    /// Opens a transaction for the tenant `scope` acts for.
    pub async fn tx(&self, scope: &impl Scope) -> Result<Tx, DbErr> {
        let ctx = scope.ctx();
        Ok(Tx {
            conn: Conn::Txn(self.begin(ctx).await?),
            tenant: ctx.tenant_id().as_uuid(),
        })
    }
}

impl Db {
    /// For one statement of `scope`'s tenant: on SQLite the pool (the statement commits on
    /// its own, sparing the single writer a BEGIN and a COMMIT; there is no row-level
    /// security to arm), elsewhere a scoped transaction. Commit it either way.
    pub async fn unit(&self, scope: &impl Scope) -> Result<Tx, DbErr> {
        if self.backend() == DbBackend::Sqlite {
            return Ok(platform::pool_for(self, scope.ctx().tenant_id().as_uuid()));
        }
        self.tx(scope).await
    }
}

impl Db {
    /// This tenant's row `id` (a read of its own), or `NotFound(E::WHAT)`.
    pub async fn get<E: Owned>(
        &self,
        scope: &impl Scope,
        id: impl Into<Uuid>,
    ) -> Result<E::Model, DomainError> {
        let tx = self.tx(scope).await?;
        let row = tx.get::<E>(id).await?;
        tx.commit().await?;
        Ok(row)
    }

    /// Every row of this tenant by `order` (a read of its own).
    pub async fn list<E: Owned>(
        &self,
        scope: &impl Scope,
        order: E::Column,
    ) -> Result<Vec<E::Model>, DomainError> {
        let tx = self.tx(scope).await?;
        let rows = tx.list::<E>(order).await?;
        tx.commit().await?;
        Ok(rows)
    }

    /// This tenant's newest rows by `order` (those `filter` admits, when given): at most
    /// `limit`, itself kept within 1 to `max`.
    pub async fn newest<E: Owned>(
        &self,
        scope: &impl Scope,
        order: E::Column,
        filter: Option<sea_orm::sea_query::SimpleExpr>,
        limit: u64,
        max: u64,
    ) -> Result<Vec<E::Model>, DomainError> {
        use sea_orm::QuerySelect as _;
        let tx = self.tx(scope).await?;
        let mut q = tx.select::<E>();
        if let Some(f) = filter {
            q = q.filter(f);
        }
        let rows = q
            .order_by_desc(order)
            .limit(limit.clamp(1, max))
            .all(&tx)
            .await?;
        tx.commit().await?;
        Ok(rows)
    }
}

impl Tx {
    /// The tenant every query of this transaction is for.
    pub fn tenant(&self) -> Uuid {
        self.tenant
    }

    /// `E::find()` already filtered on the tenant.
    pub fn select<E: Owned>(&self) -> Select<E> {
        E::find().filter(E::tenant_col().eq(self.tenant))
    }

    /// The row `id` of this tenant, if there is one.
    pub async fn find<E: Owned>(&self, id: impl Into<Uuid>) -> Result<Option<E::Model>, DbErr> {
        self.select::<E>()
            .filter(E::id_col().eq(id.into()))
            .one(self)
            .await
    }

    /// The row `id` of this tenant, or `NotFound(E::WHAT)`.
    pub async fn get<E: Owned>(&self, id: impl Into<Uuid>) -> Result<E::Model, DomainError> {
        self.get_as::<E>(id, E::WHAT).await
    }

    /// The row `id` of this tenant, or `NotFound(what)` (a reference named by its role:
    /// "overflow queue").
    pub async fn get_as<E: Owned>(
        &self,
        id: impl Into<Uuid>,
        what: &'static str,
    ) -> Result<E::Model, DomainError> {
        self.find::<E>(id).await?.ok_or(DomainError::NotFound(what))
    }

    /// Every row of this tenant, ordered by `order`.
    pub async fn list<E: Owned>(&self, order: E::Column) -> Result<Vec<E::Model>, DbErr> {
        self.select::<E>().order_by_asc(order).all(self).await
    }

    /// Inserts a row (`id`, `tenant_id`, `created_at`, `updated_at` stamped) when `id` is
    /// `None`, else updates this tenant's row `id` (`NotFound(E::WHAT)` when there is none;
    /// `updated_at` stamped). `fill` sets the other columns; a unique violation becomes
    /// `Conflict(taken())`.
    pub async fn save<E>(
        &self,
        id: Option<Uuid>,
        fill: impl FnOnce(&mut E::ActiveModel),
        taken: impl FnOnce() -> String,
    ) -> Result<E::Model, DomainError>
    where
        E: Stamped,
        E::ActiveModel: ActiveModelTrait<Entity = E> + ActiveModelBehavior + Send,
        E::Model: IntoActiveModel<E::ActiveModel>,
    {
        let Some(id) = id else {
            return self.insert::<E>(Uuid::now_v7(), fill, taken).await;
        };
        self.get::<E>(id).await?;
        let mut row = E::ActiveModel::default();
        E::stamp_update(&mut row, id, Utc::now());
        fill(&mut row);
        row.update(self).await.map_err(conflict_on_unique(taken))
    }

    /// Inserts a row under a chosen `id` (one its stored object is already named by),
    /// stamped like [`Tx::save`]; a unique violation becomes `Conflict(taken())`.
    pub async fn insert<E>(
        &self,
        id: Uuid,
        fill: impl FnOnce(&mut E::ActiveModel),
        taken: impl FnOnce() -> String,
    ) -> Result<E::Model, DomainError>
    where
        E: Stamped,
        E::ActiveModel: ActiveModelTrait<Entity = E> + ActiveModelBehavior + Send,
        E::Model: IntoActiveModel<E::ActiveModel>,
    {
        let mut row = E::ActiveModel::default();
        E::stamp_new(&mut row, id, self.tenant, Utc::now());
        fill(&mut row);
        row.insert(self).await.map_err(conflict_on_unique(taken))
    }

    /// Deletes this tenant's row `id` and returns it, or `NotFound(E::WHAT)`.
    pub async fn delete<E: Owned>(&self, id: impl Into<Uuid>) -> Result<E::Model, DomainError> {
        let id = id.into();
        let row = self.get::<E>(id).await?;
        E::delete_many()
            .filter(E::tenant_col().eq(self.tenant))
            .filter(E::id_col().eq(id))
            .exec(self)
            .await?;
        Ok(row)
    }

    /// `E::delete_many()` already filtered on the tenant.
    pub fn delete_where<E: Owned>(&self) -> sea_orm::DeleteMany<E> {
        E::delete_many().filter(E::tenant_col().eq(self.tenant))
    }

    /// `E::update_many()` already filtered on the tenant.
    pub fn update_where<E: Owned>(&self) -> sea_orm::UpdateMany<E> {
        E::update_many().filter(E::tenant_col().eq(self.tenant))
    }

    pub async fn commit(self) -> Result<(), DbErr> {
        match self.conn {
            Conn::Txn(t) => t.commit().await,
            Conn::Pool(_) => Ok(()),
        }
    }

    pub async fn rollback(self) -> Result<(), DbErr> {
        match self.conn {
            Conn::Txn(t) => t.rollback().await,
            Conn::Pool(_) => Ok(()),
        }
    }

    fn c(&self) -> &dyn ConnectionTrait {
        match &self.conn {
            Conn::Txn(t) => t,
            Conn::Pool(p) => p,
        }
    }
}

/// A `Tx` is a connection: sea-orm queries run on `&tx` directly.
#[async_trait::async_trait]
impl ConnectionTrait for Tx {
    fn get_database_backend(&self) -> DbBackend {
        self.c().get_database_backend()
    }
    async fn execute(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        self.c().execute(stmt).await
    }
    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        self.c().execute_unprepared(sql).await
    }
    async fn query_one(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        self.c().query_one(stmt).await
    }
    async fn query_all(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        self.c().query_all(stmt).await
    }
}

/// `E::update_many()` filtered on `scope`'s tenant, for a statement run outside a [`Tx`]
/// (one update of a call row on SQLite, where there is no row-level security to arm).
pub fn update_in<E: Owned>(scope: &impl Scope) -> sea_orm::UpdateMany<E> {
    E::update_many().filter(E::tenant_col().eq(scope.ctx().tenant_id().as_uuid()))
}

/// Implements [`Owned`] for entities: `owned!(queue => "queue", …)`; a table keyed by
/// another column names it: `owned!(agent_state => "agent" by UserId)`.
macro_rules! owned {
    ($($entity:ident => $what:literal $(by $key:ident)?),* $(,)?) => {$(
        impl $crate::store::Owned for $crate::entities::$entity::Entity {
            const WHAT: &'static str = $what;
            fn tenant_col() -> Self::Column {
                $crate::entities::$entity::Column::TenantId
            }
            fn id_col() -> Self::Column {
                $crate::store::owned!(@key $entity $($key)?)
            }
        }
    )*};
    (@key $entity:ident) => { $crate::entities::$entity::Column::Id };
    (@key $entity:ident $key:ident) => { $crate::entities::$entity::Column::$key };
}
pub(crate) use owned;

/// Implements [`Stamped`] for owned entities with `id`, `tenant_id`, `created_at` and
/// `updated_at`.
macro_rules! stamped {
    ($($entity:ident),* $(,)?) => {$(
        impl $crate::store::Stamped for $crate::entities::$entity::Entity {
            fn stamp_new(
                row: &mut $crate::entities::$entity::ActiveModel,
                id: uuid::Uuid,
                tenant: uuid::Uuid,
                now: chrono::DateTime<chrono::Utc>,
            ) {
                row.id = sea_orm::Set(id);
                row.tenant_id = sea_orm::Set(tenant);
                row.created_at = sea_orm::Set(now);
                row.updated_at = sea_orm::Set(now);
            }
            fn stamp_update(
                row: &mut $crate::entities::$entity::ActiveModel,
                id: uuid::Uuid,
                now: chrono::DateTime<chrono::Utc>,
            ) {
                row.id = sea_orm::Set(id);
                row.updated_at = sea_orm::Set(now);
            }
        }
    )*};
}
pub(crate) use stamped;

/// A refused value of `field`.
pub(crate) fn invalid(field: &'static str, reason: impl Into<String>) -> DomainError {
    DomainError::Invalid(InvalidValue {
        field,
        reason: reason.into(),
    })
}

/// True when `e` is a unique-constraint violation.
pub(crate) fn is_unique_violation(e: &DbErr) -> bool {
    matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}

/// Maps a unique violation to `Conflict(message)`, anything else to `Internal`.
pub(crate) fn conflict_on_unique(
    message: impl FnOnce() -> String,
) -> impl FnOnce(DbErr) -> DomainError {
    move |e| {
        if is_unique_violation(&e) {
            DomainError::Conflict(message())
        } else {
            e.into()
        }
    }
}
