//! Change history and published versions of the register, read from git.
//!
//! The register is parsed at every commit of the first-parent chain from
//! HEAD where its blob changed, and consecutive parsed registers are
//! compared field by field (see [`diff`]), so reformatting the YAML is no
//! change. Uncommitted edits are not history. Without git the build goes
//! on without history; a shallow clone gives what it has, with a warning; a
//! commit whose register does not parse is skipped with a warning.

pub mod archive;
mod cache;
mod committed;

pub use committed::register_at_head;
pub mod diff;
pub mod error;
mod git;
mod guidelines;
mod incremental;
pub mod snapshot;
mod versions;

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use chrono::{DateTime, FixedOffset, Offset, Utc};

pub use diff::{ChangeKind, FieldChange, ProcessChange};
use snapshot::Snapshot;

use crate::diagnostic::Diagnostic;
use crate::error::Chain;
use crate::load::{CONTENT_DIR, MAX_REGISTER_BYTES, REGISTER_FILE};
use crate::model::text::visible_line;
use crate::model::{Asset, Page};
use crate::model::{Date, Register};

/// Choices for reading history.
#[derive(Debug, Clone)]
pub struct HistoryOptions {
    /// Publish commit authors' names (emails are never published).
    pub show_authors: bool,
    /// Tags matching this pattern (`*` matches any run of characters) are
    /// published versions.
    pub version_pattern: String,
    /// Read and write the per-commit cache in the git folder.
    pub use_cache: bool,
}

impl Default for HistoryOptions {
    fn default() -> Self {
        HistoryOptions {
            show_authors: true,
            version_pattern: "v*".to_string(),
            use_cache: true,
        }
    }
}

/// A commit as published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitInfo {
    pub id: String,
    pub short_id: String,
    /// Seconds since the epoch.
    pub time: i64,
    /// RFC 3339 time in the author's offset.
    pub timestamp: String,
    /// The author's calendar day.
    pub date: Date,
    /// Author name, unless hidden.
    pub author: Option<String>,
    /// First line of the message.
    pub summary: String,
}

/// A commit that changed the register, with what it changed.
#[derive(Debug, Clone)]
pub struct Change {
    pub commit: CommitInfo,
    pub processes: Vec<ProcessChange>,
}

/// A tagged version of the register, loaded and validated as the current
/// register is (see [`versions`]).
#[derive(Debug)]
pub struct Version {
    /// Tag name, safe as a folder name.
    pub tag: String,
    pub commit: CommitInfo,
    /// The register at the tag.
    pub register: Register,
    /// The Markdown pages under `content/` at the tag.
    pub pages: Vec<Page>,
    /// Images and PDFs under `content/` at the tag.
    pub assets: Vec<Asset>,
    /// The facts history compares, for comparing versions.
    pub snapshot: Snapshot,
}

/// What git could tell.
#[derive(Debug, Default)]
pub struct History {
    /// False when there is no repository: pages say history is unavailable.
    pub available: bool,
    /// Commits that changed the register, newest first.
    pub changes: Vec<Change>,
    /// Tagged versions, oldest first.
    pub versions: Vec<Version>,
    /// Warnings and notes about what could not be read.
    pub diagnostics: Vec<Diagnostic>,
    /// `changes` cut into pages, worked out when first asked for (through
    /// [`History::archive`]; visible in the crate only so that a history
    /// can be written out with `..History::default()`).
    pub(crate) archive: OnceLock<archive::Archive>,
    /// The index of every change by the process ids it names, made when
    /// first asked for (by [`History::of_process`]).
    pub(crate) by_process: OnceLock<HashMap<String, Vec<usize>>>,
}

impl History {
    /// The pages the changes are kept on (see [`archive`]).
    pub fn archive(&self) -> &archive::Archive {
        self.archive
            .get_or_init(|| archive::Archive::of(&self.changes))
    }

