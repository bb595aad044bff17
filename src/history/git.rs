//! Reading the repository with gix: the first-parent chain of commits from
//! HEAD with the register's blob at each, tags, and files at a commit.

use std::path::Path;

use gix::bstr::ByteSlice;

/// A commit on the chain, with the register blob it holds.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ChainCommit {
    pub id: String,
    /// Seconds since the epoch, and the author's UTC offset in seconds.
    pub time: i64,
    pub offset: i32,
    pub author: String,
    pub summary: String,
    /// The register's blob id, or `None` when the commit has no register.
    pub blob: Option<String>,
}

/// Why the walk stopped before the first commit.
#[derive(Debug, PartialEq, Eq)]
pub enum WalkEnd {
    /// Reached the root commit or a cached stretch.
    Complete,
    /// A parent is missing: a shallow clone.
    Truncated,
}

/// Reads `commit` into a chain entry.
pub fn entry(commit: &gix::Commit<'_>, register_path: &Path) -> Result<ChainCommit, String> {
    let tree = commit.tree().map_err(|e| e.to_string())?;
    let blob = tree
        .lookup_entry_by_path(register_path)
        .map_err(|e| e.to_string())?
        .filter(|e| e.mode().is_blob())
        .map(|e| e.object_id().to_string());
    let author = commit.author().map_err(|e| e.to_string())?;
    let time = author.time().map_err(|e| e.to_string())?;
    let message = commit.message_raw_sloppy();
    let summary = message
        .lines()
        .next()
        .unwrap_or_default()
        .to_str_lossy()
        .trim()
        .to_string();
    Ok(ChainCommit {
        id: commit.id().to_string(),
        time: time.seconds,
        offset: time.offset,
        author: author.name.to_str_lossy().to_string(),
        summary,
        blob,
    })
}

/// Walks first parents from HEAD until `known` recognises a commit (whose
/// ancestry is then already known) or the chain ends. Merges are followed
/// through their first parent, as `git log --first-parent` does.
pub fn walk_until(
    repo: &gix::Repository,
    register_path: &Path,
    known: impl Fn(&str) -> bool,
) -> Result<(Vec<ChainCommit>, Option<String>, WalkEnd), String> {
    let mut out = Vec::new();
    let mut current = match repo.head_commit() {
        Ok(commit) => commit,
        // An empty repository (no commit yet) has no history.
        Err(_) => return Ok((out, None, WalkEnd::Complete)),
    };
    loop {
        let id = current.id().to_string();
        if known(&id) {
            return Ok((out, Some(id), WalkEnd::Complete));
        }
        out.push(entry(&current, register_path)?);
        let Some(parent) = current.parent_ids().next() else {
            return Ok((out, None, WalkEnd::Complete));
        };
        match repo.find_commit(parent) {
            Ok(commit) => current = commit,
            Err(_) => return Ok((out, None, WalkEnd::Truncated)),
        }
    }
}

/// The text of blob `id`.
pub fn blob_text(repo: &gix::Repository, id: &str) -> Result<Vec<u8>, String> {
    let oid = gix::ObjectId::from_hex(id.as_bytes()).map_err(|e| e.to_string())?;
    let mut blob = repo.find_blob(oid).map_err(|e| e.to_string())?;
    Ok(blob.take_data())
}

/// Tags as (name, commit), peeled to their commits.
pub fn tags(repo: &gix::Repository) -> Result<Vec<(String, gix::Commit<'_>)>, String> {
    let refs = repo.references().map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for reference in refs.tags().map_err(|e| e.to_string())? {
        let Ok(mut reference) = reference else {
            continue;
        };
        let name = reference.name().shorten().to_str_lossy().to_string();
        if let Ok(commit) = reference.peel_to_commit() {
            out.push((name, commit));
        }
    }
    Ok(out)
}

/// Every `.md` file under `dir` in `commit`'s tree, as (path, bytes), in
/// path order. Only regular files: a symbolic link is never read.
pub fn markdown_files(
    repo: &gix::Repository,
    commit: &gix::Commit<'_>,
    dir: &str,
) -> Result<Vec<(String, Vec<u8>)>, String> {
    content_files(repo, commit, dir, |name| name.ends_with(".md"))
}

/// Every file under `dir` in `commit`'s tree whose name `keep` accepts, as
/// (path, bytes), in path order; only regular files, as above.
pub fn content_files(
    repo: &gix::Repository,
    commit: &gix::Commit<'_>,
    dir: &str,
    keep: impl Fn(&str) -> bool,
) -> Result<Vec<(String, Vec<u8>)>, String> {
    let tree = commit.tree().map_err(|e| e.to_string())?;
    let Some(entry) = tree.lookup_entry_by_path(dir).map_err(|e| e.to_string())? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    let mut stack = vec![(dir.to_string(), entry.object_id(), 0usize)];
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
            } else if e.mode.is_blob() && keep(&name) {
                out.push((child, blob_text(repo, &e.oid.to_string())?));
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}
