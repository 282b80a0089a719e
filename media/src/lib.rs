//! Qiao's real-time voice and audio: SIP (`sip`), SDP (`sdp`), RTP with G.711 and DTMF
//! (`rtp`), the tokio shell that runs them on sockets (`voice`), prompt normalisation
//! (`audio`) and text-to-speech (`tts`). Everything under `sip`, `sdp` and `rtp` is sans-IO:
//! state machines fed bytes and a clock; only `voice` and `tts` touch the outside world.

pub mod audio;
pub mod rtp;
pub mod sdp;
pub mod sip;
pub mod tts;
pub mod voice;

pub use audio::{NormalisedAudio, TELEPHONY_RATE, normalise};
