//! Any SDP body: parsing an offer must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = qiao_media::sdp::parse_offer(data);
});
