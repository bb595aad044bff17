//! The connections: accepting them, reading a request head within fixed
//! limits, and writing the answer.
//!
//! Every connection has its own thread, but only up to
//! [`Limits::max_connections`] at once; beyond that a connection gets 503
//! from the accepting thread and is closed, so no client can make the
//! server start threads without bound. A connection carries one request and
//! is closed after the answer (`Connection: close`), except an event stream,
//! which is handed to [`super::reload`] (with its own cap) and no longer
//! counts here. Reading the head is bounded in size (request line, each
//! header line, number of headers, the head as a whole) and in time (the
//! whole head must arrive within the idle timeout); writing is bounded in
//! time. A failed `accept` is reported and the loop goes on.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use super::http::{self, Answer, Reply, Request};
use super::State;

/// Longest request line, in bytes (without the line end).
pub const MAX_REQUEST_LINE: usize = 8 * 1024;
/// Longest header line, in bytes (without the line end).
pub const MAX_HEADER_LINE: usize = 8 * 1024;
/// Most header lines in one request.
pub const MAX_HEADERS: usize = 100;
/// Largest request head as a whole, line ends included.
pub const MAX_HEAD: usize = 32 * 1024;
/// Default for [`Limits::idle`].
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(10);
/// How long writing an answer may stall.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// Default for [`Limits::max_connections`].
pub const MAX_CONNECTIONS: usize = 256;
/// Environment variable overriding the idle timeout (seconds, fractions
/// allowed); meant for tests.
pub const IDLE_ENV: &str = "PROCBOOK_SERVE_IDLE_SECS";
/// Environment variable overriding the connection cap; meant for tests.
pub const MAX_CONNECTIONS_ENV: &str = "PROCBOOK_SERVE_MAX_CONNECTIONS";

/// After an error answer, how long and how much of what the client still
/// sends is read and dropped, so the answer is not lost to a reset.
const DRAIN_TIME: Duration = Duration::from_secs(1);
const DRAIN_BYTES: usize = 1024 * 1024;
/// Connections refused with 503 that are kept (for [`DRAIN_TIME`]) so the
/// client can read the answer; beyond this many they are closed at once.
const MAX_REFUSED_HELD: usize = 256;

/// The limits that can be changed (for tests).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// A connection that has not sent a whole request head this long after
    /// it was accepted is closed (408 if it had sent part of one).
    pub idle: Duration,
    /// Connections being read or answered at once (event streams apart).
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            idle: IDLE_TIMEOUT,
            max_connections: MAX_CONNECTIONS,
        }
    }
}

impl Limits {
    /// The defaults, with [`IDLE_ENV`] and [`MAX_CONNECTIONS_ENV`] applied
    /// when set to a usable value.
    pub fn from_env() -> Limits {
        let mut limits = Limits::default();
        if let Some(secs) = std::env::var(IDLE_ENV)
            .ok()
            .and_then(|v| v.trim().parse::<f64>().ok())
            .filter(|s| s.is_finite() && *s > 0.0 && *s < 86_400.0)
        {
            limits.idle = Duration::from_secs_f64(secs);
        }
        if let Some(max) = std::env::var(MAX_CONNECTIONS_ENV)
            .ok()
            .and_then(|v| v.trim().parse::<usize>().ok())
            .filter(|n| *n > 0)
        {
            limits.max_connections = max;
        }
        limits
    }
}

/// Starts the thread that accepts connections on `listener`.
pub fn spawn(listener: TcpListener, state: Arc<State>, limits: Limits) -> io::Result<()> {
    thread::Builder::new()
        .name("procbook-accept".to_string())
        .spawn(move || accept_loop(&listener, &state, limits))?;
    Ok(())
}

