//! RFC 4733 telephone events: one key press is several packets sharing a timestamp (the
//! last ones with the End bit, often three times); a key is reported once, on its first
//! packet. Also builds the packets, for tests and future outbound DTMF.

/// The key for an event code (0–9, *, #, A–D).
pub fn key(event: u8) -> Option<char> {
    Some(match event {
        0..=9 => (b'0' + event) as char,
        10 => '*',
        11 => '#',
        12..=15 => (b'A' + event - 12) as char,
        _ => return None,
    })
}

pub fn event_of(key: char) -> Option<u8> {
    Some(match key {
        '0'..='9' => key as u8 - b'0',
        '*' => 10,
        '#' => 11,
        'A'..='D' => key as u8 - b'A' + 12,
        _ => return None,
    })
}

/// Remembers the last event so repeats of one key press are not counted twice.
#[derive(Debug, Default)]
pub struct DtmfReceiver {
    /// Timestamp, event, whether it has ended, its duration so far.
    last: Option<(u32, u8, bool, u16)>,
}

impl DtmfReceiver {
    /// A telephone-event payload with its RTP timestamp → the key, if this is a new press.
    pub fn on_packet(&mut self, timestamp: u32, payload: &[u8]) -> Option<char> {
        let event = *payload.first()?;
        if payload.len() < 4 {
            return None;
        }
        let k = key(event)?;
        let end = payload[1] & 0x80 != 0;
        let duration = u16::from_be_bytes([payload[2], payload[3]]);
        // Same timestamp and event: the same press, unless that press had ended and this
        // one starts again from a short duration (a sender that reuses timestamps).
        let same = match self.last {
            Some((ts, ev, ended, d)) if ts == timestamp && ev == event => !(ended && duration < d),
            _ => false,
        };
        let (ended_before, longest) = match self.last {
            Some((_, _, e, d)) if same => (e, d.max(duration)),
            _ => (false, duration),
        };
        self.last = Some((timestamp, event, ended_before || end, longest));
        (!same).then_some(k)
    }
}

/// The payload of one telephone-event packet.
pub fn payload(event: u8, end: bool, duration: u16) -> [u8; 4] {
    let d = duration.to_be_bytes();
    [event, if end { 0x80 | 10 } else { 10 }, d[0], d[1]]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_press_is_one_key_even_with_repeated_end_packets() {
        let mut rx = DtmfReceiver::default();
        let mut keys = Vec::new();
        for (ts, ev) in [(1000, 2), (2000, 11)] {
            for (i, end) in [false, false, true, true, true].into_iter().enumerate() {
                keys.extend(rx.on_packet(ts, &payload(ev, end, 160 * (i as u16 + 1))));
            }
        }
        // The same key pressed again later has a new timestamp…
        keys.extend(rx.on_packet(3000, &payload(2, false, 160)));
        keys.extend(rx.on_packet(3000, &payload(2, true, 320)));
        // …or, from senders that replay a recording, the same one from a short duration.
        keys.extend(rx.on_packet(3000, &payload(2, false, 160)));
        keys.extend(rx.on_packet(3000, &payload(2, true, 320)));
        keys.extend(rx.on_packet(3000, &payload(2, true, 320)));
        assert_eq!(keys, ['2', '#', '2', '2']);
        assert_eq!(rx.on_packet(4000, &[99, 0, 0, 0]), None);
        assert_eq!(rx.on_packet(4000, &[1]), None);
        assert_eq!(event_of('*').and_then(key), Some('*'));
    }
}
