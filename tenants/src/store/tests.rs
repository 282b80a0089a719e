//! The store kit against a real database: SQLite on disk here, and PostgreSQL (under
//! row-level security) in the `#[ignore]`d twin that the PostgreSQL pass of `./test.sh` runs.

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use super::platform::insert_tenant;
use super::{Owned, Tx};
use crate::ctx::TenantCtx;
use crate::db::Db;
use crate::entities::{skill_group, tenant};
use crate::error::DomainError;
use crate::ids::TenantId;

async fn new_tenant(db: &Db, slug: &str) -> TenantCtx {
    let id = Uuid::now_v7();
    let (tx, _) = insert_tenant(
        db,
        tenant::ActiveModel {
            id: Set(id),
            slug: Set(format!("{slug}-{}", &id.simple().to_string()[24..])),
            name: Set(slug.to_owned()),
            created_at: Set(chrono::Utc::now()),
        },
    )
    .await
    .expect("tenant");
    tx.commit().await.expect("commit");
    TenantCtx::system(TenantId::from_uuid(id))
}

async fn group(tx: &Tx, id: Option<Uuid>, name: &str) -> Result<skill_group::Model, DomainError> {
    tx.save::<skill_group::Entity>(
        id,
        |g| {
            g.name = Set(name.to_owned());
            g.description = Set(String::new());
        },
        || format!("a skill group named '{name}' already exists"),
    )
    .await
}

/// Everything the kit promises, on `db`.
async fn kit_stays_in_its_tenant(db: Db) {
    let (a, b) = (new_tenant(&db, "a").await, new_tenant(&db, "b").await);

    let tx = db.tx(&a).await.unwrap();
    let sales = group(&tx, None, "Sales").await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        sales.tenant_id,
        a.tenant_id().as_uuid(),
        "save stamps the tenant"
    );
    assert_eq!(
        sales.created_at, sales.updated_at,
        "a new row is stamped once"
    );

    // B sees nothing of A's and can change nothing of A's.
    let tx = db.tx(&b).await.unwrap();
    assert!(matches!(
        tx.get::<skill_group::Entity>(sales.id).await,
        Err(DomainError::NotFound("skill group"))
    ));
    assert!(
        tx.find::<skill_group::Entity>(sales.id)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        tx.list::<skill_group::Entity>(skill_group::Column::Name)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        tx.select::<skill_group::Entity>()
            .all(&tx)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        group(&tx, Some(sales.id), "Stolen").await,
        Err(DomainError::NotFound("skill group"))
    ));
    assert!(matches!(
        tx.delete::<skill_group::Entity>(sales.id).await,
        Err(DomainError::NotFound("skill group"))
    ));
    let renamed = tx
        .update_where::<skill_group::Entity>()
        .col_expr(skill_group::Column::Name, Expr::value("Stolen"))
        .exec(&tx)
        .await
        .unwrap();
    assert_eq!(renamed.rows_affected, 0, "update_where is pre-filtered");
    let removed = tx
        .delete_where::<skill_group::Entity>()
        .exec(&tx)
        .await
        .unwrap();
    assert_eq!(removed.rows_affected, 0, "delete_where is pre-filtered");
    // A query that forgets the kit: on PostgreSQL row-level security still hides A's row
    // (the second wall); SQLite has only the kit.
    let raw = skill_group::Entity::find().all(&tx).await.unwrap();
    let sees_a = raw.iter().any(|g| g.id == sales.id);
    assert_eq!(sees_a, db.backend() != sea_orm::DbBackend::Postgres);
    // The same name is free in another tenant.
    group(&tx, None, "Sales").await.unwrap();
    tx.commit().await.unwrap();

    // A's row is untouched; a taken name is a conflict with the caller's message.
    let tx = db.tx(&a).await.unwrap();
    let still = tx.get::<skill_group::Entity>(sales.id).await.unwrap();
    assert_eq!(still.name, "Sales");
    match group(&tx, None, "Sales").await {
        Err(DomainError::Conflict(m)) => {
            assert_eq!(m, "a skill group named 'Sales' already exists")
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    tx.rollback().await.unwrap();

    // Updating stamps updated_at and keeps created_at; delete returns the row.
    let tx = db.tx(&a).await.unwrap();
    let updated = group(&tx, Some(sales.id), "Sales desk").await.unwrap();
    assert_eq!(updated.created_at, sales.created_at);
    assert!(updated.updated_at >= sales.updated_at);
    assert_eq!(updated.name, "Sales desk");
    let gone = tx.delete::<skill_group::Entity>(sales.id).await.unwrap();
    assert_eq!(gone.id, sales.id);
    tx.commit().await.unwrap();

    // Both tenants' rows exist side by side in the table: only the filter kept them apart.
    let all = skill_group::Entity::find()
        .filter(skill_group::Column::Name.eq("Sales"))
        .all(db.platform())
        .await
        .unwrap();
    assert_eq!(all.len(), 1, "B's Sales remains, A's was deleted");
    assert_eq!(all[0].tenant_id, b.tenant_id().as_uuid());
    assert_eq!(<skill_group::Entity as Owned>::WHAT, "skill group");
}

#[tokio::test]
async fn the_kit_stays_in_its_tenant_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("store.db").display()
    );
    let db = Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    kit_stays_in_its_tenant(db).await;
}

#[tokio::test]
#[ignore = "needs PostgreSQL: run by the PostgreSQL pass (QIAO_TEST_POSTGRES)"]
async fn the_kit_stays_in_its_tenant_on_postgres() {
    let admin = std::env::var("QIAO_TEST_POSTGRES")
        .expect("QIAO_TEST_POSTGRES must name the PostgreSQL server for this test");
    let name = format!("qiao_t_{}", Uuid::now_v7().simple());
    Db::connect(&admin)
        .await
        .unwrap()
        .platform()
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .unwrap();
    let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
    let db = Db::connect(&format!("{base}/{name}")).await.unwrap();
    db.migrate().await.unwrap();
    kit_stays_in_its_tenant(db).await;
}
