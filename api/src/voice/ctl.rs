//! One call's controller: the SIP call and its media task behind one `next` that waits for
//! what matters to the IVR (a key, the end of a prompt, a deadline, or the caller gone).

use std::time::Instant;

use qiao_media::rtp::session::{Clip, MediaEvent};
use qiao_media::voice::{CallEvent, MediaCmd, MediaHandle};
use tokio::sync::mpsc::UnboundedReceiver;

pub enum Ev {
    Digit(char),
    PlayDone,
    Deadline,
    Gone,
}

pub struct CallCtl {
    pub media: MediaHandle,
    pub media_events: UnboundedReceiver<MediaEvent>,
    pub call_events: UnboundedReceiver<CallEvent>,
    /// `caller` or `timeout` once the call is gone from the far side.
    pub ended_by: Option<&'static str>,
    /// The far side's name in `ended_by`: `caller`, or `callee` for a call we placed.
    pub remote: &'static str,
    /// A call we placed: when the callee answered, or the final code when they did not.
    pub answered_at: Option<chrono::DateTime<chrono::Utc>>,
    pub failed: Option<u16>,
    /// The far side takes RFC 4733 keys (telephone-event was negotiated).
    pub dtmf: bool,
}

impl CallCtl {
    pub async fn next(&mut self, deadline: Option<Instant>) -> Ev {
        if self.ended_by.is_some() {
            return Ev::Gone;
        }
        loop {
            let sleep = async {
                match deadline {
                    Some(d) => tokio::time::sleep_until(d.into()).await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                e = self.media_events.recv() => match e {
                    Some(MediaEvent::Dtmf(d)) => return Ev::Digit(d),
                    Some(MediaEvent::PlayDone) => return Ev::PlayDone,
                    Some(MediaEvent::Timeout) => {
                        self.ended_by = Some("timeout");
                        return Ev::Gone;
                    }
                    None => {
                        self.ended_by = Some("system");
                        return Ev::Gone;
                    }
                },
                e = self.call_events.recv() => match e {
                    Some(CallEvent::Dtmf(d)) => return Ev::Digit(d),
                    Some(CallEvent::Media(offer)) => {
                        let addr = std::net::SocketAddr::new(offer.addr, offer.port);
                        self.media.send(MediaCmd::Remote(addr, !offer.is_hold()));
                    }
                    Some(CallEvent::Acked | CallEvent::Progress(_)) => {}
                    // A call we placed was answered: media goes to the callee from now on.
                    Some(CallEvent::Answered(sdp)) => {
                        if let Ok(a) = qiao_media::sdp::parse_offer(&sdp) {
                            self.dtmf = a.dtmf_pt.is_some();
                            let addr = std::net::SocketAddr::new(a.addr, a.port);
                            self.media.send(MediaCmd::Remote(addr, !a.is_hold()));
                        }
                        self.answered_at = Some(chrono::Utc::now());
                    }
                    Some(CallEvent::Failed(code)) => {
                        self.failed = Some(code);
                        self.ended_by = Some(self.remote);
                        return Ev::Gone;
                    }
                    Some(CallEvent::Ended(_) | CallEvent::Cancelled) | None => {
                        self.ended_by = Some(self.remote);
                        return Ev::Gone;
                    }
                },
                () = sleep => return Ev::Deadline,
            }
        }
    }

    /// Plays `clip` to its end; keys pressed meanwhile are ignored. `false`: caller gone.
    pub async fn play_through(&mut self, clip: Clip) -> bool {
        if clip.is_empty() {
            return self.ended_by.is_none();
        }
        self.media.send(MediaCmd::Play(clip));
        loop {
            match self.next(None).await {
                Ev::PlayDone => return true,
                Ev::Gone => return false,
                Ev::Digit(_) | Ev::Deadline => {}
            }
        }
    }
}
