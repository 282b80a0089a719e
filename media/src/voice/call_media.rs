//! One call's media task: its RTP socket, the `Session` ticking every 20 ms, the call
//! recording (stereo, streamed to a file) and an optional voicemail capture (mono).
//!
//! The task wakes once a tick, not once a packet: the caller's socket and every bridged
//! RTP leg's (`SipLeg`) are non-blocking and read on the tick, just before the session
//! takes its next frame from what arrived (the same latency as reading on arrival, since
//! audio only leaves on ticks), and the channel from WebRTC legs is drained there too. Only
//! commands from the call wake it in between.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Instant;

use tokio::net::UdpSocket;
use tokio::sync::{mpsc, oneshot};

use crate::rtp::FRAME;
use crate::rtp::record::Recorder;
use crate::rtp::session::{Clip, MediaEvent, Session, SessionConfig};
use crate::voice::sip_leg::SipLeg;

pub enum MediaCmd {
    Play(Clip),
    StopPlayback,
    Music(Option<Clip>),
    /// A re-INVITE: new peer address; `false` stops sending (inactive/held by the peer).
    Remote(SocketAddr, bool),
    /// Start writing the caller's audio (mono) to this file.
    Capture(PathBuf),
    /// Stop the capture; answers its length in ms.
    EndCapture(oneshot::Sender<std::io::Result<u64>>),
    /// Bridge a leg (an agent): it hears the caller and the other legs, 20 ms at a time,
    /// on `hears`; what it says comes in through `MediaHandle::leg_input`.
    Bridge {
        id: u32,
        hears: mpsc::Sender<[i16; FRAME]>,
    },
    /// Bridge an RTP leg (a desk phone, a number we dialled): this task reads and writes
    /// its socket, like the caller's. (Boxed: every call's command channel holds slots
    /// the size of the largest command.)
    BridgeRtp {
        id: u32,
        leg: Box<SipLeg>,
    },
    /// Takes a leg out of the call (an RTP leg's socket is closed).
    Unbridge(u32),
    /// Send a key to the caller (RFC 4733).
    Key(char),
    /// Hold the caller (music; the legs stop hearing them) or take them off hold.
    Hold(bool),
    /// Stop the call's media; answers the summary.
    Close(oneshot::Sender<MediaSummary>),
}

#[derive(Debug, Default)]
pub struct MediaSummary {
    pub packets_in: u64,
    pub packets_out: u64,
    /// Length of the call recording, when one was written.
    pub recording_ms: Option<u64>,
    pub recording_error: Option<String>,
}

/// The application's side of a call's media.
#[derive(Clone)]
pub struct MediaHandle {
    cmd: mpsc::UnboundedSender<MediaCmd>,
    legs: mpsc::Sender<(u32, Vec<i16>)>,
}

impl MediaHandle {
    pub fn send(&self, cmd: MediaCmd) {
        let _ = self.cmd.send(cmd);
    }

    /// Where bridged legs send what they say (8 kHz PCM, tagged with the leg's id).
    pub fn leg_input(&self) -> mpsc::Sender<(u32, Vec<i16>)> {
        self.legs.clone()
    }

    pub async fn end_capture(&self) -> std::io::Result<u64> {
        let (tx, rx) = oneshot::channel();
        self.send(MediaCmd::EndCapture(tx));
        rx.await
            .unwrap_or_else(|_| Err(std::io::Error::other("media task ended")))
    }

    pub async fn close(&self) -> MediaSummary {
        let (tx, rx) = oneshot::channel();
        self.send(MediaCmd::Close(tx));
        rx.await.unwrap_or_default()
    }
}

/// Binds an RTP socket on `ip` (an OS-chosen port).
pub async fn bind(ip: IpAddr) -> std::io::Result<UdpSocket> {
    UdpSocket::bind(SocketAddr::new(ip, 0)).await
}

/// Starts the media task; `recording` is where the call's stereo WAV goes.
pub fn spawn(
    socket: UdpSocket,
    cfg: SessionConfig,
    recording: Option<PathBuf>,
) -> (MediaHandle, mpsc::UnboundedReceiver<MediaEvent>) {
    let (cmd_tx, cmd_rx) = mpsc::unbounded_channel();
    let (ev_tx, ev_rx) = mpsc::unbounded_channel();
    let (legs_tx, legs_rx) = mpsc::channel(64);
    tokio::spawn(run(socket, cfg, recording, cmd_rx, legs_rx, ev_tx));
    (
        MediaHandle {
            cmd: cmd_tx,
            legs: legs_tx,
        },
        ev_rx,
    )
}

