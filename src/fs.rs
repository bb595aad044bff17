//! The file system questions more than one stage asks.

use std::path::Path;

/// True when `path`, with links resolved, lies under `root`.
pub fn inside(root: &Path, path: &Path) -> bool {
    match (root.canonicalize(), path.canonicalize()) {
        (Ok(root), Ok(path)) => path.starts_with(root),
        _ => false,
    }
}
