//! What one build leaves for the next: for every page, the key of what it
//! was made from and the identity of the file written (size, time, inode),
//! and the memo of rendered Markdown. It lives beside the site, as the
//! folder `.<name>.procbook-cache`, the way the new site is staged beside
//! it, and is never published.
//!
//! A page is reused only when its key is the same and the file in the
//! previous site is still the very file written then; the new site gets it
//! as a hard link (a copy where links cannot be made), so the swap, the
//! guard and the output are exactly those of a full build. A cache that is
//! missing, damaged or from another procbook only means more rendering.

use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use super::output::{OutputError, Staging};
use crate::fs::Stamp;
use crate::render::cache::{Key, MarkdownMemo};
use crate::render::{OutputFile, RenderError, Sink};

/// First bytes of the page index.
const INDEX_MAGIC: &[u8] = b"procbook page index 1\n";

/// One page of a build.
#[derive(Debug, Clone, Copy)]
struct Entry {
    key: Key,
    stamp: Stamp,
}

/// The cache of the site at `out`: what the previous build left, and what
/// this one records.
#[derive(Debug)]
pub(crate) struct BuildCache {
    /// The cache folder.
    dir: PathBuf,
    /// The site being replaced.
    out: PathBuf,
    previous: HashMap<String, Entry>,
    /// Rendered Markdown, previous and this build's.
    pub(crate) memo: MarkdownMemo,
    made: Mutex<Vec<(String, Entry)>>,
}

/// Where the cache of the site at `out` lives.
fn dir_for(out: &Path) -> Option<PathBuf> {
    let name = out.file_name()?.to_string_lossy();
    Some(out.parent()?.join(format!(".{name}.procbook-cache")))
}

impl BuildCache {
    /// The cache of the site at `out`, empty when there is none.
    pub(crate) fn open(out: &Path) -> Option<BuildCache> {
        let dir = dir_for(out)?;
        let read = |name: &str| fs::read(dir.join(name)).unwrap_or_default();
        Some(BuildCache {
            previous: parse_index(&read("pages")).unwrap_or_default(),
            memo: MarkdownMemo::from_bytes(&read("markdown")),
            made: Mutex::default(),
            out: out.to_path_buf(),
            dir,
        })
    }

    /// Saves what this build made, for the next. Called once the new site
    /// is in place; a failure only costs the next build time, so it is
    /// not reported, but a cache that could not be written whole is
    /// removed rather than left describing another site.
    pub(crate) fn save(self) {
        let made = self
            .made
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        let written = fs::create_dir_all(&self.dir).and_then(|()| {
            write_atomically(&self.dir.join("pages"), &index_bytes(made))?;
            write_atomically(&self.dir.join("markdown"), &self.memo.to_bytes())
        });
        if written.is_err() {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }

    fn record(&self, path: &str, key: Key, stamp: Stamp) {
        self.made
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((path.to_string(), Entry { key, stamp }));
    }
}

fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let temp = path.with_extension(format!("tmp-{}", std::process::id()));
    fs::write(&temp, bytes)?;
    fs::rename(&temp, path).inspect_err(|_| {
        let _ = fs::remove_file(&temp);
    })
}

/// The index in path order (the same build gives the same bytes):
/// per page its path's length and bytes, the key and the stamp.
fn index_bytes(mut made: Vec<(String, Entry)>) -> Vec<u8> {
    made.sort_by(|a, b| a.0.cmp(&b.0));
    let mut bytes = INDEX_MAGIC.to_vec();
    for (path, entry) in made {
        bytes.extend_from_slice(&(path.len() as u32).to_le_bytes());
        bytes.extend_from_slice(path.as_bytes());
        bytes.extend_from_slice(&entry.key.0);
        bytes.extend_from_slice(&entry.stamp.len.to_le_bytes());
        bytes.extend_from_slice(&entry.stamp.modified_ns.to_le_bytes());
        bytes.extend_from_slice(&entry.stamp.inode.to_le_bytes());
    }
    bytes
}

