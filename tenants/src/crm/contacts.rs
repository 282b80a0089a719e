//! Contacts (CRM): names, phone numbers (E.164, unique per tenant, indexed for caller-ID
//! look-up), emails, tags, VIP level, language, notes, dedicated agent, consent; merging
//! duplicates; and the timeline that every channel appends to.

use chrono::Utc;
use sea_orm::sea_query::{Alias, Expr, Func, LikeExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::crm::Crm;
use crate::ctx::{Forbidden, UseContacts};
use crate::entities::{contact, contact_event, contact_phone, member_card};
use crate::error::DomainError;
use crate::store::invalid;
use crate::store::is_unique_violation;
use crate::values::{E164, Email, Role, parse_name};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consent {
    pub calls: bool,
    pub sms: bool,
    pub email: bool,
    pub marketing: bool,
}

#[derive(Clone, Debug, Default)]
pub struct ContactInput {
    pub name: String,
    /// (number, label)
    pub phones: Vec<(String, String)>,
    pub emails: Vec<String>,
    pub tags: Vec<String>,
    pub vip_level: i32,
    pub preferred_language: Option<String>,
    pub notes: String,
    pub dedicated_agent_id: Option<Uuid>,
    pub consent: Consent,
}

/// A contact with its phone numbers.
#[derive(Clone, Debug)]
pub struct ContactView {
    pub contact: contact::Model,
    pub phones: Vec<contact_phone::Model>,
}

struct Checked {
    name: String,
    phones: Vec<(E164, String)>,
    emails: Vec<String>,
    tags: Vec<String>,
    language: Option<String>,
}

fn check(input: &ContactInput) -> Result<Checked, DomainError> {
    let name = parse_name("name", &input.name)?;
    let mut phones: Vec<(E164, String)> = Vec::new();
    for (n, label) in &input.phones {
        let e = E164::parse(n)?;
        if phones.iter().any(|(p, _)| *p == e) {
            return Err(invalid("phones", format!("{e} is listed twice")));
        }
        phones.push((e, label.trim().chars().take(40).collect()));
    }
    let mut emails = Vec::new();
    for e in &input.emails {
        let e = Email::parse(e)?.as_str().to_owned();
        if !emails.contains(&e) {
            emails.push(e);
        }
    }
    let mut tags: Vec<String> = Vec::new();
    for t in &input.tags {
        let t = t.trim();
        if t.is_empty() || t.chars().count() > 40 {
            return Err(invalid("tags", "each tag must be 1 to 40 characters"));
        }
        if !tags.iter().any(|x| x == t) {
            tags.push(t.to_owned());
        }
    }
    if phones.len() > 20 || emails.len() > 20 || tags.len() > 50 {
        return Err(invalid(
            "contact",
            "at most 20 phones, 20 emails and 50 tags",
        ));
    }
    if !(0..=9).contains(&input.vip_level) {
        return Err(invalid("vipLevel", "must be 0 (none) to 9"));
    }
    let language = match input.preferred_language.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(l @ ("zh-CN" | "en")) => Some(l.to_owned()),
        Some(other) => {
            return Err(invalid(
                "preferredLanguage",
                format!("'{other}' must be zh-CN or en"),
            ));
        }
    };
    if input.notes.chars().count() > 5000 {
        return Err(invalid("notes", "is longer than 5000 characters"));
    }
    Ok(Checked {
        name,
        phones,
        emails,
        tags,
        language,
    })
}

