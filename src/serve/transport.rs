//! The connections: accepting them within a cap and handing each to
//! hyper's HTTP/1.1 server with its limits set, on a small single-threaded
//! tokio runtime of its own.
//!
//! hyper parses the request head and refuses what it cannot parse (400),
//! a head over [`MAX_HEAD`] or with more than [`MAX_HEADERS`] headers (431),
//! and closes a connection whose head has not arrived within the idle
//! timeout. This module adds what hyper leaves to the server: the cap on
//! connections (503 from the accepting task beyond it, no task started),
//! 408 for a head left unfinished, a write timeout ([`Guarded`]), and a
//! short linger after a refused head so a client still sending does not
//! lose the answer to a reset. A connection carries one request
//! (`Connection: close`), except an event stream, which stops counting
//! against the cap.

use std::convert::Infallible;
use std::io;
use std::net::TcpListener as StdListener;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::guard::Guarded;
use super::{http, State};

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
/// Default for [`Limits::write`].
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// Default for [`Limits::max_connections`].
pub const MAX_CONNECTIONS: usize = 256;
/// Environment variable overriding the idle timeout (seconds, fractions
/// allowed); meant for tests.
pub const IDLE_ENV: &str = "PROCBOOK_SERVE_IDLE_SECS";
/// Environment variable overriding the write timeout (seconds, fractions
/// allowed); meant for tests.
pub const WRITE_ENV: &str = "PROCBOOK_SERVE_WRITE_SECS";
/// Environment variable overriding the connection cap; meant for tests.
pub const MAX_CONNECTIONS_ENV: &str = "PROCBOOK_SERVE_MAX_CONNECTIONS";

/// After an answer, how long and how much of what the client still sends
/// is read and dropped, so the answer is not lost to a reset.
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
    /// How long a write may stall before the connection is closed.
    pub write: Duration,
    /// Connections being read or answered at once (event streams apart).
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            idle: IDLE_TIMEOUT,
            write: WRITE_TIMEOUT,
            max_connections: MAX_CONNECTIONS,
        }
    }
}

impl Limits {
    /// The defaults, with [`IDLE_ENV`], [`WRITE_ENV`] and
    /// [`MAX_CONNECTIONS_ENV`] applied when set to a usable value.
    pub fn from_env() -> Limits {
        let seconds = |name: &str| {
            std::env::var(name)
                .ok()
                .and_then(|v| v.trim().parse::<f64>().ok())
                .filter(|s| s.is_finite() && *s > 0.0 && *s < 86_400.0)
                .map(Duration::from_secs_f64)
        };
        let mut limits = Limits::default();
        if let Some(idle) = seconds(IDLE_ENV) {
            limits.idle = idle;
        }
        if let Some(write) = seconds(WRITE_ENV) {
            limits.write = write;
        }
        if let Some(max) = std::env::var(MAX_CONNECTIONS_ENV)
            .ok()
            .and_then(|v| v.trim().parse::<usize>().ok())
            .filter(|n| *n > 0)
        {
            limits.max_connections = max.min(Semaphore::MAX_PERMITS);
        }
        limits
    }
}

/// Starts the thread that runs the server on `listener`.
pub fn spawn(listener: StdListener, state: Arc<State>, limits: Limits) -> io::Result<()> {
    listener.set_nonblocking(true)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    thread::Builder::new()
        .name("procbook-http".to_string())
        .spawn(move || {
            runtime.block_on(async move {
                match TcpListener::from_std(listener) {
                    Ok(listener) => accept_loop(listener, state, limits).await,
                    Err(e) => eprintln!("error: cannot serve: {e}"),
                }
            });
        })?;
    Ok(())
}

