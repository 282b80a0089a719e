//! Contacts (CRM), their phone numbers (indexed for caller-ID look-up) and their timeline.

use sea_orm_migration::prelude::*;

use crate::rls::protect;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261122_000006_contacts"
    }
}

/// A new table `name` with `id`, `tenant_id` and its foreign key.
fn tenant_table(name: &'static str) -> TableCreateStatement {
    Table::create()
        .table(Alias::new(name))
        .col(
            ColumnDef::new(Alias::new("id"))
                .uuid()
                .not_null()
                .primary_key(),
        )
        .col(ColumnDef::new(Alias::new("tenant_id")).uuid().not_null())
        .foreign_key(
            ForeignKey::create()
                .from(Alias::new(name), Alias::new("tenant_id"))
                .to(Alias::new("tenants"), Alias::new("id"))
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned()
}

fn stamps(t: &mut TableCreateStatement) -> &mut TableCreateStatement {
    t.col(
        ColumnDef::new(Alias::new("created_at"))
            .timestamp_with_time_zone()
            .not_null(),
    )
    .col(
        ColumnDef::new(Alias::new("updated_at"))
            .timestamp_with_time_zone()
            .not_null(),
    )
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let mut t = tenant_table("contacts");
        t.col(ColumnDef::new(Alias::new("name")).string().not_null())
            .col(
                ColumnDef::new(Alias::new("emails"))
                    .json_binary()
                    .not_null(),
            )
            .col(ColumnDef::new(Alias::new("tags")).json_binary().not_null())
            .col(ColumnDef::new(Alias::new("vip_level")).integer().not_null())
            .col(
                ColumnDef::new(Alias::new("preferred_language"))
                    .string()
                    .null(),
            )
            .col(ColumnDef::new(Alias::new("notes")).text().not_null())
            .col(
                ColumnDef::new(Alias::new("dedicated_agent_id"))
                    .uuid()
                    .null(),
            )
            .col(
                ColumnDef::new(Alias::new("consent"))
                    .json_binary()
                    .not_null(),
            )
            .col(ColumnDef::new(Alias::new("merged_into")).uuid().null());
        stamps(&mut t);
        m.create_table(t.to_owned()).await?;
        protect(m, "contacts", true).await?;

        let mut t = tenant_table("contact_phones");
        t.col(ColumnDef::new(Alias::new("contact_id")).uuid().not_null())
            .col(ColumnDef::new(Alias::new("e164")).string().not_null())
            .col(ColumnDef::new(Alias::new("label")).string().not_null());
        stamps(&mut t);
        m.create_table(t.to_owned()).await?;
        // Caller-ID look-up: one contact per number within a tenant.
        m.create_index(
            Index::create()
                .name("contact_phones_tenant_e164")
                .table(Alias::new("contact_phones"))
                .col(Alias::new("tenant_id"))
                .col(Alias::new("e164"))
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("contact_phones_contact")
                .table(Alias::new("contact_phones"))
                .col(Alias::new("tenant_id"))
                .col(Alias::new("contact_id"))
                .to_owned(),
        )
        .await?;
        protect(m, "contact_phones", true).await?;

        let mut t = tenant_table("contact_events");
        t.col(ColumnDef::new(Alias::new("contact_id")).uuid().not_null())
            .col(ColumnDef::new(Alias::new("kind")).string().not_null())
            .col(ColumnDef::new(Alias::new("summary")).string().not_null())
            .col(ColumnDef::new(Alias::new("data")).json_binary().not_null())
            .col(
                ColumnDef::new(Alias::new("at"))
                    .timestamp_with_time_zone()
                    .not_null(),
            );
        stamps(&mut t);
        m.create_table(t.to_owned()).await?;
        m.create_index(
            Index::create()
                .name("contact_events_contact_at")
                .table(Alias::new("contact_events"))
                .col(Alias::new("tenant_id"))
                .col(Alias::new("contact_id"))
                .col(Alias::new("at"))
                .to_owned(),
        )
        .await?;
        protect(m, "contact_events", true).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["contact_events", "contact_phones", "contacts"] {
            m.drop_table(Table::drop().table(Alias::new(t)).to_owned())
                .await?;
        }
        Ok(())
    }
}
