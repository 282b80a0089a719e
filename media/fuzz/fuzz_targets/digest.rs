//! Any Authorization header value: parsing and verifying credentials must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qiao_media::sip::digest::{parse_credentials, verify};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Some(c) = parse_credentials(&text) {
        let _ = verify(&c, "REGISTER", "0123456789abcdef0123456789abcdef", b"k", 1_000_000);
    }
    let _ = verify(
        &qiao_media::sip::digest::Credentials {
            nonce: text.into_owned(),
            ..Default::default()
        },
        "INVITE",
        "x",
        b"k",
        1,
    );
});
