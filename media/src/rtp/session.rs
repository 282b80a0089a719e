//! One call's media, sans-IO: every 20 ms tick sends a G.711 frame (the prompt being
//! played, else what the bridged agents say, else music on hold, else silence), mixes for
//! every bridged agent what the caller and the other agents said (a conference is just
//! more than one), hands the recorder what each side said in that frame, and reports DTMF,
//! the end of a prompt, and RTP silence from the peer.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rtp_rs::{RtpPacketBuilder, RtpReader, Seq};

use super::FRAME;
use super::dtmf::DtmfReceiver;
use super::g711;
use super::latch::Latch;
use crate::sdp::Codec;

pub const TICK: Duration = Duration::from_millis(20);

/// Audio at 8 kHz, shared between calls (prompts are cached once).
pub type Clip = Arc<[i16]>;

#[derive(Clone, Debug)]
pub struct SessionConfig {
    pub codec: Codec,
    pub dtmf_pt: Option<u8>,
    pub ssrc: u32,
    pub remote: SocketAddr,
    /// Latch onto where the peer's packets come from (see `latch::behind_nat`).
    pub latch: bool,
    /// No RTP from the peer for this long (while not on hold) ends the call.
    pub rtp_timeout: Duration,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MediaEvent {
    Dtmf(char),
    /// Every queued prompt has been played.
    PlayDone,
    /// The peer stopped sending RTP.
    Timeout,
}

/// What one tick produced.
pub struct Tick<'a> {
    /// The RTP packet to send (none while the peer holds us inactive).
    pub packet: Option<&'a [u8]>,
    /// The caller's audio and ours in this 20 ms, for the recorder.
    pub caller: &'a [i16; FRAME],
    pub ours: &'a [i16; FRAME],
    /// What each bridged leg hears in this 20 ms.
    pub legs: &'a [Leg],
}

/// A leg bridged to the caller (an agent's softphone or phone), by the caller's id for it.
pub struct Leg {
    pub id: u32,
    rx: VecDeque<i16>,
    said: [i16; FRAME],
    /// The caller and every other leg, mixed.
    pub hears: [i16; FRAME],
}

pub struct Session {
    cfg: SessionConfig,
    /// Where the caller's packets really come from (see `latch`); `cfg.remote` is the SDP's.
    peer: Latch,
    seq: u16,
    ts: u32,
    next_tick: Instant,
    last_rx: Instant,
    queue: VecDeque<(Clip, usize)>,
    music: Option<(Clip, usize)>,
    rx_pcm: VecDeque<i16>,
    dtmf: DtmfReceiver,
    events: VecDeque<MediaEvent>,
    send: bool,
    timed_out: bool,
    packet: Vec<u8>,
    caller: [i16; FRAME],
    ours: [i16; FRAME],
    scratch: Vec<u8>,
    decoded: Vec<i16>,
    legs: Vec<Leg>,
    /// The caller is on hold: they hear music, the legs do not hear them.
    hold: bool,
    /// Keys to send to the caller (RFC 4733), and the one being sent: event, its RTP
    /// timestamp, packets sent so far.
    keys_out: VecDeque<u8>,
    key_now: Option<(u8, u32, u16)>,
    pub packets_in: u64,
    pub packets_out: u64,
}

/// At most this much caller audio is buffered between ticks (jitter).
const RX_BUFFER: usize = FRAME * 10;

impl Session {
    pub fn new(now: Instant, cfg: SessionConfig, first_seq: u16, first_ts: u32) -> Self {
        Self {
            peer: Latch::new(cfg.remote, cfg.latch),
            cfg,
            seq: first_seq,
            ts: first_ts,
            next_tick: now,
            last_rx: now,
            queue: VecDeque::new(),
            music: None,
            // Grows with the jitter seen (at most RX_BUFFER); a silent caller costs nothing.
            rx_pcm: VecDeque::new(),
            dtmf: DtmfReceiver::default(),
            events: VecDeque::new(),
            send: true,
            timed_out: false,
            packet: Vec::with_capacity(12 + FRAME),
            caller: [0; FRAME],
            ours: [0; FRAME],
            scratch: Vec::with_capacity(FRAME),
            decoded: Vec::with_capacity(FRAME * 2),
            legs: Vec::new(),
            hold: false,
            keys_out: VecDeque::new(),
            key_now: None,
            packets_in: 0,
            packets_out: 0,
        }
    }

    /// Where our packets go: the SDP's address until the caller's first packet arrives,
    /// then wherever that came from.
    pub fn remote(&self) -> SocketAddr {
        self.peer.remote()
    }

