// Audio for the softphone test: sine-tone WAV files for Chromium's fake microphone, a WAV reader
// for Qiao's call recordings, and a Goertzel filter to tell which tone is in which channel when.

/** A mono 16-bit PCM WAV of a sine tone (`amplitude` of full scale). */
export function toneWav(freqHz: number, seconds: number, sampleRate = 48_000, amplitude = 0.4): Buffer {
  const frames = Math.round(seconds * sampleRate);
  const data = Buffer.alloc(frames * 2);
  for (let i = 0; i < frames; i++) {
    const v = Math.round(amplitude * 32767 * Math.sin((2 * Math.PI * freqHz * i) / sampleRate));
    data.writeInt16LE(v, i * 2);
  }
  const header = Buffer.alloc(44);
  header.write("RIFF", 0, "ascii");
  header.writeUInt32LE(36 + data.length, 4);
  header.write("WAVE", 8, "ascii");
  header.write("fmt ", 12, "ascii");
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write("data", 36, "ascii");
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

export interface Wav {
  sampleRate: number;
  /** One array of samples per channel (16-bit PCM only). */
  channels: Int16Array[];
}

/** Reads a 16-bit PCM WAV, walking its chunks to `fmt ` and `data`. */
export function parseWav(buf: Buffer): Wav {
  if (buf.toString("ascii", 0, 4) !== "RIFF" || buf.toString("ascii", 8, 12) !== "WAVE") {
    throw new Error("not a RIFF/WAVE file");
  }
  let offset = 12;
  let format: { channels: number; sampleRate: number; bits: number } | null = null;
  while (offset + 8 <= buf.length) {
    const id = buf.toString("ascii", offset, offset + 4);
    const size = buf.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === "fmt ") {
      if (buf.readUInt16LE(body) !== 1) throw new Error("not PCM");
      format = { channels: buf.readUInt16LE(body + 2), sampleRate: buf.readUInt32LE(body + 4), bits: buf.readUInt16LE(body + 14) };
    } else if (id === "data") {
      if (!format) throw new Error("data before fmt");
      if (format.bits !== 16) throw new Error(`${String(format.bits)}-bit samples`);
      const end = Math.min(buf.length, body + size);
      const frames = Math.floor((end - body) / (2 * format.channels));
      const channels = Array.from({ length: format.channels }, () => new Int16Array(frames));
      for (let f = 0; f < frames; f++) {
        for (let c = 0; c < format.channels; c++) {
          const channel = channels[c];
          if (channel) channel[f] = buf.readInt16LE(body + (f * format.channels + c) * 2);
        }
      }
      return { sampleRate: format.sampleRate, channels };
    }
    offset = body + size + (size % 2);
  }
  throw new Error("no data chunk");
}

/** The share of a window's energy at `freqHz` (Goertzel), 0…1: about 1 for a pure tone at that
 * frequency, the tone's share of the power for a mix, 0 for silence. */
export function toneShare(samples: Int16Array, start: number, length: number, freqHz: number, sampleRate: number): number {
  const coeff = 2 * Math.cos((2 * Math.PI * freqHz) / sampleRate);
  let s1 = 0;
  let s2 = 0;
  let energy = 0;
  const end = Math.min(samples.length, start + length);
  const n = end - start;
  for (let i = start; i < end; i++) {
    const x = samples[i] ?? 0;
    energy += x * x;
    const s0 = x + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  if (n <= 0 || energy === 0) return 0;
  const power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  return (2 * power) / (n * energy);
}

/** `toneShare` for each whole window of `windowSecs` in a channel. */
export function toneShares(samples: Int16Array, freqHz: number, sampleRate: number, windowSecs = 1): number[] {
  const length = Math.round(windowSecs * sampleRate);
  const out: number[] = [];
  for (let start = 0; start + length <= samples.length; start += length) {
    out.push(toneShare(samples, start, length, freqHz, sampleRate));
  }
  return out;
}
