//! Contact-center configuration: numbers, SIP trunks and endpoints, skill groups, queues,
//! business hours, IVR flows and their published versions.

use sea_orm_migration::prelude::*;

use crate::rls::protect;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261122_000002_center"
    }
}

/// Column kinds used below.
enum Col {
    Uuid,
    UuidNull,
    Text,
    TextNull,
    Int,
    IntNull,
    Json,
    Time,
}

/// A tenant-owned table: `id` primary key, `tenant_id` with its foreign key, the given
/// columns, `created_at`/`updated_at`, and unique indexes over `tenant_id` plus columns.
async fn tenant_table(
    m: &SchemaManager<'_>,
    name: &'static str,
    cols: &[(&'static str, Col)],
    unique: &[&[&'static str]],
) -> Result<(), DbErr> {
    let table = Alias::new(name);
    let mut t = Table::create();
    t.table(table.clone())
        .col(
            ColumnDef::new(Alias::new("id"))
                .uuid()
                .not_null()
                .primary_key(),
        )
        .col(ColumnDef::new(Alias::new("tenant_id")).uuid().not_null());
    for (col, kind) in cols {
        let mut c = ColumnDef::new(Alias::new(*col));
        match kind {
            Col::Uuid => c.uuid().not_null(),
            Col::UuidNull => c.uuid().null(),
            Col::Text => c.string().not_null(),
            Col::TextNull => c.string().null(),
            Col::Int => c.integer().not_null(),
            Col::IntNull => c.integer().null(),
            Col::Json => c.json_binary().not_null(),
            Col::Time => c.timestamp_with_time_zone().not_null(),
        };
        t.col(c);
    }
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
    .foreign_key(
        ForeignKey::create()
            .from(table.clone(), Alias::new("tenant_id"))
            .to(Alias::new("tenants"), Alias::new("id"))
            .on_delete(ForeignKeyAction::Cascade),
    );
    m.create_table(t.to_owned()).await?;
    for cols in unique {
        let mut idx = Index::create();
        idx.name(format!("{name}_{}", cols.join("_")))
            .table(table.clone())
            .unique()
            .col(Alias::new("tenant_id"));
        for c in *cols {
            idx.col(Alias::new(*c));
        }
        m.create_index(idx.to_owned()).await?;
    }
    protect(m, name, true).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use Col::*;
        tenant_table(
            m,
            "sip_trunks",
            &[
                ("name", Text),
                ("host", Text),
                ("port", Int),
                ("transport", Text),
                ("username", TextNull),
                ("password", TextNull),
                ("allowed_sources", Json),
            ],
            &[&["name"]],
        )
        .await?;
        tenant_table(
            m,
            "numbers",
            &[
                ("e164", Text),
                ("label", Text),
                ("route_kind", Text),
                ("route_id", UuidNull),
                ("trunk_id", UuidNull),
            ],
            &[],
        )
        .await?;
        // A number belongs to one tenant platform-wide.
        m.create_index(
            Index::create()
                .name("numbers_e164_global")
                .table(Alias::new("numbers"))
                .col(Alias::new("e164"))
                .unique()
                .to_owned(),
        )
        .await?;
        tenant_table(
            m,
            "sip_endpoints",
            &[
                ("username", Text),
                ("display_name", Text),
                ("ha1", Text),
                ("user_id", UuidNull),
            ],
            &[&["username"]],
        )
        .await?;
        tenant_table(
            m,
            "skill_groups",
            &[("name", Text), ("description", Text)],
            &[&["name"]],
        )
        .await?;
        tenant_table(
            m,
            "skill_group_members",
            &[
                ("skill_group_id", Uuid),
                ("user_id", Uuid),
                ("proficiency", Int),
            ],
            &[&["skill_group_id", "user_id"]],
        )
        .await?;
        tenant_table(
            m,
            "queues",
            &[("name", Text), ("settings", Json)],
            &[&["name"]],
        )
        .await?;
        tenant_table(
            m,
            "business_hours",
            &[("name", Text), ("schedule", Json)],
            &[&["name"]],
        )
        .await?;
        tenant_table(
            m,
            "ivr_flows",
            &[
                ("name", Text),
                ("description", Text),
                ("draft", Json),
                ("published_version", IntNull),
            ],
            &[&["name"]],
        )
        .await?;
        tenant_table(
            m,
            "ivr_flow_versions",
            &[
                ("flow_id", Uuid),
                ("version", Int),
                ("graph", Json),
                ("published_at", Time),
                ("published_by", Uuid),
            ],
            &[&["flow_id", "version"]],
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "ivr_flow_versions",
            "ivr_flows",
            "business_hours",
            "queues",
            "skill_group_members",
            "skill_groups",
            "sip_endpoints",
            "numbers",
            "sip_trunks",
        ] {
            m.drop_table(Table::drop().table(Alias::new(t)).to_owned())
                .await?;
        }
        Ok(())
    }
}