    /// A re-INVITE moved the peer, or put the call on hold (`send` false for inactive).
    pub fn update_remote(&mut self, now: Instant, remote: SocketAddr, send: bool) {
        self.cfg.remote = remote;
        self.peer.reset(remote);
        self.send = send;
        self.last_rx = now;
    }

    /// Queues a clip after whatever is playing.
    pub fn play(&mut self, clip: Clip) {
        if !clip.is_empty() {
            self.queue.push_back((clip, 0));
        }
    }

    /// Stops the prompts (barge-in); no PlayDone is reported for them.
    pub fn stop_playback(&mut self) {
        self.queue.clear();
    }

    pub fn is_playing(&self) -> bool {
        !self.queue.is_empty()
    }

    /// Music looped whenever no prompt plays; `None` for silence.
    pub fn set_music(&mut self, music: Option<Clip>) {
        self.music = music.filter(|m| !m.is_empty()).map(|m| (m, 0));
    }

    /// Bridges a leg: from the next tick the caller hears it and it hears the caller.
    pub fn add_leg(&mut self, id: u32) {
        if !self.legs.iter().any(|l| l.id == id) {
            self.legs.push(Leg {
                id,
                rx: VecDeque::with_capacity(RX_BUFFER),
                said: [0; FRAME],
                hears: [0; FRAME],
            });
        }
    }

    pub fn remove_leg(&mut self, id: u32) {
        self.legs.retain(|l| l.id != id);
    }

    pub fn legs(&self) -> usize {
        self.legs.len()
    }

    /// Audio a leg sent (8 kHz); excess beyond the jitter allowance is dropped.
    pub fn leg_audio(&mut self, id: u32, pcm: &[i16]) {
        if let Some(l) = self.legs.iter_mut().find(|l| l.id == id) {
            let room = RX_BUFFER.saturating_sub(l.rx.len());
            l.rx.extend(pcm.iter().take(room));
        }
    }

    /// Queues a key to send to the caller as RFC 4733 events (100 ms each, then three end
    /// packets); `false` when the caller did not offer telephone-event or the key is not one.
    pub fn send_key(&mut self, key: char) -> bool {
        match (self.cfg.dtmf_pt, super::dtmf::event_of(key)) {
            (Some(_), Some(event)) => {
                self.keys_out.push_back(event);
                true
            }
            _ => false,
        }
    }

    /// This tick's telephone-event packet payload and timestamp, when a key is being sent.
    fn next_key_packet(&mut self) -> Option<([u8; 4], u32, bool)> {
        /// 5 packets of 20 ms (100 ms), then the end packet three times.
        const TONE: u16 = 5;
        const ENDS: u16 = 3;
        if self.key_now.is_none() {
            let event = self.keys_out.pop_front()?;
            self.key_now = Some((event, self.ts, 0));
        }
        let (event, ts, n) = self.key_now.as_mut()?;
        let first = *n == 0;
        let end = *n >= TONE;
        let duration = (*n).min(TONE - 1).saturating_add(1) * FRAME as u16;
        let payload = super::dtmf::payload(*event, end, duration);
        let at = *ts;
        *n += 1;
        if *n >= TONE + ENDS {
            self.key_now = None;
        }
        Some((payload, at, first))
    }

    /// Holds the caller (music, set apart, plays to them) or takes them off hold.
    pub fn set_hold(&mut self, hold: bool) {
        self.hold = hold;
    }

    pub fn poll_timeout(&self) -> Instant {
        self.next_tick
    }

    pub fn poll_event(&mut self) -> Option<MediaEvent> {
        self.events.pop_front()
    }

    /// An RTP packet arrived from `from`.
    pub fn handle_rtp(&mut self, now: Instant, from: SocketAddr, data: &[u8]) {
        let Ok(rtp) = RtpReader::new(data) else {
            return;
        };
        let pt = rtp.payload_type();
        let negotiated = pt == self.cfg.codec.payload_type() || Some(pt) == self.cfg.dtmf_pt;
        if !self.peer.admit(from, negotiated) {
            return; // not our peer
        }
        self.last_rx = now;
        self.packets_in += 1;
        if Some(pt) == self.cfg.dtmf_pt {
            if let Some(k) = self.dtmf.on_packet(rtp.timestamp(), rtp.payload()) {
                self.events.push_back(MediaEvent::Dtmf(k));
            }
        } else if pt == self.cfg.codec.payload_type() {
            self.decoded.clear();
            g711::decode(self.cfg.codec, rtp.payload(), &mut self.decoded);
            let room = RX_BUFFER.saturating_sub(self.rx_pcm.len());
            self.rx_pcm.extend(self.decoded.iter().take(room));
        }
    }

