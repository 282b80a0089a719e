//! A desk phone (or any SIP callee we dialled) as a leg of a call: its own RTP socket,
//! G.711 both ways, audio crossing into the call's media task as 20 ms PCM frames, like the
//! browser's WebRTC leg.

use std::net::{IpAddr, SocketAddr};

use rtp_rs::{RtpPacketBuilder, RtpReader, Seq};
use tokio::net::UdpSocket;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::rtp::latch::Latch;
use crate::rtp::{FRAME, g711};
use crate::sdp::Codec;

/// A running RTP leg; dropping it stops its tasks.
pub struct SipLeg {
    /// What the leg hears, 20 ms at a time (see `call_media::MediaCmd::Bridge`).
    pub to_phone: mpsc::Sender<[i16; FRAME]>,
    tasks: [JoinHandle<()>; 2],
}

impl Drop for SipLeg {
    fn drop(&mut self) {
        for t in &self.tasks {
            t.abort();
        }
    }
}

/// Binds the leg's RTP socket on `ip` before the INVITE goes out (its port is in our offer).
pub async fn bind(ip: IpAddr) -> std::io::Result<UdpSocket> {
    UdpSocket::bind(SocketAddr::new(ip, 0)).await
}

impl SipLeg {
    /// Starts media with the phone at `remote` (from its SDP; `latch` per
    /// `latch::behind_nat`) in `codec`; what it says goes to `said` tagged `id`.
    pub fn start(
        socket: UdpSocket,
        remote: SocketAddr,
        latch: bool,
        codec: Codec,
        id: u32,
        said: mpsc::Sender<(u32, Vec<i16>)>,
    ) -> Self {
        let socket = std::sync::Arc::new(socket);
        let rx = socket.clone();
        // Symmetric RTP for a phone behind NAT: the receiver latches, the sender follows.
        let peer = std::sync::Arc::new(std::sync::Mutex::new(Latch::new(remote, latch)));
        let latch = peer.clone();
        let recv = tokio::spawn(async move {
            let mut buf = [0u8; 2048];
            let mut pcm = Vec::with_capacity(FRAME);
            while let Ok((n, from)) = rx.recv_from(&mut buf).await {
                let Ok(p) = RtpReader::new(&buf[..n]) else {
                    continue;
                };
                let negotiated = p.payload_type() == codec.payload_type();
                if !latch.lock().is_ok_and(|mut l| l.admit(from, negotiated)) || !negotiated {
                    continue;
                }
                pcm.clear();
                g711::decode(codec, p.payload(), &mut pcm);
                if said.send((id, pcm.clone())).await.is_err() {
                    return;
                }
            }
        });
        let (to_phone, mut frames) = mpsc::channel::<[i16; FRAME]>(16);
        let send = tokio::spawn(async move {
            let (ssrc, mut seq, mut ts): (u32, u16, u32) =
                (rand::random(), rand::random(), rand::random());
            let mut payload = Vec::with_capacity(FRAME);
            let mut packet = vec![0u8; 12 + FRAME];
            while let Some(frame) = frames.recv().await {
                payload.clear();
                g711::encode(codec, &frame, &mut payload);
                let b = RtpPacketBuilder::new()
                    .payload_type(codec.payload_type())
                    .ssrc(ssrc)
                    .sequence(Seq::from(seq))
                    .timestamp(ts)
                    .payload(&payload);
                packet.resize(b.target_length(), 0);
                let n = b.build_into_unchecked(&mut packet);
                let to = peer.lock().map_or(remote, |l| l.remote());
                let _ = socket.send_to(&packet[..n], to).await;
                seq = seq.wrapping_add(1);
                ts = ts.wrapping_add(FRAME as u32);
            }
        });
        Self {
            to_phone,
            tasks: [recv, send],
        }
    }
}
