//! Black-box API tests: the real router on a fresh database (SQLite by default; PostgreSQL
//! when `QIAO_TEST_POSTGRES` is set; NATS as the bus when `QIAO_TEST_NATS` is set).

mod accounts;
mod agents;
mod cards;
mod cases;
mod center;
mod contacts;
mod cross_tenant;
mod knowledge;
mod limits;
mod members;
mod objects;
mod ops;
mod prompts;
mod requests;
mod rls;
mod snapshots;
mod subscriptions;
mod support;
mod waiting;
