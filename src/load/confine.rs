//! Paths under the site root that lead out of it, or to something that is
//! not a file: checked for `content/` and `theme/` at every level, so
//! `check` reports them and no later stage reads through them.

use std::path::Path;

use walkdir::WalkDir;

use super::{relative, MAX_THEME_FILE_BYTES, THEME_DIR};
use crate::diagnostic::Diagnostic;
use crate::fs::{self as source, Refusal};

/// How deep `content/` and `theme/` are walked.
pub(super) const MAX_DEPTH: usize = 16;

/// What a link found among the sources is.
pub(super) enum Link {
    /// It leads out of the site root: an error, and it is not followed.
    Outside(Diagnostic),
    /// It stays inside (or leads nowhere).
    Inside,
}

/// Resolves the link at `path` (shown as `rel`).
pub(super) fn classify_link(root: &Path, path: &Path, rel: &str) -> Link {
    match source::resolve_inside(root, path) {
        Err(refusal @ Refusal::Outside { .. }) => Link::Outside(refusal.diagnostic(rel)),
        _ => Link::Inside,
    }
}

/// Links under `theme/` (or `theme/` itself) that leave the root, and
/// entries that are neither files nor folders (named pipes, devices).
pub(super) fn theme_problems(root: &Path) -> Vec<Diagnostic> {
    let dir = root.join(THEME_DIR);
    if std::fs::symlink_metadata(&dir).is_err() {
        return Vec::new();
    }
    let mut problems = Vec::new();
    let walker = WalkDir::new(&dir)
        .follow_links(false)
        .follow_root_links(false)
        .sort_by_file_name()
        .max_depth(MAX_DEPTH);
    for entry in walker.into_iter().flatten() {
        let rel = relative(root, entry.path());
        let file_type = entry.file_type();
        if entry.path_is_symlink() {
            if let Link::Outside(d) = classify_link(root, entry.path(), &rel) {
                problems.push(d);
            }
        } else if file_type.is_file() {
            let len = entry.metadata().map(|m| m.len()).unwrap_or(0);
            if len > MAX_THEME_FILE_BYTES {
                let limit = MAX_THEME_FILE_BYTES;
                problems.push(Refusal::TooLarge { limit }.diagnostic(&rel));
            }
        } else if !file_type.is_dir() {
            problems.push(
                Refusal::NotAFile {
                    kind: source::kind_of(&file_type),
                }
                .diagnostic(&rel),
            );
        }
    }
    problems
}
