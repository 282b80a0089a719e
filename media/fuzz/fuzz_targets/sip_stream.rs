//! Any TCP byte stream: framing must never panic and always make progress or stop.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qiao_media::sip::framing::{Frame, next_frame};

fuzz_target!(|data: &[u8]| {
    let mut buf = data.to_vec();
    loop {
        let before = buf.len();
        match next_frame(&mut buf) {
            Frame::Message(m) => assert!(!m.is_empty() && buf.len() < before),
            Frame::Incomplete | Frame::Broken(_) => break,
        }
    }
});
