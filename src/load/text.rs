//! Reading a source file: bounded in size, UTF-8 only.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use crate::diagnostic::Diagnostic;

/// The largest `processes.yaml` read; a register of 10,000 processes is
/// about 5 MB, so this leaves room while refusing runaway files.
pub const MAX_REGISTER_BYTES: u64 = 32 * 1024 * 1024;
/// The largest Markdown page read.
pub const MAX_PAGE_BYTES: u64 = 4 * 1024 * 1024;

/// Reads `path` as UTF-8 text of at most `limit` bytes, without a leading
/// byte-order mark and with CRLF line ends made LF.
///
/// The outer error is an I/O failure; the inner one a problem with the
/// content, reported at `name`.
pub fn read_limited(path: &Path, name: &str, limit: u64) -> io::Result<Result<String, Diagnostic>> {
    let file = File::open(path)?;
    // Sized from the file's length, the text is read in one call rather
    // than in growing pieces; the limit still holds if the file grows.
    let expected = file.metadata().map(|m| m.len().min(limit)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(expected as usize + 1);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Ok(Err(too_large(name, limit)));
    }
    Ok(decode(bytes, name))
}

/// Reads the bytes of `path`, at most `limit` of them (for files published
/// as they are). The outer error is an I/O failure, the inner one a file
/// over the limit, reported at `name`.
pub fn read_bytes_limited(
    path: &Path,
    name: &str,
    limit: u64,
) -> io::Result<Result<Vec<u8>, Diagnostic>> {
    let file = File::open(path)?;
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Ok(Err(too_large(name, limit)));
    }
    Ok(Ok(bytes))
}

fn too_large(name: &str, limit: u64) -> Diagnostic {
    Diagnostic::error(
        "input/too-large",
        format!("{name} is larger than {} MiB", limit / (1024 * 1024)),
    )
    .at(name, 1, 1)
    .help(
        "split the content or remove what does not belong; the limit guards against runaway files",
    )
}

/// Decodes UTF-8, pointing at the first invalid byte when it is not.
pub fn decode(bytes: Vec<u8>, name: &str) -> Result<String, Diagnostic> {
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            if text.contains('\r') {
                text = text.replace("\r\n", "\n");
            }
            Ok(text)
        }
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let valid = std::str::from_utf8(valid).unwrap_or_default();
            let line = valid.matches('\n').count() + 1;
            let column = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            Err(
                Diagnostic::error("input/not-utf8", format!("{name} is not valid UTF-8 text"))
                    .at(name, line as u64, column as u64)
                    .help("save the file as UTF-8 (most editors: \"Save with encoding\" → UTF-8)"),
            )
        }
    }
}
