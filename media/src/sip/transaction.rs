//! RFC 3261 §17 transaction state machines, sans-IO: they hold the last message and the
//! timers, and say what to retransmit or when to give up. The endpoint feeds them the clock.
//!
//! Server INVITE (§17.2.1): Proceeding → Completed (final non-2xx, Timer G retransmits until
//! ACK, Timer H gives up) → Confirmed (Timer I) → gone. A 2xx ends the transaction at once;
//! the dialog retransmits the 2xx itself (§13.3.1.4). Server non-INVITE (§17.2.2): Trying →
//! Completed (Timer J) → gone. Client non-INVITE (§17.1.2), used for our BYEs: Timer E
//! retransmits, Timer F gives up, Timer K absorbs late responses.

use std::time::{Duration, Instant};

pub const T1: Duration = Duration::from_millis(500);
pub const T2: Duration = Duration::from_secs(4);
pub const T4: Duration = Duration::from_secs(5);

/// How long a transaction waits in the worst case: 64·T1.
pub const TIMEOUT: Duration = Duration::from_secs(32);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServerState {
    Proceeding,
    Completed,
    /// After a 2xx (RFC 6026): absorbs INVITE retransmissions until Timer L.
    Accepted,
    Confirmed,
    Terminated,
}

/// What a timer firing asks of the endpoint.
#[derive(Debug, PartialEq, Eq)]
pub enum TimerOutcome {
    Nothing,
    Retransmit(Vec<u8>),
    /// Timer H (no ACK for our final response) or Timer F (no response to our request).
    TimedOut,
    Terminated,
}

#[derive(Debug)]
pub struct ServerTx {
    invite: bool,
    reliable: bool,
    pub state: ServerState,
    last: Option<Vec<u8>>,
    retransmit_at: Option<Instant>,
    interval: Duration,
    end_at: Option<Instant>,
}

impl ServerTx {
    pub fn new(invite: bool, reliable: bool) -> Self {
        Self {
            invite,
            reliable,
            state: ServerState::Proceeding,
            last: None,
            retransmit_at: None,
            interval: T1,
            end_at: None,
        }
    }

    /// Records a response we send; returns false if the transaction may no longer send one.
    pub fn respond(&mut self, now: Instant, code: u16, bytes: Vec<u8>) -> bool {
        if self.state != ServerState::Proceeding {
            return false;
        }
        self.last = Some(bytes);
        if code < 200 {
            return true;
        }
        match (self.invite, code < 300) {
            (true, true) => {
                self.state = ServerState::Accepted;
                self.end_at = Some(now + TIMEOUT);
            }
            (true, false) => {
                self.state = ServerState::Completed;
                if !self.reliable {
                    self.retransmit_at = Some(now + T1);
                }
                self.end_at = Some(now + TIMEOUT);
            }
            (false, _) => {
                self.state = ServerState::Completed;
                self.end_at = Some(
                    now + if self.reliable {
                        Duration::ZERO
                    } else {
                        TIMEOUT
                    },
                );
            }
        }
        true
    }

    /// The request came again: resend the last response, if any.
    pub fn on_retransmission(&self) -> Option<Vec<u8>> {
        match self.state {
            ServerState::Proceeding | ServerState::Completed | ServerState::Accepted => {
                self.last.clone()
            }
            _ => None,
        }
    }

    /// The ACK for a non-2xx final response.
    pub fn on_ack(&mut self, now: Instant) {
        if self.invite && self.state == ServerState::Completed {
            self.state = ServerState::Confirmed;
            self.retransmit_at = None;
            self.end_at = Some(now + if self.reliable { Duration::ZERO } else { T4 });
        }
    }

    pub fn deadline(&self) -> Option<Instant> {
        match (self.retransmit_at, self.end_at) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    pub fn on_timer(&mut self, now: Instant) -> TimerOutcome {
        if self.end_at.is_some_and(|t| now >= t) {
            let timed_out = self.invite && self.state == ServerState::Completed;
            self.state = ServerState::Terminated;
            return if timed_out {
                TimerOutcome::TimedOut
            } else {
                TimerOutcome::Terminated
            };
        }
        if let Some(at) = self.retransmit_at
            && now >= at
        {
            self.interval = (self.interval * 2).min(T2);
            self.retransmit_at = Some(now + self.interval);
            if let Some(last) = &self.last {
                return TimerOutcome::Retransmit(last.clone());
            }
        }
        TimerOutcome::Nothing
    }
}

/// A non-INVITE request we sent (BYE).
#[derive(Debug)]
pub struct ClientTx {
    request: Vec<u8>,
    pub completed: bool,
    retransmit_at: Option<Instant>,
    interval: Duration,
    end_at: Instant,
}

impl ClientTx {
    pub fn new(now: Instant, request: Vec<u8>, reliable: bool) -> Self {
        Self {
            request,
            completed: false,
            retransmit_at: (!reliable).then_some(now + T1),
            interval: T1,
            end_at: now + TIMEOUT,
        }
    }

