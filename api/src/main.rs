//! The `qiao` binary: `serve` (optionally seeding the demo tenant), `migrate`, `schema`.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use clap::{Parser, Subcommand};
use qiao_api::config::Config;
use qiao_api::server::Running;
use qiao_api::state::AppState;
use qiao_api::{demo, graphql, telemetry};

#[derive(Parser)]
#[command(name = "qiao", version, about = "Qiao contact-center platform")]
struct Cli {
    /// A TOML config file (default: ./qiao.toml when present).
    #[arg(long, global = true, env = "QIAO_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server (HTTP, GraphQL, console).
    Serve {
        /// Seed the demo tenant and print its log-in.
        #[arg(long)]
        demo: bool,
    },
    /// Apply database migrations and exit.
    Migrate,
    /// Print the GraphQL schema (SDL), as committed in schema.graphql.
    Schema,
}

#[tokio::main]
async fn main() {
    let cli = Cli::parse();
    if let Err(e) = run(cli).await {
        eprintln!("qiao: {e:#}");
        std::process::exit(1);
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    if let Command::Schema = cli.command {
        print!("{}", graphql::sdl());
        return Ok(());
    }
    let config = Config::load(cli.config.as_deref())?;
    telemetry::init(&config.log);
    match cli.command {
        Command::Migrate => {
            config.ensure_data_dir()?;
            let db = qiao_tenants::Db::connect(&config.database_url()).await?;
            db.migrate().await?;
            println!("migrations applied");
            Ok(())
        }
        Command::Serve { demo } => serve(config, demo).await,
        Command::Schema => Ok(()),
    }
}

/// Prints a line for the operator; a closed stdout (the reader went away) must not stop
/// the server.
macro_rules! say {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($t)*);
    }};
}

async fn serve(config: Config, seed_demo: bool) -> anyhow::Result<()> {
    let state = AppState::build(config).await?;
    let login = if seed_demo {
        Some(demo::seed(&state).await?)
    } else {
        None
    };
    let sip = qiao_api::voice::start(&state.voice).await?;
    say!("SIP is listening on {sip} (UDP and TCP)");
    let running = Running::start(state).await?;
    let url = format!("http://{}/", running.addr);
    tracing::info!(%url, "qiao is serving");
    say!("Qiao is running at {url}");
    if let Some(l) = login {
        say!(
            "Demo tenant: organisation '{}', email {}, password {}",
            l.slug,
            l.email,
            l.password
        );
        say!(
            "Demo agents: {} (same organisation and password)",
            demo::DEMO_AGENTS.join(", ")
        );
        say!(
            "Demo hotline: sip:{}@{sip} (card {} PIN {})",
            demo::voice::DEMO_NUMBER,
            demo::voice::DEMO_CARD,
            demo::voice::DEMO_PIN
        );
    }
    wait_for_signal()
        .await
        .context("waiting for a shutdown signal")?;
    tracing::info!("shutting down");
    running.stop(Duration::from_secs(10)).await?;
    tracing::info!("stopped");
    Ok(())
}

async fn wait_for_signal() -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = signal(SignalKind::terminate())?;
        tokio::select! {
            r = tokio::signal::ctrl_c() => r,
            _ = term.recv() => Ok(()),
        }
    }
    #[cfg(not(unix))]
    {
        tokio::signal::ctrl_c().await
    }
}
