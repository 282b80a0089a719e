//! Service requests: bookings (tickets, hotel, tours), refunds and changes.

use sea_orm_migration::prelude::*;

use crate::rls::protect;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261122_000008_service_requests"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let col = |n: &str| ColumnDef::new(Alias::new(n)).to_owned();
        m.create_table(
            Table::create()
                .table(Alias::new("service_requests"))
                .col(col("id").uuid().not_null().primary_key())
                .col(col("tenant_id").uuid().not_null())
                .col(col("kind").string().not_null())
                .col(col("status").string().not_null())
                .col(col("details").json_binary().not_null())
                .col(col("reference").string().null())
                .col(col("contact_id").uuid().null())
                .col(col("skill_group_id").uuid().null())
                .col(col("assignee_id").uuid().null())
                .col(col("created_by").uuid().null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .foreign_key(
                    ForeignKey::create()
                        .from(Alias::new("service_requests"), Alias::new("tenant_id"))
                        .to(Alias::new("tenants"), Alias::new("id"))
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("service_requests_tenant_status")
                .table(Alias::new("service_requests"))
                .col(Alias::new("tenant_id"))
                .col(Alias::new("status"))
                .to_owned(),
        )
        .await?;
        protect(m, "service_requests", true).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(
            Table::drop()
                .table(Alias::new("service_requests"))
                .to_owned(),
        )
        .await
    }
}
