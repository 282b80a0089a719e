//! A desk phone (or any SIP callee we dialled) as a leg of a call: its own RTP socket, G.711
//! both ways. The leg has no task of its own: it is handed to the call's media task
//! (`MediaCmd::BridgeRtp`), which reads its socket and sends its frame on every 20 ms tick,
//! beside the caller's (one wake-up a tick for the whole call, no channel hops).

use std::io::ErrorKind;
use std::net::{IpAddr, SocketAddr};

use rtp_rs::{RtpPacketBuilder, RtpReader, Seq};
use tokio::net::UdpSocket;

use crate::rtp::latch::Latch;
use crate::rtp::{FRAME, g711};
use crate::sdp::Codec;

/// Binds the leg's RTP socket on `ip` before the INVITE goes out (its port is in our offer).
pub async fn bind(ip: IpAddr) -> std::io::Result<UdpSocket> {
    UdpSocket::bind(SocketAddr::new(ip, 0)).await
}

/// An RTP leg: its socket (non-blocking, read only on ticks) and its sending state.
pub struct SipLeg {
    socket: std::net::UdpSocket,
    /// Symmetric RTP for a phone behind NAT: receiving latches, sending follows.
    peer: Latch,
    codec: Codec,
    ssrc: u32,
    seq: u16,
    ts: u32,
    pcm: Vec<i16>,
    payload: Vec<u8>,
    packet: Vec<u8>,
    pub packets_in: u64,
    pub packets_out: u64,
}

impl SipLeg {
    /// A leg with the phone at `remote` (from its SDP; `latch` per `latch::behind_nat`)
    /// in `codec`, on the socket `bind` gave.
    pub fn new(
        socket: UdpSocket,
        remote: SocketAddr,
        latch: bool,
        codec: Codec,
    ) -> std::io::Result<Self> {
        let socket = socket.into_std()?;
        socket.set_nonblocking(true)?;
        Ok(Self {
            socket,
            peer: Latch::new(remote, latch),
            codec,
            ssrc: rand::random(),
            seq: rand::random(),
            ts: rand::random(),
            pcm: Vec::with_capacity(FRAME),
            payload: Vec::with_capacity(FRAME),
            packet: vec![0; 12 + FRAME],
            packets_in: 0,
            packets_out: 0,
        })
    }

    /// Throws away what arrived before the leg was bridged (else it would sit in the
    /// jitter allowance as delay for the whole call).
    pub fn discard_pending(&mut self, buf: &mut [u8]) {
        while self.socket.recv_from(buf).is_ok() {}
    }

    /// Reads every packet waiting and hands each one's audio (8 kHz PCM) to `said`;
    /// packets from elsewhere than the (latched) peer or in another payload type are
    /// dropped.
    pub fn receive(&mut self, buf: &mut [u8], mut said: impl FnMut(&[i16])) {
        loop {
            let (n, from) = match self.socket.recv_from(buf) {
                Ok(r) => r,
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(_) => return,
            };
            let Ok(p) = RtpReader::new(&buf[..n]) else {
                continue;
            };
            let negotiated = p.payload_type() == self.codec.payload_type();
            if !self.peer.admit(from, negotiated) || !negotiated {
                continue;
            }
            self.packets_in += 1;
            self.pcm.clear();
            g711::decode(self.codec, p.payload(), &mut self.pcm);
            said(&self.pcm);
        }
    }

    /// Sends the phone one 20 ms frame (a full socket buffer loses the frame).
    pub fn send(&mut self, frame: &[i16; FRAME]) {
        self.payload.clear();
        g711::encode(self.codec, frame, &mut self.payload);
        let b = RtpPacketBuilder::new()
            .payload_type(self.codec.payload_type())
            .ssrc(self.ssrc)
            .sequence(Seq::from(self.seq))
            .timestamp(self.ts)
            .payload(&self.payload);
        self.packet.resize(b.target_length(), 0);
        let n = b.build_into_unchecked(&mut self.packet);
        if self
            .socket
            .send_to(&self.packet[..n], self.peer.remote())
            .is_ok()
        {
            self.packets_out += 1;
        }
        self.seq = self.seq.wrapping_add(1);
        self.ts = self.ts.wrapping_add(FRAME as u32);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pcmu(seq: u16, payload: &[u8]) -> Vec<u8> {
        RtpPacketBuilder::new()
            .payload_type(0)
            .ssrc(9)
            .sequence(Seq::from(seq))
            .timestamp(u32::from(seq) * 160)
            .payload(payload)
            .build()
            .unwrap()
    }

    #[tokio::test]
    async fn reads_what_waits_and_sends_frames_to_the_phone() {
        let phone = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
        let sock = bind("127.0.0.1".parse().unwrap()).await.unwrap();
        let ours = sock.local_addr().unwrap();
        let mut leg = SipLeg::new(sock, phone.local_addr().unwrap(), false, Codec::Pcmu).unwrap();
        let mut buf = [0u8; 2048];
        phone.send_to(&pcmu(1, &[0xFF; 160]), ours).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(50));
        leg.discard_pending(&mut buf);
        // Two packets between ticks, one in another payload type: two frames of audio.
        phone.send_to(&pcmu(2, &[0x80; 160]), ours).unwrap();
        let mut pcma = pcmu(3, &[0x55; 160]);
        pcma[1] = 8;
        phone.send_to(&pcma, ours).unwrap();
        phone.send_to(&pcmu(4, &[0x80; 160]), ours).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(50));
        let mut frames = Vec::new();
        leg.receive(&mut buf, |pcm| frames.push(pcm.to_vec()));
        assert_eq!(
            frames.len(),
            2,
            "the PCMA packet and the stale one are not audio"
        );
        assert!(frames.iter().all(|f| f.len() == FRAME && f[0] > 30_000));
        assert_eq!(leg.packets_in, 2);

        leg.send(&[0; FRAME]);
        leg.send(&[0; FRAME]);
        let mut got = Vec::new();
        for _ in 0..2 {
            let (n, from) = phone.recv_from(&mut buf).unwrap();
            assert_eq!(from, ours, "sent from the leg's own port (symmetric RTP)");
            let p = RtpReader::new(&buf[..n]).unwrap();
            assert_eq!(p.payload().len(), FRAME);
            got.push(u16::from(p.sequence_number()));
        }
        assert_eq!(got[1], got[0].wrapping_add(1));
        assert_eq!(leg.packets_out, 2);
    }
}