    /// Fills `ours` with the next frame: queued prompts, then music, then silence; copied
    /// slice by slice.
    fn fill_ours(&mut self) {
        let mut at = 0;
        while at < FRAME {
            if let Some((clip, pos)) = self.queue.front_mut() {
                let n = (clip.len() - *pos).min(FRAME - at);
                self.ours[at..at + n].copy_from_slice(&clip[*pos..*pos + n]);
                *pos += n;
                at += n;
                if *pos >= clip.len() {
                    self.queue.pop_front();
                    if self.queue.is_empty() {
                        self.events.push_back(MediaEvent::PlayDone);
                    }
                }
            } else if !self.hold && !self.legs.is_empty() {
                self.ours[at..].fill(0);
                for l in &self.legs {
                    for (o, s) in self.ours[at..].iter_mut().zip(&l.said[at..]) {
                        *o = o.saturating_add(*s);
                    }
                }
                at = FRAME;
            } else if let Some((clip, pos)) = self.music.as_mut() {
                let n = (clip.len() - *pos).min(FRAME - at);
                self.ours[at..at + n].copy_from_slice(&clip[*pos..*pos + n]);
                *pos = (*pos + n) % clip.len();
                at += n;
            } else {
                self.ours[at..].fill(0);
                at = FRAME;
            }
        }
    }

    /// Fills `caller` with up to one frame of what the caller sent, then silence.
    fn fill_caller(&mut self) {
        let n = self.rx_pcm.len().min(FRAME);
        for (slot, s) in self.caller.iter_mut().zip(self.rx_pcm.drain(..n)) {
            *slot = s;
        }
        self.caller[n..].fill(0);
    }

    /// Takes one frame from every leg, then mixes what each hears: the caller (unless on
    /// hold) and the other legs.
    fn mix_legs(&mut self) {
        for l in &mut self.legs {
            let n = l.rx.len().min(FRAME);
            for (slot, s) in l.said.iter_mut().zip(l.rx.drain(..n)) {
                *slot = s;
            }
            l.said[n..].fill(0);
        }
        for i in 0..self.legs.len() {
            let mut hears = if self.hold { [0; FRAME] } else { self.caller };
            for (j, other) in self.legs.iter().enumerate() {
                if i != j {
                    for (h, s) in hears.iter_mut().zip(&other.said) {
                        *h = h.saturating_add(*s);
                    }
                }
            }
            self.legs[i].hears = hears;
        }
    }

