//! Published versions: the register and pages at each tag matching the
//! version pattern, loaded and validated as the current register is, so a
//! version is held to the same rules before anything of it is published.
//!
//! A version that cannot be published is skipped with a warning naming the
//! tag and the first problem; it never stops today's build. Files are read
//! from git with the same size limits as from the work tree (the size comes
//! from the object's header, so a 100 MB blob is refused unread), as UTF-8
//! only, and a tag that points at something other than a commit, or a
//! register that is a link, a submodule or a folder, is named as such.

use std::path::Path;

use super::snapshot::Snapshot;
use super::{commit_info, git, matches_pattern, HistoryOptions, Version};
use crate::diagnostic::{Diagnostic, Severity};
use crate::load::{self, CONTENT_DIR, MAX_PAGE_BYTES, MAX_REGISTER_BYTES};
use crate::model::{Date, Register};
use crate::model::{Page, Site};
use crate::validate;

/// Reads and checks every version tag, oldest first.
pub fn read(
    repo: &gix::Repository,
    register_key: &str,
    options: &HistoryOptions,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Version> {
    let Ok(tags) = git::tags(repo) else {
        return Vec::new();
    };
    let content_dir = match register_key.rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/{CONTENT_DIR}"),
        None => CONTENT_DIR.to_string(),
    };
    let mut versions = Vec::new();
    for (tag, target) in tags {
        if !matches_pattern(&options.version_pattern, &tag) {
            continue;
        }
        if !safe_tag(&tag) {
            diagnostics.push(
                Diagnostic::warning(
                    "history/unsafe-tag",
                    format!("tag `{tag}` is not published: its name is not safe as a folder name"),
                )
                .help("use letters, digits, dots, hyphens and underscores in version tags"),
            );
            continue;
        }
        let commit = match target {
            git::TagTarget::Commit(commit) => commit,
            git::TagTarget::NotACommit(what) => {
                skipped(
                    diagnostics,
                    &tag,
                    format!("the tag points at {what}, not a commit"),
                );
                continue;
            }
            git::TagTarget::Missing => {
                skipped(diagnostics, &tag, "the object it points at is missing from the repository (a shallow or incomplete clone?)".to_string());
                continue;
            }
        };
        let Ok(head) = git::entry(&commit, Path::new(register_key)) else {
            skipped(diagnostics, &tag, "its commit cannot be read".to_string());
            continue;
        };
        let info = commit_info(&head, options);
        match load_version(repo, &commit, register_key, &content_dir, info.date) {
            Ok((register, pages)) => versions.push(Version {
                tag,
                commit: info,
                snapshot: Snapshot::of(&register),
                register,
                pages,
            }),
            Err(why) => skipped(diagnostics, &tag, why),
        }
    }
    versions.sort_by(|a, b| (a.commit.time, &a.tag).cmp(&(b.commit.time, &b.tag)));
    versions
}

fn safe_tag(tag: &str) -> bool {
    !tag.is_empty()
        && !tag.starts_with('.')
        && tag
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

fn skipped(diagnostics: &mut Vec<Diagnostic>, tag: &str, why: String) {
    diagnostics.push(
        Diagnostic::warning(
            "history/version-skipped",
            format!("version `{tag}` is not published: {why}"),
        )
        .help("today's site is built as usual; fix the tag or move it to a commit whose register passes `procbook check`"),
    );
}

/// The register and pages at `commit`, checked as of `date`, or the first
/// problem found.
fn load_version(
    repo: &gix::Repository,
    commit: &gix::Commit<'_>,
    register_key: &str,
    content_dir: &str,
    date: Date,
) -> Result<(Register, Vec<Page>), String> {
    let blob = match git::entry_at(commit, Path::new(register_key))? {
        git::EntryAt::File(blob) => blob,
        git::EntryAt::Missing => {
            return Err(format!("it has no {register_key}"));
        }
        git::EntryAt::Other(what) => {
            return Err(format!("its {register_key} is {what}, not a file"));
        }
    };
    let bytes = git::blob_text(repo, &blob, MAX_REGISTER_BYTES)
        .map_err(|why| format!("its {register_key} is {why}"))?;
    let text = decode(bytes, load::REGISTER_FILE)?;
    let register = load::parse_register_text(&text).map_err(|d| first_problem(&d))?;
    let files = git::markdown_files(repo, commit, content_dir, MAX_PAGE_BYTES)
        .map_err(|why| format!("a page cannot be read: {why}"))?;
    let mut pages = Vec::with_capacity(files.len());
    for (path, bytes) in files {
        let rel = path
            .strip_prefix(content_dir)
            .map(|p| format!("{CONTENT_DIR}{p}"))
            .unwrap_or(path);
        let text = decode(bytes, &rel)?;
        pages.push(load::parse_page_text(&rel, &text).map_err(|d| first_problem(&d))?);
    }
    let site = Site {
        root: Default::default(),
        register: Some(register),
        pages,
        sources: Default::default(),
    };
    // Integrity, not freshness: an old version's reviews are not due today.
    let mut problems: Vec<Diagnostic> = validate::validate_against(&site, date, None)
        .into_iter()
        .filter(|d| d.severity == Severity::Error && !d.code.starts_with("freshness/"))
        .collect();
    crate::diagnostic::sort(&mut problems);
    if let Some(first) = problems.first() {
        return Err(first_problem(first));
    }
    let Site {
        register, pages, ..
    } = site;
    register
        .map(|register| (register, pages))
        .ok_or_else(|| "its register does not parse".to_string())
}

fn decode(bytes: Vec<u8>, name: &str) -> Result<String, String> {
    let text = String::from_utf8(bytes).map_err(|_| format!("{name} is not UTF-8 text"))?;
    Ok(text
        .strip_prefix('\u{feff}')
        .unwrap_or(&text)
        .replace("\r\n", "\n"))
}

/// "file:line:column: message (code)".
fn first_problem(d: &Diagnostic) -> String {
    let place = d
        .location
        .as_ref()
        .map(|l| format!("{}:{}:{}: ", l.file, l.line, l.column))
        .unwrap_or_default();
    format!("{place}{} ({})", d.message, d.code)
}
