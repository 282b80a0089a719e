//! The IVR's look-ups and checks against the tenant's data: knowledge base (timetables read
//! out departure by departure), member-card balance after card number and PIN, the caller's
//! contact, the tenant's own HTTP endpoint, business hours and VIP level.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::Utc;
use qiao_tenants::center::ivr::graph::{Condition, LookupSource};
use qiao_tenants::center::ivr::run::Input;
use qiao_tenants::crm::kb::entry::{EntryType, TimetableData};
use qiao_tenants::error::DomainError;

use super::call_ctx::CallCtx;

fn found(pairs: impl IntoIterator<Item = (&'static str, String)>) -> Input {
    Input::Found(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}

/// Money in minor units as text: 8850 → "88.50".
fn money(minor: i64) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", minor.abs() / 100, minor.abs() % 100)
}

pub async fn lookup(cc: &CallCtx, source: &LookupSource, vars: &BTreeMap<String, String>) -> Input {
    let (state, call, caller) = (&cc.state, &cc.access, cc.caller.as_str());
    match source {
        LookupSource::KnowledgeBase { query, entry_type } => {
            let kind = entry_type.as_deref().and_then(EntryType::parse);
            let hits = match state
                .crm
                .search_kb(&call.knowledge(), query, kind, None, 20)
                .await
            {
                Ok(h) => h,
                Err(e) => {
                    tracing::warn!(error = %e, "IVR knowledge look-up");
                    return Input::Failed;
                }
            };
            let today = Utc::now().date_naive();
            let timetable = |e: &qiao_tenants::entities::kb_entry::Model| {
                serde_json::from_value::<TimetableData>(e.data.clone()).ok()
            };
            // A timetable for today beats the every-day one; other entries by rank.
            let best = hits
                .iter()
                .find(|(e, _)| timetable(e).is_some_and(|t| t.date == Some(today)))
                .or_else(|| {
                    hits.iter()
                        .find(|(e, _)| timetable(e).is_none_or(|t| t.date.is_none()))
                });
            let Some((entry, _)) = best else {
                return Input::NotFound;
            };
            let text = match timetable(entry) {
                Some(t) if entry.entry_type == "timetable" => {
                    let deps: Vec<String> = t
                        .departures
                        .iter()
                        .map(|d| format!("{} {}", d.time, d.destination))
                        .collect();
                    format!("{}: {}", t.station, deps.join(", "))
                }
                _ if entry.body.trim().is_empty() => entry.title.clone(),
                _ => entry.body.clone(),
            };
            found([("", text), ("title", entry.title.clone())])
        }
        LookupSource::CardBalance {
            card_variable,
            pin_variable,
        } => {
            let (Some(card), Some(pin)) = (vars.get(card_variable), vars.get(pin_variable)) else {
                return Input::NotFound;
            };
            match state.crm.caller_card(call, card, pin).await {
                Ok(c) => found([
                    ("balance", money(c.balance_minor)),
                    ("points", c.points.to_string()),
                    ("tier", c.tier.clone()),
                    ("", money(c.balance_minor)),
                ]),
                Err(
                    DomainError::NotFound(_)
                    | DomainError::Invalid(_)
                    | DomainError::RateLimited { .. },
                ) => Input::NotFound,
                Err(e) => {
                    tracing::warn!(error = %e, "IVR card look-up");
                    Input::Failed
                }
            }
        }
        LookupSource::ContactByCallerId => match state.calls.caller_contact(call, caller).await {
            Ok(Some(v)) => found([
                ("", v.contact.name.clone()),
                ("name", v.contact.name.clone()),
                ("vip", v.contact.vip_level.to_string()),
            ]),
            Ok(None) => Input::NotFound,
            Err(e) => {
                tracing::warn!(error = %e, "IVR contact look-up");
                Input::Failed
            }
        },
        LookupSource::Http { url, timeout_ms } => {
            http(&cc.voice.http, url, *timeout_ms, vars, caller).await
        }
    }
}

async fn http(
    client: &reqwest::Client,
    url: &str,
    timeout_ms: u32,
    vars: &BTreeMap<String, String>,
    caller: &str,
) -> Input {
    let mut query: Vec<(&str, &str)> = vars
        .iter()
        .filter(|(k, _)| !k.to_ascii_lowercase().contains("pin"))
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    query.push(("caller", caller));
    let resp = client
        .get(url)
        .query(&query)
        .timeout(Duration::from_millis(u64::from(
            timeout_ms.clamp(100, 10_000),
        )))
        .send()
        .await;
    let resp = match resp {
        Ok(r) if r.status() == reqwest::StatusCode::NOT_FOUND => return Input::NotFound,
        Ok(r) if r.status().is_success() => r,
        Ok(r) => {
            tracing::info!(status = %r.status(), "IVR HTTP look-up refused");
            return Input::Failed;
        }
        Err(e) => {
            tracing::info!(error = %e, "IVR HTTP look-up failed");
            return Input::Failed;
        }
    };
    match resp.json::<serde_json::Value>().await {
        Ok(serde_json::Value::Object(m)) => Input::Found(
            m.into_iter()
                .filter_map(|(k, v)| match v {
                    serde_json::Value::String(s) => Some((k, s)),
                    serde_json::Value::Number(n) => Some((k, n.to_string())),
                    serde_json::Value::Bool(b) => Some((k, b.to_string())),
                    _ => None,
                })
                .map(|(k, v)| {
                    if k == "text" {
                        (String::new(), v)
                    } else {
                        (k, v)
                    }
                })
                .collect(),
        ),
        _ => Input::Failed,
    }
}

/// Conditions the interpreter asks about.
pub async fn check(cc: &CallCtx, condition: &Condition) -> bool {
    let (state, call, caller) = (&cc.state, &cc.access, cc.caller.as_str());
    match condition {
        Condition::BusinessHours { schedule_id } => {
            let Ok(id) = schedule_id.parse() else {
                return false;
            };
            state
                .center
                .hours_open(&call.config(), id, Utc::now())
                .await
                .unwrap_or(false)
        }
        Condition::Vip { min_level } => matches!(
            state.calls.caller_contact(call, caller).await,
            Ok(Some(v)) if v.contact.vip_level >= i32::from(*min_level)
        ),
        Condition::Variable { .. } => false,
    }
}
