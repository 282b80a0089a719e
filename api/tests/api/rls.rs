//! PostgreSQL's row-level security is a second wall: inside a tenant transaction even an
//! unfiltered query sees only that tenant's rows, and writing another tenant's row fails.

use qiao_tenants::{TenantCtx, TenantId, UserId};
use sea_orm::{ConnectionTrait, DbBackend, Statement};

use crate::support::{TestApp, is_postgres};

#[tokio::test]
#[ignore = "row-level security is PostgreSQL's: run by the PostgreSQL pass (QIAO_TEST_POSTGRES)"]
async fn unfiltered_queries_see_only_the_scoped_tenant() {
    assert!(
        is_postgres(),
        "QIAO_TEST_POSTGRES must name the PostgreSQL server for this test"
    );
    let app = TestApp::spawn().await;
    let a = app.sign_up().await;
    app.add_member(&a, "m@example.com", "AGENT").await;
    let b = app.sign_up().await;
    let db = &app.state().db;
    assert_eq!(db.backend(), DbBackend::Postgres);
    let accounts = &app.state().accounts;
    let ctx = |s: &crate::support::Session| {
        let (t, u) = (
            s.tenant_id.parse::<TenantId>().unwrap(),
            s.user_id.parse::<UserId>().unwrap(),
        );
        async move { accounts.actor(t, u).await.unwrap() }
    };
    let count = |sql: &'static str, c: TenantCtx| async move {
        let txn = db.tx(&c).await.unwrap();
        let row = txn
            .query_one(Statement::from_string(DbBackend::Postgres, sql))
            .await
            .unwrap()
            .unwrap();
        row.try_get_by_index::<i64>(0).unwrap()
    };
    assert_eq!(count("SELECT count(*) FROM users", ctx(&a).await).await, 2);
    assert_eq!(count("SELECT count(*) FROM users", ctx(&b).await).await, 1);
    assert_eq!(
        count("SELECT count(*) FROM refresh_tokens", ctx(&b).await).await,
        1
    );

    // Inserting a row for tenant A while scoped to B violates the policy.
    let txn = db.tx(&ctx(&b).await).await.unwrap();
    let insert = format!(
        "INSERT INTO users (id, tenant_id, email, password_hash, role, active, created_at, updated_at) \
         VALUES ('{}', '{}', 'x@example.com', 'x', 'agent', true, now(), now())",
        uuid::Uuid::now_v7(),
        a.tenant_id
    );
    let err = txn.execute_unprepared(&insert).await.unwrap_err();
    assert!(err.to_string().contains("row-level security"), "{err}");
}
