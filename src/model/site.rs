//! A site as read from its root: the register, the Markdown pages and the
//! text of every file read (for showing source lines in reports).

use std::collections::HashMap;
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

/// For each process with guidelines, the page whose review stands for
/// them all: among its pages with text, the one reviewed longest ago (its
/// deadline is the earliest), else its own page or folder `index.md`, else
/// its first page. A page without text holds nothing to review. With one
/// page per process this is that page; in a folder every page is held to
/// the deadline of the oldest review.
pub fn guideline_pages(pages: &[Page]) -> HashMap<&str, &Page> {
    let mut chosen: HashMap<&str, &Page> = HashMap::new();
    for page in pages {
        let PageTarget::Process(id) = &page.target else {
            continue;
        };
        if page.body.trim().is_empty() {
            continue;
        }
        let rank = |p: &Page| {
            let index = matches!(p.part.as_deref(), None | Some("index"));
            // Dated pages first, oldest first; then the index; then path.
            (
                p.reviewed_on.map(|(d, _, _)| d).is_none(),
                p.reviewed_on.map(|(d, _, _)| d),
                !index,
            )
        };
        match chosen.get(id.as_str()) {
            Some(current) if rank(current) <= rank(page) => {}
            _ => {
                chosen.insert(id.as_str(), page);
            }
        }
    }
    chosen
}
