//! Reading the repository with gix: the first-parent chain of commits from
//! HEAD with the register's blob at each, tags, and files at a commit.

use std::path::Path;

use gix::bstr::ByteSlice;

use super::error::GitError;

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
    /// The id of the guidelines folder's tree (`content/processes` beside
    /// the register), or `None` when the commit has none.
    #[serde(default)]
    pub guidelines: Option<String>,
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
pub fn entry(commit: &gix::Commit<'_>, register_path: &Path) -> Result<ChainCommit, GitError> {
    let at = || short(&commit.id().to_string()).to_string();
    let tree = commit
        .tree()
        .map_err(|e| GitError::read(format!("read the tree of commit {}", at()), e))?;
    let blob = tree
        .lookup_entry_by_path(register_path)
        .map_err(|e| GitError::read(format!("look up the register in commit {}", at()), e))?
        .filter(|e| e.mode().is_blob())
        .map(|e| e.object_id().to_string());
    let guidelines_dir = register_path
        .parent()
        .unwrap_or(Path::new(""))
        .join(crate::load::CONTENT_DIR)
        .join("processes");
    let guidelines = tree
        .lookup_entry_by_path(&guidelines_dir)
        .map_err(|e| GitError::read(format!("look up the guidelines in commit {}", at()), e))?
        .filter(|e| e.mode().is_tree())
        .map(|e| e.object_id().to_string());
    let author = commit
        .author()
        .map_err(|e| GitError::read(format!("read the author of commit {}", at()), e))?;
    let time = author
        .time()
        .map_err(|e| GitError::read(format!("read the time of commit {}", at()), e))?;
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
        guidelines,
    })
}

