//! RTP media for G.711 calls: codec, RFC 4733 telephone events, the sans-IO media session
//! (20 ms ticks, playout, DTMF, RTP timeout), symmetric-RTP latching and the call recorder.

pub mod dtmf;
pub mod g711;
pub mod latch;
pub mod record;
pub mod session;

/// Samples in one 20 ms frame at 8 kHz.
pub const FRAME: usize = 160;
