//! The demo tenant's telephony: a trunk that accepts 127.0.0.1, queue `service` (skill group
//! "Customer service": agent1 and agent2), the
//! published IVR in `flow.json` on `+861085550100`, today's timetable in the knowledge base
//! and member card `1000000001` (PIN `1234`). Seeded once; a second start leaves it alone.

use anyhow::Context;
use qiao_tenants::center::numbers::{NumberInput, Route};
use qiao_tenants::center::queues::{Overflow, QueueSettings, SkillRequirement, WrapUpCode};
use qiao_tenants::center::trunks::TrunkInput;
use qiao_tenants::crm::cards::NewCard;
use qiao_tenants::crm::cards::{TxKind, TxRequest};
use qiao_tenants::crm::kb::entry::{EntryType, KbEntry};
use qiao_tenants::{TenantId, UserId};
use serde_json::json;

use crate::state::AppState;

pub const DEMO_NUMBER: &str = "+861085550100";
pub const DEMO_CARD: &str = "1000000001";
pub const DEMO_PIN: &str = "1234";

pub async fn seed(
    state: &AppState,
    tenant: TenantId,
    owner: UserId,
    agents: &[UserId],
) -> anyhow::Result<()> {
    let ctx = state.accounts.actor(tenant, owner).await?;
    let cap = ctx.can_manage_config()?;
    let c = &state.center;
    if c.numbers(&cap.view())
        .await?
        .iter()
        .any(|n| n.e164 == DEMO_NUMBER)
    {
        return Ok(());
    }
    let trunk = c
        .save_trunk(
            &cap,
            None,
            TrunkInput {
                name: "Local demo trunk".into(),
                host: "127.0.0.1".into(),
                port: 5060,
                transport: "udp".into(),
                username: None,
                password: None,
                allowed_sources: vec!["127.0.0.1/32".into()],
            },
        )
        .await?;
    let group = c
        .save_skill_group(
            &cap,
            None,
            "Customer service",
            "Timetables, cards, bookings",
        )
        .await?;
    for (i, a) in agents.iter().enumerate() {
        // agent1 is the more experienced.
        let level = if i == 0 { 4 } else { 3 };
        c.set_skill_member(&cap, group.id, a.as_uuid(), level)
            .await?;
    }
    let queue = c
        .save_queue(
            &cap,
            None,
            "service",
            QueueSettings {
                required_skills: vec![SkillRequirement {
                    skill_group_id: group.id,
                    min_proficiency: 1,
                }],
                wrap_up_codes: vec![
                    WrapUpCode {
                        code: "resolved".into(),
                        label: "Resolved 已解决".into(),
                    },
                    WrapUpCode {
                        code: "follow_up".into(),
                        label: "Follow-up needed 需跟进".into(),
                    },
                ],
                after_call_work_secs: 15,
                max_wait_secs: 120,
                overflow: Some(Overflow::Voicemail),
                announcement_interval_secs: 30,
                ..QueueSettings::default()
            },
        )
        .await?;
    let graph: serde_json::Value = serde_json::from_str(
        &include_str!("flow.json").replace("QUEUE_ID", &queue.row.id.to_string()),
    )
    .context("demo flow JSON")?;
    let flow = c
        .create_flow(
            &cap,
            "Demo hotline",
            "Timetable, card balance, voicemail, agents",
        )
        .await?;
    let (_, issues) = c.save_flow_draft(&cap, flow.id, &graph).await?;
    anyhow::ensure!(issues.is_empty(), "the demo flow has problems: {issues:?}");
    c.publish_flow(&cap, flow.id).await?;
    c.create_number(
        &cap,
        NumberInput {
            number: DEMO_NUMBER.into(),
            label: "Demo hotline".into(),
            route: Route::Flow(flow.id),
            trunk_id: Some(trunk.id),
        },
    )
    .await?;
    let entry = KbEntry::parse(
        EntryType::Timetable,
        "zh",
        "北京南站 时刻表 Beijing South timetable",
        "北京南站每日发车时刻",
        &json!({
            "station": "北京南站",
            "date": null,
            "departures": [
                {"time": "08:30", "destination": "天津", "routeCode": "C2001"},
                {"time": "12:15", "destination": "上海虹桥", "routeCode": "G101"},
                {"time": "18:40", "destination": "济南西", "routeCode": "G205"}
            ]
        }),
    )?;
    state.crm.save_kb_entry(&cap, None, entry).await?;
    let cards = ctx.can_use_cards()?;
    let card = state
        .crm
        .create_card(
            &cards,
            NewCard {
                card_number: DEMO_CARD.into(),
                pin: DEMO_PIN.into(),
                tier: "gold".into(),
                overdraft_minor: 0,
                contact_id: None,
            },
        )
        .await?;
    for (kind, amount, points, key) in [
        (TxKind::TopUp, 8850, 0, "demo-top-up"),
        (TxKind::Accrue, 0, 1200, "demo-points"),
    ] {
        state
            .crm
            .post_card(
                &cards,
                card.id,
                TxRequest {
                    kind,
                    amount_minor: amount,
                    points,
                    reason: "demo".into(),
                    idempotency_key: Some(key.into()),
                },
            )
            .await?;
    }
    Ok(())
}
