//! Live reload: browsers keep a Server-Sent Events stream open and get
//! `event: reload` after each rebuild.
//!
//! Each stream has its own thread and a one-slot channel. A rebuild only
//! puts a token in each slot (never blocking: a full slot already means
//! "reload"), so a slow or vanished browser can hold up only its own
//! thread, never the rebuild or the other clients. A stream whose write
//! fails ends its thread; the next broadcast then drops its slot. A comment
//! line every few seconds finds vanished clients between rebuilds.

use std::io::Write;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// At most this many streams at once; more are refused with 503.
pub const MAX_CLIENTS: usize = 64;
/// How often an idle stream gets a comment line.
const HEARTBEAT: Duration = Duration::from_secs(10);

/// The open event streams.
pub struct Clients {
    slots: Mutex<Vec<SyncSender<()>>>,
    open: Arc<AtomicUsize>,
    /// The build the site is at, sent as the event's data.
    version: Arc<AtomicU64>,
}

/// Decrements the count of open streams when a stream's thread ends.
struct OpenGuard(Arc<AtomicUsize>);

impl Drop for OpenGuard {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Clients {
    /// No streams yet; `version` is where the current build number is kept.
    pub fn new(version: Arc<AtomicU64>) -> Clients {
        Clients {
            slots: Mutex::new(Vec::new()),
            open: Arc::new(AtomicUsize::new(0)),
            version,
        }
    }

    /// Takes over a connection (the writer of a request that has not been
    /// answered) as an event stream. With `reload_now` the client is told
    /// at once to reload: its page is older than the current build.
    pub fn add(&self, mut writer: Box<dyn Write + Send>, reload_now: bool) {
        if self.open.fetch_add(1, Ordering::SeqCst) >= MAX_CLIENTS {
            self.open.fetch_sub(1, Ordering::SeqCst);
            let _ = writer.write_all(
                b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 24\r\nConnection: close\r\n\r\ntoo many reload streams\n",
            );
            let _ = writer.flush();
            return;
        }
        let guard = OpenGuard(Arc::clone(&self.open));
        let (slot, wake) = mpsc::sync_channel(1);
        if reload_now {
            let _ = slot.try_send(());
        }
        // Listed before the stream starts, so no rebuild falls in between;
        // if the thread cannot start, its slot is dropped at the next
        // broadcast.
        self.slots
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(slot);
        let version = Arc::clone(&self.version);
        let _ = thread::Builder::new()
            .name("procbook-sse".to_string())
            .spawn(move || {
                let _guard = guard;
                let _ = stream(writer.as_mut(), &wake, &version);
            });
    }

    /// Tells every open stream to reload; never blocks on a client.
    pub fn broadcast(&self) {
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        slots.retain(|slot| !matches!(slot.try_send(()), Err(TrySendError::Disconnected(()))));
    }
}

/// Writes the response head, then one event per wake-up, until the client
/// goes away or the slot is dropped.
fn stream(out: &mut dyn Write, wake: &Receiver<()>, version: &AtomicU64) -> std::io::Result<()> {
    out.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: keep-alive\r\nX-Accel-Buffering: no\r\n\r\nretry: 1000\n\n",
    )?;
    out.flush()?;
    loop {
        match wake.recv_timeout(HEARTBEAT) {
            Ok(()) => write!(
                out,
                "event: reload\ndata: {}\n\n",
                version.load(Ordering::SeqCst)
            )?,
            Err(RecvTimeoutError::Timeout) => out.write_all(b": still here\n\n")?,
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        }
        out.flush()?;
    }
}
