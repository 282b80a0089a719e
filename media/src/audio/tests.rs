//! Normalisation: rates, channels, formats, and refusals.

use super::*;

fn tone_wav(rate: u32, channels: u16, seconds: f32, freq: f32) -> Vec<u8> {
    let spec = hound::WavSpec {
        channels,
        sample_rate: rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut out = std::io::Cursor::new(Vec::new());
    let mut w = hound::WavWriter::new(&mut out, spec).unwrap();
    let n = (rate as f32 * seconds) as usize;
    for i in 0..n {
        let v = (2.0 * std::f32::consts::PI * freq * i as f32 / rate as f32).sin() * 0.5;
        for _ in 0..channels {
            w.write_sample((v * f32::from(i16::MAX)) as i16).unwrap();
        }
    }
    w.finalize().unwrap();
    out.into_inner()
}

/// Frequency estimated from zero crossings.
fn frequency(samples: &[i16], rate: u32) -> f32 {
    let crossings = samples
        .windows(2)
        .filter(|w| (w[0] < 0) != (w[1] < 0))
        .count();
    crossings as f32 / 2.0 / (samples.len() as f32 / rate as f32)
}

#[test]
fn stereo_44k_becomes_8k_mono_with_the_same_pitch_and_length() {
    let out = normalise(&tone_wav(44_100, 2, 1.0, 440.0), Some("wav")).unwrap();
    assert!(
        (out.duration_ms() as i64 - 1000).abs() <= 5,
        "{} ms",
        out.duration_ms()
    );
    let f = frequency(&out.samples, TELEPHONY_RATE);
    assert!((f - 440.0).abs() < 5.0, "{f} Hz");
    let reader = hound::WavReader::new(std::io::Cursor::new(&out.wav)).unwrap();
    let spec = reader.spec();
    assert_eq!(
        (spec.sample_rate, spec.channels, spec.bits_per_sample),
        (8000, 1, 16)
    );
}

#[test]
fn content_above_the_telephone_band_is_filtered_out() {
    // 6 kHz cannot be carried at 8 kHz sampling: it must not alias into the band.
    let rms =
        |s: &[i16]| (s.iter().map(|&x| f64::from(x).powi(2)).sum::<f64>() / s.len() as f64).sqrt();
    let high = normalise(&tone_wav(48_000, 1, 0.5, 6000.0), Some("wav"))
        .map(|a| rms(&a.samples))
        .unwrap_or(0.0);
    let low = rms(&normalise(&tone_wav(48_000, 1, 0.5, 440.0), Some("wav"))
        .unwrap()
        .samples);
    assert!(
        high < low / 100.0,
        "6 kHz leaked: rms {high:.1} against {low:.1}"
    );
}

#[test]
fn mp3_decodes() {
    let mp3 = include_bytes!("../../tests/fixtures/tone-440hz-1s.mp3");
    let out = normalise(mp3, Some("mp3")).unwrap();
    assert!(
        (900..1200).contains(&out.duration_ms()),
        "{} ms",
        out.duration_ms()
    );
    let f = frequency(&out.samples, TELEPHONY_RATE);
    assert!((f - 440.0).abs() < 15.0, "{f} Hz");
}

#[test]
fn damaged_silent_and_too_long_audio_is_refused() {
    assert!(matches!(
        normalise(b"this is not audio at all", Some("wav")),
        Err(AudioError::Unsupported(_))
    ));
    let mut truncated = tone_wav(8000, 1, 1.0, 440.0);
    truncated.truncate(20);
    assert!(matches!(
        normalise(&truncated, Some("wav")),
        Err(AudioError::Unsupported(_))
    ));
    assert_eq!(
        normalise(&tone_wav(8000, 1, 1.0, 0.0), Some("wav")).unwrap_err(),
        AudioError::Empty
    );
    let long = write_wav(&vec![
        1000i16;
        (TELEPHONY_RATE * (MAX_SECONDS + 1)) as usize
    ]);
    assert_eq!(
        normalise(&long, Some("wav")).unwrap_err(),
        AudioError::TooLong
    );
}