    /// A response arrived; a final one completes the transaction (Timer K).
    pub fn on_response(&mut self, now: Instant, code: u16, reliable: bool) {
        if code >= 200 && !self.completed {
            self.completed = true;
            self.retransmit_at = None;
            self.end_at = now + if reliable { Duration::ZERO } else { T4 };
        } else if code < 200 {
            // Proceeding: keep retransmitting at T2 (§17.1.2.2).
            if self.retransmit_at.is_some() {
                self.interval = T2;
            }
        }
    }

    /// A provisional response to our INVITE: no more retransmissions; it may ring for up
    /// to three minutes before we give up (the application usually cancels sooner).
    pub fn on_provisional_invite(&mut self, now: Instant) {
        self.retransmit_at = None;
        self.end_at = self.end_at.max(now + Duration::from_secs(180));
    }

    pub fn deadline(&self) -> Instant {
        self.retransmit_at
            .map_or(self.end_at, |r| r.min(self.end_at))
    }

    pub fn on_timer(&mut self, now: Instant) -> TimerOutcome {
        if now >= self.end_at {
            return if self.completed {
                TimerOutcome::Terminated
            } else {
                TimerOutcome::TimedOut
            };
        }
        if let Some(at) = self.retransmit_at
            && now >= at
        {
            self.interval = (self.interval * 2).min(T2);
            self.retransmit_at = Some(now + self.interval);
            return TimerOutcome::Retransmit(self.request.clone());
        }
        TimerOutcome::Nothing
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invite_error_response_is_retransmitted_with_backoff_until_timer_h() {
        let t0 = Instant::now();
        let mut tx = ServerTx::new(true, false);
        assert!(tx.respond(t0, 100, b"100".to_vec()));
        assert!(tx.respond(t0, 486, b"486".to_vec()));
        assert!(!tx.respond(t0, 200, b"200".to_vec()), "one final response");
        let mut sent = Vec::new();
        let mut now = t0;
        while let Some(d) = tx.deadline() {
            now = d;
            match tx.on_timer(now) {
                TimerOutcome::Retransmit(_) => sent.push(now - t0),
                TimerOutcome::TimedOut => break,
                other => panic!("{other:?}"),
            }
        }
        let ms: Vec<u128> = sent.iter().map(|d| d.as_millis()).collect();
        assert_eq!(&ms[..5], &[500, 1500, 3500, 7500, 11500]);
        assert_eq!(now - t0, TIMEOUT);
    }

    #[test]
    fn ack_stops_retransmissions_and_absorbs_for_t4() {
        let t0 = Instant::now();
        let mut tx = ServerTx::new(true, false);
        tx.respond(t0, 404, b"404".to_vec());
        tx.on_ack(t0 + Duration::from_millis(100));
        assert_eq!(tx.state, ServerState::Confirmed);
        assert_eq!(tx.deadline(), Some(t0 + Duration::from_millis(100) + T4));
        assert_eq!(tx.on_timer(t0 + T4 + T1), TimerOutcome::Terminated);
    }

    #[test]
    fn non_invite_resends_its_response_on_retransmission_until_timer_j() {
        let t0 = Instant::now();
        let mut tx = ServerTx::new(false, false);
        tx.respond(t0, 200, b"200".to_vec());
        assert_eq!(tx.on_retransmission(), Some(b"200".to_vec()));
        assert_eq!(tx.on_timer(t0 + T1), TimerOutcome::Nothing);
        assert_eq!(tx.on_timer(t0 + TIMEOUT), TimerOutcome::Terminated);
    }

    #[test]
    fn client_request_is_retransmitted_then_times_out() {
        let t0 = Instant::now();
        let mut tx = ClientTx::new(t0, b"BYE".to_vec(), false);
        let mut n = 0;
        let now = loop {
            let now = tx.deadline();
            match tx.on_timer(now) {
                TimerOutcome::Retransmit(_) => n += 1,
                TimerOutcome::TimedOut => break now,
                other => panic!("{other:?}"),
            }
        };
        assert!(n >= 7, "{n}");
        assert_eq!(now - t0, TIMEOUT);
        let mut ok = ClientTx::new(t0, b"BYE".to_vec(), false);
        ok.on_response(t0, 200, false);
        assert_eq!(ok.on_timer(t0 + T4), TimerOutcome::Terminated);
    }
}
