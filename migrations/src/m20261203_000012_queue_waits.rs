//! When a caller entered the queue they wait in (`calls.queued_at`, cleared when they leave
//! it), so every node counts the same callers ahead of one another.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261203_000012_queue_waits"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Alias::new("calls"))
                .add_column(
                    ColumnDef::new(Alias::new("queued_at"))
                        .timestamp_with_time_zone()
                        .null(),
                )
                .to_owned(),
        )
        .await?;
        // A caller's position: the open calls of the tenant's queue that entered it earlier.
        m.create_index(
            Index::create()
                .name("calls_queued")
                .table(Alias::new("calls"))
                .col(Alias::new("tenant_id"))
                .col(Alias::new("queue_id"))
                .col(Alias::new("queued_at"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("calls_queued")
                .table(Alias::new("calls"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Alias::new("calls"))
                .drop_column(Alias::new("queued_at"))
                .to_owned(),
        )
        .await
    }
}
