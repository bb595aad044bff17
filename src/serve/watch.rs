//! Watching the sources: `processes.yaml`, `content/` and `theme/`.
//!
//! The site root is watched on its own (not recursively: it may hold
//! `target/`, `public/` or `.git/`), which catches edits to
//! `processes.yaml` however an editor saves it (in place, or by writing a
//! new file and renaming it) and the creation or removal of `content/` and
//! `theme/`; those two are watched recursively whenever they exist. Events
//! arrive in bursts (one save is several events), so a batch ends only
//! after a short quiet time. When the native watcher cannot start (for
//! example the inotify limit is reached) a polling watcher takes over.

use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, EventKind};
use notify::{Event, PollWatcher, RecursiveMode, Watcher};

/// A batch ends after this long without a relevant event. An editor's
/// save (write a copy, rename it over the file; or truncate and write) is
/// a burst of events well within this; a save caught half-way shows as an
/// error for a moment and is rebuilt when its last event arrives, and a
/// batch that changed nothing (the fingerprint) rebuilds nothing. Every
/// millisecond here is one more before the owner sees the edit.
const QUIET: Duration = Duration::from_millis(30);
/// A batch ends after this long in any case, so a steady stream of
/// changes still gets rebuilds.
const LONGEST: Duration = Duration::from_millis(1000);
/// The polling watcher's interval.
const POLL_EVERY: Duration = Duration::from_millis(500);

/// The folders watched recursively when they exist.
pub const WATCHED_DIRS: [&str; 2] = ["content", "theme"];

/// A burst of changes to the sources.
pub struct Batch {
    /// When its first event arrived.
    pub first_seen: Instant,
    /// Problems met while re-arming the watches, worded for the user.
    pub problems: Vec<String>,
}

/// The watcher and the events it sends.
pub struct Changes {
    watcher: Box<dyn Watcher + Send>,
    events: Receiver<notify::Result<Event>>,
    root: PathBuf,
    /// Which of [`WATCHED_DIRS`] are watched now.
    watching: [bool; 2],
    /// A watched folder was created, removed or replaced.
    rearm: bool,
    /// Set when the native watcher failed and polling took over.
    pub fallback: Option<String>,
}

impl Changes {
    /// Starts watching the sources under `root`.
    pub fn start(root: &Path) -> notify::Result<Changes> {
        let root = root.canonicalize().map_err(notify::Error::io)?;
        let (sender, events) = mpsc::channel();
        // Links are not followed: a `content/` linked to `/usr` would
        // otherwise put a watch on every folder there.
        let config = notify::Config::default().with_follow_symlinks(false);
        let native =
            notify::RecommendedWatcher::new(sender.clone(), config).and_then(|mut watcher| {
                watcher.watch(&root, RecursiveMode::NonRecursive)?;
                Ok(watcher)
            });
        let (watcher, fallback): (Box<dyn Watcher + Send>, _) = match native {
            Ok(watcher) => (Box::new(watcher), None),
            Err(e) => {
                let config = notify::Config::default()
                    .with_poll_interval(POLL_EVERY)
                    .with_follow_symlinks(false);
                let mut watcher = PollWatcher::new(sender, config)?;
                watcher.watch(&root, RecursiveMode::NonRecursive)?;
                (
                    Box::new(watcher),
                    Some(format!(
                        "cannot watch files natively ({e}); polling every {} ms",
                        POLL_EVERY.as_millis()
                    )),
                )
            }
        };
        let mut changes = Changes {
            watcher,
            events,
            root,
            watching: [false; 2],
            rearm: false,
            fallback,
        };
        changes.update_watches();
        Ok(changes)
    }

