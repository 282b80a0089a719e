//! The tokio shell around the sans-IO cores: the SIP server (one task owning the
//! `Endpoint`, its UDP socket and TCP connections) and one media task per call (its RTP
//! socket and `Session`, ticking every 20 ms and writing the recording).

pub mod call_media;
pub mod sip_leg;
pub mod sip_server;
pub mod webrtc_leg;

pub use call_media::{MediaCmd, MediaHandle, MediaSummary};
pub use sip_leg::SipLeg;
pub use sip_server::{CallEvent, Inbound, IncomingCall, OutgoingCall, SipServer};
pub use webrtc_leg::{IceServer, LegError, WebRtcLeg, WebRtcSettings};