/// Counts a connection as open until dropped.
struct Slot(Arc<AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

fn accept_loop(listener: &TcpListener, state: &Arc<State>, limits: Limits) {
    let open = Arc::new(AtomicUsize::new(0));
    // One thread holds refused connections for a moment; if it cannot
    // start, the sender fails and they are closed at once.
    let (refused, held) = mpsc::sync_channel(MAX_REFUSED_HELD);
    let _ = thread::Builder::new()
        .name("procbook-refused".to_string())
        .spawn(move || hold_refused(&held));
    loop {
        let stream = match listener.accept() {
            Ok((stream, _)) => stream,
            Err(e) => {
                eprintln!("warning: could not accept a connection: {e}");
                // Out of file descriptors: give open connections time to
                // finish rather than spin.
                let pause = if matches!(e.raw_os_error(), Some(23 | 24)) {
                    Duration::from_millis(100)
                } else {
                    Duration::from_millis(5)
                };
                thread::sleep(pause);
                continue;
            }
        };
        if open.fetch_add(1, Ordering::SeqCst) >= limits.max_connections {
            open.fetch_sub(1, Ordering::SeqCst);
            refuse_busy(stream, &refused);
            continue;
        }
        let slot = Slot(Arc::clone(&open));
        let state = Arc::clone(state);
        let spawned = thread::Builder::new()
            .name("procbook-conn".to_string())
            .spawn(move || {
                let _slot = slot;
                connection(stream, &state, limits);
            });
        if let Err(e) = spawned {
            // The closure (stream and slot) is dropped: the connection
            // closes and its count is given back.
            eprintln!("warning: could not start a thread for a connection: {e}");
        }
    }
}

/// Answers 503 without blocking the accepting thread, then passes the
/// connection to [`hold_refused`].
fn refuse_busy(mut stream: TcpStream, refused: &SyncSender<(TcpStream, Instant)>) {
    if stream.set_nonblocking(true).is_err() {
        return;
    }
    let reply = Reply::text(503, "too many connections; try again");
    let _ = stream.write_all(&reply.to_bytes(false));
    let _ = stream.shutdown(Shutdown::Write);
    let _ = refused.try_send((stream, Instant::now()));
}

/// Keeps refused connections open for [`DRAIN_TIME`], reading and dropping
/// what their clients send: closing a socket with unread data resets the
/// connection, and the client would lose the 503 it has not read yet.
fn hold_refused(incoming: &Receiver<(TcpStream, Instant)>) {
    let mut held: Vec<(TcpStream, Instant)> = Vec::new();
    let mut buffer = [0u8; 8192];
    loop {
        let next = if held.is_empty() {
            match incoming.recv() {
                Ok(next) => Some(next),
                Err(_) => return,
            }
        } else {
            incoming.recv_timeout(Duration::from_millis(20)).ok()
        };
        held.extend(next);
        held.extend(incoming.try_iter());
        held.truncate(MAX_REFUSED_HELD);
        held.retain_mut(|(stream, since)| {
            if since.elapsed() > DRAIN_TIME {
                return false;
            }
            for _ in 0..8 {
                match stream.read(&mut buffer) {
                    Ok(0) => return false,
                    Ok(_) => {}
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => return true,
                    Err(_) => return false,
                }
            }
            true
        });
    }
}

/// One connection: read the head, answer, close.
fn connection(mut stream: TcpStream, state: &State, limits: Limits) {
    let _ = stream.set_nodelay(true);
    if stream.set_write_timeout(Some(WRITE_TIMEOUT)).is_err() {
        return;
    }
    let head = match read_head(&mut stream, Instant::now() + limits.idle) {
        Ok(head) => head,
        Err(HeadError::Closed) => return,
        Err(HeadError::Refuse(status, why)) => {
            let _ = stream.write_all(&Reply::text(status, why).to_bytes(false));
            linger(stream);
            return;
        }
    };
    let request = Request {
        method: &head.method,
        target: &head.target,
    };
    match http::answer(&request, state) {
        Answer::Reply(reply) => {
            let _ = stream.write_all(&reply.to_bytes(head.method == "HEAD"));
            let _ = stream.shutdown(Shutdown::Write);
        }
        Answer::Events { reload_now } => {
            // The stream only writes from now on; a client that stops
            // reading is dropped when a write stalls past the timeout.
            let _ = stream.set_read_timeout(None);
            state.clients.add(Box::new(stream), reload_now);
        }
    }
}

/// Stops writing, then reads and drops what the client still sends (up to
/// a bound in time and size) so it can read the answer before the close.
fn linger(mut stream: TcpStream) {
    if stream.shutdown(Shutdown::Write).is_err() {
        return;
    }
    let deadline = Instant::now() + DRAIN_TIME;
    let mut buffer = [0u8; 8192];
    let mut drained = 0;
    while drained < DRAIN_BYTES {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return;
        }
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => return,
            Ok(n) => drained += n,
        }
    }
}

