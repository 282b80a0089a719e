//! Uploaded audio → telephony audio: decode (WAV or MP3, any rate and channel count), mix to
//! mono, resample to 8 kHz, and write 16-bit PCM WAV. Refuses damaged, empty, too long or
//! unsupported input with a reason fit for the user.

mod decode;
mod resample;

/// The sample rate of narrow-band telephony (G.711).
pub const TELEPHONY_RATE: u32 = 8000;

/// At most this long (seconds) after normalisation.
pub const MAX_SECONDS: u32 = 600;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AudioError {
    #[error("unsupported or damaged audio: {0}; upload WAV or MP3")]
    Unsupported(String),
    #[error("the audio is silent or empty")]
    Empty,
    #[error("the audio is longer than {MAX_SECONDS} seconds")]
    TooLong,
}

/// 8 kHz mono 16-bit PCM, as a WAV file and as samples.
#[derive(Clone, Debug)]
pub struct NormalisedAudio {
    pub wav: Vec<u8>,
    pub samples: Vec<i16>,
}

impl NormalisedAudio {
    pub fn duration_ms(&self) -> u64 {
        self.samples.len() as u64 * 1000 / u64::from(TELEPHONY_RATE)
    }
}

/// Normalises `bytes` (WAV or MP3; `extension` is a hint such as "mp3").
pub fn normalise(bytes: &[u8], extension: Option<&str>) -> Result<NormalisedAudio, AudioError> {
    let decoded = decode::decode_mono(bytes, extension)?;
    if decoded.samples.is_empty() {
        return Err(AudioError::Empty);
    }
    if decoded.samples.len() as u64 > u64::from(decoded.rate) * u64::from(MAX_SECONDS) {
        return Err(AudioError::TooLong);
    }
    let at_8k = resample::to_rate(&decoded.samples, decoded.rate, TELEPHONY_RATE)
        .map_err(|e| AudioError::Unsupported(format!("resampling failed: {e}")))?;
    let samples: Vec<i16> = at_8k
        .iter()
        .map(|s| (s.clamp(-1.0, 1.0) * f32::from(i16::MAX)).round() as i16)
        .collect();
    let rms = (samples.iter().map(|&s| f64::from(s).powi(2)).sum::<f64>()
        / samples.len().max(1) as f64)
        .sqrt();
    // Below about -70 dBFS: nothing a caller could hear.
    if rms < 10.0 {
        return Err(AudioError::Empty);
    }
    Ok(NormalisedAudio {
        wav: write_wav(&samples),
        samples,
    })
}

/// Writes 8 kHz mono 16-bit PCM WAV.
pub fn write_wav(samples: &[i16]) -> Vec<u8> {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: TELEPHONY_RATE,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut out = std::io::Cursor::new(Vec::with_capacity(44 + samples.len() * 2));
    {
        // Writing to memory cannot fail for valid specs.
        let mut w = hound::WavWriter::new(&mut out, spec).expect("valid WAV spec");
        for s in samples {
            w.write_sample(*s).expect("writing to memory");
        }
        w.finalize().expect("writing to memory");
    }
    out.into_inner()
}

#[cfg(test)]
mod tests;

/// The samples of a WAV this crate wrote (8 kHz mono 16-bit), e.g. a stored prompt.
pub fn wav_samples(bytes: &[u8]) -> Result<Vec<i16>, AudioError> {
    let reader = hound::WavReader::new(std::io::Cursor::new(bytes))
        .map_err(|e| AudioError::Unsupported(e.to_string()))?;
    let spec = reader.spec();
    if spec.sample_rate != TELEPHONY_RATE || spec.channels != 1 || spec.bits_per_sample != 16 {
        // Not ours: take the general path.
        return normalise(bytes, Some("wav")).map(|a| a.samples);
    }
    reader
        .into_samples::<i16>()
        .collect::<Result<_, _>>()
        .map_err(|e| AudioError::Unsupported(e.to_string()))
}
