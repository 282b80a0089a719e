//! Message framing on stream transports (RFC 3261 §18.3): a message is its header block
//! and then exactly Content-Length bytes of body. CRLF keep-alives between messages are
//! skipped. Only the length is read here; rsip parses the message.

/// The largest message we accept on a stream; a peer sending more is cut off.
pub const MAX_MESSAGE: usize = 64 * 1024;

#[derive(Debug, PartialEq, Eq)]
pub enum Frame {
    /// A complete message: its bytes.
    Message(Vec<u8>),
    /// Need more bytes.
    Incomplete,
    /// The stream cannot be framed (no or bad Content-Length, or too large): close it.
    Broken(&'static str),
}

/// Takes one message off the front of `buf`.
pub fn next_frame(buf: &mut Vec<u8>) -> Frame {
    let skip = buf
        .iter()
        .position(|b| !matches!(b, b'\r' | b'\n'))
        .unwrap_or(buf.len());
    buf.drain(..skip);
    let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") else {
        return if buf.len() > MAX_MESSAGE {
            Frame::Broken("header block too large")
        } else {
            Frame::Incomplete
        };
    };
    let head = String::from_utf8_lossy(&buf[..end]);
    let mut length = None;
    for line in head.split("\r\n").skip(1) {
        if let Some((name, value)) = line.split_once(':')
            && matches!(
                name.trim().to_ascii_lowercase().as_str(),
                "content-length" | "l"
            )
        {
            length = value.trim().parse::<usize>().ok();
            if length.is_none() {
                return Frame::Broken("unreadable Content-Length");
            }
        }
    }
    let Some(length) = length else {
        return Frame::Broken("Content-Length is required on stream transports");
    };
    let total = end + 4 + length;
    if total > MAX_MESSAGE {
        return Frame::Broken("message too large");
    }
    if buf.len() < total {
        return Frame::Incomplete;
    }
    Frame::Message(buf.drain(..total).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_a_stream_into_messages() {
        let one = b"OPTIONS sip:a SIP/2.0\r\nl: 3\r\n\r\nabc";
        let mut buf = b"\r\n\r\n".to_vec();
        buf.extend_from_slice(one);
        buf.extend_from_slice(&one[..10]);
        assert_eq!(next_frame(&mut buf), Frame::Message(one.to_vec()));
        assert_eq!(next_frame(&mut buf), Frame::Incomplete);
        buf.extend_from_slice(&one[10..]);
        assert_eq!(next_frame(&mut buf), Frame::Message(one.to_vec()));
        assert!(buf.is_empty());
    }

    #[test]
    fn refuses_streams_it_cannot_frame() {
        let mut no_len = b"OPTIONS sip:a SIP/2.0\r\nVia: x\r\n\r\n".to_vec();
        assert!(matches!(next_frame(&mut no_len), Frame::Broken(_)));
        let mut huge = vec![b'a'; MAX_MESSAGE + 1];
        assert!(matches!(next_frame(&mut huge), Frame::Broken(_)));
    }
}