    /// The changes of the process now called `id`, newest first, following
    /// renames back through earlier ids: each as its index in `changes` and
    /// what it did to the process.
    pub fn of_process(&self, id: &str) -> Vec<(usize, &ProcessChange)> {
        let by_id = self.by_process.get_or_init(|| {
            let mut by_id: HashMap<String, Vec<usize>> = HashMap::new();
            for (index, change) in self.changes.iter().enumerate() {
                for pc in &change.processes {
                    let list = by_id.entry(pc.process.clone()).or_default();
                    if list.last() != Some(&index) {
                        list.push(index);
                    }
                }
            }
            by_id
        });
        // Only the changes that name an id followed so far are visited,
        // newest first; an earlier id is followed from its rename on.
        let mut names: Vec<&str> = vec![id];
        let mut pending: std::collections::BTreeSet<usize> =
            by_id.get(id).into_iter().flatten().copied().collect();
        let mut out = Vec::new();
        while let Some(index) = pending.pop_first() {
            for pc in &self.changes[index].processes {
                if names.contains(&pc.process.as_str()) {
                    out.push((index, pc));
                    if let Some(previous) = &pc.previous_id {
                        names.push(previous);
                        let later = by_id.get(previous.as_str()).into_iter().flatten();
                        pending.extend(later.filter(|&&i| i > index));
                    }
                }
            }
        }
        out
    }
}

/// True when `name` matches `pattern`, where `*` matches any run of
/// characters.
pub fn matches_pattern(pattern: &str, name: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == name;
    }
    let mut rest = name;
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            match rest.strip_prefix(part) {
                Some(r) => rest = r,
                None => return false,
            }
        } else if i == parts.len() - 1 {
            return rest.ends_with(part);
        } else {
            match rest.find(part) {
                Some(pos) => rest = &rest[pos + part.len()..],
                None => return false,
            }
        }
    }
    true
}

fn commit_info(commit: &git::ChainCommit, options: &HistoryOptions) -> CommitInfo {
    // An offset git cannot have (beyond ±24 h) is read as UTC.
    let offset = FixedOffset::east_opt(commit.offset).unwrap_or_else(|| Utc.fix());
    let when = DateTime::from_timestamp(commit.time, 0)
        .unwrap_or_default()
        .with_timezone(&offset);
    CommitInfo {
        id: commit.id.clone(),
        short_id: commit.id.chars().take(8).collect(),
        time: commit.time,
        timestamp: when.to_rfc3339(),
        date: Date(when.date_naive()),
        // Published as they are, so hidden characters (a U+202E in a
        // summary) are made visible and line breaks spaces: a commit cannot
        // be refused the way a register field is.
        author: options.show_authors.then(|| visible_line(&commit.author)),
        summary: visible_line(&commit.summary),
    }
}

/// Lets `repo` keep objects it has decoded. Reading the register at
/// thousands of commits asks for each version of one file in turn, and in
/// a pack each is stored as a delta on the one before: without a cache of
/// delta bases every version is rebuilt from the start of its chain.
fn keep_decoded_objects(repo: &mut gix::Repository) {
    const PACK_CACHE_BYTES: usize = 64 * 1024 * 1024;
    const OBJECT_CACHE_BYTES: usize = 16 * 1024 * 1024;
    repo.objects.set_pack_cache(|| {
        Box::new(gix::odb::pack::cache::lru::MemoryCappedHashmap::new(
            PACK_CACHE_BYTES,
        ))
    });
    repo.object_cache_size_if_unset(OBJECT_CACHE_BYTES);
}

