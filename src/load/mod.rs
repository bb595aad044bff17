//! Reads a site's sources: `processes.yaml` and the Markdown under
//! `content/`, into typed values that remember where they came from.
//!
//! Loading never panics on bad input: every problem in a file becomes a
//! [`Diagnostic`] with a position. Only problems that stop anything from
//! being read at all (no register file, unreadable root) are a `LoadError`.

mod confine;
mod content;
mod guides;
mod hint;
pub mod markdown;
mod yaml;

use std::fmt;
use std::path::{Path, PathBuf};

use crate::fs as source;
pub use crate::fs::{inside, MAX_PAGE_BYTES, MAX_REGISTER_BYTES, MAX_THEME_FILE_BYTES};
pub use guides::{check_asset, folder_page, is_asset, is_asset_type};

use crate::diagnostic::report::Sources;
use crate::diagnostic::Diagnostic;
use crate::model::{Page, Register, Site};

/// The register file's name, relative to the site root.
pub(crate) const REGISTER_FILE: &str = "processes.yaml";
/// The content folder's name, relative to the site root.
pub const CONTENT_DIR: &str = "content";
/// The folder, under the site root, whose files replace the default theme's.
pub const THEME_DIR: &str = "theme";

/// `path` relative to `root`, with `/` separators, as reports show it.
fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// A problem that stops loading altogether.
#[derive(Debug)]
pub(crate) enum LoadError {
    /// The root folder does not exist or is not a folder.
    NoRoot(PathBuf),
    /// `processes.yaml` is missing.
    NoRegister(PathBuf),
    /// A file could not be read for a reason other than its content.
    Io(PathBuf, std::io::Error),
    /// A source file is a link to somewhere outside the site root.
    Outside(PathBuf),
    /// `processes.yaml` is not a regular file; the text says what it is.
    NotAFile(PathBuf, &'static str),
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
            LoadError::Io(path, _) => write!(f, "cannot read {}", path.display()),
            LoadError::Outside(path) => write!(
                f,
                "{} is a link to a file outside the site root; procbook reads only files inside it",
                path.display()
            ),
            LoadError::NotAFile(path, kind) => write!(
                f,
                "{} is {kind}, not a regular file; procbook reads only regular files (replace it with an ordinary file)",
                path.display()
            ),
        }
    }
}

impl std::error::Error for LoadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            LoadError::Io(_, e) => Some(e),
            _ => None,
        }
    }
}

impl LoadError {
    /// The message in Estonian.
    pub(crate) fn estonian(&self) -> String {
        match self {
            LoadError::NoRoot(path) => format!(
                "{} ei ole kaust: anna --root-iga kaust, kus on {REGISTER_FILE}",
                path.display()
            ),
            LoadError::NoRegister(path) => format!(
                "kaustas {} pole faili {REGISTER_FILE}: käivita procbook registri kaustas või anna --root",
                path.display()
            ),
            LoadError::Io(path, e) => format!("faili {} ei saa lugeda: {e}", path.display()),
            LoadError::Outside(path) => format!(
                "{} on viide failile väljaspool saidi kausta; procbook loeb ainult selle sees olevaid faile",
                path.display()
            ),
            LoadError::NotAFile(path, kind) => format!(
                "{} ei ole tavaline fail ({kind}); procbook loeb ainult tavalisi faile (asenda see tavalise failiga)",
                path.display()
            ),
        }
    }
}

/// Parses register text that did not come from the site root (e.g. from a
/// git commit).
pub fn parse_register_text(text: &str) -> Result<Register, Diagnostic> {
    yaml::parse_register(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// Parses YAML text holding a list of processes (one piece of a register).
pub(crate) fn parse_process_items(text: &str) -> Result<Vec<crate::model::Process>, Diagnostic> {
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
pub(crate) fn load(root: &Path) -> Result<(Site, Vec<Diagnostic>), LoadError> {
    if !root.is_dir() {
        return Err(LoadError::NoRoot(root.to_path_buf()));
    }
    let register_path = root.join(REGISTER_FILE);
    if std::fs::symlink_metadata(&register_path).is_err() {
        return Err(LoadError::NoRegister(root.to_path_buf()));
    }
    // The register and the pages are read at the same time: on a register
    // of thousands of processes each takes about as long as the other.
    let (register_read, pages_read) = rayon::join(
        || {
            match source::read_text(root, &register_path, REGISTER_FILE, MAX_REGISTER_BYTES) {
                Ok(source) => {
                    let register = yaml::parse_register(&source);
                    Ok(Ok((source, register)))
                }
                // A register that is a link to a file outside the site
                // could put that file's lines into error reports and CI logs.
                Err(source::Refusal::Outside { .. }) => {
                    Err(LoadError::Outside(register_path.clone()))
                }
                Err(source::Refusal::NotAFile { kind }) => {
                    Err(LoadError::NotAFile(register_path.clone(), kind))
                }
                Err(source::Refusal::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
                    Err(LoadError::NoRegister(root.to_path_buf()))
                }
                Err(source::Refusal::Io(e)) => Err(LoadError::Io(register_path.clone(), e)),
                Err(refusal) => Ok(Err(refusal.diagnostic(REGISTER_FILE))),
            }
        },
        || {
            let mut sources = Sources::default();
            let mut diagnostics = Vec::new();
            let mut assets = Vec::new();
            content::load_pages(root, &mut sources, &mut diagnostics, &mut assets)
                .map(|pages| (pages, assets, sources, diagnostics))
        },
    );
    let mut diagnostics = confine::theme_problems(root);
    let register_read = register_read?;
    let (pages, assets, mut sources, page_diagnostics) = pages_read?;
    let register = match register_read {
        Ok((source, parsed)) => {
            let layout = match &parsed {
                Ok(_) => yaml::layout_problems(&source, REGISTER_FILE),
                Err(_) => Vec::new(),
            };
            sources.insert(REGISTER_FILE, source);
            diagnostics.extend(layout);
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
