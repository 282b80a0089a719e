//! The reads and writes that are not one tenant's, named one by one so a review sees every
//! access that is not scoped by [`super::Tx`]: the platform's own tables (tenants, nodes,
//! log-in failures) and the few jobs that walk every tenant.

use uuid::Uuid;

use super::{Conn, Tx};
use crate::db::Db;

/// Reads for one tenant on the pool, without a transaction: admitting a call reads the
/// number's trunk, flow and queue before anything else, and no caller should wait for a
/// BEGIN. Filtered by construction like any [`Tx`]; outside row-level security.
pub fn pool_for(db: &Db, tenant: Uuid) -> Tx {
    Tx {
        conn: Conn::Pool(db.platform().clone()),
        tenant,
    }
}

/// Signing up: the platform inserts the tenant's row, and the same transaction then becomes
/// that tenant's [`Tx`] (its owner and first session go in with it, or nothing does).
pub(crate) async fn insert_tenant(
    db: &Db,
    row: crate::entities::tenant::ActiveModel,
) -> Result<(Tx, crate::entities::tenant::Model), sea_orm::DbErr> {
    use sea_orm::{ActiveModelTrait as _, TransactionTrait as _};
    let txn = db.platform().begin().await?;
    let tenant = row.insert(&txn).await?;
    let id = crate::ids::TenantId::from_uuid(tenant.id);
    crate::db::scope(&txn, &crate::ctx::TenantCtx::system(id)).await?;
    Ok((
        Tx {
            conn: Conn::Txn(txn),
            tenant: tenant.id,
        },
        tenant,
    ))
}

/// The spool uploaded recording `id` to `key`: its row says so (a primary-key update, filtered
/// by the key's tenant; the uploader acts for no user). Whether a row was updated.
pub(crate) async fn recording_stored(
    db: &Db,
    id: Uuid,
    key: &crate::objects::ObjectKey,
    bytes: i64,
) -> Result<bool, sea_orm::DbErr> {
    use crate::entities::recording;
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait as _, EntityTrait as _, QueryFilter as _};
    let res = recording::Entity::update_many()
        .col_expr(recording::Column::StoredAt, Expr::value(chrono::Utc::now()))
        .col_expr(recording::Column::Bytes, Expr::value(bytes))
        .filter(recording::Column::Id.eq(id))
        .filter(recording::Column::TenantId.eq(key.tenant().as_uuid()))
        .filter(recording::Column::ObjectKey.eq(key.as_str()))
        .exec(db.platform())
        .await?;
    Ok(res.rows_affected > 0)
}

// ---- The platform's own tables: tenants, nodes, log-in failures -------------------------

/// A tenant's row by id.
pub(crate) async fn tenant(
    db: &Db,
    id: Uuid,
) -> Result<Option<crate::entities::tenant::Model>, sea_orm::DbErr> {
    tenant_in(db.platform(), id).await
}

/// A tenant's row by id, inside a transaction (its own tenant's, after sign-up).
pub(crate) async fn tenant_in(
    c: &impl sea_orm::ConnectionTrait,
    id: Uuid,
) -> Result<Option<crate::entities::tenant::Model>, sea_orm::DbErr> {
    use sea_orm::EntityTrait as _;
    crate::entities::tenant::Entity::find_by_id(id).one(c).await
}

/// Adds a tenant's row (the demo seed's `ensure_tenant`).
pub(crate) async fn create_tenant(
    db: &Db,
    row: crate::entities::tenant::ActiveModel,
) -> Result<crate::entities::tenant::Model, sea_orm::DbErr> {
    use sea_orm::ActiveModelTrait as _;
    row.insert(db.platform()).await
}

/// A tenant's row by its slug (log-in, sign-up, a desk phone's digest realm).
pub(crate) async fn tenant_by_slug(
    db: &Db,
    slug: &str,
) -> Result<Option<crate::entities::tenant::Model>, sea_orm::DbErr> {
    use crate::entities::tenant;
    one_where::<tenant::Entity>(db, tenant::Column::Slug, slug).await
}

/// The row of `E` (a table of the whole platform, or a platform-wide unique index) whose
/// `col` is `value`.
async fn one_where<E: sea_orm::EntityTrait>(
    db: &Db,
    col: E::Column,
    value: &str,
) -> Result<Option<E::Model>, sea_orm::DbErr> {
    use sea_orm::{ColumnTrait as _, QueryFilter as _};
    E::find().filter(col.eq(value)).one(db.platform()).await
}

/// Every tenant, for jobs that work tenant by tenant (the escalation check).
pub(crate) async fn tenants(
    db: &Db,
) -> Result<Vec<crate::entities::tenant::Model>, sea_orm::DbErr> {
    use sea_orm::EntityTrait as _;
    crate::entities::tenant::Entity::find()
        .all(db.platform())
        .await
}

/// This node is alive at `now` (its row is created at the first beat).
pub(crate) async fn node_heartbeat(
    db: &Db,
    id: Uuid,
    started_at: chrono::DateTime<chrono::Utc>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), sea_orm::DbErr> {
    use crate::entities::node;
    use sea_orm::sea_query::Expr;
    use sea_orm::{
        ActiveModelTrait as _, ColumnTrait as _, EntityTrait as _, QueryFilter as _, Set,
    };
    let res = node::Entity::update_many()
        .col_expr(node::Column::SeenAt, Expr::value(now))
        .filter(node::Column::Id.eq(id))
        .exec(db.platform())
        .await?;
    if res.rows_affected == 0 {
        node::ActiveModel {
            id: Set(id),
            started_at: Set(started_at),
            seen_at: Set(now),
        }
        .insert(db.platform())
        .await?;
    }
    Ok(())
}

