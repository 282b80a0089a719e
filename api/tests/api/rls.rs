//! PostgreSQL's row-level security is a second wall: inside a tenant transaction even an
//! unfiltered query sees only that tenant's rows, and writing another tenant's row fails.

use qiao_tenants::{Role, TenantCtx, TenantId, UserId};
use sea_orm::{ConnectionTrait, DbBackend, Statement};

use crate::support::{TestApp, is_postgres};

#[tokio::test]
async fn unfiltered_queries_see_only_the_scoped_tenant() {
    if !is_postgres() {
        eprintln!("row-level security is PostgreSQL-only; this run uses SQLite");
        return;
    }
    let app = TestApp::spawn().await;
    let a = app.sign_up().await;
    app.add_member(&a, "m@example.com", "AGENT").await;
    let b = app.sign_up().await;
    let db = &app.state().db;
    assert_eq!(db.backend(), DbBackend::Postgres);
    let ctx = |s: &crate::support::Session| {
        TenantCtx::for_user(
            s.tenant_id.parse::<TenantId>().unwrap(),
            s.user_id.parse::<UserId>().unwrap(),
            Role::Owner,
        )
    };
    let count = |sql: &'static str, c: TenantCtx| async move {
        let txn = db.begin(&c).await.unwrap();
        let row = txn
            .query_one(Statement::from_string(DbBackend::Postgres, sql))
            .await
            .unwrap()
            .unwrap();
        row.try_get_by_index::<i64>(0).unwrap()
    };
    assert_eq!(count("SELECT count(*) FROM users", ctx(&a)).await, 2);
    assert_eq!(count("SELECT count(*) FROM users", ctx(&b)).await, 1);
    assert_eq!(
        count("SELECT count(*) FROM refresh_tokens", ctx(&b)).await,
        1
    );

    // Inserting a row for tenant A while scoped to B violates the policy.
    let txn = db.begin(&ctx(&b)).await.unwrap();
    let insert = format!(
        "INSERT INTO users (id, tenant_id, email, password_hash, role, active, created_at, updated_at) \
         VALUES ('{}', '{}', 'x@example.com', 'x', 'agent', true, now(), now())",
        uuid::Uuid::now_v7(),
        a.tenant_id
    );
    let err = txn.execute_unprepared(&insert).await.unwrap_err();
    assert!(err.to_string().contains("row-level security"), "{err}");
}
