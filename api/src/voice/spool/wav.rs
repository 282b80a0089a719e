//! Repairing a WAV file whose writer died: the RIFF and data lengths are written only when a
//! recording ends, so a file cut off mid-call says it holds nothing. The lengths are set
//! from the file's size, and a torn last sample frame is cut.

use std::fs::OpenOptions;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::Path;

fn bad(what: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("not a PCM WAV file: {what}"),
    )
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// Makes the WAV at `path` whole; returns its duration in milliseconds.
pub fn repair(path: &Path) -> io::Result<u64> {
    let mut f = OpenOptions::new().read(true).write(true).open(path)?;
    let len = f.metadata()?.len();
    // The chunks before the audio fit in the first few hundred bytes.
    let mut head = vec![0u8; usize::try_from(len.min(1024)).unwrap_or(1024)];
    f.read_exact(&mut head)?;
    if head.len() < 12 || &head[..4] != b"RIFF" || &head[8..12] != b"WAVE" {
        return Err(bad("no RIFF/WAVE header"));
    }
    let mut at = 12;
    let mut format = None;
    let data_at = loop {
        if at + 8 > head.len() {
            return Err(bad("no data chunk"));
        }
        let (id, size) = (&head[at..at + 4], u32_at(&head, at + 4) as usize);
        if id == b"data" {
            break at;
        }
        if id == b"fmt " {
            if at + 8 + 16 > head.len() {
                return Err(bad("short fmt chunk"));
            }
            let channels = u16_at(&head, at + 8 + 2);
            let rate = u32_at(&head, at + 8 + 4);
            let bits = u16_at(&head, at + 8 + 14);
            format = Some((channels, rate, bits));
        }
        at += 8 + size + size % 2;
    };
    let (channels, rate, bits) = format.ok_or_else(|| bad("no fmt chunk"))?;
    let frame = u64::from(channels) * u64::from(bits / 8);
    if frame == 0 || rate == 0 {
        return Err(bad("zero channels, sample size or rate"));
    }
    let audio_at = data_at as u64 + 8;
    let audio = len.saturating_sub(audio_at) / frame * frame;
    let audio32 = u32::try_from(audio).map_err(|_| bad("longer than a WAV can say"))?;
    f.set_len(audio_at + audio)?;
    f.seek(SeekFrom::Start(4))?;
    f.write_all(
        &u32::try_from(audio_at + audio - 8)
            .unwrap_or(u32::MAX)
            .to_le_bytes(),
    )?;
    f.seek(SeekFrom::Start(data_at as u64 + 4))?;
    f.write_all(&audio32.to_le_bytes())?;
    f.sync_all()?;
    Ok(audio / frame * 1000 / u64::from(rate))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(channels: u16) -> hound::WavSpec {
        hound::WavSpec {
            channels,
            sample_rate: 8000,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        }
    }

    /// What a recorder leaves when the process dies: samples flushed, the lengths still
    /// zero as at creation (they are written when the recording ends).
    fn cut_off(path: &Path, channels: u16, samples: usize, torn: bool) {
        let mut w = hound::WavWriter::create(path, spec(channels)).unwrap();
        for i in 0..samples {
            w.write_sample((i % 100) as i16).unwrap();
        }
        w.finalize().unwrap();
        let mut f = OpenOptions::new().write(true).open(path).unwrap();
        f.seek(SeekFrom::Start(4)).unwrap();
        f.write_all(&[0; 4]).unwrap();
        f.seek(SeekFrom::Start(40)).unwrap();
        f.write_all(&[0; 4]).unwrap();
        if torn {
            f.seek(SeekFrom::End(0)).unwrap();
            f.write_all(&[1]).unwrap();
        }
    }

    #[test]
    fn a_cut_off_stereo_recording_reads_back_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.wav");
        // 1.5 s of stereo, and half a sample of a frame that was being written.
        cut_off(&path, 2, 2 * 12_000, true);
        assert!(hound::WavReader::open(&path).map_or(true, |r| r.duration() != 12_000));
        assert_eq!(repair(&path).unwrap(), 1500);
        let mut r = hound::WavReader::open(&path).unwrap();
        assert_eq!((r.spec().channels, r.duration()), (2, 12_000));
        let s: Vec<i16> = r.samples::<i16>().map(Result::unwrap).collect();
        assert_eq!(s.len(), 24_000);
        assert_eq!(s[99], 99);
        // Repairing again changes nothing.
        assert_eq!(repair(&path).unwrap(), 1500);
    }

    #[test]
    fn an_empty_recording_is_zero_long_and_garbage_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.wav");
        cut_off(&path, 1, 0, false);
        assert_eq!(repair(&path).unwrap(), 0);
        let junk = dir.path().join("j.wav");
        std::fs::write(&junk, b"hello, not audio").unwrap();
        assert_eq!(
            repair(&junk).unwrap_err().kind(),
            io::ErrorKind::InvalidData
        );
    }
}
