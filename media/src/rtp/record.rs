//! Recording to a file as it happens (nothing held in memory): stereo 8 kHz 16-bit WAV,
//! caller on the left and Qiao's side on the right; or mono caller audio for voicemail.

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use super::FRAME;

pub struct Recorder {
    writer: hound::WavWriter<BufWriter<File>>,
    stereo: bool,
    frames: u64,
}

impl Recorder {
    pub fn create(path: &Path, stereo: bool) -> std::io::Result<Self> {
        let spec = hound::WavSpec {
            channels: if stereo { 2 } else { 1 },
            sample_rate: crate::TELEPHONY_RATE,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        // 4 KiB: a flush every 120 ms of stereo audio (each call holds one of these).
        let file = BufWriter::with_capacity(4096, File::create(path)?);
        let writer = hound::WavWriter::new(file, spec).map_err(std::io::Error::other)?;
        Ok(Self {
            writer,
            stereo,
            frames: 0,
        })
    }

    pub fn write(&mut self, caller: &[i16; FRAME], ours: &[i16; FRAME]) -> std::io::Result<()> {
        // hound's 16-bit frame writer: one buffer per frame, not one call per sample.
        let channels = if self.stereo { 2 } else { 1 };
        let mut w = self.writer.get_i16_writer((FRAME * channels) as u32);
        for i in 0..FRAME {
            w.write_sample(caller[i]);
            if self.stereo {
                w.write_sample(ours[i]);
            }
        }
        w.flush().map_err(std::io::Error::other)?;
        self.frames += 1;
        Ok(())
    }

    pub fn duration_ms(&self) -> u64 {
        self.frames * 20
    }

    /// Writes the header's lengths and flushes.
    pub fn finish(self) -> std::io::Result<u64> {
        let ms = self.duration_ms();
        self.writer.finalize().map_err(std::io::Error::other)?;
        Ok(ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_a_stereo_wav_with_both_sides() {
        let dir = std::env::temp_dir().join(format!("qiao-rec-{}", uuid::Uuid::now_v7()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("r.wav");
        let mut r = Recorder::create(&path, true).unwrap();
        for _ in 0..50 {
            r.write(&[100; FRAME], &[-200; FRAME]).unwrap();
        }
        assert_eq!(r.finish().unwrap(), 1000);
        let mut wav = hound::WavReader::open(&path).unwrap();
        assert_eq!(wav.spec().channels, 2);
        let s: Vec<i16> = wav.samples::<i16>().map(Result::unwrap).collect();
        assert_eq!(s.len(), 16000);
        assert_eq!(&s[..2], &[100, -200]);
        std::fs::remove_dir_all(dir).unwrap();
    }
}