    /// Runs the 20 ms clock: call when `poll_timeout` is due. Returns `None` when not due.
    pub fn handle_timeout(&mut self, now: Instant) -> Option<Tick<'_>> {
        if now < self.next_tick {
            return None;
        }
        // Catch up at most a few frames after a stall; never burst a backlog.
        self.next_tick = if now - self.next_tick > TICK * 5 {
            now + TICK
        } else {
            self.next_tick + TICK
        };
        if self.send && !self.timed_out && now.duration_since(self.last_rx) > self.cfg.rtp_timeout {
            self.timed_out = true;
            self.events.push_back(MediaEvent::Timeout);
        }
        self.fill_caller();
        self.mix_legs();
        self.fill_ours();
        self.scratch.clear();
        let key = self.next_key_packet();
        let builder = match (&key, self.cfg.dtmf_pt) {
            (Some((payload, at, first)), Some(pt)) => {
                self.scratch.extend_from_slice(payload);
                RtpPacketBuilder::new()
                    .payload_type(pt)
                    .marked(*first)
                    .ssrc(self.cfg.ssrc)
                    .sequence(Seq::from(self.seq))
                    .timestamp(*at)
                    .payload(&self.scratch)
            }
            _ => {
                g711::encode(self.cfg.codec, &self.ours, &mut self.scratch);
                RtpPacketBuilder::new()
                    .payload_type(self.cfg.codec.payload_type())
                    .ssrc(self.cfg.ssrc)
                    .sequence(Seq::from(self.seq))
                    .timestamp(self.ts)
                    .payload(&self.scratch)
            }
        };
        self.packet.resize(builder.target_length(), 0);
        let n = builder.build_into_unchecked(&mut self.packet);
        self.packet.truncate(n);
        self.seq = self.seq.wrapping_add(1);
        self.ts = self.ts.wrapping_add(FRAME as u32);
        let packet = if self.send {
            self.packets_out += 1;
            Some(self.packet.as_slice())
        } else {
            None
        };
        Some(Tick {
            packet,
            caller: &self.caller,
            ours: &self.ours,
            legs: &self.legs,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rtp::dtmf;

    fn cfg() -> SessionConfig {
        SessionConfig {
            codec: Codec::Pcmu,
            dtmf_pt: Some(101),
            ssrc: 42,
            remote: "127.0.0.1:6000".parse().unwrap(),
            latch: false,
            rtp_timeout: Duration::from_secs(5),
        }
    }

    fn rtp(pt: u8, seq: u16, ts: u32, payload: &[u8]) -> Vec<u8> {
        RtpPacketBuilder::new()
            .payload_type(pt)
            .ssrc(7)
            .sequence(Seq::from(seq))
            .timestamp(ts)
            .payload(payload)
            .build()
            .unwrap()
    }

    #[test]
    fn plays_a_clip_in_20ms_frames_then_says_done() {
        let t0 = Instant::now();
        let mut s = Session::new(t0, cfg(), 100, 0);
        let clip: Clip = (0..400).map(|i| (i * 50) as i16).collect::<Vec<_>>().into();
        s.play(clip);
        let mut seqs = Vec::new();
        let mut now = t0;
        for _ in 0..4 {
            let tick = s.handle_timeout(now).expect("due");
            let p = RtpReader::new(tick.packet.unwrap()).unwrap();
            assert_eq!(p.payload().len(), FRAME);
            seqs.push(u16::from(p.sequence_number()));
            now += TICK;
        }
        assert_eq!(seqs, [100, 101, 102, 103]);
        assert_eq!(
            s.poll_event(),
            Some(MediaEvent::PlayDone),
            "400 samples end in the third frame"
        );
        assert!(s.handle_timeout(now - Duration::from_millis(1)).is_none());
    }

    #[test]
    fn a_frame_runs_from_the_prompt_into_looping_music() {
        let t0 = Instant::now();
        let mut s = Session::new(t0, cfg(), 0, 0);
        s.play((1..=100).collect::<Vec<i16>>().into());
        s.set_music(Some((1000..1030).collect::<Vec<i16>>().into()));
        let tick = s.handle_timeout(t0).unwrap();
        let want: Vec<i16> = (1..=100).chain((1000..1030).cycle().take(60)).collect();
        assert_eq!(&tick.ours[..], &want[..]);
        assert_eq!(s.poll_event(), Some(MediaEvent::PlayDone));
        // The music goes on where it left off.
        let tick = s.handle_timeout(t0 + TICK).unwrap();
        assert_eq!(tick.ours[0], 1000);
    }

    #[test]
    fn reports_each_dtmf_key_once_and_records_the_caller() {
        let t0 = Instant::now();
        let mut s = Session::new(t0, cfg(), 0, 0);
        let from: SocketAddr = "127.0.0.1:6000".parse().unwrap();
        for end in [false, true, true, true] {
            s.handle_rtp(t0, from, &rtp(101, 1, 800, &dtmf::payload(5, end, 400)));
        }
        let mut voice = Vec::new();
        g711::encode(Codec::Pcmu, &[1000; FRAME], &mut voice);
        s.handle_rtp(t0, from, &rtp(0, 2, 960, &voice));
        // Someone else's packets are ignored.
        s.handle_rtp(
            t0,
            "10.9.9.9:1".parse().unwrap(),
            &rtp(101, 3, 9, &dtmf::payload(1, false, 1)),
        );
        assert_eq!(s.poll_event(), Some(MediaEvent::Dtmf('5')));
        assert_eq!(s.poll_event(), None);
        let tick = s.handle_timeout(t0).unwrap();
        assert!(tick.caller.iter().all(|&x| (x - 1000).abs() < 100));
    }

    #[test]
    fn a_caller_behind_nat_is_answered_where_its_packets_come_from() {
        let t0 = Instant::now();
        let mut s = Session::new(
            t0,
            SessionConfig {
                remote: "192.168.1.20:4000".parse().unwrap(),
                latch: true,
                ..cfg()
            },
            0,
            0,
        );
        assert_eq!(
            s.remote(),
            "192.168.1.20:4000".parse::<SocketAddr>().unwrap()
        );
        let nat: SocketAddr = "203.0.113.7:31000".parse().unwrap();
        let mut voice = Vec::new();
        g711::encode(Codec::Pcmu, &[1000; FRAME], &mut voice);
        s.handle_rtp(t0, nat, &rtp(0, 1, 160, &voice));
        assert_eq!(
            s.remote(),
            nat,
            "we now send where the caller's packets come from"
        );
        assert_eq!(s.packets_in, 1);
        // Someone else, even in the right payload type, is not the caller.
        s.handle_rtp(
            t0,
            "203.0.113.99:5000".parse().unwrap(),
            &rtp(0, 2, 320, &voice),
        );
        assert_eq!(s.packets_in, 1);
        assert_eq!(s.remote(), nat);
        // A re-INVITE gives a new address: send there until the caller's packets come again.
        s.update_remote(t0, "192.168.1.20:4100".parse().unwrap(), true);
        assert_eq!(
            s.remote(),
            "192.168.1.20:4100".parse::<SocketAddr>().unwrap()
        );
    }

    #[test]
    fn bridged_legs_hear_the_caller_and_each_other_and_the_caller_hears_them() {
        let t0 = Instant::now();
        let mut s = Session::new(t0, cfg(), 0, 0);
        let from: SocketAddr = "127.0.0.1:6000".parse().unwrap();
        s.set_music(Some(vec![7; FRAME].into()));
        s.add_leg(1);
        s.add_leg(2);
        let mut voice = Vec::new();
        g711::encode(Codec::Pcmu, &[1000; FRAME], &mut voice);
        s.handle_rtp(t0, from, &rtp(0, 2, 960, &voice));
        s.leg_audio(1, &[200; FRAME]);
        s.leg_audio(2, &[30; FRAME]);
        let tick = s.handle_timeout(t0).unwrap();
        assert!(tick.ours.iter().all(|&x| x == 230), "both agents, no music");
        let caller = tick.caller[0];
        assert!((caller - 1000).abs() < 100);
        assert!(tick.legs[0].hears.iter().all(|&x| x == caller + 30));
        assert!(tick.legs[1].hears.iter().all(|&x| x == caller + 200));
        // On hold the caller hears music and the agents only each other.
        s.set_hold(true);
        s.handle_rtp(t0, from, &rtp(0, 3, 1120, &voice));
        s.leg_audio(1, &[200; FRAME]);
        let tick = s.handle_timeout(t0 + TICK).unwrap();
        assert!(tick.ours.iter().all(|&x| x == 7));
        assert!(tick.legs[1].hears.iter().all(|&x| x == 200));
        s.set_hold(false);
        s.remove_leg(1);
        s.remove_leg(2);
        let tick = s.handle_timeout(t0 + TICK * 2).unwrap();
        assert!(tick.ours.iter().all(|&x| x == 7), "music again once alone");
    }

    #[test]
    fn keys_go_out_as_rfc_4733_events_that_a_receiver_reads_once() {
        let t0 = Instant::now();
        let mut s = Session::new(t0, cfg(), 0, 1000);
        assert!(s.send_key('5'));
        assert!(s.send_key('#'));
        assert!(!s.send_key('x'));
        let mut rx = dtmf::DtmfReceiver::default();
        let (mut keys, mut now, mut stamps) = (Vec::new(), t0, Vec::new());
        for _ in 0..20 {
            let tick = s.handle_timeout(now).unwrap();
            let p = RtpReader::new(tick.packet.unwrap()).unwrap();
            if p.payload_type() == 101 {
                stamps.push(p.timestamp());
                keys.extend(rx.on_packet(p.timestamp(), p.payload()));
            }
            now += TICK;
        }
        assert_eq!(keys, ['5', '#']);
        assert_eq!(stamps.len(), 16, "8 packets per key");
        assert_eq!(stamps[0], 1000, "one timestamp per key");
        assert_ne!(stamps[8], stamps[0]);
        // Audio resumes after the keys.
        let p = RtpReader::new(s.handle_timeout(now).unwrap().packet.unwrap()).unwrap();
        assert_eq!(p.payload_type(), 0);
    }

    #[test]
    fn silence_from_the_peer_times_out_unless_on_hold() {
        let t0 = Instant::now();
        let mut s = Session::new(t0, cfg(), 0, 0);
        let mut now = t0;
        while now < t0 + Duration::from_secs(6) {
            s.handle_timeout(now);
            now += TICK;
        }
        assert_eq!(s.poll_event(), Some(MediaEvent::Timeout));
        let mut held = Session::new(t0, cfg(), 0, 0);
        held.update_remote(t0, "127.0.0.1:6000".parse().unwrap(), false);
        let mut now = t0;
        while now < t0 + Duration::from_secs(6) {
            assert!(held.handle_timeout(now).unwrap().packet.is_none());
            now += TICK;
        }
        assert_eq!(held.poll_event(), None);
    }
}
