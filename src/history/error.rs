//! Why history could not read something. None of these stops a build: each
//! becomes a warning (and the part of the history it concerns is left out),
//! so the message is written for the person reading the build's output and
//! the cause is kept as the error's `source()`.

use std::error::Error;

/// A cause from gix, whose error types differ from call to call.
pub type Cause = Box<dyn Error + Send + Sync + 'static>;

/// Reading the repository failed.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    /// gix could not do `what` ("read the tree of commit 1a2b3c4d").
    #[error("cannot {what}")]
    Read {
        what: String,
        #[source]
        source: Cause,
    },
    /// An object named by the repository is not in it (a shallow or broken
    /// clone).
    #[error("object {0} is missing from the repository")]
    Missing(String),
    /// A blob was expected, something else is there.
    #[error("object {0} is not a file")]
    NotAFile(String),
    /// A file larger than the limit, refused unread.
    #[error("a file of {size_mib} MiB, larger than the limit of {limit_mib} MiB")]
    TooLarge { size_mib: u64, limit_mib: u64 },
    /// A file under a folder could not be read.
    #[error("{path}")]
    File {
        path: String,
        #[source]
        source: Box<GitError>,
    },
}

impl GitError {
    /// A gix failure while doing `what`.
    pub fn read(what: impl Into<String>, source: impl Into<Cause>) -> GitError {
        GitError::Read {
            what: what.into(),
            source: source.into(),
        }
    }
}

/// The register at one commit could not be read into a snapshot.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    #[error(transparent)]
    Git(#[from] GitError),
    #[error("not UTF-8")]
    NotUtf8,
    /// It is not a register: the parser's message, with the line.
    #[error("{message}{}", line.map(|l| format!(" at line {l}")).unwrap_or_default())]
    Parse {
        message: String,
        line: Option<usize>,
    },
}

/// Why a tagged version is not published.
#[derive(Debug, thiserror::Error)]
pub enum VersionError {
    #[error("its commit cannot be read")]
    Commit(#[source] GitError),
    #[error("the tag points at {0}, not a commit")]
    NotACommit(&'static str),
    #[error(
        "the object it points at is missing from the repository (a shallow or incomplete clone?)"
    )]
    Missing,
    #[error("it has no {0}")]
    NoRegister(String),
    #[error("its {path} is {what}, not a file")]
    RegisterNotAFile { path: String, what: &'static str },
    #[error("its {path} is unreadable")]
    Register {
        path: String,
        #[source]
        source: GitError,
    },
    #[error("{0} is not UTF-8 text")]
    NotUtf8(String),
    #[error("a page cannot be read")]
    Page(#[source] GitError),
    #[error("a file cannot be read")]
    Asset(#[source] GitError),
    /// The first problem `procbook check` finds in it:
    /// "file:line:column: message (code)".
    #[error("{0}")]
    Invalid(String),
}
