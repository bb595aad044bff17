//! What the preview rebuilds for: a hash of everything a build reads (and
//! the day it is for), so events that change nothing (a save without
//! edits, a `touch`) cause no rebuild; and, apart, of the theme's files, so
//! a rebuild for the register or a page keeps the compiled theme.
//!
//! Files are read as the build reads them (inside the root, regular files
//! only, within the size limit), so a named pipe or a link to `/dev/zero`
//! cannot hang the preview or fill its memory, and links are not followed.
//! A file whose size, modification time and inode are those it had when it
//! was last read is not read again, unless it was modified so shortly
//! before that read that a second write in the same clock tick could have
//! gone unseen (as git treats "racily clean" files).

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::watch;
use crate::fs::Stamp;
use crate::load::REGISTER_FILE;
use crate::model::Date;

/// A file modified less than this before it was read is read again.
const RACY: Duration = Duration::from_secs(2);

/// The hashes of one look at the sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    /// Everything a build reads, and the day.
    pub all: u64,
    /// The files under `theme/`.
    pub theme: u64,
}

/// A file as last read.
struct Known {
    stamp: Stamp,
    /// When its inode last changed: a rewrite that restores the old
    /// modification time (`cp -p`, `touch -r`) still moves this.
    changed_ns: u128,
    hash: u64,
    /// When it was read, in nanoseconds since the epoch.
    read_ns: u128,
}

/// Takes fingerprints, remembering what each file held.
#[derive(Default)]
pub struct Fingerprints {
    known: HashMap<PathBuf, Known>,
}

impl Fingerprints {
    /// The fingerprint of the sources at `root` as seen on `today`.
    pub fn take(&mut self, root: &Path, today: Date) -> Fingerprint {
        let mut all = DefaultHasher::new();
        today.hash(&mut all);
        let mut seen = HashMap::with_capacity(self.known.len());
        self.add(root, &root.join(REGISTER_FILE), &mut all, &mut seen);
        let mut theme = 0;
        for dir in watch::WATCHED_DIRS {
            let mut part = DefaultHasher::new();
            for entry in walkdir::WalkDir::new(root.join(dir))
                .follow_links(false)
                .follow_root_links(false)
                .sort_by_file_name()
                .max_depth(16)
                .into_iter()
                .flatten()
            {
                if entry.file_type().is_file() || entry.path_is_symlink() {
                    self.add(root, entry.path(), &mut part, &mut seen);
                } else {
                    // A named pipe appearing is a change too (the build
                    // reports it), though it is never read.
                    (entry.path(), crate::fs::kind_of(&entry.file_type())).hash(&mut part);
                }
            }
            let part = part.finish();
            part.hash(&mut all);
            if dir == "theme" {
                theme = part;
            }
        }
        // Files gone are forgotten.
        self.known = seen;
        Fingerprint {
            all: all.finish(),
            theme,
        }
    }

    /// Adds `path` and what it holds to `hasher`.
    fn add(
        &self,
        root: &Path,
        path: &Path,
        hasher: &mut DefaultHasher,
        seen: &mut HashMap<PathBuf, Known>,
    ) {
        path.hash(hasher);
        // One look at the file gives both its stamp and its change time.
        let meta = std::fs::symlink_metadata(path).ok();
        let stamp = meta.as_ref().and_then(|m| Stamp::from_metadata(m).ok());
        let changed_ns = meta.as_ref().map_or(0, changed_ns);
        let known = self.known.get(path).filter(|known| {
            let newest = known.stamp.modified_ns.max(known.changed_ns);
            let racy = known.read_ns.saturating_sub(newest) < RACY.as_nanos();
            Some(known.stamp) == stamp && known.changed_ns == changed_ns && !racy
        });
        let (hash, read_ns) = match known {
            Some(known) => (known.hash, known.read_ns),
            None => {
                // The time is taken before the read: a write after it is
                // then racy, and read again next time.
                let read_ns = now_ns();
                (content_hash(root, path), read_ns)
            }
        };
        if let Some(stamp) = stamp {
            let known = Known {
                stamp,
                changed_ns,
                hash,
                read_ns,
            };
            seen.insert(path.to_path_buf(), known);
        }
        hash.hash(hasher);
    }
}

/// A hash of what the build would read at `path`, or of why it would not.
fn content_hash(root: &Path, path: &Path) -> u64 {
    let mut hasher = DefaultHasher::new();
    match crate::fs::read_bytes(root, path, crate::load::MAX_REGISTER_BYTES) {
        Ok(bytes) => bytes.hash(&mut hasher),
        Err(refusal) => refusal.to_string().hash(&mut hasher),
    }
    hasher.finish()
}

/// When a file's inode last changed (its ctime), in nanoseconds since the
/// epoch; 0 where that is not known.
#[cfg(unix)]
fn changed_ns(meta: &std::fs::Metadata) -> u128 {
    use std::os::unix::fs::MetadataExt;
    let seconds = u128::try_from(meta.ctime()).unwrap_or(0);
    let nanos = u128::try_from(meta.ctime_nsec()).unwrap_or(0);
    seconds * 1_000_000_000 + nanos
}

#[cfg(not(unix))]
fn changed_ns(_: &std::fs::Metadata) -> u128 {
    0
}

fn now_ns() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> Date {
        Date(chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap())
    }

    #[test]
    fn every_change_is_seen() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join(REGISTER_FILE), "a: 1\n").unwrap();
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::write(root.join("content/p.md"), "one").unwrap();
        let mut prints = Fingerprints::default();
        let first = prints.take(root, day());
        assert_eq!(prints.take(root, day()), first, "nothing changed");

        // Same size, written at once: seen although the stamp may not
        // have moved (the file is racily new).
        std::fs::write(root.join("content/p.md"), "two").unwrap();
        let second = prints.take(root, day());
        assert_ne!(second.all, first.all);
        assert_eq!(second.theme, first.theme);

        std::fs::create_dir_all(root.join("theme/templates")).unwrap();
        std::fs::write(root.join("theme/templates/x.html"), "x").unwrap();
        let third = prints.take(root, day());
        assert_ne!(third.theme, second.theme);
        assert_ne!(third.all, second.all);

        std::fs::remove_file(root.join("content/p.md")).unwrap();
        assert_ne!(prints.take(root, day()).all, third.all, "a file removed");
        assert_ne!(
            prints.take(
                root,
                Date(chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap())
            ),
            prints.take(root, day()),
            "another day"
        );
    }
}
