//! `qiao serve --demo`: seeds the demo tenant, its owner and its telephony (`voice.rs`), and
//! says how to log in and call.

pub mod voice;

use anyhow::Context;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use qiao_tenants::Role;
use rand::RngCore;

use crate::auth::write_private;
use crate::state::AppState;

pub const DEMO_SLUG: &str = "demo";
pub const DEMO_OWNER: &str = "owner@demo";
/// Agents in queue `service`; they log in with the owner's password.
pub const DEMO_AGENTS: [&str; 2] = ["agent1@demo", "agent2@demo"];

/// The demo log-in, for printing.
pub struct DemoLogin {
    pub slug: &'static str,
    pub email: &'static str,
    pub password: String,
}

/// Creates (or restores) tenant `demo` with owner `owner@demo`. The password comes from
/// `QIAO_DEMO_PASSWORD`, else from `demo-password` in the data dir (generated once).
pub async fn seed(state: &AppState) -> anyhow::Result<DemoLogin> {
    let path = state.config.data.dir.join("demo-password");
    let password = match std::env::var("QIAO_DEMO_PASSWORD") {
        Ok(p) if !p.is_empty() => p,
        _ if path.exists() => std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?
            .trim()
            .to_owned(),
        _ => {
            let mut raw = [0u8; 9];
            rand::rngs::OsRng.fill_bytes(&mut raw);
            let p = format!("demo-{}", URL_SAFE_NO_PAD.encode(raw));
            write_private(&path, &p)?;
            p
        }
    };
    let tenant = state
        .accounts
        .ensure_tenant(DEMO_SLUG, "Qiao 演示 Demo")
        .await
        .map_err(|e| anyhow::anyhow!("seeding the demo tenant: {e}"))?;
    let owner = state
        .accounts
        .ensure_member(
            qiao_tenants::TenantId::from_uuid(tenant.id),
            DEMO_OWNER,
            Role::Owner,
            &password,
        )
        .await
        .map_err(|e| anyhow::anyhow!("seeding the demo owner: {e}"))?;
    let mut agents = Vec::new();
    for email in DEMO_AGENTS {
        let a = state
            .accounts
            .ensure_member(
                qiao_tenants::TenantId::from_uuid(tenant.id),
                email,
                Role::Agent,
                &password,
            )
            .await
            .map_err(|e| anyhow::anyhow!("seeding demo agent {email}: {e}"))?;
        agents.push(qiao_tenants::UserId::from_uuid(a.id));
    }
    voice::seed(
        state,
        qiao_tenants::TenantId::from_uuid(tenant.id),
        qiao_tenants::UserId::from_uuid(owner.id),
        &agents,
    )
    .await
    .context("seeding the demo telephony")?;
    Ok(DemoLogin {
        slug: DEMO_SLUG,
        email: DEMO_OWNER,
        password,
    })
}
