//! Markdown pages under `content/`: front matter that says which process or
//! directive edition a page belongs to, and a Markdown body.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Deserialize;
use walkdir::WalkDir;

use super::confine::{self, Link};
use super::guides;
use super::{relative, yaml, LoadError, CONTENT_DIR, MAX_PAGE_BYTES};
use crate::diagnostic::report::Sources;
use crate::diagnostic::Diagnostic;
use crate::fs::{self as source, Refusal};
use crate::model::text::{hidden_character, is_line_break};
use crate::model::{Asset, Date, Page, PageTarget, Spanned};

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    process: Option<Spanned<String>>,
    directive: Option<Spanned<String>>,
    title: Option<Spanned<String>>,
    reviewed_on: Option<Spanned<Date>>,
    weight: Option<i64>,
}

/// A file found under `content/`.
enum Found {
    Link(String),
    Refused(Diagnostic),
    Markdown(PathBuf, String),
}

/// A Markdown file as read: its text and the page in it (or why it is no
/// page), or why it could not be read.
type Read = Result<(String, Result<Page, Diagnostic>), Diagnostic>;

/// Reads every `.md` file under `content/`, in path order, and the images
/// and PDFs beside them (into `assets`).
///
/// Symbolic links are never followed: a link could publish a file from
/// outside the repository. One that leaves the site root is an error, one
/// that stays inside a warning.
pub(super) fn load_pages(
    root: &Path,
    sources: &mut Sources,
    diagnostics: &mut Vec<Diagnostic>,
    assets: &mut Vec<Asset>,
) -> Result<Vec<Page>, LoadError> {
    let dir = root.join(CONTENT_DIR);
    if std::fs::symlink_metadata(&dir).is_err() {
        return Ok(Vec::new());
    }
    // Walk first, then read and parse the files on every core; the results
    // are taken in path order, so pages and diagnostics come out the same.
    let mut found = Vec::new();
    // Images and PDFs beside the pages.
    let mut beside = Vec::new();
    let walker = WalkDir::new(&dir)
        .follow_links(false)
        .follow_root_links(false)
        .sort_by_file_name()
        .max_depth(confine::MAX_DEPTH);
    for entry in walker {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(&dir).to_path_buf();
            LoadError::Io(path, e.into())
        })?;
        let rel = relative(root, entry.path());
        let markdown = entry.path().extension().and_then(|e| e.to_str()) == Some("md");
        // Other files (notes, drafts) are left alone, as before folders of
        // guidelines existed; images and PDFs are published.
        let asset = guides::is_asset(&rel);
        let file_type = entry.file_type();
        if entry.path_is_symlink() {
            match confine::classify_link(root, entry.path(), &rel) {
                Link::Outside(d) => found.push(Found::Refused(d)),
                Link::Inside => found.push(Found::Link(rel)),
            }
        } else if file_type.is_file() && markdown {
            found.push(Found::Markdown(entry.into_path(), rel));
        } else if file_type.is_file() && asset {
            beside.push((entry.into_path(), rel));
        } else if (markdown || asset) && !file_type.is_dir() {
            let kind = source::kind_of(&file_type);
            found.push(Found::Refused(Refusal::NotAFile { kind }.diagnostic(&rel)));
        }
    }
    read_assets(root, &beside, diagnostics, assets)?;
    let read: Vec<Result<Read, LoadError>> = found
        .par_iter()
        .map(|item| match item {
            Found::Link(rel) => Ok(Err(Diagnostic::warning(
                "content/symlink",
                format!("{rel} is a symbolic link and is not published"),
            )
            .at(rel, 1, 1)
            .help("copy the file into content/ instead of linking to it")
            .et(
                format!("{rel} on sümbolviide ja seda ei avaldata"),
                "kopeeri fail content/ kausta, selle asemel et sellele viidata",
            ))),
            Found::Refused(d) => Ok(Err(d.clone())),
            Found::Markdown(path, rel) => {
                match source::read_text(root, path, rel, MAX_PAGE_BYTES) {
                    Ok(text) => {
                        let page = parse_page(rel, &text);
                        Ok(Ok((text, page)))
                    }
                    Err(Refusal::Io(e)) => Err(LoadError::Io(path.clone(), e)),
                    Err(refusal) => Ok(Err(refusal.diagnostic(rel))),
                }
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

/// Reads the images and PDFs among `found` (taking them out of it) into
/// `assets`; an SVG that could run script is refused.
fn read_assets(
    root: &Path,
    beside: &[(PathBuf, String)],
    diagnostics: &mut Vec<Diagnostic>,
    assets: &mut Vec<Asset>,
) -> Result<(), LoadError> {
    for (path, rel) in beside {
        let bytes = match source::read_bytes(root, path, MAX_PAGE_BYTES) {
            Ok(bytes) => bytes,
            Err(Refusal::Io(e)) => return Err(LoadError::Io(path.clone(), e)),
            Err(refusal) => {
                diagnostics.push(refusal.diagnostic(rel));
                continue;
            }
        };
        match guides::check_asset(rel, &bytes) {
            Ok(()) => assets.push(Asset {
                file: rel.clone(),
                bytes,
            }),
            Err(d) => diagnostics.push(d),
        }
    }
    Ok(())
}

/// Splits `text` into front matter and body and reads the front matter.
pub(super) fn parse_page(file: &str, text: &str) -> Result<Page, Diagnostic> {
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
            .help(format!("remove the line: every page in content/processes/{id}/ belongs to process `{id}`"))
            .et(
                format!("{file} on protsessi `{id}` juhendite kaustas, kuid nimetab teist protsessi või käskkirja"),
                format!("eemalda see rida: iga leht kaustas content/processes/{id}/ kuulub protsessile `{id}`"),
            ));
        }
        (None, Some(p), None) => (PageTarget::Process(p.value.clone()), shift(p)),
        (None, None, Some(d)) => (PageTarget::Directive(d.value.clone()), shift(d)),
        _ => {
            return Err(Diagnostic::error(
                "content/front-matter",
                format!("{file} must name exactly one of `process` or `directive`"),
            )
            .at(file, 2, 1)
            .help("add `process: <process id>` for guidelines, or `directive: <edition id>` for a directive's text")
            .et(
                format!("{file} peab nimetama täpselt ühe: `process` või `directive`"),
                "juhendi puhul lisa `process: <protsessi id>`, käskkirja teksti puhul `directive: <redaktsiooni id>`",
            ))
        }
    };
    if let Some(title) = &front.title {
        title_problem(file, title)?;
    }
    Ok(Page {
        file: file.to_string(),
        target,
        target_at,
        title: front.title.map(|t| t.value),
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
        .help(help)
        .et(
            format!("{file} algusest puudub päis (front matter)"),
            "alusta faili reaga `---`, seejärel `process: <protsessi id>` ja veel üks `---`",
        ));
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
            .help("end the front matter with a line holding only `---`")
            .et(
                format!("{file} päis (front matter) ei ole suletud"),
                "lõpeta päis reaga, kus on ainult `---`",
            ))
        }
    };
    let front: FrontMatter = yaml::parse(yaml_text, file, 1).map_err(|mut d| {
        if d.code.starts_with("yaml/") {
            d.help = Some(format!(
                "{}; front matter takes `process` or `directive`, and optionally `title`, `weight` and `reviewed_on`",
                d.help.unwrap_or_default()
            ));
            if let Some(et) = d.et.as_mut() {
                et.help = Some(format!(
                    "{}; päises võivad olla `process` või `directive` ning soovi korral `title`, `weight` ja `reviewed_on`",
                    et.help.take().unwrap_or_default()
                ));
            }
        }
        d
    })?;
    Ok((front, body))
}

/// A page title is shown on one line as a heading: no line break, and no
/// invisible character that changes how it reads.
fn title_problem(file: &str, title: &Spanned<String>) -> Result<(), Diagnostic> {
    let (code, what, help) = if let Some(c) = hidden_character(&title.value) {
        (
            "text/hidden-character",
            format!(
                "the invisible character U+{:04X}, which can change how the text reads",
                c as u32
            ),
            "delete the character (it is invisible in most editors: retype the text)",
        )
    } else if let Some(c) = title.value.chars().find(|&c| is_line_break(c)) {
        (
            "text/line-break",
            format!("a line break (U+{:04X}); it is shown on one line", c as u32),
            "write the title on one line",
        )
    } else {
        return Ok(());
    };
    Err(
        Diagnostic::error(code, format!("the title of {file} contains {what}"))
            .at(file, title.referenced.line() + 1, title.referenced.column())
            .help(help),
    )
}
