//! Change history and published versions of the register, read from git.
//!
//! The register is parsed at every commit of the first-parent chain from
//! HEAD where its blob changed, and consecutive parsed registers are
//! compared field by field (see [`diff`]), so reformatting the YAML is no
//! change. Uncommitted edits are not history. Without git the build goes
//! on without history; a shallow clone gives what it has, with a warning; a
//! commit whose register does not parse is skipped with a warning.

mod cache;
pub mod diff;
mod git;
mod incremental;
pub mod snapshot;

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, FixedOffset, Offset, Utc};

pub use diff::{ChangeKind, FieldChange, ProcessChange};
use snapshot::Snapshot;

use crate::diagnostic::Diagnostic;
use crate::load::{CONTENT_DIR, REGISTER_FILE};
use crate::model::Date;

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

/// A tagged version of the register.
#[derive(Debug, Clone)]
pub struct Version {
    /// Tag name, safe as a folder name.
    pub tag: String,
    pub commit: CommitInfo,
    /// The register's text at the tag.
    pub register_source: String,
    /// Markdown files under `content/` at the tag, as (path, text).
    pub pages: Vec<(String, String)>,
    /// Images and PDFs under `content/` at the tag, as (path, bytes).
    pub assets: Vec<(String, Vec<u8>)>,
    /// The register at the tag, for comparing versions.
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
}

impl History {
    /// The changes of the process now called `id`, newest first, following
    /// renames back through earlier ids.
    pub fn of_process(&self, id: &str) -> Vec<(&Change, &ProcessChange)> {
        let mut names: Vec<String> = vec![id.to_string()];
        let mut out = Vec::new();
        for change in &self.changes {
            for pc in &change.processes {
                if names.contains(&pc.process) {
                    out.push((change, pc));
                    if let Some(previous) = &pc.previous_id {
                        names.push(previous.clone());
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
        author: options.show_authors.then(|| commit.author.clone()),
        summary: commit.summary.clone(),
    }
}

/// Reads the history of the register under `root`.
pub fn read(root: &Path, options: &HistoryOptions) -> History {
    let mut history = History::default();
    let Ok(repo) = gix::discover(root) else {
        history.diagnostics.push(
            Diagnostic::note(
                "history/no-repository",
                "no git repository: the site is built without change history",
            )
            .help("build from a git clone to publish the change history and versions"),
        );
        return history;
    };
    history.available = true;
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
                .help("clone with full history (e.g. `git fetch --unshallow`, or `fetch-depth: 0` in CI) to publish all of it"),
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
            history.diagnostics.push(Diagnostic::warning(
                "history/unreadable",
                format!("cannot read the git history: {e}"),
            ));
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
        history.diagnostics.push(Diagnostic::warning(
            "history/shallow",
            "a parent commit is missing: the change history stops there",
        ));
    }
    // Nothing new since the cached HEAD: nothing to write back either.
    let unchanged = joined_at.is_some() && new_commits.is_empty() && !older.is_empty();
    let computed = compute(&repo, new_commits, last_good, older, truncated);
    // A truncated history is not cached: once the missing commits are
    // fetched, the next build reads the whole of it.
    let save = options.use_cache && !truncated && !unchanged;
    finish(
        history,
        &repo,
        &cache_file,
        &register_key,
        computed,
        options,
        save,
    )
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
            Some(blob) => match git::blob_text(repo, blob).and_then(|bytes| {
                let text = String::from_utf8(bytes).map_err(|_| "not UTF-8".to_string())?;
                parser.snapshot(text.strip_prefix('\u{feff}').unwrap_or(&text))
            }) {
                Err(e) => cache::Outcome::Unparsable(e),
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
                .help("nothing to fix unless the commit is HEAD; later commits are compared with the last one that parsed"),
            ),
            _ => {}
        }
    }
    history.versions = read_versions(repo, register_key, options, &mut history.diagnostics);
    if save_cache {
        let mut cache = cache::Cache::new(register_key);
        cache.entries = entries;
        cache.last_good = last_good;
        cache.save(cache_file);
    }
    history
}

fn read_versions(
    repo: &gix::Repository,
    register_key: &str,
    options: &HistoryOptions,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Version> {
    let Ok(tags) = git::tags(repo) else {
        return Vec::new();
    };
    let content_dir = match register_key.rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/{CONTENT_DIR}"),
        None => CONTENT_DIR.to_string(),
    };
    let mut versions = Vec::new();
    for (tag, commit) in tags {
        if !matches_pattern(&options.version_pattern, &tag) {
            continue;
        }
        if tag.is_empty()
            || tag.starts_with('.')
            || !tag
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        {
            diagnostics.push(
                Diagnostic::warning(
                    "history/unsafe-tag",
                    format!("tag `{tag}` is not published: its name is not safe as a folder name"),
                )
                .help("use letters, digits, dots, hyphens and underscores in version tags"),
            );
            continue;
        }
        let Ok(head) = git::entry(&commit, Path::new(register_key)) else {
            continue;
        };
        let Some(blob) = &head.blob else { continue };
        let source =
            match git::blob_text(repo, blob).map(|b| String::from_utf8_lossy(&b).into_owned()) {
                Ok(s) => s,
                Err(_) => continue,
            };
        let snapshot = match incremental::whole_snapshot(&source) {
            Ok(s) => s,
            Err(why) => {
                diagnostics.push(Diagnostic::warning(
                    "history/unparsable-version",
                    format!("version `{tag}` is not published: its register does not parse: {why}"),
                ));
                continue;
            }
        };
        let relative = |path: String| {
            path.strip_prefix(&content_dir)
                .map(|p| format!("{CONTENT_DIR}{p}"))
                .unwrap_or(path)
        };
        let pages = git::markdown_files(repo, &commit, &content_dir)
            .unwrap_or_default()
            .into_iter()
            .map(|(path, bytes)| (relative(path), String::from_utf8_lossy(&bytes).into_owned()))
            .collect();
        let assets = git::content_files(repo, &commit, &content_dir, crate::load::is_asset_type)
            .unwrap_or_default()
            .into_iter()
            .map(|(path, bytes)| (relative(path), bytes))
            .collect();
        versions.push(Version {
            tag,
            commit: commit_info(&head, options),
            register_source: source,
            pages,
            assets,
            snapshot,
        });
    }
    versions.sort_by(|a, b| (a.commit.time, &a.tag).cmp(&(b.commit.time, &b.tag)));
    versions
}
