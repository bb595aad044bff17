//! A TCP stream as the server's connections use it: a write that stalls
//! longer than a limit fails, so a client that never reads cannot hold a
//! connection (and the body it is being sent) for long; and it notes
//! whether the client sent anything, so a head left unfinished can be told
//! apart from a connection that stayed silent.
//!
//! Vectored writes are passed through: hyper then queues a response's
//! shared body buffer instead of copying it into its own.

use std::future::Future;
use std::io::{self, IoSlice};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::time::Sleep;

/// A stream with a write timeout.
pub struct Guarded {
    stream: TcpStream,
    limit: Duration,
    /// Running while a write is blocked; reset when one goes through.
    stalled: Option<Pin<Box<Sleep>>>,
    received: bool,
}

impl Guarded {
    /// Wraps `stream`; a write may stall at most `limit`.
    pub fn new(stream: TcpStream, limit: Duration) -> Guarded {
        Guarded {
            stream,
            limit,
            stalled: None,
            received: false,
        }
    }

    /// Whether the client has sent anything but blank lines.
    pub fn received(&self) -> bool {
        self.received
    }

    /// The stream itself.
    pub fn into_inner(self) -> TcpStream {
        self.stream
    }

    /// Passes a write's result on, failing it once it has been pending
    /// for longer than the limit.
    fn watch<T>(&mut self, cx: &mut Context<'_>, poll: Poll<io::Result<T>>) -> Poll<io::Result<T>> {
        if poll.is_ready() {
            self.stalled = None;
            return poll;
        }
        let limit = self.limit;
        let timer = self
            .stalled
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
        match timer.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the client stopped reading",
            ))),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl AsyncRead for Guarded {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let poll = Pin::new(&mut this.stream).poll_read(cx, buf);
        if !this.received
            && buf.filled()[before..]
                .iter()
                .any(|b| !b.is_ascii_whitespace())
        {
            this.received = true;
        }
        poll
    }
}

impl AsyncWrite for Guarded {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let poll = Pin::new(&mut this.stream).poll_write(cx, buf);
        this.watch(cx, poll)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let poll = Pin::new(&mut this.stream).poll_write_vectored(cx, bufs);
        this.watch(cx, poll)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let poll = Pin::new(&mut this.stream).poll_flush(cx);
        this.watch(cx, poll)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let poll = Pin::new(&mut this.stream).poll_shutdown(cx);
        this.watch(cx, poll)
    }
}
