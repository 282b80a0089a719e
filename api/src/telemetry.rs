//! Structured logs through `tracing`: text for a terminal, JSON for log collectors.

use tracing_subscriber::EnvFilter;

use crate::config::LogConfig;

pub fn init(cfg: &LogConfig) {
    let filter = EnvFilter::try_from_env("QIAO_LOG")
        .or_else(|_| EnvFilter::try_new(&cfg.filter))
        .unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if cfg.format == "json" {
        builder.json().flatten_event(true).init();
    } else {
        builder.init();
    }
}