/// Appends an event to a contact's timeline, inside the caller's transaction.
pub(crate) async fn append_event(
    db: &crate::store::Tx,
    tenant: Uuid,
    contact_id: Uuid,
    kind: &str,
    summary: &str,
    data: Value,
) -> Result<contact_event::Model, DomainError> {
    let now = Utc::now();
    Ok(contact_event::ActiveModel {
        id: Set(Uuid::now_v7()),
        tenant_id: Set(tenant),
        contact_id: Set(contact_id),
        kind: Set(kind.to_owned()),
        summary: Set(summary.chars().take(300).collect()),
        data: Set(data),
        at: Set(now),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await?)
}

async fn phones_of(
    db: &crate::store::Tx,
    _tenant: Uuid,
    ids: &[Uuid],
) -> Result<Vec<contact_phone::Model>, DomainError> {
    Ok(db
        .select::<contact_phone::Entity>()
        .filter(contact_phone::Column::ContactId.is_in(ids.to_vec()))
        .order_by_asc(contact_phone::Column::CreatedAt)
        .all(db)
        .await?)
}

fn views(contacts: Vec<contact::Model>, phones: Vec<contact_phone::Model>) -> Vec<ContactView> {
    contacts
        .into_iter()
        .map(|c| ContactView {
            phones: phones
                .iter()
                .filter(|p| p.contact_id == c.id)
                .cloned()
                .collect(),
            contact: c,
        })
        .collect()
}

impl Crm {
    /// Contacts matching `query` (name, email or phone digits), newest first; merged-away
    /// contacts are left out.
    pub async fn contacts(
        &self,
        cap: &UseContacts<'_>,
        query: Option<&str>,
        limit: u64,
    ) -> Result<Vec<ContactView>, DomainError> {
        let tenant = cap.ctx.tenant_id().as_uuid();
        let txn = self.db.tx(cap.ctx).await?;
        let mut q = txn
            .select::<contact::Entity>()
            .filter(contact::Column::MergedInto.is_null());
        if let Some(text) = query.map(str::trim).filter(|t| !t.is_empty()) {
            let pattern = format!("%{}%", text.to_lowercase().replace(['%', '_', '\\'], ""));
            // Case-insensitive on both engines; emails are JSON, searched as text.
            let name = Expr::expr(Func::lower(Expr::col(contact::Column::Name)))
                .like(LikeExpr::new(pattern.clone()));
            let emails = Expr::expr(Expr::col(contact::Column::Emails).cast_as(Alias::new("text")))
                .like(LikeExpr::new(pattern));
            let digits: String = text.chars().filter(char::is_ascii_digit).collect();
            let mut cond = Condition::any().add(name).add(emails);
            if digits.len() >= 4 {
                let by_phone: Vec<Uuid> = txn
                    .select::<contact_phone::Entity>()
                    .filter(contact_phone::Column::E164.contains(&digits))
                    .limit(200)
                    .all(&txn)
                    .await?
                    .into_iter()
                    .map(|p| p.contact_id)
                    .collect();
                cond = cond.add(contact::Column::Id.is_in(by_phone));
            }
            q = q.filter(cond);
        }
        let rows = q
            .order_by_desc(contact::Column::UpdatedAt)
            .limit(limit.clamp(1, 200))
            .all(&txn)
            .await?;
        let ids: Vec<Uuid> = rows.iter().map(|c| c.id).collect();
        let phones = phones_of(&txn, tenant, &ids).await?;
        txn.commit().await?;
        Ok(views(rows, phones))
    }

    pub async fn contact(
        &self,
        cap: &UseContacts<'_>,
        id: Uuid,
    ) -> Result<ContactView, DomainError> {
        let tenant = cap.ctx.tenant_id().as_uuid();
        let txn = self.db.tx(cap.ctx).await?;
        let c = txn.get::<crate::entities::contact::Entity>(id).await?;
        let phones = phones_of(&txn, tenant, &[c.id]).await?;
        txn.commit().await?;
        Ok(ContactView { contact: c, phones })
    }

    /// The contact a caller ID belongs to (one indexed look-up).
    pub async fn contact_by_phone(
        &self,
        cap: &UseContacts<'_>,
        number: &str,
    ) -> Result<Option<ContactView>, DomainError> {
        self.contact_by_phone_in(cap.ctx, number).await
    }

    pub(crate) async fn contact_by_phone_in(
        &self,
        ctx: &crate::TenantCtx,
        number: &str,
    ) -> Result<Option<ContactView>, DomainError> {
        let e164 = E164::parse(number)?;
        let tenant = ctx.tenant_id().as_uuid();
        let txn = self.db.tx(ctx).await?;
        let phone = txn
            .select::<contact_phone::Entity>()
            .filter(contact_phone::Column::E164.eq(e164.as_str()))
            .one(&txn)
            .await?;
        let view = match phone {
            None => None,
            Some(p) => {
                let c = txn
                    .get::<crate::entities::contact::Entity>(p.contact_id)
                    .await?;
                let phones = phones_of(&txn, tenant, &[c.id]).await?;
                Some(ContactView { contact: c, phones })
            }
        };
        txn.commit().await?;
        Ok(view)
    }

    pub async fn save_contact(
        &self,
        cap: &UseContacts<'_>,
        id: Option<Uuid>,
        input: ContactInput,
    ) -> Result<ContactView, DomainError> {
        let c = check(&input)?;
        let tenant = cap.ctx.tenant_id().as_uuid();
        let txn = self.db.tx(cap.ctx).await?;
        if let Some(agent) = input.dedicated_agent_id {
            txn.get_as::<crate::entities::user::Entity>(agent, "dedicated agent")
                .await?;
        }
        let now = Utc::now();
        let mut row = contact::ActiveModel {
            name: Set(c.name),
            emails: Set(json!(c.emails)),
            tags: Set(json!(c.tags)),
            vip_level: Set(input.vip_level),
            preferred_language: Set(c.language),
            notes: Set(input.notes.trim().to_owned()),
            dedicated_agent_id: Set(input.dedicated_agent_id),
            consent: Set(serde_json::to_value(&input.consent).map_err(anyhow::Error::from)?),
            updated_at: Set(now),
            ..Default::default()
        };
        let saved = match id {
            None => {
                row.id = Set(Uuid::now_v7());
                row.tenant_id = Set(tenant);
                row.merged_into = Set(None);
                row.created_at = Set(now);
                row.insert(&txn).await?
            }
            Some(id) => {
                let existing = txn.get::<crate::entities::contact::Entity>(id).await?;
                if existing.merged_into.is_some() {
                    return Err(DomainError::Conflict(
                        "this contact was merged into another; edit that one".into(),
                    ));
                }
                row.id = Set(existing.id);
                let saved = row.update(&txn).await?;
                txn.delete_where::<contact_phone::Entity>()
                    .filter(contact_phone::Column::ContactId.eq(saved.id))
                    .exec(&txn)
                    .await?;
                saved
            }
        };
        for (number, label) in &c.phones {
            contact_phone::ActiveModel {
                id: Set(Uuid::now_v7()),
                tenant_id: Set(tenant),
                contact_id: Set(saved.id),
                e164: Set(number.as_str().to_owned()),
                label: Set(label.clone()),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(&txn)
            .await
            .map_err(|e| {
                if is_unique_violation(&e) {
                    DomainError::Conflict(format!(
                        "{number} already belongs to another contact; merge the two instead"
                    ))
                } else {
                    e.into()
                }
            })?;
        }
        let phones = phones_of(&txn, tenant, &[saved.id]).await?;
        let action = if id.is_some() {
            "contact.update"
        } else {
            "contact.create"
        };
        crate::crm::audit::record(
            &txn,
            cap.ctx,
            action,
            "contact",
            Some(saved.id),
            &saved.name,
            json!({"phones": phones.len()}),
        )
        .await?;
        txn.commit().await?;
        Ok(ContactView {
            contact: saved,
            phones,
        })
    }

    /// Merges `source` into `target`: phones, emails, tags, timeline and cards move; the
    /// higher VIP level and both notes are kept; `source` is marked as merged.
    pub async fn merge_contacts(
        &self,
        cap: &UseContacts<'_>,
        target: Uuid,
        source: Uuid,
    ) -> Result<ContactView, DomainError> {
        if cap.role < Role::Supervisor {
            return Err(Forbidden("merge contacts").into());
        }
        if target == source {
            return Err(invalid(
                "sourceId",
                "a contact cannot be merged into itself",
            ));
        }
        let tenant = cap.ctx.tenant_id().as_uuid();
        let txn = self.db.tx(cap.ctx).await?;
        let t = txn.get::<crate::entities::contact::Entity>(target).await?;
        let s = txn.get::<crate::entities::contact::Entity>(source).await?;
        if t.merged_into.is_some() || s.merged_into.is_some() {
            return Err(DomainError::Conflict(
                "one of these contacts was already merged".into(),
            ));
        }
        let union = |a: &Value, b: &Value| {
            let mut out: Vec<Value> = a.as_array().cloned().unwrap_or_default();
            for v in b.as_array().cloned().unwrap_or_default() {
                if !out.contains(&v) {
                    out.push(v);
                }
            }
            Value::Array(out)
        };
        let notes = [t.notes.as_str(), s.notes.as_str()]
            .iter()
            .filter(|n| !n.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join("\n\n");
        let now = Utc::now();
        contact::ActiveModel {
            id: Set(t.id),
            emails: Set(union(&t.emails, &s.emails)),
            tags: Set(union(&t.tags, &s.tags)),
            vip_level: Set(t.vip_level.max(s.vip_level)),
            notes: Set(notes),
            dedicated_agent_id: Set(t.dedicated_agent_id.or(s.dedicated_agent_id)),
            preferred_language: Set(t
                .preferred_language
                .clone()
                .or(s.preferred_language.clone())),
            updated_at: Set(now),
            ..Default::default()
        }
        .update(&txn)
        .await?;
        txn.update_where::<contact_phone::Entity>()
            .col_expr(contact_phone::Column::ContactId, Expr::value(t.id))
            .filter(contact_phone::Column::ContactId.eq(s.id))
            .exec(&txn)
            .await?;
        txn.update_where::<contact_event::Entity>()
            .col_expr(contact_event::Column::ContactId, Expr::value(t.id))
            .filter(contact_event::Column::ContactId.eq(s.id))
            .exec(&txn)
            .await?;
        txn.update_where::<member_card::Entity>()
            .col_expr(member_card::Column::ContactId, Expr::value(t.id))
            .filter(member_card::Column::ContactId.eq(s.id))
            .exec(&txn)
            .await?;
        contact::ActiveModel {
            id: Set(s.id),
            merged_into: Set(Some(t.id)),
            updated_at: Set(now),
            ..Default::default()
        }
        .update(&txn)
        .await?;
        crate::crm::audit::record(
            &txn,
            cap.ctx,
            "contact.merge",
            "contact",
            Some(t.id),
            &format!("merged {} into {}", s.name, t.name),
            json!({"sourceId": s.id}),
        )
        .await?;
        append_event(
            &txn,
            tenant,
            t.id,
            "merged",
            &format!("merged with {}", s.name),
            json!({"sourceId": s.id, "by": cap.actor}),
        )
        .await?;
        txn.commit().await?;
        self.contact(cap, t.id).await
    }

    /// The contact's timeline, newest first.
    pub async fn contact_timeline(
        &self,
        cap: &UseContacts<'_>,
        id: Uuid,
        limit: u64,
    ) -> Result<Vec<contact_event::Model>, DomainError> {
        let txn = self.db.tx(cap.ctx).await?;
        txn.get::<crate::entities::contact::Entity>(id).await?;
        let rows = txn
            .select::<contact_event::Entity>()
            .filter(contact_event::Column::ContactId.eq(id))
            .order_by_desc(contact_event::Column::At)
            .order_by_desc(contact_event::Column::Id)
            .limit(limit.clamp(1, 500))
            .all(&txn)
            .await?;
        txn.commit().await?;
        Ok(rows)
    }

    /// Adds an agent's note to the timeline.
    pub async fn add_contact_note(
        &self,
        cap: &UseContacts<'_>,
        id: Uuid,
        text: &str,
    ) -> Result<contact_event::Model, DomainError> {
        let text = text.trim();
        if text.is_empty() || text.chars().count() > 2000 {
            return Err(invalid("text", "must be 1 to 2000 characters"));
        }
        let tenant = cap.ctx.tenant_id().as_uuid();
        let txn = self.db.tx(cap.ctx).await?;
        txn.get::<crate::entities::contact::Entity>(id).await?;
        let e = append_event(&txn, tenant, id, "note", text, json!({"by": cap.actor})).await?;
        txn.commit().await?;
        Ok(e)
    }
}