async fn accept_loop(listener: TcpListener, state: Arc<State>, limits: Limits) {
    let open = Arc::new(Semaphore::new(limits.max_connections));
    let refused = Arc::new(Semaphore::new(MAX_REFUSED_HELD));
    loop {
        let stream = match listener.accept().await {
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
                tokio::time::sleep(pause).await;
                continue;
            }
        };
        match Arc::clone(&open).try_acquire_owned() {
            Ok(permit) => {
                tokio::spawn(connection(stream, Arc::clone(&state), limits, permit));
            }
            Err(_) => refuse_busy(stream, Arc::clone(&refused).try_acquire_owned().ok()),
        }
    }
}

/// A whole response for the two answers written without hyper: before a
/// request was read (503), or when it never finished arriving (408).
fn plain_response(status: &str, message: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n{message}\n",
        message.len() + 1
    )
    .into_bytes()
}

/// Answers 503 without waiting (a new socket's send buffer takes the
/// answer whole); then holds the connection for a moment if `held` allows,
/// else closes it at once.
fn refuse_busy(stream: TcpStream, held: Option<OwnedSemaphorePermit>) {
    // Written straight to the socket: tokio's readiness for a socket it has
    // just accepted may not say "writable" yet.
    let Ok(mut socket) = stream.into_std() else {
        return;
    };
    let busy = plain_response("503 Service Unavailable", "too many connections; try again");
    let _ = io::Write::write(&mut socket, &busy);
    if let Some(held) = held {
        if let Ok(stream) = TcpStream::from_std(socket) {
            tokio::spawn(async move {
                let _held = held;
                linger(stream).await;
            });
        }
    }
}

/// One connection: hyper reads the head and writes the answer; a head it
/// refused is followed by a short linger before the close.
async fn connection(
    stream: TcpStream,
    state: Arc<State>,
    limits: Limits,
    permit: OwnedSemaphorePermit,
) {
    let _ = stream.set_nodelay(true);
    let mut io = Guarded::new(stream, limits.write);
    let permit = Arc::new(Mutex::new(Some(permit)));
    let slot = Arc::clone(&permit);
    let service = service_fn(move |request| {
        let state = Arc::clone(&state);
        let slot = Arc::clone(&slot);
        // Answering may render a page: off the server's thread, so other
        // connections and the reload streams go on meanwhile.
        let answered = tokio::task::spawn_blocking(move || {
            let release = || drop(slot.lock().unwrap_or_else(|e| e.into_inner()).take());
            http::answer(&request, &state, &release)
        });
        async move {
            let response = answered.await.unwrap_or_else(|_| {
                http::text(
                    hyper::StatusCode::INTERNAL_SERVER_ERROR,
                    "procbook failed while answering (a bug: please report it)",
                )
            });
            Ok::<_, Infallible>(response)
        }
    });
    let served = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.idle)
        .keep_alive(false)
        .title_case_headers(true)
        .max_headers(MAX_HEADERS)
        .max_header_size(MAX_HEAD)
        .max_buf_size(MAX_HEAD + 8 * 1024)
        .serve_connection(TokioIo::new(&mut io), service)
        .await;
    let received = io.received();
    let mut stream = io.into_inner();
    let Err(e) = served else {
        // Answered: hyper has read the whole head and shut the write side.
        return;
    };
    // hyper closes silently when the head does not arrive in time; a
    // client that had started one is told why.
    if e.is_timeout() && received {
        let late = plain_response("408 Request Timeout", "the request took too long to arrive");
        let _ = tokio::time::timeout(limits.write, stream.write_all(&late)).await;
    }
    // After a refused head the client may still be sending.
    linger(stream).await;
    drop(permit);
}

/// Stops writing, then reads and drops what the client still sends (up to
/// a bound in time and size) so it can read the answer before the close.
async fn linger(mut stream: TcpStream) {
    // hyper may have shut the write side already; that is no reason to
    // skip the drain.
    let _ = stream.shutdown().await;
    let drain = async {
        let mut buffer = [0u8; 8192];
        let mut drained = 0;
        while drained < DRAIN_BYTES {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => return,
                Ok(n) => drained += n,
            }
        }
    };
    let _ = tokio::time::timeout(DRAIN_TIME, drain).await;
}
