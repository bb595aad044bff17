//! Writing the output folder atomically and safely.
//!
//! The new site is written to a temporary folder beside the output and
//! swapped in only when complete, so a failed build leaves the previous
//! site as it was. An existing output folder is replaced only when it holds
//! the marker file procbook writes, or with `--force`; and nothing outside
//! the output folder is ever deleted.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::leftovers;

/// Held while a file is written into the staging folder.
type WriteGuard = std::sync::RwLockReadGuard<'static, bool>;
use crate::render::{OutputFile, RenderError, Sink};

/// The file that marks a folder as procbook's output.
pub const MARKER: &str = ".procbook-site";

/// Why the output could not be written.
#[derive(Debug)]
pub enum OutputError {
    /// The output path is a place procbook must never replace.
    Refused(String),
    /// The output folder exists, is not empty and was not made by procbook.
    NotOurs(PathBuf),
    /// Writing failed.
    Io(PathBuf, io::Error),
}

impl fmt::Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OutputError::Refused(why) => f.write_str(why),
            OutputError::NotOurs(path) => write!(
                f,
                "{} exists and was not made by procbook (no {MARKER} file); choose another --out or pass --force to replace it",
                path.display()
            ),
            OutputError::Io(path, _) => write!(f, "cannot write {}", path.display()),
        }
    }
}

impl std::error::Error for OutputError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            OutputError::Io(_, e) => Some(e),
            _ => None,
        }
    }
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> OutputError + '_ {
    move |e| OutputError::Io(path.to_path_buf(), e)
}

/// The absolute, symlink-free form of `path`, even when its last parts do
/// not exist yet.
fn resolve(path: &Path) -> io::Result<PathBuf> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut resolved = existing.canonicalize()?;
    for part in rest.iter().rev() {
        if part == ".." {
            resolved.pop();
        } else if part != "." {
            resolved.push(part);
        }
    }
    Ok(resolved)
}

/// Refuses output folders whose replacement would destroy sources or
/// system folders: `/`, the home folder and every folder above it, the
/// site root and every folder above it, and anything inside the site's
/// `content/`, `theme/`, `themes/`, `.git/` or `src/`. Both sides are
/// compared with links resolved (a home reached through a link, as
/// `/home -> var/home` on Fedora Silverblue, is still the home), and
/// `--force` never overrides this.
pub fn check_destination(out: &Path, root: &Path) -> Result<PathBuf, OutputError> {
    let out = resolve(out).map_err(io_err(out))?;
    let root = resolve(root).map_err(io_err(root))?;
    let refuse = |why: String| {
        Err(OutputError::Refused(format!(
            "refusing to write the site to {}: {why}; choose a folder of its own",
            out.display()
        )))
    };
    if out.parent().is_none() {
        return refuse("it is the root of the file system".to_string());
    }
    if root.starts_with(&out) {
        return refuse(format!("it holds the sources in {}", root.display()));
    }
    for protected in ["content", "theme", "themes", ".git", "src"] {
        let Ok(folder) = resolve(&root.join(protected)) else {
            continue;
        };
        if out.starts_with(&folder) || folder.starts_with(&out) {
            return refuse(format!(
                "it is or holds the sources' {protected}/ folder {}",
                folder.display()
            ));
        }
    }
    if let Some(home) = std::env::var_os("HOME").filter(|h| !h.is_empty()) {
        if let Ok(home) = resolve(Path::new(&home)) {
            if home.starts_with(&out) {
                return refuse(format!("it is or holds the home folder {}", home.display()));
            }
        }
    }
    Ok(out)
}

/// A new site being written into a temporary folder beside `out`, which
/// [`Staging::finish`] swaps in. Dropped unfinished (an error on the way),
/// the temporary folder is removed and `out` is left as it was.
///
/// Files may be written from several threads at once.
#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    staging: PathBuf,
    retired: PathBuf,
    finished: bool,
}

