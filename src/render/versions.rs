//! Published versions (git tags) of the register: each is rendered as a
//! complete site under `v/<tag>/`, with a banner pointing at the current
//! one, and consecutive versions are compared on the change-history page.

use std::collections::HashSet;

use serde::Serialize;

use super::changes::change_lines;
use super::i18n::Strings;
use super::views::show_date;
use crate::history::diff::diff;
use crate::history::{History, Version};
use crate::load::{self, Asset, Page};
use crate::model::{Date, Register};

/// What an archived version's pages need to know about the others.
pub struct VersionContext {
    pub tag: String,
    pub date: Date,
    /// Every version's tag, oldest first.
    pub tags: Vec<String>,
    /// Pages of processes in the current register.
    current_pages: HashSet<String>,
}

impl VersionContext {
    /// The context of `history.versions[index]`, next to `current`.
    pub fn new(history: &History, index: usize, current: &Register) -> Self {
        let version = &history.versions[index];
        VersionContext {
            tag: version.tag.clone(),
            date: version.commit.date,
            tags: history.versions.iter().map(|v| v.tag.clone()).collect(),
            current_pages: current
                .processes
                .iter()
                .map(|p| format!("processes/{}.html", p.id.value))
                .collect(),
        }
    }

    /// Whether page `path` (from a language root) exists in the current site.
    pub fn exists_now(&self, path: &str) -> bool {
        !path.starts_with("processes/") || self.current_pages.contains(path)
    }
}

/// The register and pages of `version`; `None` when they no longer load
/// (the snapshot parsed, so this is only a safety net).
pub fn load(version: &Version) -> Option<(Register, Vec<Page>, Vec<Asset>)> {
    let register = load::parse_register_text(&version.register_source).ok()?;
    let pages = version
        .pages
        .iter()
        .filter_map(|(path, text)| load::parse_page_text(path, text).ok())
        .collect();
    // The same limits as for the current files: an image over the limit
    // or an unsafe SVG is left out of the archive too.
    let assets = version
        .assets
        .iter()
        .filter(|(path, bytes)| {
            load::is_asset(path)
                && bytes.len() as u64 <= load::MAX_PAGE_BYTES
                && load::check_asset(path, bytes).is_ok()
        })
        .map(|(path, bytes)| Asset {
            file: path.clone(),
            bytes: bytes.clone(),
        })
        .collect();
    Some((register, pages, assets))
}

/// The page of the last version under which directive `id` was in force.
pub fn in_force_under(history: &History, id: &str) -> Option<String> {
    history
        .versions
        .iter()
        .rev()
        .find(|v| v.snapshot.directive_in_force.as_deref() == Some(id))
        .map(|v| format!("v/{}/index.html", v.tag))
}

/// One comparison of consecutive versions.
#[derive(Debug, Serialize)]
pub struct Comparison {
    pub from: String,
    pub to: String,
    pub from_date: String,
    pub to_date: String,
    pub processes: Vec<ComparedProcess>,
}

/// A process that differs between two versions.
#[derive(Debug, Serialize)]
pub struct ComparedProcess {
    pub id: String,
    pub name: String,
    pub lines: Vec<String>,
}

/// What changed between each version and the one before, newest first.
pub fn comparisons(history: &History, lang: &str, t: &Strings) -> Vec<Comparison> {
    let mut out: Vec<Comparison> = history
        .versions
        .windows(2)
        .map(|pair| {
            let (old, new) = (&pair[0], &pair[1]);
            Comparison {
                from: old.tag.clone(),
                to: new.tag.clone(),
                from_date: show_date(old.commit.date, lang),
                to_date: show_date(new.commit.date, lang),
                processes: diff(&old.snapshot, &new.snapshot)
                    .iter()
                    .map(|pc| ComparedProcess {
                        id: pc.process.clone(),
                        name: pc.name.clone(),
                        lines: change_lines(pc, t),
                    })
                    .collect(),
            }
        })
        .collect();
    out.reverse();
    out
}
