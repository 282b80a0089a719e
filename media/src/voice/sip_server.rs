//! Runs the SIP `Endpoint` on sockets: UDP and TCP on one address. Incoming calls and
//! requests go to the application; each call gets its own event channel; the application
//! drives calls through a cloneable [`SipServer`] handle.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::time::Instant;

use rsip::Request;
use rsip::headers::Header;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, UdpSocket};
use tokio::sync::{mpsc, oneshot};

use crate::sdp::Offer;
use crate::sip::framing::{Frame, next_frame};
use crate::sip::{CallId, Dial, EndReason, Endpoint, Event, MediaAnswer, Output, Peer, Transport};

/// What happens to a call after it arrived.
#[derive(Debug)]
pub enum CallEvent {
    Acked,
    Cancelled,
    Ended(EndReason),
    Dtmf(char),
    Media(Offer),
    /// Outbound calls: ringing (180/183), answered (the callee's SDP), failed (final code).
    Progress(u16),
    Answered(Vec<u8>),
    Failed(u16),
}

pub struct IncomingCall {
    pub call: CallId,
    pub request: Box<Request>,
    pub peer: Peer,
    pub events: mpsc::UnboundedReceiver<CallEvent>,
}

pub enum Inbound {
    Call(IncomingCall),
    /// A REGISTER: answer with `SipServer::respond`.
    Request {
        tx: String,
        request: Box<Request>,
        peer: Peer,
    },
}

enum Cmd {
    Ringing(CallId),
    Answer(CallId, MediaAnswer),
    Reject(CallId, u16, Vec<Header>),
    Hangup(CallId),
    Respond(String, Box<Request>, u16, Vec<Header>),
    Dial(Box<Dial>, oneshot::Sender<OutgoingCall>),
}

/// A call we placed: its id and its events (`Progress`, `Answered`/`Failed`, then the
/// usual `Ended`, `Dtmf`, `Media`).
pub struct OutgoingCall {
    pub call: CallId,
    pub events: mpsc::UnboundedReceiver<CallEvent>,
}

/// A handle on the running SIP server.
#[derive(Clone)]
pub struct SipServer {
    local: SocketAddr,
    cmd: mpsc::UnboundedSender<Cmd>,
}

/// UDP and TCP on one address. With port 0 the system picks the UDP port, and that port may
/// be taken for TCP by someone else: then another port is tried.
async fn bind_pair(addr: SocketAddr) -> std::io::Result<(UdpSocket, TcpListener)> {
    let mut tries = 0;
    loop {
        let udp = UdpSocket::bind(addr).await?;
        match TcpListener::bind(udp.local_addr()?).await {
            Ok(tcp) => return Ok((udp, tcp)),
            Err(e)
                if addr.port() == 0 && e.kind() == std::io::ErrorKind::AddrInUse && tries < 50 =>
            {
                tries += 1;
            }
            Err(e) => return Err(e),
        }
    }
}

impl SipServer {
    /// Binds UDP and TCP on `addr` and starts serving; calls and requests arrive on the
    /// returned channel. `advertised` goes into Via and Contact (defaults to `addr`).
    pub async fn start(
        addr: SocketAddr,
        advertised: Option<SocketAddr>,
    ) -> std::io::Result<(Self, mpsc::Receiver<Inbound>)> {
        let (udp, tcp) = bind_pair(addr).await?;
        let local = udp.local_addr()?;
        let (cmd_tx, cmd_rx) = mpsc::unbounded_channel();
        let (in_tx, in_rx) = mpsc::channel(4096);
        let endpoint = Endpoint::new(advertised.unwrap_or(local), rand::random());
        tokio::spawn(run(endpoint, udp, tcp, cmd_rx, in_tx));
        Ok((Self { local, cmd: cmd_tx }, in_rx))
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.local
    }

    /// Places an outbound call (None when the server has stopped).
    pub async fn dial(&self, dial: Dial) -> Option<OutgoingCall> {
        let (tx, rx) = oneshot::channel();
        self.cmd.send(Cmd::Dial(Box::new(dial), tx)).ok()?;
        rx.await.ok()
    }

    pub fn ringing(&self, call: CallId) {
        let _ = self.cmd.send(Cmd::Ringing(call));
    }

    pub fn answer(&self, call: CallId, media: MediaAnswer) {
        let _ = self.cmd.send(Cmd::Answer(call, media));
    }

    pub fn reject(&self, call: CallId, code: u16, extra: Vec<Header>) {
        let _ = self.cmd.send(Cmd::Reject(call, code, extra));
    }

    pub fn hangup(&self, call: CallId) {
        let _ = self.cmd.send(Cmd::Hangup(call));
    }

    pub fn respond(&self, tx: String, request: Box<Request>, code: u16, extra: Vec<Header>) {
        let _ = self.cmd.send(Cmd::Respond(tx, request, code, extra));
    }
}

