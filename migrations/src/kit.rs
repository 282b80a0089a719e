//! The kit for new migrations: a tenant-owned table written once — `id`, `tenant_id` with its
//! foreign key to `tenants`, the columns, `created_at`/`updated_at`, indexes that lead with
//! `tenant_id`, and on PostgreSQL the `tenant_isolation` policy. The migrations before this
//! kit keep their own helpers (they are applied and never change).
//!
//! ```ignore
//! let t = kit::tenant_table("widgets")
//!     .col(ColumnDef::new(Alias::new("name")).string().not_null())
//!     .unique(&["name"]);
//! kit::create(m, t).await?;
//! ```

use sea_orm_migration::prelude::*;

use crate::rls::protect;

/// A tenant-owned table being described.
pub struct TenantTable {
    name: &'static str,
    table: TableCreateStatement,
    indexes: Vec<IndexCreateStatement>,
}

/// `name` with `id` (UUID primary key) and `tenant_id` (not null, foreign key to `tenants`,
/// deleted with the tenant).
pub fn tenant_table(name: &'static str) -> TenantTable {
    let mut table = Table::create();
    table
        .table(Alias::new(name))
        .col(
            ColumnDef::new(Alias::new("id"))
                .uuid()
                .not_null()
                .primary_key(),
        )
        .col(ColumnDef::new(Alias::new("tenant_id")).uuid().not_null())
        .foreign_key(&mut tenant_fk(name, "tenant_id"));
    TenantTable {
        name,
        table,
        indexes: Vec::new(),
    }
}

/// A foreign key from `table.col` to the tenant it belongs to.
pub fn tenant_fk(table: &'static str, col: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{table}_{col}"))
        .from(Alias::new(table), Alias::new(col))
        .to(Alias::new("tenants"), Alias::new("id"))
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

/// `created_at` and `updated_at`, both not null (the store stamps them).
pub fn stamps(t: &mut TableCreateStatement) {
    for col in ["created_at", "updated_at"] {
        t.col(
            ColumnDef::new(Alias::new(col))
                .timestamp_with_time_zone()
                .not_null(),
        );
    }
}

/// An index on `table` over `tenant_id` and `cols`, named `{table}_{cols…}`.
pub fn index(table: &'static str, cols: &[&'static str], unique: bool) -> IndexCreateStatement {
    let mut idx = Index::create();
    idx.name(format!("{table}_{}", cols.join("_")))
        .table(Alias::new(table))
        .col(Alias::new("tenant_id"));
    for c in cols {
        idx.col(Alias::new(*c));
    }
    if unique {
        idx.unique();
    }
    idx.to_owned()
}

impl TenantTable {
    /// One more column.
    pub fn col(mut self, c: &mut ColumnDef) -> Self {
        self.table.col(c);
        self
    }

    /// A unique index over `tenant_id` and `cols` (a name unique in its tenant).
    pub fn unique(mut self, cols: &[&'static str]) -> Self {
        self.indexes.push(index(self.name, cols, true));
        self
    }

    /// A plain index over `tenant_id` and `cols`.
    pub fn index(mut self, cols: &[&'static str]) -> Self {
        self.indexes.push(index(self.name, cols, false));
        self
    }

    /// The statement, with the stamps last (for tests and for callers that add more).
    pub fn statement(mut self) -> (TableCreateStatement, Vec<IndexCreateStatement>) {
        stamps(&mut self.table);
        (self.table, self.indexes)
    }
}

/// Creates the table and its indexes and, on PostgreSQL, puts it under row-level security.
pub async fn create(m: &SchemaManager<'_>, t: TenantTable) -> Result<(), DbErr> {
    let name = t.name;
    let (table, indexes) = t.statement();
    m.create_table(table).await?;
    for idx in indexes {
        m.create_index(idx).await?;
    }
    protect(m, name, true).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tenant_table_has_its_tenant_key_stamps_and_tenant_led_indexes() {
        let (table, indexes) = tenant_table("widgets")
            .col(ColumnDef::new(Alias::new("name")).string().not_null())
            .unique(&["name"])
            .statement();
        let sql = table.to_string(PostgresQueryBuilder);
        assert!(sql.contains(r#""id" uuid NOT NULL PRIMARY KEY"#), "{sql}");
        assert!(sql.contains(r#""tenant_id" uuid NOT NULL"#), "{sql}");
        assert!(
            sql.contains(r#""created_at" timestamp with time zone NOT NULL"#),
            "{sql}"
        );
        assert!(
            sql.contains(r#""updated_at" timestamp with time zone NOT NULL"#),
            "{sql}"
        );
        assert!(
            sql.contains(
                r#"FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON DELETE CASCADE"#
            ),
            "{sql}"
        );
        let idx = indexes[0].to_string(PostgresQueryBuilder);
        assert_eq!(
            idx,
            r#"CREATE UNIQUE INDEX "widgets_name" ON "widgets" ("tenant_id", "name")"#
        );
        let sqlite = table.to_string(SqliteQueryBuilder);
        assert!(sqlite.contains("FOREIGN KEY"), "{sqlite}");
    }
}
