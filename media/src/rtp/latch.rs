//! Symmetric RTP ("comedia" latching): a phone behind NAT writes its private address in
//! the SDP, but its packets arrive from the NAT's public address. Until the peer's first
//! packet arrives we send to the SDP address; the first packet in a negotiated payload
//! type, from wherever it comes, fixes the peer's address, and from then on we send there
//! and accept packets only from exactly there. A new SDP (re-INVITE) starts over.
//!
//! Latching is used only when NAT is likely: the SDP's address is not the address the SIP
//! request came from (as FreeSWITCH's auto-adjust and Kamailio's `nat_uac_test` judge it).
//! A peer whose SDP matches its signalling keeps the SDP's address, so equipment that sends
//! RTP from another port than it receives on (asymmetric RTP) still hears us; its packets
//! are then accepted from the SDP's IP on any port.

use std::net::{IpAddr, SocketAddr};

/// Whether a peer is to be latched: its SDP names another address than its SIP came from.
pub fn behind_nat(sdp: IpAddr, signalling: IpAddr) -> bool {
    sdp != signalling
}

#[derive(Clone, Debug)]
pub struct Latch {
    remote: SocketAddr,
    enabled: bool,
    latched: bool,
}

impl Latch {
    /// Starts from the address the peer's SDP gave; `enabled` per [`behind_nat`].
    pub fn new(sdp_remote: SocketAddr, enabled: bool) -> Self {
        Self {
            remote: sdp_remote,
            enabled,
            latched: false,
        }
    }

    /// Where our packets go.
    pub fn remote(&self) -> SocketAddr {
        self.remote
    }

    pub fn is_latched(&self) -> bool {
        self.latched
    }

    /// The peer sent a new SDP: send there until its packets show where it really is.
    pub fn reset(&mut self, sdp_remote: SocketAddr) {
        self.remote = sdp_remote;
        self.latched = false;
    }

    /// Whether a packet from `from` is the peer's. `negotiated`: its payload type is one
    /// the SDP agreed (only such a packet may latch, so stray traffic cannot steer us).
    pub fn admit(&mut self, from: SocketAddr, negotiated: bool) -> bool {
        if !self.enabled {
            return from.ip() == self.remote.ip();
        }
        if self.latched {
            return from == self.remote;
        }
        if !negotiated {
            return false;
        }
        self.remote = from;
        self.latched = true;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(s: &str) -> SocketAddr {
        s.parse().unwrap()
    }

    #[test]
    fn the_first_negotiated_packet_moves_us_to_its_source_and_holds_it() {
        assert!(behind_nat(
            a("192.168.1.20:4000").ip(),
            a("203.0.113.7:5060").ip()
        ));
        let mut l = Latch::new(a("192.168.1.20:4000"), true);
        assert_eq!(l.remote(), a("192.168.1.20:4000"));
        // Stray traffic in a payload type nobody negotiated does not latch.
        assert!(!l.admit(a("198.51.100.9:7000"), false));
        assert!(!l.is_latched());
        // The phone's first packet comes through its NAT.
        assert!(l.admit(a("203.0.113.7:31000"), true));
        assert_eq!(l.remote(), a("203.0.113.7:31000"));
        // From then on only that exact address is the peer.
        assert!(l.admit(a("203.0.113.7:31000"), true));
        assert!(!l.admit(a("203.0.113.7:31002"), true));
        assert!(!l.admit(a("192.168.1.20:4000"), true));
        assert_eq!(l.remote(), a("203.0.113.7:31000"));
    }

    #[test]
    fn a_new_sdp_starts_over() {
        let mut l = Latch::new(a("10.0.0.1:4000"), true);
        assert!(l.admit(a("203.0.113.7:31000"), true));
        l.reset(a("10.0.0.1:4100"));
        assert_eq!(l.remote(), a("10.0.0.1:4100"));
        assert!(!l.is_latched());
        assert!(l.admit(a("203.0.113.7:31100"), true));
        assert_eq!(l.remote(), a("203.0.113.7:31100"));
    }

    #[test]
    fn a_peer_whose_sdp_matches_its_signalling_is_not_latched() {
        assert!(!behind_nat(
            a("198.51.100.1:4000").ip(),
            a("198.51.100.1:5060").ip()
        ));
        let mut l = Latch::new(a("198.51.100.1:4000"), false);
        // Asymmetric RTP: it sends from another port; we keep sending to the SDP's.
        assert!(l.admit(a("198.51.100.1:4002"), true));
        assert_eq!(l.remote(), a("198.51.100.1:4000"));
        assert!(!l.admit(a("203.0.113.7:4000"), true));
    }
}
