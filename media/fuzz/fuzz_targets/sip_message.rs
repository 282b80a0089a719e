//! Any datagram into the SIP endpoint: it must never panic, and what it holds must expire.
#![no_main]

use std::time::{Duration, Instant};

use libfuzzer_sys::fuzz_target;
use qiao_media::sip::{Endpoint, Peer};

fuzz_target!(|data: &[u8]| {
    let t0 = Instant::now();
    let mut ep = Endpoint::new("127.0.0.1:5060".parse().unwrap(), 1);
    let peer = Peer::udp("127.0.0.1:5061".parse().unwrap());
    // Twice: the second is a retransmission (or a second message) of the same bytes.
    ep.handle_input(t0, peer, data);
    ep.handle_input(t0, peer, data);
    while ep.poll_output().is_some() {}
    ep.handle_timeout(t0 + Duration::from_secs(300));
    while ep.poll_output().is_some() {}
});