fn parse_index(bytes: &[u8]) -> Option<HashMap<String, Entry>> {
    let mut rest = bytes.strip_prefix(INDEX_MAGIC)?;
    let mut index = HashMap::new();
    while !rest.is_empty() {
        let (len, after) = rest.split_first_chunk::<4>()?;
        let len = u32::from_le_bytes(*len) as usize;
        if len > after.len() {
            return None;
        }
        let (path, after) = after.split_at(len);
        let (key, after) = after.split_first_chunk::<16>()?;
        let (size, after) = after.split_first_chunk::<8>()?;
        let (modified, after) = after.split_first_chunk::<16>()?;
        let (inode, after) = after.split_first_chunk::<8>()?;
        let stamp = Stamp {
            len: u64::from_le_bytes(*size),
            modified_ns: u128::from_le_bytes(*modified),
            inode: u64::from_le_bytes(*inode),
        };
        let path = String::from_utf8(path.to_vec()).ok()?;
        index.insert(
            path,
            Entry {
                key: Key(*key),
                stamp,
            },
        );
        rest = after;
    }
    Some(index)
}

/// Writes into `staging`, reusing pages of the site being replaced where
/// `cache` says they were made from the same inputs.
pub(crate) struct Reusing<'a> {
    pub(crate) staging: &'a Staging,
    pub(crate) cache: &'a BuildCache,
}

fn sink_error(error: OutputError) -> RenderError {
    RenderError::Sink(Box::new(error))
}

impl Sink for Reusing<'_> {
    fn put(&self, file: OutputFile) -> Result<(), RenderError> {
        self.staging.put(file)
    }

    fn reuses(&self) -> bool {
        true
    }

    fn reuse(&self, path: &str, key: Key) -> Result<bool, RenderError> {
        let Some(entry) = self.cache.previous.get(path).filter(|e| e.key == key) else {
            return Ok(false);
        };
        let old = self.cache.out.join(path);
        if Stamp::of(&old).ok() != Some(entry.stamp) {
            return Ok(false);
        }
        let (new, linked) = self.staging.link(path, &old).map_err(sink_error)?;
        // A link is the same file, with the same stamp.
        let stamp = match linked {
            true => entry.stamp,
            false => Stamp::of(&new).map_err(|e| sink_error(OutputError::Io(new.clone(), e)))?,
        };
        self.cache.record(path, key, stamp);
        Ok(true)
    }

    fn put_page(&self, file: OutputFile, key: Key) -> Result<(), RenderError> {
        let path = file.path.clone();
        let written = self.staging.write(&file).map_err(sink_error)?;
        let stamp =
            Stamp::of(&written).map_err(|e| sink_error(OutputError::Io(written.clone(), e)))?;
        self.cache.record(&path, key, stamp);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_round_trips_and_damage_gives_none() {
        let entry = |n: u8| Entry {
            key: Key([n; 16]),
            stamp: Stamp {
                len: u64::from(n),
                modified_ns: 1_700_000_000_000_000_000 + u128::from(n),
                inode: 40 + u64::from(n),
            },
        };
        let bytes = index_bytes(vec![
            ("en/index.html".to_string(), entry(2)),
            ("index.html".to_string(), entry(1)),
        ]);
        let index = parse_index(&bytes).expect("parses");
        assert_eq!(index.len(), 2);
        assert_eq!(index["index.html"].key, Key([1; 16]));
        assert_eq!(index["en/index.html"].stamp, entry(2).stamp);
        for cut in [0, 3, INDEX_MAGIC.len() + 2, bytes.len() - 1] {
            assert!(parse_index(&bytes[..cut]).is_none(), "cut at {cut}");
        }
    }

    #[test]
    fn the_cache_sits_beside_the_site() {
        assert_eq!(
            dir_for(Path::new("/srv/www/public")),
            Some(PathBuf::from("/srv/www/.public.procbook-cache"))
        );
        assert_eq!(dir_for(Path::new("/")), None);
    }
}
