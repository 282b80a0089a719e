//! Agents: presence (one row per agent, the durable truth every node reads and the place
//! where an offer is reserved atomically), call legs (every offer to an agent, answered or
//! missed, with its wrap-up) and the node that holds each call.

use sea_orm_migration::prelude::*;

use crate::rls::protect;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261130_000010_agents"
    }
}

fn tenant_fk(table: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(Alias::new(table), Alias::new("tenant_id"))
        .to(Alias::new("tenants"), Alias::new("id"))
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

fn user_fk(table: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(Alias::new(table), Alias::new("user_id"))
        .to(Alias::new("users"), Alias::new("id"))
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let col = |n: &str| ColumnDef::new(Alias::new(n)).to_owned();
        m.create_table(
            Table::create()
                .table(Alias::new("agent_states"))
                // One row per agent: the user's id.
                .col(col("user_id").uuid().not_null().primary_key())
                .col(col("tenant_id").uuid().not_null())
                // logged_out | available | not_ready | after_call_work
                .col(col("state").string().not_null())
                .col(col("reason").string().not_null())
                .col(col("since").timestamp_with_time_zone().not_null())
                // The contact offered to (ringing at) the agent: the reservation.
                .col(col("offer_call_id").uuid().null())
                .col(col("offered_at").timestamp_with_time_zone().null())
                // The call the agent is on.
                .col(col("call_id").uuid().null())
                .col(col("chats").integer().not_null())
                // Where offers ring: `browser` (the console's softphone) or `desk_phone`.
                .col(col("device").string().not_null())
                .col(col("acw_until").timestamp_with_time_zone().null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .foreign_key(&mut tenant_fk("agent_states"))
                .foreign_key(&mut user_fk("agent_states"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("agent_states_tenant")
                .table(Alias::new("agent_states"))
                .col(Alias::new("tenant_id"))
                .to_owned(),
        )
        .await?;
        protect(m, "agent_states", true).await?;

        m.create_table(
            Table::create()
                .table(Alias::new("call_legs"))
                .col(col("id").uuid().not_null().primary_key())
                .col(col("tenant_id").uuid().not_null())
                .col(col("call_id").uuid().not_null())
                .col(col("user_id").uuid().not_null())
                // offered | answered | missed | rejected | ended | transferred
                .col(col("outcome").string().not_null())
                .col(col("offered_at").timestamp_with_time_zone().not_null())
                .col(col("answered_at").timestamp_with_time_zone().null())
                .col(col("ended_at").timestamp_with_time_zone().null())
                .col(col("wrap_up_code").string().null())
                .col(col("notes").string().not_null())
                .foreign_key(&mut tenant_fk("call_legs"))
                .foreign_key(&mut user_fk("call_legs"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("call_legs_tenant_call")
                .table(Alias::new("call_legs"))
                .col(Alias::new("tenant_id"))
                .col(Alias::new("call_id"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("call_legs_tenant_user")
                .table(Alias::new("call_legs"))
                .col(Alias::new("tenant_id"))
                .col(Alias::new("user_id"))
                .col(Alias::new("offered_at"))
                .to_owned(),
        )
        .await?;
        protect(m, "call_legs", true).await?;

        // The node holding a call, so an agent's command that reaches another node is
        // relayed there.
        m.alter_table(
            Table::alter()
                .table(Alias::new("calls"))
                .add_column(col("node_id").uuid().null())
                .to_owned(),
        )
        .await?;
        // Sticky routing and the screen pop look a caller's calls up.
        m.create_index(
            Index::create()
                .name("calls_tenant_caller")
                .table(Alias::new("calls"))
                .col(Alias::new("tenant_id"))
                .col(Alias::new("caller"))
                .col(Alias::new("started_at"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("calls_tenant_caller")
                .table(Alias::new("calls"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Alias::new("calls"))
                .drop_column(Alias::new("node_id"))
                .to_owned(),
        )
        .await?;
        for t in ["call_legs", "agent_states"] {
            m.drop_table(Table::drop().table(Alias::new(t)).to_owned())
                .await?;
        }
        Ok(())
    }
}
