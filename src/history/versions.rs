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

use super::error::VersionError;
use super::snapshot::Snapshot;
use super::{commit_info, git, matches_pattern, HistoryOptions, Version};
use crate::diagnostic::{Diagnostic, Severity};
use crate::error::Chain;
use crate::load::{self, CONTENT_DIR, MAX_PAGE_BYTES, MAX_REGISTER_BYTES};
use crate::model::{Asset, Page, Site};
use crate::model::{Date, Register};
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
                skipped(diagnostics, &tag, &VersionError::NotACommit(what));
                continue;
            }
            git::TagTarget::Missing => {
                skipped(diagnostics, &tag, &VersionError::Missing);
                continue;
            }
        };
        let head = match git::entry(&commit, Path::new(register_key)) {
            Ok(head) => head,
            Err(e) => {
                skipped(diagnostics, &tag, &VersionError::Commit(e));
                continue;
            }
        };
        let info = commit_info(&head, options);
        match load_version(repo, &commit, register_key, &content_dir, info.date) {
            Ok((register, pages, assets)) => versions.push(Version {
                tag,
                commit: info,
                snapshot: Snapshot::of(&register),
                register,
                pages,
                assets,
            }),
            Err(why) => skipped(diagnostics, &tag, &why),
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

fn skipped(diagnostics: &mut Vec<Diagnostic>, tag: &str, why: &VersionError) {
    let why = Chain(why);
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
) -> Result<(Register, Vec<Page>, Vec<Asset>), VersionError> {
    let unreadable = |source| VersionError::Register {
        path: register_key.to_string(),
        source,
    };
    let blob = match git::entry_at(commit, Path::new(register_key)).map_err(unreadable)? {
        git::EntryAt::File(blob) => blob,
        git::EntryAt::Missing => {
            return Err(VersionError::NoRegister(register_key.to_string()));
        }
        git::EntryAt::Other(what) => {
            return Err(VersionError::RegisterNotAFile {
                path: register_key.to_string(),
                what,
            });
        }
    };
    let bytes = git::blob_text(repo, &blob, MAX_REGISTER_BYTES).map_err(unreadable)?;
    let text = decode(bytes, load::REGISTER_FILE)?;
    let register = load::parse_register_text(&text).map_err(|d| first_problem(&d))?;
    let files = git::markdown_files(repo, commit, content_dir, MAX_PAGE_BYTES)
        .map_err(VersionError::Page)?;
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
        assets: version_assets(repo, commit, content_dir)?,
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
        register,
        pages,
        assets,
        ..
    } = site;
    register
        .map(|register| (register, pages, assets))
        .ok_or_else(|| VersionError::Invalid("its register does not parse".to_string()))
}

/// The images and PDFs at `commit`, with the same limits as the current
/// files: one over the size limit or an unsafe SVG is left out of the
/// archive.
fn version_assets(
    repo: &gix::Repository,
    commit: &gix::Commit<'_>,
    content_dir: &str,
) -> Result<Vec<Asset>, VersionError> {
    let files = git::content_files(
        repo,
        commit,
        content_dir,
        MAX_PAGE_BYTES,
        load::is_asset_type,
    )
    .map_err(VersionError::Asset)?;
    Ok(files
        .into_iter()
        .filter_map(|(path, bytes)| {
            let bytes = bytes.ok()?;
            let rel = path
                .strip_prefix(content_dir)
                .map(|p| format!("{CONTENT_DIR}{p}"))
                .unwrap_or(path);
            if !load::is_asset(&rel) {
                return None;
            }
            load::check_asset(&rel, &bytes).ok()?;
            Some(Asset { file: rel, bytes })
        })
        .collect())
}

fn decode(bytes: Vec<u8>, name: &str) -> Result<String, VersionError> {
    let text = String::from_utf8(bytes).map_err(|_| VersionError::NotUtf8(name.to_string()))?;
    Ok(text
        .strip_prefix('\u{feff}')
        .unwrap_or(&text)
        .replace("\r\n", "\n"))
}

/// The problem `d` as "file:line:column: message (code)".
fn first_problem(d: &Diagnostic) -> VersionError {
    let place = d
        .location
        .as_ref()
        .map(|l| format!("{}:{}:{}: ", l.file, l.line, l.column))
        .unwrap_or_default();
    VersionError::Invalid(format!("{place}{} ({})", d.message, d.code))
}