impl Staging {
    /// Checks that `out` may be replaced (see [`OutputError::NotOurs`]) and
    /// creates the temporary folder.
    pub fn begin(out: &Path, force: bool) -> Result<Staging, OutputError> {
        let parent = out.parent().ok_or_else(|| {
            OutputError::Refused(format!("{} has no parent folder", out.display()))
        })?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| "site".to_string());
        if out.exists() {
            let meta = fs::symlink_metadata(out).map_err(io_err(out))?;
            if !meta.is_dir() {
                return Err(OutputError::Refused(format!(
                    "{} exists and is not a folder",
                    out.display()
                )));
            }
            let empty = fs::read_dir(out).map_err(io_err(out))?.next().is_none();
            if !empty && !out.join(MARKER).is_file() && !force {
                return Err(OutputError::NotOurs(out.to_path_buf()));
            }
        }
        fs::create_dir_all(parent).map_err(io_err(parent))?;
        leftovers::remove_stale(parent, &name);
        let pid = std::process::id();
        let staging = Staging {
            out: out.to_path_buf(),
            staging: parent.join(leftovers::staging_name(&name, pid)),
            retired: parent.join(leftovers::retired_name(&name, pid)),
            finished: false,
        };
        // Only a folder of this run's own name is removed, and from here on
        // dropping `staging` (or a signal) removes it again.
        if staging.staging.exists() {
            fs::remove_dir_all(&staging.staging).map_err(io_err(&staging.staging))?;
        }
        leftovers::remember(&staging.staging);
        fs::create_dir_all(&staging.staging).map_err(io_err(&staging.staging))?;
        // The marker goes in first: a run killed before it finishes leaves
        // a folder the next build can tell as procbook's own.
        let marker = staging.staging.join(MARKER);
        fs::write(
            &marker,
            "This folder is written by procbook build and replaced on every build.\n",
        )
        .map_err(io_err(&marker))?;
        Ok(staging)
    }

    /// Writes `file` into the new site; returns where.
    pub fn write(&self, file: &OutputFile) -> Result<PathBuf, OutputError> {
        let (path, _writing) = self.prepare(&file.path)?;
        fs::write(&path, &file.bytes).map_err(io_err(&path))?;
        Ok(path)
    }

    /// Puts the file `old` of the previous site into the new one as
    /// `path`: as a hard link (the same file, nothing copied), or as a
    /// copy where the file system cannot link. Returns where, and whether
    /// it is a link (a copy is another file).
    pub fn link(&self, path: &str, old: &Path) -> Result<(PathBuf, bool), OutputError> {
        let (new, _writing) = self.prepare(path)?;
        if fs::hard_link(old, &new).is_ok() {
            return Ok((new, true));
        }
        fs::copy(old, &new).map_err(io_err(&new))?;
        Ok((new, false))
    }

    /// Where `path` goes in the new site, with its folder made; refused
    /// when it would leave the site or the build was interrupted. Writing
    /// holds the guard returned, so an interruption cannot remove the
    /// folder while a file is written and have the write re-create it.
    fn prepare(&self, path: &str) -> Result<(PathBuf, WriteGuard), OutputError> {
        if path
            .split('/')
            .any(|part| part.is_empty() || part == ".." || part == ".")
        {
            return Err(OutputError::Refused(format!(
                "refusing to write outside the output folder: {path}"
            )));
        }
        let Some(writing) = leftovers::writing() else {
            return Err(OutputError::Refused(
                "the build was interrupted".to_string(),
            ));
        };
        let path = self.staging.join(path);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(io_err(dir))?;
        }
        Ok((path, writing))
    }

    /// Puts the new site in place of `out`.
    pub fn finish(mut self) -> Result<(), OutputError> {
        // A signal waits until the swap is over, so `out` is never left
        // half swapped.
        let mut in_progress = leftovers::lock();
        let swapped = swap(&self.out, &self.staging, &self.retired);
        self.finished = swapped.is_ok();
        leftovers::forget(&mut in_progress, &self.staging);
        // Released before `self` is dropped, which takes the lock again.
        drop(in_progress);
        swapped
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        let mut in_progress = leftovers::lock();
        if !self.finished {
            // Only the folder this run created is removed.
            let _ = fs::remove_dir_all(&self.staging);
        }
        leftovers::forget(&mut in_progress, &self.staging);
    }
}

impl Sink for Staging {
    fn put(&self, file: OutputFile) -> Result<(), RenderError> {
        self.write(&file)
            .map(drop)
            .map_err(|e| RenderError::Sink(Box::new(e)))
    }
}

fn swap(out: &Path, staging: &Path, retired: &Path) -> Result<(), OutputError> {
    if out.exists() {
        fs::rename(out, retired).map_err(io_err(out))?;
        if let Err(e) = fs::rename(staging, out) {
            // Put the previous site back before reporting.
            let _ = fs::rename(retired, out);
            return Err(OutputError::Io(out.to_path_buf(), e));
        }
        fs::remove_dir_all(retired).map_err(io_err(retired))
    } else {
        fs::rename(staging, out).map_err(io_err(out))
    }
}