/// The parts of a request head the server uses.
#[derive(Debug, PartialEq, Eq)]
pub struct Head {
    /// The method, as sent.
    pub method: String,
    /// The request target, as sent.
    pub target: String,
    /// How many header lines there were.
    pub headers: usize,
}

/// Why no request head was read.
#[derive(Debug, PartialEq, Eq)]
pub enum HeadError {
    /// The client closed or stayed silent: close without an answer.
    Closed,
    /// Answer with this status and message, then close.
    Refuse(u16, &'static str),
}

/// Reads a request head from `input`, within the size limits, until
/// `deadline`. Never holds more than [`MAX_HEAD`] bytes (plus one read).
pub fn read_head(input: &mut TcpStream, deadline: Instant) -> Result<Head, HeadError> {
    let mut reader = |buffer: &mut [u8]| {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::Error::from(io::ErrorKind::TimedOut));
        }
        input.set_read_timeout(Some(left))?;
        input.read(buffer)
    };
    parse_head(&mut reader)
}

/// The size checks and parsing of [`read_head`], over any source of bytes.
pub fn parse_head(read: &mut dyn FnMut(&mut [u8]) -> io::Result<usize>) -> Result<Head, HeadError> {
    let mut data: Vec<u8> = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    // Start of the line being read, and the lines complete so far
    // (the request line first; blank lines before it are skipped).
    let mut line_start = 0;
    let mut request_line: Option<(usize, usize)> = None;
    let mut headers = 0;
    loop {
        // Take every complete line in what has arrived.
        while let Some(offset) = data[line_start..].iter().position(|&b| b == b'\n') {
            let end = line_start + offset;
            if end >= MAX_HEAD {
                return Err(HeadError::Refuse(431, "the request head is too large"));
            }
            let mut line_end = end;
            if line_end > line_start && data[line_end - 1] == b'\r' {
                line_end -= 1;
            }
            let length = line_end - line_start;
            match request_line {
                None if length == 0 => {}
                None => {
                    if length > MAX_REQUEST_LINE {
                        return Err(HeadError::Refuse(414, "the request line is too long"));
                    }
                    request_line = Some((line_start, line_end));
                }
                Some(line) if length == 0 => {
                    let (method, target) = parse_request_line(&data[line.0..line.1])?;
                    return Ok(Head {
                        method,
                        target,
                        headers,
                    });
                }
                Some(_) => {
                    if length > MAX_HEADER_LINE {
                        return Err(HeadError::Refuse(431, "a header line is too long"));
                    }
                    headers += 1;
                    if headers > MAX_HEADERS {
                        return Err(HeadError::Refuse(431, "too many header lines"));
                    }
                    check_header(&data[line_start..line_end])?;
                }
            }
            line_start = end + 1;
        }
        // The line still arriving may already be too long.
        let pending = data.len() - line_start;
        match request_line {
            None if pending > MAX_REQUEST_LINE + 1 => {
                return Err(HeadError::Refuse(414, "the request line is too long"));
            }
            Some(_) if pending > MAX_HEADER_LINE + 1 => {
                return Err(HeadError::Refuse(431, "a header line is too long"));
            }
            _ => {}
        }
        if data.len() > MAX_HEAD {
            return Err(HeadError::Refuse(431, "the request head is too large"));
        }
        let got = match read(&mut chunk) {
            Ok(0) => return Err(HeadError::Closed),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                // Silence from the start is an idle connection; a head
                // left unfinished gets told why it is closed.
                return Err(
                    if data[..line_start].iter().all(|b| b.is_ascii_whitespace())
                        && data[line_start..].is_empty()
                    {
                        HeadError::Closed
                    } else {
                        HeadError::Refuse(408, "the request took too long to arrive")
                    },
                );
            }
            Err(_) => return Err(HeadError::Closed),
        };
        data.extend_from_slice(&chunk[..got]);
    }
}

/// `METHOD SP target SP HTTP/1.x`.
fn parse_request_line(line: &[u8]) -> Result<(String, String), HeadError> {
    const BAD: HeadError = HeadError::Refuse(400, "malformed request line");
    let text = std::str::from_utf8(line).map_err(|_| BAD)?;
    let mut parts = text.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(BAD);
    };
    if method.is_empty()
        || !method.bytes().all(|b| b.is_ascii_alphabetic())
        || target.is_empty()
        || target.chars().any(|c| c.is_control())
    {
        return Err(BAD);
    }
    if !version.starts_with("HTTP/") {
        return Err(BAD);
    }
    if version != "HTTP/1.1" && version != "HTTP/1.0" {
        return Err(HeadError::Refuse(505, "only HTTP/1.0 and HTTP/1.1"));
    }
    Ok((method.to_string(), target.to_string()))
}

