//! Markdown pages under `content/`: front matter that says which process or
//! directive edition a page belongs to, and a Markdown body.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Deserialize;
use walkdir::WalkDir;

use super::guides::{self, Asset};
use super::{text, yaml, LoadError, CONTENT_DIR, MAX_PAGE_BYTES};
use crate::diagnostic::report::Sources;
use crate::diagnostic::Diagnostic;
use crate::model::{Date, Spanned};

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

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    process: Option<Spanned<String>>,
    directive: Option<Spanned<String>>,
    title: Option<String>,
    reviewed_on: Option<Spanned<Date>>,
    weight: Option<i64>,
}

/// A Markdown file as read: its text and the page in it (or why it is no
/// page), or why it could not be read.
type Read = Result<(String, Result<Page, Diagnostic>), Diagnostic>;

/// Reads every `.md` file under `content/`, in path order, and the images
/// and PDFs beside them (into `assets`).
///
/// Symbolic links are never followed: a link could publish a file from
/// outside the repository.
pub fn load_pages(
    root: &Path,
    sources: &mut Sources,
    diagnostics: &mut Vec<Diagnostic>,
    assets: &mut Vec<Asset>,
) -> Result<Vec<Page>, LoadError> {
    let dir = root.join(CONTENT_DIR);
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    // Walk first, then read and parse the files on every core; the results
    // are taken in path order, so pages and diagnostics come out the same.
    enum Found {
        Link(String),
        Markdown(PathBuf, String),
    }
    let mut found = Vec::new();
    // Files beside the pages: published ones, and the rest (reported).
    let mut beside: Vec<(PathBuf, String)> = Vec::new();
    let walker = WalkDir::new(&dir)
        .follow_links(false)
        .follow_root_links(false)
        .sort_by_file_name()
        .max_depth(16);
    for entry in walker {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(&dir).to_path_buf();
            LoadError::Io(path, e.into())
        })?;
        let rel = relative(root, entry.path());
        if entry.path_is_symlink() {
            found.push(Found::Link(rel));
        } else if entry.file_type().is_file()
            && entry.path().extension().and_then(|e| e.to_str()) == Some("md")
        {
            found.push(Found::Markdown(entry.into_path(), rel));
        } else if entry.file_type().is_file() {
            beside.push((entry.into_path(), rel));
        }
    }
    // Other files (notes, drafts) are left alone, as before folders of
    // guidelines existed.
    for (path, rel) in beside {
        if !guides::is_asset(&rel) {
            continue;
        }
        let bytes = text::read_bytes_limited(&path, &rel, MAX_PAGE_BYTES)
            .map_err(|e| LoadError::Io(path.clone(), e))?;
        match bytes.and_then(|bytes| guides::check_asset(&rel, &bytes).map(|()| bytes)) {
            Ok(bytes) => assets.push(Asset { file: rel, bytes }),
            Err(d) => diagnostics.push(d),
        }
    }
    let read: Vec<Result<Read, LoadError>> = found
        .par_iter()
        .map(|item| match item {
            Found::Link(rel) => Ok(Err(Diagnostic::warning(
                "content/symlink",
                format!("{rel} is a symbolic link and is not published"),
            )
            .at(rel, 1, 1)
            .help("copy the file into content/ instead of linking to it"))),
            Found::Markdown(path, rel) => {
                let text = text::read_limited(path, rel, MAX_PAGE_BYTES)
                    .map_err(|e| LoadError::Io(path.clone(), e))?;
                Ok(text.map(|text| {
                    let page = parse_page(rel, &text);
                    (text, page)
                }))
            }
        })
        .collect();
    let mut pages = Vec::new();
    for (item, result) in found.iter().zip(read) {
        match result? {
            Ok((text, page)) => {
                if let Found::Markdown(_, rel) = item {
                    sources.insert(rel, text);
                }
                match page {
                    Ok(page) => pages.push(page),
                    Err(d) => diagnostics.push(d),
                }
            }
            Err(d) => diagnostics.push(d),
        }
    }
    Ok(pages)
}

fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Splits `text` into front matter and body and reads the front matter.
pub fn parse_page(file: &str, text: &str) -> Result<Page, Diagnostic> {
    let folder = guides::folder_page(file);
    // A page in a guidelines folder belongs to the folder's process and
    // needs no front matter.
    let (front, body) = match folder {
        Some(_) if !text.starts_with("---\n") => (FrontMatter::default(), text),
        _ => front_matter(file, text)?,
    };
    let shift = |v: &Spanned<String>| (v.referenced.line() + 1, v.referenced.column());
    let (target, target_at) = match (folder, &front.process, &front.directive) {
        (Some((id, _)), None, None) => (PageTarget::Process(id.to_string()), (1, 1)),
        (Some((id, _)), Some(p), None) if p.value == id => {
            (PageTarget::Process(p.value.clone()), shift(p))
        }
        (Some((id, _)), named, directive) => {
            let at = named.as_ref().or(directive.as_ref()).map_or((2, 1), shift);
            return Err(Diagnostic::error(
                "content/front-matter",
                format!("{file} is in the guidelines folder of process `{id}` but names another process or a directive"),
            )
            .at(file, at.0, at.1)
            .help(format!("remove the line: every page in content/processes/{id}/ belongs to process `{id}`")));
        }
        (None, Some(p), None) => (PageTarget::Process(p.value.clone()), shift(p)),
        (None, None, Some(d)) => (PageTarget::Directive(d.value.clone()), shift(d)),
        _ => {
            return Err(Diagnostic::error(
                "content/front-matter",
                format!("{file} must name exactly one of `process` or `directive`"),
            )
            .at(file, 2, 1)
            .help("add `process: <process id>` for guidelines, or `directive: <edition id>` for a directive's text"))
        }
    };
    Ok(Page {
        file: file.to_string(),
        target,
        target_at,
        title: front.title,
        reviewed_on: front
            .reviewed_on
            .map(|d| (d.value, d.referenced.line() + 1, d.referenced.column())),
        body: body.to_string(),
        body_line: text[..text.len() - body.len()].matches('\n').count() as u64,
        weight: front.weight,
        part: folder.map(|(_, part)| part.to_string()),
    })
}

/// Splits `text` into its front matter, read, and the body after it.
fn front_matter<'t>(file: &str, text: &'t str) -> Result<(FrontMatter, &'t str), Diagnostic> {
    let help = "start the page with front matter between two `---` lines, e.g.\n---\nprocess: intsidendihaldus\nreviewed_on: 2025-05-05\n---";
    let Some(after_open) = text.strip_prefix("---\n") else {
        return Err(Diagnostic::error(
            "content/front-matter",
            format!("{file} has no front matter"),
        )
        .at(file, 1, 1)
        .help(help));
    };
    let (yaml_text, body) = match after_open.find("\n---\n") {
        Some(end) => (&after_open[..end + 1], &after_open[end + 5..]),
        None if after_open.ends_with("\n---") => (&after_open[..after_open.len() - 3], ""),
        None if after_open.starts_with("---\n") => ("", &after_open[4..]),
        None => {
            return Err(Diagnostic::error(
                "content/front-matter",
                format!("the front matter of {file} is not closed"),
            )
            .at(file, 1, 1)
            .help("end the front matter with a line holding only `---`"))
        }
    };
    let front: FrontMatter = yaml::parse(yaml_text, file, 1).map_err(|mut d| {
        if d.code.starts_with("yaml/") {
            d.help = Some(format!(
                "{}; front matter takes `process` or `directive`, and optionally `title`, `weight` and `reviewed_on`",
                d.help.unwrap_or_default()
            ));
        }
        d
    })?;
    Ok((front, body))
}