/// Reads the history of the register under `root`.
pub fn read(root: &Path, options: &HistoryOptions) -> History {
    let mut history = History::default();
    let Ok(mut repo) = gix::discover(root) else {
        history.diagnostics.push(
            Diagnostic::note(
                "history/no-repository",
                "no git repository: the site is built without change history",
            )
            .help("build from a git clone to publish the change history and versions")
            .et(
                "git-hoidlat pole: sait ehitatakse muudatuste ajaloota",
                "ehita git-kloonist, et avaldada muudatuste ajalugu ja versioonid",
            ),
        );
        return history;
    };
    history.available = true;
    keep_decoded_objects(&mut repo);
    let (Some(workdir), Ok(root_abs)) = (repo.workdir(), root.canonicalize()) else {
        history.available = false;
        return history;
    };
    let workdir = workdir
        .canonicalize()
        .unwrap_or_else(|_| workdir.to_path_buf());
    let base = root_abs
        .strip_prefix(&workdir)
        .unwrap_or(Path::new(""))
        .to_path_buf();
    let register_path = base.join(REGISTER_FILE);
    let register_key = register_path.to_string_lossy().replace('\\', "/");

    if repo.is_shallow().unwrap_or(false) {
        history.diagnostics.push(
            Diagnostic::warning("history/shallow", "the repository is a shallow clone: the change history shows only the commits it has")
                .help("clone with full history (e.g. `git fetch --unshallow`, or `fetch-depth: 0` in CI) to publish all of it")
                .et(
                    "hoidla on madal kloon: muudatuste ajalugu näitab ainult olemasolevaid kommiteid",
                    "klooni kogu ajalooga (nt `git fetch --unshallow` või CI-s `fetch-depth: 0`), et avaldada kõik",
                ),
        );
    }

    let cache_file = cache::file_for(repo.git_dir());
    let mut cache = if options.use_cache {
        cache::Cache::load(&cache_file, &register_key)
    } else {
        cache::Cache::new(&register_key)
    };
    let known: HashMap<String, usize> = cache
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.commit.id.clone(), i))
        .collect();
    let walked = git::walk_until(&repo, &register_path, |id| known.contains_key(id));
    let (new_commits, joined_at, end) = match walked {
        Ok(w) => w,
        Err(e) => {
            history.diagnostics.push(
                Diagnostic::warning(
                    "history/unreadable",
                    format!("cannot read the git history: {}", Chain(&e)),
                )
                .et_message(format!("git-ajalugu ei saa lugeda: {}", Chain(&e))),
            );
            return history;
        }
    };
    // The cache continues only from its newest commit; joining it further
    // down (HEAD was reset, then committed on) means recomputing.
    let (older, last_good, new_commits, truncated) = match joined_at.as_ref().map(|id| known[id]) {
        Some(0) => (
            std::mem::take(&mut cache.entries),
            cache.last_good.take(),
            new_commits,
            false,
        ),
        Some(_) => {
            let (all, truncated) = git::walk_until(&repo, &register_path, |_| false)
                .map(|w| (w.0, w.2 == git::WalkEnd::Truncated))
                .unwrap_or_default();
            (Vec::new(), None, all, truncated)
        }
        None => (
            Vec::new(),
            None,
            new_commits,
            end == git::WalkEnd::Truncated,
        ),
    };
    if truncated && !repo.is_shallow().unwrap_or(false) {
        history.diagnostics.push(
            Diagnostic::warning(
                "history/shallow",
                "a parent commit is missing: the change history stops there",
            )
            .et_message("üks eelnev kommit puudub: muudatuste ajalugu lõpeb seal"),
        );
    }
    // Nothing new since the cached HEAD: nothing to write back either.
    let unchanged = joined_at.is_some() && new_commits.is_empty() && !older.is_empty();
    let computed = compute(&repo, new_commits, last_good, older, truncated);
    // A truncated history is not cached: once the missing commits are
    // fetched, the next build reads the whole of it.
    let save = options.use_cache && !truncated && !unchanged;
    let dir = base.join(CONTENT_DIR).join("processes");
    let dir = dir.to_string_lossy().replace('\\', "/");
    let chain: Vec<git::ChainCommit> = computed.0.iter().map(|e| e.commit.clone()).collect();
    let found = guidelines::from_chain(&repo, &dir, &chain, truncated);
    // Names of the processes now, for guideline changes (which know ids).
    let names: HashMap<String, String> = computed
        .1
        .iter()
        .flat_map(|s| s.processes.iter())
        .map(|p| (p.id.clone(), p.name.clone()))
        .collect();
    let mut history = finish(
        history,
        &repo,
        &cache_file,
        &register_key,
        computed,
        options,
        save,
    );
    match found {
        Ok(found) => guidelines::merge(&mut history, found, &chain, &names, options),
        Err(e) => history.diagnostics.push(Diagnostic::warning(
            "history/unreadable",
            format!("cannot read the history of the guidelines: {}", Chain(&e)),
        )),
    }
    history
}

