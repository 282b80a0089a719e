//! G.711 μ-law and A-law frames (the sample codec is `audio-codec-algorithms`).

use audio_codec_algorithms::{decode_alaw, decode_ulaw, encode_alaw, encode_ulaw};

use crate::sdp::Codec;

pub fn encode(codec: Codec, pcm: &[i16], out: &mut Vec<u8>) {
    out.extend(pcm.iter().map(|&s| match codec {
        Codec::Pcmu => encode_ulaw(s),
        Codec::Pcma => encode_alaw(s),
    }));
}

pub fn decode(codec: Codec, payload: &[u8], out: &mut Vec<i16>) {
    out.extend(payload.iter().map(|&b| match codec {
        Codec::Pcmu => decode_ulaw(b),
        Codec::Pcma => decode_alaw(b),
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

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
