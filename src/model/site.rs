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
    /// Images and PDFs beside the pages, sorted by path.
    pub assets: Vec<Asset>,
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
    /// Where the body starts in the file: lines before it.
    pub body_line: u64,
    /// Order among the pages of a guidelines folder (front matter
    /// `weight`; lower first, pages without one last).
    pub weight: Option<i64>,
    /// For a page in a guidelines folder (`content/processes/<id>/`), its
    /// path in the folder without `.md`: `index`, `a`, `sub/b`.
    pub part: Option<String>,
}

/// A file published beside the pages (an image or a PDF).
#[derive(Debug, Clone)]
pub struct Asset {
    /// Path relative to the site root, with `/` separators.
    pub file: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

impl Asset {
    /// Where it is published, from a language root: its path under
    /// `content/`.
    pub fn published_path(&self) -> &str {
        self.file.strip_prefix("content/").unwrap_or(&self.file)
    }
}
