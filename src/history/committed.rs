//! The register as last committed, to compare the working copy with: an
//! edit that YAML accepts can still change meaning (deleting only the
//! `outcomes:` line makes the outcomes more goals), and the committed
//! version is what shows it.

use std::path::Path;

use crate::load::{parse_register_text, REGISTER_FILE};
use crate::model::Register;

/// The register at HEAD of the repository holding `root`; `None` without a
/// repository, a commit, the file in it, or when it does not parse.
pub fn register_at_head(root: &Path) -> Option<Register> {
    let repo = gix::discover(root).ok()?;
    let workdir = repo.workdir()?.canonicalize().ok()?;
    let base = root.canonicalize().ok()?;
    let key = base.strip_prefix(&workdir).ok()?.join(REGISTER_FILE);
    let head = repo.head_commit().ok()?;
    let entry = super::git::entry(&head, &key).ok()?;
    let bytes =
        super::git::blob_text(&repo, entry.blob.as_deref()?, crate::fs::MAX_REGISTER_BYTES).ok()?;
    parse_register_text(std::str::from_utf8(&bytes).ok()?).ok()
}
