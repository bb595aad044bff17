//! What history remembers between builds, per commit. Commits never change,
//! so the outcome computed for a commit stays true; a rebuild after one new
//! commit reads that commit and reuses the rest.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::diff::ProcessChange;
use super::git::ChainCommit;
use super::snapshot::Snapshot;

/// Bumped whenever what is cached, or how it is computed, changes.
const FORMAT: u32 = 2;

/// What a commit did to the register.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Outcome {
    /// The register changed; these are the differences.
    Changed(Vec<ProcessChange>),
    /// The register is the same as before (in content, not necessarily text).
    Unchanged,
    /// The register did not parse at this commit; the message says why.
    Unparsable(String),
    /// The commit has no register.
    Absent,
}

/// A commit with what it did.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    pub commit: ChainCommit,
    pub outcome: Outcome,
}

/// The cache file's content.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Cache {
    format: u32,
    tool_version: String,
    register_path: String,
    /// The first-parent chain, newest first.
    pub entries: Vec<Entry>,
    /// The last register that parsed, as of `entries[0]`.
    pub last_good: Option<Snapshot>,
}

impl Cache {
    /// An empty cache for `register_path`.
    pub fn new(register_path: &str) -> Cache {
        Cache {
            format: FORMAT,
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            register_path: register_path.to_string(),
            ..Cache::default()
        }
    }

    /// Reads the cache at `file`, or an empty one when it is missing, stale
    /// or unreadable: the cache is only ever a shortcut.
    pub fn load(file: &Path, register_path: &str) -> Cache {
        let cached: Option<Cache> = std::fs::read(file)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok());
        match cached {
            Some(c)
                if c.format == FORMAT
                    && c.tool_version == env!("CARGO_PKG_VERSION")
                    && c.register_path == register_path =>
            {
                c
            }
            _ => Cache::new(register_path),
        }
    }

    /// Writes the cache; failures are ignored (a read-only repository just
    /// means no shortcut next time).
    pub fn save(&self, file: &Path) {
        let Some(dir) = file.parent() else { return };
        if std::fs::create_dir_all(dir).is_err() {
            return;
        }
        let Ok(bytes) = serde_json::to_vec(self) else {
            return;
        };
        let temp = file.with_extension(format!("tmp-{}", std::process::id()));
        if std::fs::write(&temp, bytes).is_ok() && std::fs::rename(&temp, file).is_err() {
            let _ = std::fs::remove_file(&temp);
        }
    }
}

/// Where the cache of a repository lives: inside its git folder, so it is
/// never committed and never published.
pub fn file_for(git_dir: &Path) -> PathBuf {
    git_dir.join("procbook").join("history-cache.json")
}
