//! Published versions (git tags) of the register: each is rendered as a
//! complete site under `v/<tag>/`, with a banner pointing at the current
//! one, and consecutive versions are compared on the change-history page.

use std::collections::HashSet;

use serde::Serialize;

use super::i18n::Strings;
use super::lang::Lang;
use super::paths;
use super::views::show_date;
use super::worddiff::{change_lines, ChangeLine};
use crate::history::diff::diff;
use crate::history::History;
use crate::model::{Date, Register};

/// What an archived version's pages need to know about the others.
pub struct VersionContext {
    pub tag: String,
    pub date: Date,
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
            current_pages: current
                .processes
                .iter()
                .map(|p| paths::process(&p.id.value))
                .collect(),
        }
    }

    /// Whether page `path` (from a language root) exists in the current site.
    pub fn exists_now(&self, path: &str) -> bool {
        !paths::is_process(path) || self.current_pages.contains(path)
    }
}

/// The page of the last version under which directive `id` was in force.
pub fn in_force_under(history: &History, id: &str) -> Option<String> {
    history
        .versions
        .iter()
        .rev()
        .find(|v| v.snapshot.directive_in_force.as_deref() == Some(id))
        .map(|v| paths::version_home(&v.tag))
}

/// One comparison of consecutive versions.
#[derive(Debug, Serialize)]
pub struct Comparison {
    pub from: String,
    pub to: String,
    /// The home pages of the two versions, from the site root.
    pub from_url: String,
    pub to_url: String,
    pub from_date: String,
    pub to_date: String,
    pub processes: Vec<ComparedProcess>,
}

/// A process that differs between two versions.
#[derive(Debug, Serialize)]
pub struct ComparedProcess {
    pub id: String,
    pub name: String,
    pub lines: Vec<ChangeLine>,
}

/// What changed between each version and the one before, newest first.
pub fn comparisons(history: &History, lang: Lang, t: &Strings) -> Vec<Comparison> {
    let mut out: Vec<Comparison> = history
        .versions
        .windows(2)
        .map(|pair| {
            let (old, new) = (&pair[0], &pair[1]);
            Comparison {
                from: old.tag.clone(),
                to: new.tag.clone(),
                from_url: paths::version_home(&old.tag),
                to_url: paths::version_home(&new.tag),
                from_date: show_date(old.commit.date, lang),
                to_date: show_date(new.commit.date, lang),
                processes: diff(&old.snapshot, &new.snapshot)
                    .iter()
                    .map(|pc| ComparedProcess {
                        id: pc.process.clone(),
                        name: pc.name.clone(),
                        lines: change_lines(&pc.fields, t, lang),
                    })
                    .collect(),
            }
        })
        .collect();
    out.reverse();
    out
}

/// A published version as the list of versions shows it.
#[derive(Debug, Serialize)]
pub struct Listed {
    pub tag: String,
    /// Its home page in this language, from the site root.
    pub path: String,
    pub date: String,
    pub iso_date: String,
}

/// Every published version, newest first, for the one page that lists
/// them all.
pub fn listing(history: &History, lang: Lang) -> Vec<Listed> {
    history
        .versions
        .iter()
        .rev()
        .map(|v| Listed {
            tag: v.tag.clone(),
            path: format!("{}{}{}", paths::version(&v.tag), lang.prefix(), paths::HOME),
            date: show_date(v.commit.date, lang),
            iso_date: v.commit.date.iso(),
        })
        .collect()
}