    /// Blocks until the sources change, then until the burst of events is
    /// over. `None` when the watcher has stopped.
    pub fn wait(&mut self) -> Option<Batch> {
        loop {
            let event = self.events.recv().ok()?;
            if self.relevant(&event) {
                break;
            }
        }
        let first_seen = Instant::now();
        while first_seen.elapsed() < LONGEST {
            match self.events.recv_timeout(QUIET) {
                Ok(event) => {
                    self.relevant(&event);
                }
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
        let problems = self.update_watches();
        Some(Batch {
            first_seen,
            problems,
        })
    }

    /// Watches each of [`WATCHED_DIRS`] that exists and stops watching the
    /// ones that are gone.
    fn update_watches(&mut self) -> Vec<String> {
        let mut problems = Vec::new();
        let rearm = std::mem::take(&mut self.rearm);
        for (index, name) in WATCHED_DIRS.iter().enumerate() {
            let dir = self.root.join(name);
            // Only a real folder: the build does not follow a link either.
            let exists = std::fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir());
            if self.watching[index] && (rearm || !exists) {
                let _ = self.watcher.unwatch(&dir);
                self.watching[index] = false;
            }
            if exists && !self.watching[index] {
                match self.watcher.watch(&dir, RecursiveMode::Recursive) {
                    Ok(()) => self.watching[index] = true,
                    Err(e) => problems.push(format!("cannot watch {}: {e}", dir.display())),
                }
            }
        }
        problems
    }

    /// Whether `event` may change the site; notes when a watched folder
    /// itself was created or removed.
    fn relevant(&mut self, event: &notify::Result<Event>) -> bool {
        let event = match event {
            Ok(event) => event,
            // Events may have been lost: rebuild to be sure.
            Err(_) => return true,
        };
        if event.need_rescan() {
            self.rearm = true;
            return true;
        }
        if let EventKind::Access(kind) = event.kind {
            // Reading the sources (as every rebuild does) is not a change.
            if kind != AccessKind::Close(AccessMode::Write) {
                return false;
            }
        }
        let mut relevant = false;
        for path in &event.paths {
            match classify(&self.root, path) {
                Source::Register | Source::File => relevant = true,
                Source::WatchedDir => {
                    self.rearm = true;
                    relevant = true;
                }
                Source::Other => {}
            }
        }
        relevant
    }
}

/// What a changed path is to the site.
#[derive(Debug, PartialEq, Eq)]
enum Source {
    /// `processes.yaml`.
    Register,
    /// `content/` or `theme/` itself.
    WatchedDir,
    /// A file (or folder) inside them.
    File,
    /// Anything else, including editors' swap and backup files.
    Other,
}

fn classify(root: &Path, path: &Path) -> Source {
    let Ok(relative) = path.strip_prefix(root) else {
        return Source::Other;
    };
    let parts: Vec<&str> = relative
        .components()
        .filter_map(|c| match c {
            Component::Normal(name) => name.to_str(),
            _ => None,
        })
        .collect();
    match parts.as_slice() {
        ["processes.yaml"] => Source::Register,
        [dir] if WATCHED_DIRS.contains(dir) => Source::WatchedDir,
        [dir, .., name] if WATCHED_DIRS.contains(dir) && !scratch_file(name) => Source::File,
        _ => Source::Other,
    }
}

/// Files editors write beside the real one while saving.
fn scratch_file(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
        || name == "4913"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_paths() {
        let root = Path::new("/site");
        assert_eq!(
            classify(root, Path::new("/site/processes.yaml")),
            Source::Register
        );
        assert_eq!(classify(root, Path::new("/site/theme")), Source::WatchedDir);
        assert_eq!(
            classify(root, Path::new("/site/content/processes/a.md")),
            Source::File
        );
        assert_eq!(
            classify(root, Path::new("/site/content/processes/.a.md.swp")),
            Source::Other
        );
        assert_eq!(
            classify(root, Path::new("/site/public/index.html")),
            Source::Other
        );
        assert_eq!(
            classify(root, Path::new("/site/processes.yaml~")),
            Source::Other
        );
        assert_eq!(
            classify(root, Path::new("/elsewhere/processes.yaml")),
            Source::Other
        );
    }
}
