//! Guideline changes: a commit that adds, changes or removes a page under
//! `content/processes/` is part of the history of the process the page
//! belongs to (its front matter's `process:`), as operative point 2 covers
//! processes and their guidelines alike.
//!
//! The first-parent chain is walked once more, comparing only the id of
//! the `content/processes` tree from commit to commit; the files are listed
//! and read only where that id changed, so a long history that seldom
//! touches the guidelines costs one tree lookup per commit. What changed in
//! the text is not described: the entry says the guidelines changed, and
//! the commit holds the rest.

use std::collections::BTreeMap;

use gix::bstr::ByteSlice;
use gix::ObjectId;

use super::diff::{ChangeKind, FieldChange, ProcessChange};
use super::git::{self, ChainCommit};
use crate::load;
use crate::model::PageTarget;

/// A commit that changed guidelines, with the processes whose they are.
#[derive(Debug, Clone)]
pub struct GuidelineCommit {
    pub commit: ChainCommit,
    pub processes: Vec<ProcessChange>,
}

/// Reads the guideline changes along the first-parent chain from HEAD,
/// newest first, and the ids of the whole chain in that order. `dir` is
/// the guidelines folder's path in the repository (`content/processes`, or
/// under the site's folder); `register_path` is only used to fill in the
/// commit entries.
pub fn read(
    repo: &gix::Repository,
    dir: &str,
    register_path: &std::path::Path,
) -> Result<(Vec<GuidelineCommit>, Vec<String>), String> {
    let mut out = Vec::new();
    let mut chain = Vec::new();
    let Ok(mut current) = repo.head_commit() else {
        return Ok((out, chain));
    };
    let mut here = subtree(&current, dir)?;
    loop {
        chain.push(current.id().to_string());
        let parent = match current.parent_ids().next() {
            Some(id) => match repo.find_commit(id) {
                Ok(commit) => Some(commit),
                // A shallow clone: what the oldest commit changed is unknown.
                Err(_) => return Ok((out, chain)),
            },
            None => None,
        };
        let before = match &parent {
            Some(p) => subtree(p, dir)?,
            None => None,
        };
        if here != before {
            let processes = changes(repo, dir, here, before)?;
            if !processes.is_empty() {
                out.push(GuidelineCommit {
                    commit: git::entry(&current, register_path)?,
                    processes,
                });
            }
        }
        match parent {
            Some(p) => {
                current = p;
                here = before;
            }
            None => return Ok((out, chain)),
        }
    }
}

/// The id of the tree at `dir` in `commit`.
fn subtree(commit: &gix::Commit<'_>, dir: &str) -> Result<Option<ObjectId>, String> {
    let tree = commit.tree().map_err(|e| e.to_string())?;
    Ok(tree
        .lookup_entry_by_path(dir)
        .map_err(|e| e.to_string())?
        .filter(|e| e.mode().is_tree())
        .map(|e| e.object_id()))
}

/// Every `.md` file under tree `id`, as path (under `dir`) → blob id.
fn files(
    repo: &gix::Repository,
    dir: &str,
    id: Option<ObjectId>,
) -> Result<BTreeMap<String, ObjectId>, String> {
    let mut out = BTreeMap::new();
    let Some(id) = id else {
        return Ok(out);
    };
    let mut stack = vec![(dir.to_string(), id, 0usize)];
    while let Some((path, id, depth)) = stack.pop() {
        if depth > 16 {
            continue;
        }
        let object = repo.find_object(id).map_err(|e| e.to_string())?;
        let Ok(tree) = object.try_into_tree() else {
            continue;
        };
        let decoded = tree.decode().map_err(|e| e.to_string())?;
        for e in decoded.entries.iter() {
            let name = e.filename.to_str_lossy();
            let child = format!("{path}/{name}");
            if e.mode.is_tree() {
                stack.push((child, e.oid.to_owned(), depth + 1));
            } else if e.mode.is_blob() && name.ends_with(".md") {
                out.insert(child, e.oid.to_owned());
            }
        }
    }
    Ok(out)
}

/// The process a guidelines page at `path` with blob `id` belongs to.
fn process_of(repo: &gix::Repository, path: &str, id: ObjectId) -> Option<String> {
    let bytes = git::blob_text(repo, &id.to_string(), crate::load::MAX_PAGE_BYTES).ok()?;
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
) -> Result<Vec<ProcessChange>, String> {
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