async fn run(
    mut ep: Endpoint,
    udp: UdpSocket,
    tcp: TcpListener,
    mut cmds: mpsc::UnboundedReceiver<Cmd>,
    inbound: mpsc::Sender<Inbound>,
) {
    let (frames_tx, mut frames) = mpsc::channel::<(Peer, Vec<u8>)>(4096);
    let mut conns: HashMap<u64, mpsc::UnboundedSender<Vec<u8>>> = HashMap::new();
    let (closed_tx, mut closed) = mpsc::unbounded_channel::<u64>();
    let mut next_conn = 1u64;
    let mut calls: HashMap<CallId, mpsc::UnboundedSender<CallEvent>> = HashMap::new();
    let mut buf = vec![0u8; 65_536];
    loop {
        let deadline = ep.poll_timeout();
        let sleep = async {
            match deadline {
                Some(d) => tokio::time::sleep_until(d.into()).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            r = udp.recv_from(&mut buf) => match r {
                Ok((n, from)) => ep.handle_input(Instant::now(), Peer::udp(from), &buf[..n]),
                Err(e) => tracing::debug!(error = %e, "SIP UDP receive"),
            },
            Some((peer, data)) = frames.recv() => ep.handle_input(Instant::now(), peer, &data),
            accepted = tcp.accept() => if let Ok((stream, from)) = accepted {
                let id = next_conn;
                next_conn += 1;
                let (wtx, wrx) = mpsc::unbounded_channel();
                conns.insert(id, wtx);
                let peer = Peer { addr: from, transport: Transport::Tcp, conn: id };
                tokio::spawn(serve_conn(stream, peer, frames_tx.clone(), wrx, closed_tx.clone()));
            },
            Some(id) = closed.recv() => { conns.remove(&id); }
            cmd = cmds.recv() => {
                let Some(cmd) = cmd else { return };
                let now = Instant::now();
                match cmd {
                    Cmd::Ringing(c) => ep.ringing(now, c),
                    Cmd::Answer(c, m) => ep.answer(now, c, m),
                    Cmd::Reject(c, code, extra) => { calls.remove(&c); ep.reject(now, c, code, extra) }
                    Cmd::Hangup(c) => { calls.remove(&c); ep.hangup(now, c) }
                    Cmd::Respond(tx, req, code, extra) => ep.respond(now, &tx, &req, code, extra),
                    Cmd::Dial(d, reply) => {
                        let call = ep.invite(now, *d);
                        let (tx, events) = mpsc::unbounded_channel();
                        calls.insert(call, tx);
                        let _ = reply.send(OutgoingCall { call, events });
                    }
                }
            }
            () = sleep => ep.handle_timeout(Instant::now()),
        }
        while let Some(out) = ep.poll_output() {
            match out {
                Output::Transmit { peer, data } => match peer.transport {
                    Transport::Udp => {
                        if let Err(e) = udp.send_to(&data, peer.addr).await {
                            tracing::debug!(error = %e, to = %peer.addr, "SIP UDP send");
                        }
                    }
                    Transport::Tcp => {
                        if let Some(w) = conns.get(&peer.conn) {
                            let _ = w.send(data);
                        }
                    }
                },
                Output::Event(e) => dispatch(e, &mut calls, &inbound),
            }
        }
    }
}

fn dispatch(
    e: Event,
    calls: &mut HashMap<CallId, mpsc::UnboundedSender<CallEvent>>,
    inbound: &mpsc::Sender<Inbound>,
) {
    let (call, ev) = match e {
        Event::Invite {
            call,
            request,
            peer,
        } => {
            let (tx, rx) = mpsc::unbounded_channel();
            calls.insert(call, tx);
            let incoming = Inbound::Call(IncomingCall {
                call,
                request,
                peer,
                events: rx,
            });
            if inbound.try_send(incoming).is_err() {
                tracing::warn!("the application is not taking calls; dropping one");
            }
            return;
        }
        Event::Request { tx, request, peer } => {
            let _ = inbound.try_send(Inbound::Request { tx, request, peer });
            return;
        }
        Event::Acked { call } => (call, CallEvent::Acked),
        Event::Cancelled { call } => (call, CallEvent::Cancelled),
        Event::Ended { call, reason } => (call, CallEvent::Ended(reason)),
        Event::Dtmf { call, digit } => (call, CallEvent::Dtmf(digit)),
        Event::Media { call, offer } => (call, CallEvent::Media(offer)),
        Event::Progress { call, code } => (call, CallEvent::Progress(code)),
        Event::Answered { call, sdp } => (call, CallEvent::Answered(sdp)),
        Event::Failed { call, code } => (call, CallEvent::Failed(code)),
    };
    let last = matches!(
        ev,
        CallEvent::Cancelled | CallEvent::Ended(_) | CallEvent::Failed(_)
    );
    if let Some(tx) = calls.get(&call) {
        let _ = tx.send(ev);
    }
    if last {
        calls.remove(&call);
    }
}

async fn serve_conn(
    stream: tokio::net::TcpStream,
    peer: Peer,
    frames: mpsc::Sender<(Peer, Vec<u8>)>,
    mut writes: mpsc::UnboundedReceiver<Vec<u8>>,
    closed: mpsc::UnboundedSender<u64>,
) {
    let (mut rd, mut wr) = stream.into_split();
    let writer = tokio::spawn(async move {
        while let Some(data) = writes.recv().await {
            if wr.write_all(&data).await.is_err() {
                break;
            }
        }
    });
    let mut buf = Vec::with_capacity(4096);
    let mut chunk = vec![0u8; 16_384];
    'read: loop {
        match rd.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
        loop {
            match next_frame(&mut buf) {
                Frame::Message(m) => {
                    if frames.send((peer, m)).await.is_err() {
                        break 'read;
                    }
                }
                Frame::Incomplete => break,
                Frame::Broken(why) => {
                    tracing::debug!(from = %peer.addr, why, "closing a SIP TCP connection");
                    break 'read;
                }
            }
        }
    }
    writer.abort();
    let _ = closed.send(peer.conn);
}