/// Walks first parents from HEAD until `known` recognises a commit (whose
/// ancestry is then already known) or the chain ends. Merges are followed
/// through their first parent, as `git log --first-parent` does.
pub fn walk_until(
    repo: &gix::Repository,
    register_path: &Path,
    known: impl Fn(&str) -> bool,
) -> Result<(Vec<ChainCommit>, Option<String>, WalkEnd), GitError> {
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

/// The bytes of blob `id`, refused unread when it is larger than `limit`
/// (its size is read from the object's header first) or not a blob.
pub fn blob_text(repo: &gix::Repository, id: &str, limit: u64) -> Result<Vec<u8>, GitError> {
    let oid = gix::ObjectId::from_hex(id.as_bytes())
        .map_err(|e| GitError::read(format!("read object id {id:?}"), e))?;
    blob_bytes(repo, oid, limit)
}

/// As [`blob_text`], for an object id already parsed.
pub fn blob_bytes(
    repo: &gix::Repository,
    oid: gix::ObjectId,
    limit: u64,
) -> Result<Vec<u8>, GitError> {
    let id = || short(&oid.to_string()).to_string();
    let header = repo.find_header(oid).map_err(|_| GitError::Missing(id()))?;
    if header.kind() != gix::object::Kind::Blob {
        return Err(GitError::NotAFile(id()));
    }
    if header.size() > limit {
        return Err(GitError::TooLarge {
            size_mib: header.size().div_ceil(1024 * 1024),
            limit_mib: limit / (1024 * 1024),
        });
    }
    let mut blob = repo
        .find_blob(oid)
        .map_err(|e| GitError::read(format!("read object {}", id()), e))?;
    Ok(blob.take_data())
}

fn short(id: &str) -> &str {
    &id[..8.min(id.len())]
}

/// What a tag points at, with annotated tags peeled.
pub enum TagTarget<'repo> {
    /// A commit: a version that can be published.
    Commit(gix::Commit<'repo>),
    /// Something else, in words ("a file (blob)").
    NotACommit(&'static str),
    /// The object is not in the repository (a shallow or broken clone).
    Missing,
}

/// Tags as (name, what they point at), in name order.
pub fn tags(repo: &gix::Repository) -> Result<Vec<(String, TagTarget<'_>)>, GitError> {
    let refs = repo
        .references()
        .map_err(|e| GitError::read("read the references", e))?;
    let mut out = Vec::new();
    for reference in refs
        .tags()
        .map_err(|e| GitError::read("read the tags", e))?
    {
        let Ok(mut reference) = reference else {
            continue;
        };
        let name = reference.name().shorten().to_str_lossy().to_string();
        let target = match reference.peel_to_id() {
            Err(_) => TagTarget::Missing,
            Ok(id) => match repo.find_object(id) {
                Err(_) => TagTarget::Missing,
                Ok(object) => match object.kind {
                    gix::object::Kind::Commit => match object.try_into_commit() {
                        Ok(commit) => TagTarget::Commit(commit),
                        Err(_) => TagTarget::Missing,
                    },
                    gix::object::Kind::Blob => TagTarget::NotACommit("a file (blob)"),
                    gix::object::Kind::Tree => TagTarget::NotACommit("a folder (tree)"),
                    gix::object::Kind::Tag => TagTarget::NotACommit("a tag"),
                },
            },
        };
        out.push((name, target));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// What is at `path` in `commit`'s tree.
pub enum EntryAt {
    /// A file (blob) with this id.
    File(String),
    /// Nothing.
    Missing,
    /// Something that is not a file, in words.
    Other(&'static str),
}

/// What is at `path` in `commit`'s tree.
pub fn entry_at(commit: &gix::Commit<'_>, path: &Path) -> Result<EntryAt, GitError> {
    let what = || format!("look up {} in commit {}", path.display(), commit.id());
    let tree = commit.tree().map_err(|e| GitError::read(what(), e))?;
    let Some(entry) = tree
        .lookup_entry_by_path(path)
        .map_err(|e| GitError::read(what(), e))?
    else {
        return Ok(EntryAt::Missing);
    };
    let mode = entry.mode();
    Ok(if mode.is_blob() {
        EntryAt::File(entry.object_id().to_string())
    } else if mode.is_link() {
        EntryAt::Other("a symbolic link")
    } else if mode.is_commit() {
        EntryAt::Other("a submodule")
    } else if mode.is_tree() {
        EntryAt::Other("a folder")
    } else {
        EntryAt::Other("not a file")
    })
}

/// Every `.md` file under `dir` in `commit`'s tree, as (path, bytes), in
/// path order, each at most `limit` bytes. Only regular files: a symbolic
/// link is never read.
pub fn markdown_files(
    repo: &gix::Repository,
    commit: &gix::Commit<'_>,
    dir: &str,
    limit: u64,
) -> Result<Vec<(String, Vec<u8>)>, GitError> {
    content_files(repo, commit, dir, limit, |name| name.ends_with(".md"))?
        .into_iter()
        .map(|(path, bytes)| bytes.map(|bytes| (path, bytes)))
        .collect()
}

/// A file read from a commit: its path, and its bytes or why they were not
/// read.
pub type ContentFile = (String, Result<Vec<u8>, GitError>);

/// Calls `visit(path, name, blob id)` for every regular file under tree
/// `id` (found at `dir`), at most 16 folders deep; links and submodules are
/// skipped.
pub fn walk_blobs(
    repo: &gix::Repository,
    dir: &str,
    id: gix::ObjectId,
    mut visit: impl FnMut(String, &str, gix::ObjectId),
) -> Result<(), GitError> {
    let mut stack = vec![(dir.to_string(), id, 0usize)];
    while let Some((path, id, depth)) = stack.pop() {
        if depth > 16 {
            continue;
        }
        let object = repo
            .find_object(id)
            .map_err(|e| GitError::read(format!("read folder {path}"), e))?;
        let Ok(tree) = object.try_into_tree() else {
            continue;
        };
        let decoded = tree
            .decode()
            .map_err(|e| GitError::read(format!("read folder {path}"), e))?;
        for e in decoded.entries.iter() {
            let name = e.filename.to_str_lossy();
            let child = format!("{path}/{name}");
            if e.mode.is_tree() {
                stack.push((child, e.oid.to_owned(), depth + 1));
            } else if e.mode.is_blob() {
                visit(child, &name, e.oid.to_owned());
            }
        }
    }
    Ok(())
}

/// Every file under `dir` in `commit`'s tree whose name `keep` accepts, as
/// (path, bytes or why it was not read: over `limit`), in path order; only
/// regular files, as above.
pub fn content_files(
    repo: &gix::Repository,
    commit: &gix::Commit<'_>,
    dir: &str,
    limit: u64,
    keep: impl Fn(&str) -> bool,
) -> Result<Vec<ContentFile>, GitError> {
    let what = || format!("look up {dir} in commit {}", commit.id());
    let tree = commit.tree().map_err(|e| GitError::read(what(), e))?;
    let Some(entry) = tree
        .lookup_entry_by_path(dir)
        .map_err(|e| GitError::read(what(), e))?
    else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    walk_blobs(repo, dir, entry.object_id(), |child, name, oid| {
        if keep(name) {
            let bytes = blob_bytes(repo, oid, limit).map_err(|why| GitError::File {
                path: child.clone(),
                source: Box::new(why),
            });
            out.push((child, bytes));
        }
    })?;
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}
