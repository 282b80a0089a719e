//! Qiao's composition root: configuration, the HTTP/GraphQL API, authentication, and the
//! adapters (NATS) behind the domain's traits. The `qiao` binary is `main.rs`.

pub mod auth;
pub mod caller;
pub mod config;
pub mod demo;
pub mod downloads;
pub mod error;
pub mod graphql;
pub mod metrics;
pub mod nats;
pub mod prompts;
pub mod s3;
pub mod server;
pub mod shutdown;
pub mod state;
pub mod telemetry;
pub mod voice;