/// Works out what each new commit did, oldest first, continuing from the
/// last register that parsed, and puts the new entries before `older`.
/// When the chain is `truncated` (a parent is missing), the oldest register
/// that parses is only the starting point: what its commit changed cannot
/// be known, so it is not reported as every process being added.
fn compute(
    repo: &gix::Repository,
    new_commits: Vec<git::ChainCommit>,
    mut last_good: Option<Snapshot>,
    older: Vec<cache::Entry>,
    truncated: bool,
) -> (Vec<cache::Entry>, Option<Snapshot>) {
    let mut previous_blob = older.first().and_then(|e| e.commit.blob.clone());
    let mut fresh = Vec::with_capacity(new_commits.len());
    let mut parser = incremental::Parser::default();
    for commit in new_commits.into_iter().rev() {
        let outcome = match &commit.blob {
            None => cache::Outcome::Absent,
            Some(blob) if Some(blob) == previous_blob.as_ref() => cache::Outcome::Unchanged,
            Some(blob) => match git::blob_text(repo, blob, MAX_REGISTER_BYTES)
                .map_err(error::SnapshotError::from)
                .and_then(|bytes| parser.snapshot_of_bytes(bytes))
            {
                Err(e) => cache::Outcome::Unparsable(Chain(&e).to_string()),
                Ok(snapshot) if truncated && last_good.is_none() => {
                    last_good = Some(snapshot);
                    cache::Outcome::Unchanged
                }
                Ok(snapshot) => {
                    let changes = diff::diff(
                        last_good.as_ref().unwrap_or(&Snapshot::default()),
                        &snapshot,
                    );
                    last_good = Some(snapshot);
                    if changes.is_empty() {
                        cache::Outcome::Unchanged
                    } else {
                        cache::Outcome::Changed(changes)
                    }
                }
            },
        };
        previous_blob = commit.blob.clone();
        fresh.push(cache::Entry { commit, outcome });
    }
    fresh.reverse();
    fresh.extend(older);
    (fresh, last_good)
}

fn finish(
    mut history: History,
    repo: &gix::Repository,
    cache_file: &Path,
    register_key: &str,
    (entries, last_good): (Vec<cache::Entry>, Option<Snapshot>),
    options: &HistoryOptions,
    save_cache: bool,
) -> History {
    for entry in &entries {
        match &entry.outcome {
            cache::Outcome::Changed(processes) => history.changes.push(Change { commit: commit_info(&entry.commit, options), processes: processes.clone() }),
            cache::Outcome::Unparsable(why) => history.diagnostics.push(
                Diagnostic::warning(
                    "history/unparsable-commit",
                    format!("commit {} (\"{}\") has a register that does not parse, so it is left out of the history: {why}", &entry.commit.id[..8.min(entry.commit.id.len())], entry.commit.summary),
                )
                .help("nothing to fix unless the commit is HEAD; later commits are compared with the last one that parsed")
                .et(
                    format!("kommiti {} („{}“) registrit ei saa lugeda, seega jäetakse see ajaloost välja: {why}", &entry.commit.id[..8.min(entry.commit.id.len())], entry.commit.summary),
                    "parandada pole vaja, kui see pole HEAD; hilisemaid kommiteid võrreldakse viimasega, mida sai lugeda",
                ),
            ),
            _ => {}
        }
    }
    history.versions = versions::read(repo, register_key, options, &mut history.diagnostics);
    if save_cache {
        let mut cache = cache::Cache::new(register_key);
        cache.entries = entries;
        cache.last_good = last_good;
        cache.save(cache_file);
    }
    history
}
