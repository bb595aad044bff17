//! Writing to the terminal without ever panicking.
//!
//! `println!` and `eprintln!` panic when the stream is a pipe whose reader
//! has gone (`procbook due | head -c 10`). Standard output goes through
//! [`Quiet`], which stops writing once the reader is gone, so a command
//! ends normally with its usual exit code (a `check | head` in CI still
//! fails when the register has errors). Lines for standard error go
//! through [`say`]: a message nobody can read any more is dropped.
//!
//! This module also defines `eprintln!` for the whole crate (it is
//! declared first in `lib.rs`, so its `macro_rules!` shadows the standard
//! one everywhere below): every existing and future message to standard
//! error is safe without anyone having to remember it.

use std::fmt;
use std::io::{self, Write};

use codespan_reporting::term::termcolor::{ColorSpec, StandardStream, WriteColor};

/// Writes one line to standard error; a closed or broken standard error is
/// not a reason to stop, so failures are ignored.
pub fn say(line: fmt::Arguments<'_>) {
    let mut err = io::stderr().lock();
    let _ = err.write_fmt(line);
    let _ = err.write_all(b"\n");
}

/// Like the standard `eprintln!`, but never panics (see [`say`]).
macro_rules! eprintln {
    ($($arg:tt)*) => {
        $crate::console::say(format_args!($($arg)*))
    };
}

/// A writer that treats a reader that went away ([`io::ErrorKind::BrokenPipe`])
/// as the end of output: that write and every later one succeed without
/// writing anything. Other errors are passed on.
pub struct Quiet<W> {
    inner: W,
    closed: bool,
}

impl<W> Quiet<W> {
    /// Wraps `inner`.
    pub fn new(inner: W) -> Self {
        Quiet {
            inner,
            closed: false,
        }
    }

    /// True once the reader has gone.
    pub fn closed(&self) -> bool {
        self.closed
    }

    fn guard<T>(&mut self, result: io::Result<T>, nothing: T) -> io::Result<T> {
        match result {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(nothing)
            }
            other => other,
        }
    }
}

impl<W: Write> Write for Quiet<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.closed {
            return Ok(buf.len());
        }
        let result = self.inner.write(buf);
        self.guard(result, buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let result = self.inner.flush();
        self.guard(result, ())
    }
}

impl<W: WriteColor> WriteColor for Quiet<W> {
    fn supports_color(&self) -> bool {
        self.inner.supports_color()
    }

    fn set_color(&mut self, spec: &ColorSpec) -> io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let result = self.inner.set_color(spec);
        self.guard(result, ())
    }

    fn reset(&mut self) -> io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let result = self.inner.reset();
        self.guard(result, ())
    }
}

/// Standard output, ending quietly when its reader goes.
pub fn stdout() -> Quiet<io::StdoutLock<'static>> {
    Quiet::new(io::stdout().lock())
}

/// Standard output with colour as `choice` says, ending quietly when its
/// reader goes.
pub fn stdout_colored(
    choice: codespan_reporting::term::termcolor::ColorChoice,
) -> Quiet<StandardStream> {
    Quiet::new(StandardStream::stdout(choice))
}

/// Standard error with colour as `choice` says, ending quietly when its
/// reader goes.
pub fn stderr_colored(
    choice: codespan_reporting::term::termcolor::ColorChoice,
) -> Quiet<StandardStream> {
    Quiet::new(StandardStream::stderr(choice))
}
