//! Complaint/suggestion/inquiry cases, the department tree they are routed through, their
//! events, and the audit log.

use sea_orm_migration::prelude::*;

use crate::rls::protect;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261122_000007_cases"
    }
}

enum C {
    Uuid,
    UuidNull,
    Text,
    TextNull,
    Int,
    IntNull,
    Json,
    Time,
    TimeNull,
}

async fn table(
    m: &SchemaManager<'_>,
    name: &'static str,
    cols: &[(&'static str, C)],
) -> Result<(), DbErr> {
    let mut t = Table::create();
    t.table(Alias::new(name))
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
        );
    for (col, kind) in cols {
        let mut c = ColumnDef::new(Alias::new(*col));
        match kind {
            C::Uuid => c.uuid().not_null(),
            C::UuidNull => c.uuid().null(),
            C::Text => c.text().not_null(),
            C::TextNull => c.text().null(),
            C::Int => c.integer().not_null(),
            C::IntNull => c.integer().null(),
            C::Json => c.json_binary().not_null(),
            C::Time => c.timestamp_with_time_zone().not_null(),
            C::TimeNull => c.timestamp_with_time_zone().null(),
        };
        t.col(c);
    }
    m.create_table(t.to_owned()).await?;
    protect(m, name, true).await
}

async fn index(
    m: &SchemaManager<'_>,
    name: &str,
    table: &'static str,
    cols: &[&'static str],
    unique: bool,
) -> Result<(), DbErr> {
    let mut i = Index::create();
    i.name(name).table(Alias::new(table));
    for c in cols {
        i.col(Alias::new(*c));
    }
    if unique {
        i.unique();
    }
    m.create_index(i.to_owned()).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use C::*;
        table(
            m,
            "departments",
            &[
                ("name", Text),
                ("parent_id", UuidNull),
                ("categories", Json),
                ("sla_minutes", Json),
                ("created_at", Time),
                ("updated_at", Time),
            ],
        )
        .await?;
        index(
            m,
            "departments_tenant_name",
            "departments",
            &["tenant_id", "name"],
            true,
        )
        .await?;
        table(
            m,
            "cases",
            &[
                ("kind", Text),
                ("category", Text),
                ("priority", Text),
                ("subject", Text),
                ("description", Text),
                ("contact_id", UuidNull),
                ("channel", Text),
                ("department_id", Uuid),
                ("status", Text),
                ("escalation_level", Int),
                ("due_at", TimeNull),
                ("resolution", TextNull),
                ("notified_via", TextNull),
                ("notified_at", TimeNull),
                ("satisfaction", IntNull),
                ("created_by", UuidNull),
                ("created_at", Time),
                ("updated_at", Time),
                ("closed_at", TimeNull),
            ],
        )
        .await?;
        index(
            m,
            "cases_tenant_status_due",
            "cases",
            &["tenant_id", "status", "due_at"],
            false,
        )
        .await?;
        table(
            m,
            "case_events",
            &[
                ("case_id", Uuid),
                ("kind", Text),
                ("text", Text),
                ("data", Json),
                ("actor", Text),
                ("at", Time),
            ],
        )
        .await?;
        index(
            m,
            "case_events_case_at",
            "case_events",
            &["tenant_id", "case_id", "at"],
            false,
        )
        .await?;
        table(
            m,
            "audit_log",
            &[
                ("actor", Text),
                ("action", Text),
                ("entity_type", Text),
                ("entity_id", UuidNull),
                ("summary", Text),
                ("data", Json),
                ("at", Time),
            ],
        )
        .await?;
        index(
            m,
            "audit_log_tenant_at",
            "audit_log",
            &["tenant_id", "at"],
            false,
        )
        .await?;
        index(
            m,
            "audit_log_entity",
            "audit_log",
            &["tenant_id", "entity_type", "entity_id"],
            false,
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["audit_log", "case_events", "cases", "departments"] {
            m.drop_table(Table::drop().table(Alias::new(t)).to_owned())
                .await?;
        }
        Ok(())
    }
}
