//! The nodes running `qiao serve`: each keeps its row fresh while it runs, so the others can
//! tell when it died and close the calls it held (platform data: no tenant's rows).

use sea_orm_migration::prelude::*;

use crate::rls::protect;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261201_000011_nodes"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let col = |n: &str| ColumnDef::new(Alias::new(n)).to_owned();
        m.create_table(
            Table::create()
                .table(Alias::new("nodes"))
                .col(col("id").uuid().not_null().primary_key())
                .col(col("started_at").timestamp_with_time_zone().not_null())
                // Last heartbeat: older than `jobs.node_dead_after_secs` means dead.
                .col(col("seen_at").timestamp_with_time_zone().not_null())
                .to_owned(),
        )
        .await?;
        protect(m, "nodes", false).await?;
        // The sweep looks for calls still open on a node.
        m.create_index(
            Index::create()
                .name("calls_open_node")
                .table(Alias::new("calls"))
                .col(Alias::new("ended_at"))
                .col(Alias::new("node_id"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("calls_open_node")
                .table(Alias::new("calls"))
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(Alias::new("nodes")).to_owned())
            .await
    }
}