async fn run(
    socket: UdpSocket,
    cfg: SessionConfig,
    recording: Option<PathBuf>,
    mut cmds: mpsc::UnboundedReceiver<MediaCmd>,
    mut legs_in: mpsc::Receiver<(u32, Vec<i16>)>,
    events: mpsc::UnboundedSender<MediaEvent>,
) {
    let mut legs_out: Vec<(u32, mpsc::Sender<[i16; FRAME]>)> = Vec::new();
    let mut session = Session::new(Instant::now(), cfg, rand::random(), rand::random());
    let mut summary = MediaSummary::default();
    let mut recorder = match recording.as_deref().map(|p| Recorder::create(p, true)) {
        Some(Ok(r)) => Some(r),
        Some(Err(e)) => {
            summary.recording_error = Some(e.to_string());
            None
        }
        None => None,
    };
    let mut capture: Option<Recorder> = None;
    let mut buf = [0u8; 2048];
    let mut rtp_legs: Vec<(u32, SipLeg)> = Vec::new();
    let socket = match socket.into_std() {
        Ok(s) => s,
        Err(e) => {
            tracing::error!(error = %e, "the call's RTP socket");
            return;
        }
    };
    let closed = loop {
        tokio::select! {
            cmd = cmds.recv() => match cmd {
                None => break None,
                Some(MediaCmd::Play(c)) => session.play(c),
                Some(MediaCmd::StopPlayback) => session.stop_playback(),
                Some(MediaCmd::Music(m)) => session.set_music(m),
                Some(MediaCmd::Remote(addr, send)) => session.update_remote(Instant::now(), addr, send),
                Some(MediaCmd::Capture(path)) => match Recorder::create(&path, false) {
                    Ok(r) => capture = Some(r),
                    Err(e) => tracing::warn!(error = %e, "starting a voicemail capture"),
                },
                Some(MediaCmd::EndCapture(reply)) => {
                    let r = match capture.take() {
                        Some(c) => c.finish(),
                        None => Err(std::io::Error::other("no capture running")),
                    };
                    let _ = reply.send(r);
                }
                Some(MediaCmd::Bridge { id, hears }) => {
                    session.add_leg(id);
                    legs_out.retain(|(l, _)| *l != id);
                    legs_out.push((id, hears));
                }
                Some(MediaCmd::BridgeRtp { id, mut leg }) => {
                    session.add_leg(id);
                    leg.discard_pending(&mut buf);
                    rtp_legs.retain(|(l, _)| *l != id);
                    rtp_legs.push((id, *leg));
                }
                Some(MediaCmd::Unbridge(id)) => {
                    session.remove_leg(id);
                    legs_out.retain(|(l, _)| *l != id);
                    rtp_legs.retain(|(l, _)| *l != id);
                }
                Some(MediaCmd::Hold(on)) => session.set_hold(on),
                Some(MediaCmd::Key(k)) => { session.send_key(k); }
                Some(MediaCmd::Close(reply)) => break Some(reply),
            },
            () = tokio::time::sleep_until(session.poll_timeout().into()) => {
                let now = Instant::now();
                // What arrived since the last tick, from the caller and from every leg.
                loop {
                    match socket.recv_from(&mut buf) {
                        Ok((n, from)) => session.handle_rtp(now, from, &buf[..n]),
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                        Err(_) => break,
                    }
                }
                for (id, leg) in &mut rtp_legs {
                    leg.receive(&mut buf, |pcm| session.leg_audio(*id, pcm));
                }
                while let Ok((id, pcm)) = legs_in.try_recv() {
                    session.leg_audio(id, &pcm);
                }
                let remote = session.remote();
                if let Some(tick) = session.handle_timeout(now) {
                    if let Some(p) = tick.packet {
                        // Non-blocking: a full socket buffer loses this frame.
                        let _ = socket.send_to(p, remote);
                    }
                    if let Some(r) = recorder.as_mut()
                        && let Err(e) = r.write(tick.caller, tick.ours)
                    {
                        summary.recording_error = Some(e.to_string());
                        recorder = None;
                    }
                    if let Some(c) = capture.as_mut() {
                        let _ = c.write(tick.caller, tick.ours);
                    }
                    for leg in tick.legs {
                        if let Some((_, rtp)) = rtp_legs.iter_mut().find(|(id, _)| *id == leg.id) {
                            rtp.send(&leg.hears);
                        } else if let Some((_, tx)) = legs_out.iter().find(|(id, _)| *id == leg.id) {
                            // A leg that cannot keep up loses this frame, not the call.
                            let _ = tx.try_send(leg.hears);
                        }
                    }
                }
            }
        }
        while let Some(e) = session.poll_event() {
            let _ = events.send(e);
        }
    };
    summary.packets_in = session.packets_in;
    summary.packets_out = session.packets_out;
    if let Some(c) = capture {
        let _ = c.finish();
    }
    if let Some(r) = recorder {
        match r.finish() {
            Ok(ms) => summary.recording_ms = Some(ms),
            Err(e) => summary.recording_error = Some(e.to_string()),
        }
    }
    if let Some(reply) = closed {
        let _ = reply.send(summary);
    }
}
