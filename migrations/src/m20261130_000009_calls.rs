//! Voice: call detail records, recordings (with their upload state), callback tasks and
//! desk-phone registrations.

use sea_orm_migration::prelude::*;

use crate::rls::protect;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261130_000009_calls"
    }
}

fn tenant_fk(table: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(Alias::new(table), Alias::new("tenant_id"))
        .to(Alias::new("tenants"), Alias::new("id"))
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let col = |n: &str| ColumnDef::new(Alias::new(n)).to_owned();
        m.create_table(
            Table::create()
                .table(Alias::new("calls"))
                .col(col("id").uuid().not_null().primary_key())
                .col(col("tenant_id").uuid().not_null())
                .col(col("direction").string().not_null())
                .col(col("number_id").uuid().null())
                .col(col("dialled").string().not_null())
                .col(col("caller").string().not_null())
                .col(col("sip_call_id").string().not_null())
                .col(col("started_at").timestamp_with_time_zone().not_null())
                .col(col("answered_at").timestamp_with_time_zone().null())
                .col(col("ended_at").timestamp_with_time_zone().null())
                .col(col("disposition").string().not_null())
                .col(col("ended_by").string().null())
                .col(col("ivr_path").json_binary().not_null())
                .col(col("digits").string().not_null())
                .col(col("queue_id").uuid().null())
                .col(col("queue_wait_ms").big_integer().null())
                .col(col("recording_id").uuid().null())
                .foreign_key(&mut tenant_fk("calls"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("calls_tenant_started")
                .table(Alias::new("calls"))
                .col(Alias::new("tenant_id"))
                .col(Alias::new("started_at"))
                .to_owned(),
        )
        .await?;
        protect(m, "calls", true).await?;

        m.create_table(
            Table::create()
                .table(Alias::new("recordings"))
                .col(col("id").uuid().not_null().primary_key())
                .col(col("tenant_id").uuid().not_null())
                .col(col("call_id").uuid().not_null())
                .col(col("kind").string().not_null())
                .col(col("object_key").string().not_null())
                .col(col("dialled").string().not_null())
                .col(col("caller").string().not_null())
                .col(col("legs").json_binary().not_null())
                .col(col("started_at").timestamp_with_time_zone().not_null())
                .col(col("ended_at").timestamp_with_time_zone().not_null())
                .col(col("duration_ms").big_integer().not_null())
                .col(col("bytes").big_integer().null())
                .col(col("stored_at").timestamp_with_time_zone().null())
                .foreign_key(&mut tenant_fk("recordings"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("recordings_tenant_call")
                .table(Alias::new("recordings"))
                .col(Alias::new("tenant_id"))
                .col(Alias::new("call_id"))
                .to_owned(),
        )
        .await?;
        protect(m, "recordings", true).await?;

        m.create_table(
            Table::create()
                .table(Alias::new("callback_tasks"))
                .col(col("id").uuid().not_null().primary_key())
                .col(col("tenant_id").uuid().not_null())
                .col(col("kind").string().not_null())
                .col(col("status").string().not_null())
                .col(col("number").string().not_null())
                .col(col("queue_id").uuid().null())
                .col(col("call_id").uuid().null())
                .col(col("recording_id").uuid().null())
                .col(col("note").string().not_null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .foreign_key(&mut tenant_fk("callback_tasks"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("callback_tasks_tenant_status")
                .table(Alias::new("callback_tasks"))
                .col(Alias::new("tenant_id"))
                .col(Alias::new("status"))
                .to_owned(),
        )
        .await?;
        protect(m, "callback_tasks", true).await?;

        m.create_table(
            Table::create()
                .table(Alias::new("sip_registrations"))
                .col(col("id").uuid().not_null().primary_key())
                .col(col("tenant_id").uuid().not_null())
                .col(col("endpoint_id").uuid().not_null())
                .col(col("contact").string().not_null())
                .col(col("source").string().not_null())
                .col(col("transport").string().not_null())
                .col(col("user_agent").string().not_null())
                .col(col("expires_at").timestamp_with_time_zone().not_null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .foreign_key(&mut tenant_fk("sip_registrations"))
                .foreign_key(
                    ForeignKey::create()
                        .from(Alias::new("sip_registrations"), Alias::new("endpoint_id"))
                        .to(Alias::new("sip_endpoints"), Alias::new("id"))
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("sip_registrations_binding")
                .table(Alias::new("sip_registrations"))
                .col(Alias::new("tenant_id"))
                .col(Alias::new("endpoint_id"))
                .col(Alias::new("contact"))
                .unique()
                .to_owned(),
        )
        .await?;
        protect(m, "sip_registrations", true).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["sip_registrations", "callback_tasks", "recordings", "calls"] {
            m.drop_table(Table::drop().table(Alias::new(t)).to_owned())
                .await?;
        }
        Ok(())
    }
}
