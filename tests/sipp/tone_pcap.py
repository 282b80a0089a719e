#!/usr/bin/env python3
"""Writes a pcap of RTP/PCMU packets carrying a sine tone, for sipp's play_pcap_audio:
the caller's "voice" that tests look for in call recordings.

usage: tone_pcap.py FREQ_HZ SECONDS OUT.pcap
"""
import math
import struct
import sys


def ulaw(sample: int) -> int:
    """G.711 mu-law encoding of one 16-bit sample."""
    bias, clip = 0x84, 32635
    sign = 0x80 if sample < 0 else 0
    sample = min(abs(sample), clip) + bias
    exponent = 7
    mask = 0x4000
    while exponent > 0 and not sample & mask:
        exponent -= 1
        mask >>= 1
    mantissa = (sample >> (exponent + 3)) & 0x0F
    return ~(sign | (exponent << 4) | mantissa) & 0xFF


def main() -> None:
    freq, secs, out = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
    frames = int(secs * 50)
    with open(out, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for n in range(frames):
            payload = bytes(
                ulaw(int(12000 * math.sin(2 * math.pi * freq * (n * 160 + i) / 8000)))
                for i in range(160)
            )
            rtp = struct.pack("!BBHII", 0x80, 0, n & 0xFFFF, n * 160, 0x5151) + payload
            udp = struct.pack("!HHHH", 6000, 6000, 8 + len(rtp), 0) + rtp
            ip = struct.pack(
                "!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), n & 0xFFFF, 0, 64, 17, 0,
                bytes([127, 0, 0, 1]), bytes([127, 0, 0, 1]),
            ) + udp
            eth = b"\x00" * 12 + b"\x08\x00" + ip
            usec = n * 20_000
            f.write(struct.pack("<IIII", usec // 1_000_000, usec % 1_000_000, len(eth), len(eth)))
            f.write(eth)


if __name__ == "__main__":
    main()
