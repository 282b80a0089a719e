//! G.711 μ-law and A-law frames. The sample codec is `audio-codec-algorithms`; its results
//! are tabulated once per process (256 decodings and 65,536 encodings per law, 129 KiB in
//! all), so a frame is a table look-up per sample instead of a companding computation.

use std::sync::LazyLock;

use audio_codec_algorithms::{decode_alaw, decode_ulaw, encode_alaw, encode_ulaw};

use crate::sdp::Codec;

struct Law {
    decode: [i16; 256],
    /// By the sample's bits as `u16`.
    encode: Box<[u8]>,
}

impl Law {
    fn new(dec: fn(u8) -> i16, enc: fn(i16) -> u8) -> Self {
        Self {
            decode: std::array::from_fn(|b| dec(b as u8)),
            encode: (0..=u16::MAX).map(|s| enc(s as i16)).collect(),
        }
    }
}

static ULAW: LazyLock<Law> = LazyLock::new(|| Law::new(decode_ulaw, encode_ulaw));
static ALAW: LazyLock<Law> = LazyLock::new(|| Law::new(decode_alaw, encode_alaw));

fn law(codec: Codec) -> &'static Law {
    match codec {
        Codec::Pcmu => &ULAW,
        Codec::Pcma => &ALAW,
    }
}

pub fn encode(codec: Codec, pcm: &[i16], out: &mut Vec<u8>) {
    let t = &law(codec).encode;
    out.extend(pcm.iter().map(|&s| t[usize::from(s as u16)]));
}

pub fn decode(codec: Codec, payload: &[u8], out: &mut Vec<i16>) {
    let t = &law(codec).decode;
    out.extend(payload.iter().map(|&b| t[usize::from(b)]));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tables_give_what_the_codec_computes() {
        for s in (i16::MIN..=i16::MAX)
            .step_by(7)
            .chain([i16::MIN, -1, 0, 1, i16::MAX])
        {
            let (mut u, mut a) = (Vec::new(), Vec::new());
            encode(Codec::Pcmu, &[s], &mut u);
            encode(Codec::Pcma, &[s], &mut a);
            assert_eq!(u[0], encode_ulaw(s), "{s}");
            assert_eq!(a[0], encode_alaw(s), "{s}");
        }
        for b in 0..=255u8 {
            let (mut u, mut a) = (Vec::new(), Vec::new());
            decode(Codec::Pcmu, &[b], &mut u);
            decode(Codec::Pcma, &[b], &mut a);
            assert_eq!((u[0], a[0]), (decode_ulaw(b), decode_alaw(b)), "{b}");
        }
    }

    #[test]
    fn round_trips_within_companding_error() {
        let pcm: Vec<i16> = (0..160)
            .map(|i| ((i as f32 * 0.3).sin() * 12000.0) as i16)
            .collect();
        for codec in [Codec::Pcmu, Codec::Pcma] {
            let mut enc = Vec::new();
            encode(codec, &pcm, &mut enc);
            let mut dec = Vec::new();
            decode(codec, &enc, &mut dec);
            for (a, b) in pcm.iter().zip(&dec) {
                assert!((a - b).abs() < 800, "{codec:?}: {a} vs {b}");
            }
        }
    }
}
