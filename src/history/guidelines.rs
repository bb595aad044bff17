//! Guideline changes: a commit that adds, changes or removes a page under
//! `content/processes/` is part of the history of the process the page
//! belongs to (its front matter's `process:`), as operative point 2 covers
//! processes and their guidelines alike.
//!
//! Each commit of the chain carries the id of its `content/processes` tree
//! (read once per commit and cached with the chain); the files are listed
//! and read only where that id differs from the parent's, so a long history
//! that seldom touches the guidelines costs nothing more on a cached build.
//! What changed in the text is not described: the entry says the
//! guidelines changed, and the commit holds the rest.

use std::collections::{BTreeMap, HashMap};

use gix::ObjectId;

use super::diff::{ChangeKind, FieldChange, ProcessChange};
use super::error::GitError;
use super::git::{self, ChainCommit};
use super::{commit_info, Change, History, HistoryOptions};
use crate::load;
use crate::model::PageTarget;

/// A commit that changed guidelines, with the processes whose they are.
#[derive(Debug, Clone)]
pub struct GuidelineCommit {
    pub commit: ChainCommit,
    pub processes: Vec<ProcessChange>,
}

/// The guideline changes along `chain` (the first-parent chain, newest
/// first, each commit with the id of its guidelines tree), newest first.
/// `dir` is the guidelines folder's path in the repository. When the chain
/// is `truncated` (a shallow clone), what its oldest commit changed is
/// unknown and not reported.
pub fn from_chain(
    repo: &gix::Repository,
    dir: &str,
    chain: &[ChainCommit],
    truncated: bool,
) -> Result<Vec<GuidelineCommit>, GitError> {
    let mut out = Vec::new();
    for (at, commit) in chain.iter().enumerate() {
        let before = match chain.get(at + 1) {
            Some(parent) => parent.guidelines.as_deref(),
            None if truncated => break,
            None => None,
        };
        if commit.guidelines.as_deref() == before {
            continue;
        }
        let processes = changes(repo, dir, oid(commit.guidelines.as_deref())?, oid(before)?)?;
        if !processes.is_empty() {
            out.push(GuidelineCommit {
                commit: commit.clone(),
                processes,
            });
        }
    }
    Ok(out)
}

fn oid(id: Option<&str>) -> Result<Option<ObjectId>, GitError> {
    id.map(|id| {
        ObjectId::from_hex(id.as_bytes())
            .map_err(|e| GitError::read(format!("read object id {id:?}"), e))
    })
    .transpose()
}

/// Every `.md` file under tree `id`, as path (under `dir`) → blob id.
fn files(
    repo: &gix::Repository,
    dir: &str,
    id: Option<ObjectId>,
) -> Result<BTreeMap<String, ObjectId>, GitError> {
    let mut out = BTreeMap::new();
    let Some(id) = id else {
        return Ok(out);
    };
    super::git::walk_blobs(repo, dir, id, |child, name, oid| {
        if name.ends_with(".md") {
            out.insert(child, oid);
        }
    })?;
    Ok(out)
}

/// The process a guidelines page at `path` with blob `id` belongs to.
fn process_of(repo: &gix::Repository, path: &str, id: ObjectId) -> Option<String> {
    let bytes = git::blob_bytes(repo, id, crate::load::MAX_PAGE_BYTES).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    match load::parse_page_text(path, &text).ok()?.target {
        PageTarget::Process(process) => Some(process),
        PageTarget::Directive(_) => None,
    }
}

/// What changed between two trees of the guidelines folder, by process.
fn changes(
    repo: &gix::Repository,
    dir: &str,
    now: Option<ObjectId>,
    before: Option<ObjectId>,
) -> Result<Vec<ProcessChange>, GitError> {
    let (now, before) = (files(repo, dir, now)?, files(repo, dir, before)?);
    let mut by_process: BTreeMap<String, Vec<FieldChange>> = BTreeMap::new();
    let paths: std::collections::BTreeSet<&String> = now.keys().chain(before.keys()).collect();
    for path in paths {
        let (new, old) = (now.get(path), before.get(path));
        if new == old {
            continue;
        }
        let kind = match (old, new) {
            (None, Some(_)) => ChangeKind::GuidelinesAdded,
            (Some(_), None) => ChangeKind::GuidelinesRemoved,
            _ => ChangeKind::GuidelinesChanged,
        };
        let Some(process) = new
            .or(old)
            .and_then(|id| process_of(repo, path, *id))
            .or_else(|| old.and_then(|id| process_of(repo, path, *id)))
        else {
            continue;
        };
        let file = path.rsplit('/').next().unwrap_or(path).to_string();
        let (from, to) = match kind {
            ChangeKind::GuidelinesRemoved => (Some(file), None),
            _ => (None, Some(file)),
        };
        by_process
            .entry(process)
            .or_default()
            .push(FieldChange { kind, from, to });
    }
    Ok(by_process
        .into_iter()
        .map(|(process, fields)| ProcessChange {
            name: process.clone(),
            process,
            previous_id: None,
            fields,
        })
        .collect())
}

/// Adds guideline changes to the register's: to the same commit's entry
/// where it has one, as an entry of their own otherwise, in chain order
/// (newest first).
pub fn merge(
    history: &mut History,
    commits: Vec<GuidelineCommit>,
    chain: &[ChainCommit],
    names: &HashMap<String, String>,
    options: &HistoryOptions,
) {
    if commits.is_empty() {
        return;
    }
    let position: HashMap<&str, usize> = chain
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    for gc in commits {
        let mut processes = gc.processes;
        for pc in &mut processes {
            if let Some(name) = names.get(&pc.process) {
                pc.name = name.clone();
            }
        }
        match history
            .changes
            .iter_mut()
            .find(|c| c.commit.id == gc.commit.id)
        {
            Some(change) => {
                for pc in processes {
                    match change
                        .processes
                        .iter_mut()
                        .find(|p| p.process == pc.process)
                    {
                        Some(existing) => existing.fields.extend(pc.fields),
                        None => change.processes.push(pc),
                    }
                }
            }
            None => history.changes.push(Change {
                commit: commit_info(&gc.commit, options),
                processes,
            }),
        }
    }
    history.changes.sort_by_key(|c| {
        position
            .get(c.commit.id.as_str())
            .copied()
            .unwrap_or(usize::MAX)
    });
}
