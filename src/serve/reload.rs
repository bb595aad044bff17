//! Live reload: browsers keep a Server-Sent Events stream open and get
//! `event: reload` after each rebuild.
//!
//! Each stream is a response body fed by a small task that waits on the
//! snapshot channel (a `tokio::sync::watch`, which never blocks the
//! rebuild: a sender only replaces the value, and a burst of rebuilds
//! reaches a slow stream as one event). A stream whose client stops reading
//! is closed by the connection's write timeout; its body is dropped and its
//! task ends at the next event or heartbeat. A comment line every few
//! seconds finds vanished clients between rebuilds.

use std::convert::Infallible;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use hyper::body::{Body, Frame, SizeHint};
use tokio::sync::{mpsc, watch, OwnedSemaphorePermit, Semaphore};

use super::Snapshot;

/// At most this many streams at once; more are refused with 503.
pub const MAX_STREAMS: usize = 64;
/// How often an idle stream gets a comment line.
const HEARTBEAT: Duration = Duration::from_secs(10);

/// Counts the open event streams.
pub struct Streams {
    open: Arc<Semaphore>,
}

impl Default for Streams {
    fn default() -> Streams {
        Streams {
            open: Arc::new(Semaphore::new(MAX_STREAMS)),
        }
    }
}

impl Streams {
    /// A new stream that announces every snapshot `snapshots` receives
    /// from now on, or `None` when [`MAX_STREAMS`] are open. With
    /// `reload_now` the first event goes out at once: the page is older
    /// than the current build. Must be called inside the server's runtime.
    pub fn open(
        &self,
        snapshots: watch::Receiver<Arc<Snapshot>>,
        reload_now: bool,
    ) -> Option<EventBody> {
        let permit = Arc::clone(&self.open).try_acquire_owned().ok()?;
        let (sender, events) = mpsc::channel(1);
        tokio::spawn(pump(snapshots, sender, reload_now));
        Some(EventBody {
            events,
            _permit: permit,
        })
    }
}

/// Sends the stream's opening, then one event per new snapshot and a
/// heartbeat between them, until the body is dropped.
async fn pump(
    mut snapshots: watch::Receiver<Arc<Snapshot>>,
    events: mpsc::Sender<Bytes>,
    reload_now: bool,
) {
    if events
        .send(Bytes::from_static(b"retry: 1000\n\n"))
        .await
        .is_err()
    {
        return;
    }
    if reload_now {
        snapshots.mark_changed();
    }
    loop {
        let next = match tokio::time::timeout(HEARTBEAT, snapshots.changed()).await {
            Ok(Ok(())) => {
                let version = snapshots.borrow_and_update().version;
                Bytes::from(format!("event: reload\ndata: {version}\n\n"))
            }
            Ok(Err(_)) => return,
            Err(_) => Bytes::from_static(b": still here\n\n"),
        };
        if events.send(next).await.is_err() {
            return;
        }
    }
}

/// The body of an event stream; holds its place among [`MAX_STREAMS`].
pub struct EventBody {
    events: mpsc::Receiver<Bytes>,
    _permit: OwnedSemaphorePermit,
}

impl Body for EventBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        self.events
            .poll_recv(cx)
            .map(|event| event.map(|bytes| Ok(Frame::data(bytes))))
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::default()
    }
}