/// Removes the rows of nodes not seen since `cutoff` (never `me`'s) and returns those this
/// call removed: when two nodes sweep at once, each dead node is claimed by one of them.
pub(crate) async fn claim_dead_nodes(
    db: &Db,
    me: Uuid,
    cutoff: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<crate::entities::node::Model>, sea_orm::DbErr> {
    use crate::entities::node;
    use sea_orm::{ColumnTrait as _, EntityTrait as _, QueryFilter as _};
    let dead = node::Entity::find()
        .filter(node::Column::SeenAt.lt(cutoff))
        .filter(node::Column::Id.ne(me))
        .all(db.platform())
        .await?;
    let mut claimed = Vec::new();
    for n in dead {
        let res = node::Entity::delete_many()
            .filter(node::Column::Id.eq(n.id))
            .filter(node::Column::SeenAt.lt(cutoff))
            .exec(db.platform())
            .await?;
        if res.rows_affected == 1 {
            claimed.push(n);
        }
    }
    Ok(claimed)
}

/// Open calls, of every tenant, that started before `cutoff` and belong to no living node.
pub(crate) async fn orphaned_calls(
    db: &Db,
    cutoff: chrono::DateTime<chrono::Utc>,
    limit: u64,
) -> Result<Vec<crate::entities::call::Model>, sea_orm::DbErr> {
    use crate::entities::{call, node};
    use sea_orm::sea_query::Query;
    use sea_orm::{ColumnTrait as _, EntityTrait as _, QueryFilter as _, QuerySelect as _};
    call::Entity::find()
        .filter(call::Column::EndedAt.is_null())
        .filter(call::Column::StartedAt.lt(cutoff))
        .filter(
            call::Column::NodeId
                .is_null()
                .or(call::Column::NodeId.not_in_subquery(
                    Query::select()
                        .column(node::Column::Id)
                        .from(node::Entity)
                        .to_owned(),
                )),
        )
        .limit(limit)
        .all(db.platform())
        .await
}

/// Log-in failures under `key` since `since`: how many, and the `nth` newest (0-based).
pub(crate) async fn login_failures(
    db: &Db,
    key: &str,
    since: chrono::DateTime<chrono::Utc>,
    nth: u64,
) -> Result<(u64, Option<crate::entities::login_failure::Model>), sea_orm::DbErr> {
    use crate::entities::login_failure;
    use sea_orm::{
        ColumnTrait as _, EntityTrait as _, PaginatorTrait as _, QueryFilter as _, QueryOrder as _,
        QuerySelect as _,
    };
    let recent = login_failure::Entity::find()
        .filter(login_failure::Column::Key.eq(key))
        .filter(login_failure::Column::At.gt(since));
    let count = recent.clone().count(db.platform()).await?;
    if count <= nth {
        return Ok((count, None));
    }
    let row = recent
        .order_by_desc(login_failure::Column::At)
        .offset(nth)
        .one(db.platform())
        .await?;
    Ok((count, row))
}

/// Records a failed log-in under each of `keys` at `now`, and forgets failures before `older`.
pub(crate) async fn record_login_failures(
    db: &Db,
    keys: impl IntoIterator<Item = String>,
    now: chrono::DateTime<chrono::Utc>,
    older: chrono::DateTime<chrono::Utc>,
) -> Result<(), sea_orm::DbErr> {
    use crate::entities::login_failure;
    use sea_orm::{ColumnTrait as _, EntityTrait as _, QueryFilter as _, Set};
    let rows = keys.into_iter().map(|key| login_failure::ActiveModel {
        id: Set(Uuid::now_v7()),
        key: Set(key),
        at: Set(now),
    });
    login_failure::Entity::insert_many(rows)
        .exec(db.platform())
        .await?;
    login_failure::Entity::delete_many()
        .filter(login_failure::Column::At.lt(older))
        .exec(db.platform())
        .await?;
    Ok(())
}

/// Forgets the failed log-ins under `key` (after a successful one).
pub(crate) async fn clear_login_failures(db: &Db, key: &str) -> Result<(), sea_orm::DbErr> {
    use crate::entities::login_failure;
    use sea_orm::{ColumnTrait as _, EntityTrait as _, QueryFilter as _};
    login_failure::Entity::delete_many()
        .filter(login_failure::Column::Key.eq(key))
        .exec(db.platform())
        .await?;
    Ok(())
}

// ---- Indexes that name the tenant: what arrives before any tenant is known ----------------

/// The number `e164` of whichever tenant owns it (numbers are unique platform-wide).
pub(crate) async fn number_by_e164(
    db: &Db,
    e164: &str,
) -> Result<Option<crate::entities::number::Model>, sea_orm::DbErr> {
    use crate::entities::number;
    one_where::<number::Entity>(db, number::Column::E164, e164).await
}

/// A call by id, of whichever tenant (a spool file names only its call).
pub(crate) async fn call_by_id(
    db: &Db,
    id: Uuid,
) -> Result<Option<crate::entities::call::Model>, sea_orm::DbErr> {
    use sea_orm::EntityTrait as _;
    crate::entities::call::Entity::find_by_id(id)
        .one(db.platform())
        .await
}

/// A recording by id, of whichever tenant (the upload queue's files are named by it).
pub(crate) async fn recording_by_id(
    db: &Db,
    id: Uuid,
) -> Result<Option<crate::entities::recording::Model>, sea_orm::DbErr> {
    use sea_orm::EntityTrait as _;
    crate::entities::recording::Entity::find_by_id(id)
        .one(db.platform())
        .await
}
