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
    /// A new stream that tells its page to reload when a snapshot
    /// `snapshots` receives from now on changes what the page shows (see
    /// [`Watch`]), or `None` when [`MAX_STREAMS`] are open. When the page
    /// is already older than the current build, the first event goes out at
    /// once. Must be called inside the server's runtime.
    pub fn open(
        &self,
        snapshots: watch::Receiver<Arc<Snapshot>>,
        watch: Watch,
    ) -> Option<EventBody> {
        let permit = Arc::clone(&self.open).try_acquire_owned().ok()?;
        let (sender, events) = mpsc::channel(1);
        tokio::spawn(pump(snapshots, sender, watch));
        Some(EventBody {
            events,
            _permit: permit,
        })
    }
}

/// What a page's stream reloads it for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Watch {
    /// A change of what the page at this site path shows: a build that
    /// leaves the page as it was does not reload it.
    Page { path: String, tag: u64 },
    /// Any build after `since` (a page that did not say which it is).
    AnyBuild { since: Option<u64> },
}

impl Watch {
    /// What a stream opened with the query of the reload script watches:
    /// the page's tag `since` and its address `page` (as `location`
    /// gives it, under the sub-path or not).
    pub fn new(since: Option<u64>, page: Option<&str>) -> Watch {
        let path = page.and_then(|page| match super::route::route(page) {
            Ok(super::route::Route::Site(path)) => Some(path),
            _ => None,
        });
        match (path, since) {
            (Some(path), Some(tag)) => Watch::Page { path, tag },
            _ => Watch::AnyBuild { since },
        }
    }

    /// Whether the page is out of date in `snapshot`; `new_build` says
    /// whether the snapshot came after the stream was opened.
    fn stale(&self, snapshot: &Snapshot, new_build: bool) -> bool {
        match self {
            Watch::Page { path, tag } => snapshot.page_tag(path) != Some(*tag),
            Watch::AnyBuild { since } => new_build || since.is_some_and(|v| v != snapshot.version),
        }
    }
}

/// Sends the stream's opening, then a reload event when a snapshot makes
/// the page stale and a heartbeat otherwise, until the body is dropped.
async fn pump(
    mut snapshots: watch::Receiver<Arc<Snapshot>>,
    events: mpsc::Sender<Bytes>,
    watch: Watch,
) {
    if events
        .send(Bytes::from_static(b"retry: 1000\n\n"))
        .await
        .is_err()
    {
        return;
    }
    let now = Arc::clone(&snapshots.borrow_and_update());
    // A page older than the current build hears of it at once.
    if stale(&watch, now, false).await {
        snapshots.mark_changed();
    }
    loop {
        let next = match tokio::time::timeout(HEARTBEAT, snapshots.changed()).await {
            Ok(Ok(())) => {
                let snapshot = Arc::clone(&snapshots.borrow_and_update());
                if !stale(&watch, Arc::clone(&snapshot), true).await {
                    continue;
                }
                Bytes::from(format!("event: reload\ndata: {}\n\n", snapshot.version))
            }
            Ok(Err(_)) => return,
            Err(_) => Bytes::from_static(b": still here\n\n"),
        };
        if events.send(next).await.is_err() {
            return;
        }
    }
}

/// [`Watch::stale`] off the server's thread: it may render the page.
async fn stale(watch: &Watch, snapshot: Arc<Snapshot>, new_build: bool) -> bool {
    let watch = watch.clone();
    tokio::task::spawn_blocking(move || watch.stale(&snapshot, new_build))
        .await
        .unwrap_or(true)
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
