//! The voice service: the SIP server (from `qiao_media`) wired to the tenants' numbers,
//! flows and queues. Each INVITE becomes a task (`call`) that runs the IVR (`ivr`) or a
//! queue (`queue`) and ends in a call record and a recording in the durable upload queue
//! (`spool`).

mod auth;
mod call;
pub mod call_ctx;
mod clips;
pub mod control;
mod ctl;
pub mod deps;
pub mod dest;
pub mod dial_out;
pub mod hops;
mod ivr;
pub mod live;
mod lookups;
pub mod outbound;
mod queue;
pub mod relay;
pub mod router;
pub mod spool;
pub mod talk;

use anyhow::Context;
use qiao_media::voice::{Inbound, SipServer};

pub use control::Control;
pub use deps::VoiceDeps;

/// What every call shares.
#[derive(Clone)]
pub struct Voice {
    pub sip: SipServer,
    pub clips: clips::Clips,
    pub spool: spool::Spool,
    /// For flows' look-ups at the tenant's own HTTP endpoints.
    pub http: reqwest::Client,
    pub auth: auth::SipAuth,
    pub router: router::Router,
    pub webrtc: qiao_media::voice::WebRtcSettings,
}

/// Starts SIP on `sip.addr` and the recording uploader; returns the bound address. Calls
/// are then acted on through `control`.
pub async fn start(control: &Control) -> anyhow::Result<std::net::SocketAddr> {
    let state = control.deps();
    let addr = state.config.sip.addr;
    // This node is on record as alive before it takes a call.
    let started = chrono::Utc::now();
    state
        .calls
        .node_heartbeat(state.node_id, started, started)
        .await
        .context("recording this node in the database")?;
    spawn_node_watch(state, started);
    let (sip, mut inbound) = SipServer::start(addr, None)
        .await
        .with_context(|| format!("binding sip.addr {addr} (UDP and TCP)"))?;
    state
        .relay
        .serve(state.live.clone())
        .await
        .context("serving relayed agent commands")?;
    let spool = spool::Spool::open(&state.config.spool_dir())?;
    spool.spawn_uploader(
        state.calls.clone(),
        state.objects.clone(),
        state.shutdown.clone(),
    );
    let voice = Voice {
        sip: sip.clone(),
        clips: clips::Clips::new(state.center.clone(), state.objects.clone()),
        spool,
        http: reqwest::Client::new(),
        auth: auth::SipAuth::new(&crate::auth::load_or_create_secret(
            state.config.auth.jwt_secret.as_deref(),
            &state.config.data.dir,
        )?),
        router: router::Router::start(
            state.clone(),
            std::time::Duration::from_secs(state.config.routing.ring_timeout_secs),
        ),
        webrtc: state.config.routing.webrtc()?,
    };
    control.started(voice.clone());
    let state = state.clone();
    tokio::spawn(async move {
        while let Some(i) = inbound.recv().await {
            match i {
                Inbound::Call(c) => {
                    // The call's span: its tenant and id are recorded once it is admitted.
                    let span = tracing::info_span!(
                        "call",
                        tenant_id = tracing::field::Empty,
                        call_id = tracing::field::Empty
                    );
                    tokio::spawn(tracing::Instrument::instrument(
                        call::handle(state.clone(), voice.clone(), c),
                        span,
                    ));
                }
                Inbound::Request { tx, request, peer } => {
                    let (state, voice) = (state.clone(), voice.clone());
                    tokio::spawn(async move {
                        let (code, headers) =
                            auth::register(&state, &voice.auth, &request, peer).await;
                        voice.sip.respond(tx, request, code, headers);
                    });
                }
            }
        }
    });
    Ok(sip.local_addr())
}

/// Every `jobs.node_heartbeat_secs`: says this node is alive, and closes what dead nodes
/// left open (`Center::sweep_dead_nodes`), telling consoles and routers about the agents
/// it released.
fn spawn_node_watch(state: &VoiceDeps, started: chrono::DateTime<chrono::Utc>) {
    let state = state.clone();
    let jobs = &state.config.jobs;
    let every = std::time::Duration::from_secs(jobs.node_heartbeat_secs.max(1));
    let dead_after =
        chrono::Duration::seconds(i64::try_from(jobs.node_dead_after_secs).unwrap_or(i64::MAX));
    tokio::spawn(async move {
        let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
        loop {
            tokio::select! {
                _ = tick.tick() => {}
                () = state.shutdown.wait() => return,
            }
            let now = chrono::Utc::now();
            if let Err(e) = state
                .calls
                .node_heartbeat(state.node_id, started, now)
                .await
            {
                tracing::error!(error = %e, "node heartbeat");
                continue;
            }
            match state
                .calls
                .sweep_dead_nodes(state.node_id, now, dead_after)
                .await
            {
                Ok(swept) => {
                    if swept.calls > 0 {
                        tracing::warn!(
                            calls = swept.calls,
                            agents = swept.agents.len(),
                            "closed calls left open by a stopped node"
                        );
                    }
                    for (tenant, agent) in &swept.agents {
                        state.calls.publish_presence(*tenant, agent).await;
                    }
                }
                Err(e) => tracing::error!(error = %e, "sweeping dead nodes"),
            }
        }
    });
}
