//! A site as read from its root: the register, the Markdown pages and the
//! text of every file read (for showing source lines in reports).

use std::path::PathBuf;

use super::{Date, Register};
use crate::diagnostic::report::Sources;

/// Everything read from a site root.
#[derive(Debug)]
pub struct Site {
    /// The site root as given.
    pub root: PathBuf,
    /// The register, when `processes.yaml` parsed.
    pub register: Option<Register>,
    /// The Markdown pages, sorted by path.
    pub pages: Vec<Page>,
    /// Text of every file read, for showing source lines in reports.
    pub sources: Sources,
}

/// What a page belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PageTarget {
    /// The guidelines of the process with this id.
    Process(String),
    /// The text of the directive edition with this id.
    Directive(String),
}

/// A Markdown page.
#[derive(Debug, Clone)]
pub struct Page {
    /// Path relative to the site root, with `/` separators.
    pub file: String,
    /// What it belongs to.
    pub target: PageTarget,
    /// Line and column of the `process:` / `directive:` value.
    pub target_at: (u64, u64),
    /// Optional heading for the page's section.
    pub title: Option<String>,
    /// When the guidelines were last reviewed, with the line and column.
    pub reviewed_on: Option<(Date, u64, u64)>,
    /// The Markdown after the front matter.
    pub body: String,
}