/// `name: value`, with a token for a name and no folded lines.
fn check_header(line: &[u8]) -> Result<(), HeadError> {
    const BAD: HeadError = HeadError::Refuse(400, "malformed header line");
    let colon = line.iter().position(|&b| b == b':').ok_or(BAD)?;
    let name = &line[..colon];
    let token = |b: &u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(b);
    if name.is_empty() || !name.iter().all(token) {
        return Err(BAD);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(bytes: &[u8]) -> Result<Head, HeadError> {
        parse_in_pieces(bytes, 4096)
    }

    fn parse_in_pieces(bytes: &[u8], piece: usize) -> Result<Head, HeadError> {
        let mut rest = bytes;
        let mut read = |buffer: &mut [u8]| {
            let n = rest.len().min(buffer.len()).min(piece);
            buffer[..n].copy_from_slice(&rest[..n]);
            rest = &rest[n..];
            Ok(n)
        };
        parse_head(&mut read)
    }

    #[test]
    fn reads_a_head_in_any_pieces() {
        let head = b"GET /a.html?x HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\n";
        for piece in [1, 2, 7, 4096] {
            assert_eq!(
                parse_in_pieces(head, piece),
                Ok(Head {
                    method: "GET".into(),
                    target: "/a.html?x".into(),
                    headers: 2
                })
            );
        }
        assert!(parse(b"\r\nHEAD / HTTP/1.0\n\n").is_ok());
    }

    #[test]
    fn refuses_heads_beyond_the_limits() {
        let long_target = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(MAX_REQUEST_LINE));
        assert_eq!(
            parse(long_target.as_bytes()),
            Err(HeadError::Refuse(414, "the request line is too long"))
        );
        // Refused before the line ends: nothing more is read or kept.
        let endless = format!("GET /{}", "a".repeat(MAX_REQUEST_LINE * 4));
        assert!(matches!(
            parse(endless.as_bytes()),
            Err(HeadError::Refuse(414, _))
        ));
        let long_header = format!(
            "GET / HTTP/1.1\r\nX: {}\r\n\r\n",
            "a".repeat(MAX_HEADER_LINE)
        );
        assert!(matches!(
            parse(long_header.as_bytes()),
            Err(HeadError::Refuse(431, _))
        ));
        let many = format!(
            "GET / HTTP/1.1\r\n{}\r\n",
            "X: y\r\n".repeat(MAX_HEADERS + 1)
        );
        assert!(matches!(
            parse(many.as_bytes()),
            Err(HeadError::Refuse(431, _))
        ));
        let fits = format!("GET / HTTP/1.1\r\n{}\r\n", "X: y\r\n".repeat(MAX_HEADERS));
        assert!(parse(fits.as_bytes()).is_ok());
        let big = format!(
            "GET / HTTP/1.1\r\n{}\r\n",
            format!("X: {}\r\n", "a".repeat(4000)).repeat(9)
        );
        assert!(matches!(
            parse(big.as_bytes()),
            Err(HeadError::Refuse(431, _))
        ));
    }

    #[test]
    fn refuses_malformed_heads() {
        for head in [
            &b"GET /\r\n\r\n"[..],
            b"GET  / HTTP/1.1\r\n\r\n",
            b"GET / HTTP/1.1 x\r\n\r\n",
            b"GET / FTP/1.1\r\n\r\n",
            b"GET / HTTP/1.1\r\nno colon\r\n\r\n",
            b"GET / HTTP/1.1\r\n folded: x\r\n\r\n",
            b"GET /\xff HTTP/1.1\r\n\r\n",
        ] {
            assert!(
                matches!(parse(head), Err(HeadError::Refuse(400, _))),
                "{:?}",
                String::from_utf8_lossy(head)
            );
        }
        assert!(matches!(
            parse(b"GET / HTTP/2.0\r\n\r\n"),
            Err(HeadError::Refuse(505, _))
        ));
        assert_eq!(parse(b""), Err(HeadError::Closed));
        assert_eq!(parse(b"GET / HTTP/1.1\r\n"), Err(HeadError::Closed));
    }
}
