//! Schema migrations for Qiao, run by `qiao migrate` and at start-up; one file per step.

pub use sea_orm_migration::prelude::*;

pub mod kit;
mod m20261122_000001_foundation;
mod m20261122_000002_center;
mod m20261122_000003_prompts;
mod m20261122_000004_knowledge;
mod m20261122_000005_cards;
mod m20261122_000006_contacts;
mod m20261122_000007_cases;
mod m20261122_000008_service_requests;
mod m20261130_000009_calls;
mod m20261130_000010_agents;
mod m20261201_000011_nodes;
mod m20261203_000012_queue_waits;
mod rls;

pub use rls::{APP_ROLE, TENANT_SETTING};

/// Every migration, in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_foundation::Migration),
            Box::new(m20261122_000002_center::Migration),
            Box::new(m20261122_000003_prompts::Migration),
            Box::new(m20261122_000004_knowledge::Migration),
            Box::new(m20261122_000005_cards::Migration),
            Box::new(m20261122_000006_contacts::Migration),
            Box::new(m20261122_000007_cases::Migration),
            Box::new(m20261122_000008_service_requests::Migration),
            Box::new(m20261130_000009_calls::Migration),
            Box::new(m20261130_000010_agents::Migration),
            Box::new(m20261201_000011_nodes::Migration),
            Box::new(m20261203_000012_queue_waits::Migration),
        ]
    }
}
