//! Reading a source file: the one way procbook reads anything from a
//! site's sources (the register, pages, theme files, and what `serve`
//! fingerprints). Every stage that touches a site's files asks here, so no
//! stage imports another to read a file.
//!
//! Before a byte is read, the path is resolved (links followed) and refused
//! when it leaves the site root; the file is opened without blocking and
//! refused unless it is a regular file (a named pipe would hang the run, a
//! device such as `/dev/zero` never ends); and its size is checked against
//! a limit, which also holds if the file grows while it is read.

use std::fmt;
use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

mod text;

use crate::diagnostic::Diagnostic;
pub(crate) use text::decode;
pub use text::{MAX_PAGE_BYTES, MAX_REGISTER_BYTES, MAX_THEME_FILE_BYTES};

/// Why a source file was not read.
#[derive(Debug)]
pub(crate) enum Refusal {
    /// With links resolved, the path leads to `target`, outside the root.
    Outside { target: PathBuf },
    /// Not a regular file; `kind` says what it is instead.
    NotAFile { kind: &'static str },
    /// Larger than `limit` bytes.
    TooLarge { limit: u64 },
    /// The text is not UTF-8.
    Content(Diagnostic),
    /// It could not be read (missing, no permission, …).
    Io(io::Error),
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Outside { target } => write!(
                f,
                "it leads to {}, outside the site root; procbook reads only files inside it",
                target.display()
            ),
            Refusal::NotAFile { kind } => {
                write!(
                    f,
                    "it is {kind}, not a regular file; procbook reads only regular files"
                )
            }
            Refusal::TooLarge { limit } => write!(f, "it is larger than {}", size(*limit)),
            Refusal::Content(d) => f.write_str(&d.message),
            Refusal::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for Refusal {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Refusal::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl Refusal {
    /// The refusal as an error diagnostic at file `name` (relative to the
    /// root, as reports show it).
    pub(crate) fn diagnostic(self, name: &str) -> Diagnostic {
        let (code, message, help) = match &self {
            Refusal::Content(d) => return d.clone(),
            Refusal::Outside { .. } => (
                "input/outside-root",
                format!("{name} is a link that leaves the site root"),
                "copy the file into the repository instead of linking to it",
            ),
            Refusal::NotAFile { kind } => (
                "input/not-a-file",
                format!("{name} is {kind}, not a regular file"),
                "replace it with an ordinary file",
            ),
            Refusal::TooLarge { limit } => (
                "input/too-large",
                format!("{name} is larger than {}", size(*limit)),
                "split the content or remove what does not belong; the limit guards against runaway files",
            ),
            Refusal::Io(e) => (
                "input/unreadable",
                format!("{name} cannot be read: {e}"),
                "check the file's permissions",
            ),
        };
        let mut d = Diagnostic::error(code, message).at(name, 1, 1).help(help);
        if let Refusal::Outside { target } = self {
            d.message = format!("{} (to {})", d.message, target.display());
        }
        d
    }
}

/// `limit` in words: "4 MiB", "512 KiB".
fn size(limit: u64) -> String {
    if limit >= 1024 * 1024 && limit.is_multiple_of(1024 * 1024) {
        format!("{} MiB", limit / (1024 * 1024))
    } else {
        format!("{} KiB", limit.div_ceil(1024))
    }
}

/// Where `path` leads with links resolved: `Ok` with the real path when it
/// lies inside `root`, [`Refusal::Outside`] when not, [`Refusal::Io`] when
/// it cannot be resolved (missing, or a link to nothing).
pub(crate) fn resolve_inside(root: &Path, path: &Path) -> Result<PathBuf, Refusal> {
    let root = root.canonicalize().map_err(Refusal::Io)?;
    let real = path.canonicalize().map_err(Refusal::Io)?;
    if real.starts_with(&root) {
        Ok(real)
    } else {
        Err(Refusal::Outside { target: real })
    }
}

/// True when `path`, with links resolved, lies under `root`.
pub fn inside(root: &Path, path: &Path) -> bool {
    resolve_inside(root, path).is_ok()
}

/// Reads source file `path` under `root`: inside the root, a regular file,
/// at most `limit` bytes.
pub(crate) fn read_bytes(root: &Path, path: &Path, limit: u64) -> Result<Vec<u8>, Refusal> {
    let real = resolve_inside(root, path)?;
    let file = open_without_blocking(&real).map_err(Refusal::Io)?;
    // The type is taken from the open file, not the name, so a file swapped
    // for a pipe after the check is still caught.
    let meta = file.metadata().map_err(Refusal::Io)?;
    if !meta.is_file() {
        return Err(Refusal::NotAFile {
            kind: kind_of(&meta.file_type()),
        });
    }
    if meta.len() > limit {
        return Err(Refusal::TooLarge { limit });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize + 1);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(Refusal::Io)?;
    if bytes.len() as u64 > limit {
        return Err(Refusal::TooLarge { limit });
    }
    Ok(bytes)
}

/// Like [`read_bytes`], as UTF-8 text without a byte-order mark and with
/// CRLF made LF; `name` is where a decoding problem is reported.
pub(crate) fn read_text(
    root: &Path,
    path: &Path,
    name: &str,
    limit: u64,
) -> Result<String, Refusal> {
    let bytes = read_bytes(root, path, limit)?;
    decode(bytes, name).map_err(Refusal::Content)
}

#[cfg(unix)]
fn open_without_blocking(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    // Opening a named pipe for reading blocks until a writer comes;
    // O_NONBLOCK returns at once, and a regular file reads as usual.
    OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_without_blocking(path: &Path) -> io::Result<File> {
    OpenOptions::new().read(true).open(path)
}

/// What a file that is not a regular file is, in words.
pub(crate) fn kind_of(file_type: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "a device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else if file_type.is_symlink() {
        "a link"
    } else {
        "a special file"
    }
}

/// What identifies a file's version without reading it: if any of it
/// changed, the file was written (or replaced) since.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stamp {
    pub len: u64,
    pub modified_ns: u128,
    pub inode: u64,
}

impl Stamp {
    /// The stamp of regular file `path` (a link is not followed).
    pub(crate) fn of(path: &Path) -> io::Result<Stamp> {
        Stamp::from_metadata(&std::fs::symlink_metadata(path)?)
    }

    /// The stamp of a regular file from its metadata.
    pub(crate) fn from_metadata(meta: &std::fs::Metadata) -> io::Result<Stamp> {
        if !meta.file_type().is_file() {
            return Err(io::Error::other("not a regular file"));
        }
        let modified_ns = meta
            .modified()?
            .duration_since(std::time::UNIX_EPOCH)
            .map_err(io::Error::other)?
            .as_nanos();
        Ok(Stamp {
            len: meta.len(),
            modified_ns,
            inode: inode(meta),
        })
    }
}

#[cfg(unix)]
fn inode(meta: &std::fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::ino(meta)
}

#[cfg(not(unix))]
fn inode(_: &std::fs::Metadata) -> u64 {
    0
}
