//! SIP for Qiao's voice core: rsip parses and prints messages; everything stateful here is
//! sans-IO (fed bytes and a clock, returning bytes and events) so it runs under a simulated
//! clock in tests and under fuzzing.

pub mod digest;
pub mod endpoint;
pub mod framing;
pub mod msg;
pub mod transaction;

pub use endpoint::{
    CallId, Dial, EndReason, Endpoint, Event, MediaAnswer, Output, Peer, Transport,
};
