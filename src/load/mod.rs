//! Reads a site's sources: `processes.yaml` and the Markdown under
//! `content/`, into typed values that remember where they came from.
//!
//! Loading never panics on bad input: every problem in a file becomes a
//! [`Diagnostic`] with a position. Only problems that stop anything from
//! being read at all (no register file, unreadable root) are a [`LoadError`].

mod content;
mod guides;
pub mod markdown;
mod text;
mod yaml;

use std::fmt;
use std::path::{Path, PathBuf};

pub use content::{Page, PageTarget};
pub use guides::{check_asset, folder_page, is_asset, is_asset_type, Asset};
pub use text::{MAX_PAGE_BYTES, MAX_REGISTER_BYTES};

use crate::diagnostic::report::Sources;
use crate::diagnostic::Diagnostic;
use crate::model::Register;

/// The register file's name, relative to the site root.
pub const REGISTER_FILE: &str = "processes.yaml";
/// The content folder's name, relative to the site root.
pub const CONTENT_DIR: &str = "content";

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

/// A problem that stops loading altogether.
#[derive(Debug)]
pub enum LoadError {
    /// The root folder does not exist or is not a folder.
    NoRoot(PathBuf),
    /// `processes.yaml` is missing.
    NoRegister(PathBuf),
    /// A file could not be read for a reason other than its content.
    Io(PathBuf, std::io::Error),
    /// A source file is a link to somewhere outside the site root.
    Outside(PathBuf),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::NoRoot(path) => write!(
                f,
                "{} is not a folder: pass --root with the folder that holds {REGISTER_FILE}",
                path.display()
            ),
            LoadError::NoRegister(path) => write!(
                f,
                "no {REGISTER_FILE} in {}: run procbook in the register's folder or pass --root",
                path.display()
            ),
            LoadError::Io(path, e) => write!(f, "cannot read {}: {e}", path.display()),
            LoadError::Outside(path) => write!(
                f,
                "{} is a link to a file outside the site root; procbook reads only files inside it",
                path.display()
            ),
        }
    }
}

impl std::error::Error for LoadError {}

/// True when `path`, with links resolved, lies under `root`.
pub fn inside(root: &Path, path: &Path) -> bool {
    match (root.canonicalize(), path.canonicalize()) {
        (Ok(root), Ok(path)) => path.starts_with(root),
        _ => false,
    }
}

/// Parses register text that did not come from the site root (e.g. from a
/// git commit).
pub fn parse_register_text(text: &str) -> Result<Register, Diagnostic> {
    yaml::parse_register(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// Parses YAML text holding a list of processes (one piece of a register).
pub fn parse_process_items(text: &str) -> Result<Vec<crate::model::Process>, Diagnostic> {
    yaml::parse(&dedent(text), REGISTER_FILE, 0)
}

/// Removes the indentation common to every non-blank line.
fn dedent(text: &str) -> String {
    let indent = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    text.lines()
        .map(|l| l.get(indent..).unwrap_or(l.trim_start_matches(' ')))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Parses a Markdown page that did not come from the site root.
pub fn parse_page_text(file: &str, text: &str) -> Result<Page, Diagnostic> {
    content::parse_page(file, &text.replace("\r\n", "\n"))
}

/// Reads `processes.yaml` and `content/` under `root`.
///
/// Returns what could be read and the problems found while reading.
pub fn load(root: &Path) -> Result<(Site, Vec<Diagnostic>), LoadError> {
    if !root.is_dir() {
        return Err(LoadError::NoRoot(root.to_path_buf()));
    }
    let register_path = root.join(REGISTER_FILE);
    if !register_path.is_file() {
        return Err(LoadError::NoRegister(root.to_path_buf()));
    }
    // A register that is a link to a file outside the site could put that
    // file's lines into error reports and CI logs.
    if !inside(root, &register_path) {
        return Err(LoadError::Outside(register_path));
    }
    // The register and the pages are read at the same time: on a register
    // of thousands of processes each takes about as long as the other.
    let (register_read, pages_read) = rayon::join(
        || {
            text::read_limited(&register_path, REGISTER_FILE, MAX_REGISTER_BYTES).map(|read| {
                read.map(|source| {
                    let register = yaml::parse_register(&source);
                    (source, register)
                })
            })
        },
        || {
            let mut sources = Sources::default();
            let mut diagnostics = Vec::new();
            let mut assets = Vec::new();
            content::load_pages(root, &mut sources, &mut diagnostics, &mut assets)
                .map(|pages| (pages, assets, sources, diagnostics))
        },
    );
    let mut diagnostics = Vec::new();
    let register_read = register_read.map_err(|e| LoadError::Io(register_path.clone(), e))?;
    let (pages, assets, mut sources, page_diagnostics) = pages_read?;
    let register = match register_read {
        Ok((source, parsed)) => {
            sources.insert(REGISTER_FILE, source);
            match parsed {
                Ok(register) => Some(register),
                Err(d) => {
                    diagnostics.push(d);
                    None
                }
            }
        }
        Err(d) => {
            diagnostics.push(d);
            None
        }
    };
    diagnostics.extend(page_diagnostics);
    Ok((
        Site {
            root: root.to_path_buf(),
            register,
            pages,
            assets,
            sources,
        },
        diagnostics,
    ))
}
