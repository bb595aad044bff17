//! The change history on pages: per-process history and the site-wide
//! "Muudatuste ajalugu": `changes.html` with the newest changes and the
//! archive, one page per month (see [`crate::history::archive`]), with
//! newer/older links. The feed is in [`super::feed`], the JSON in
//! [`super::api`].

use std::ops::Deref;

use serde::Serialize;

use super::i18n::Strings;
use super::lang::Lang;
use super::paths;
use super::views::show_date;
use super::worddiff::{self, ChangeLine};
use crate::history::archive::{ArchivePage, PAGE_SIZE};
use crate::history::{Change, ChangeKind, FieldChange, History, ProcessChange};
use crate::model::{Date, Register};

/// One process's changes in one commit, as shown.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ProcessChangeView {
    pub id: String,
    pub name: String,
    /// Page of the process, when it still exists.
    pub url: Option<String>,
    pub lines: Vec<ChangeLine>,
}

/// A commit as shown.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ChangeView {
    pub id: String,
    pub short_id: String,
    /// Its lasting place: the entry on its archive page (from the language
    /// root).
    pub url: String,
    pub date: String,
    pub iso_date: String,
    pub author: Option<String>,
    pub summary: String,
    pub processes: Vec<ProcessChangeView>,
}

/// The sentences describing `change`'s fields in Estonian (for the feed).
pub(crate) fn change_lines(change: &ProcessChange, t: &Strings) -> Vec<String> {
    change
        .fields
        .iter()
        .map(|f| change_line(f, t, Lang::Et))
        .collect()
}

/// The sentence describing one changed field in language `lang`; review
/// dates are written as the language writes dates.
pub fn change_line(f: &FieldChange, t: &Strings, lang: Lang) -> String {
    let value = |v: &Option<String>| match (f.kind, v.as_deref()) {
        (_, None) => "—".to_string(),
        (ChangeKind::Reviewed, Some(v)) => {
            Date::parse(v).map_or_else(|| v.to_string(), |d| show_date(d, lang))
        }
        (_, Some(v)) => v.to_string(),
    };
    // An owner review recorded for the first time, or a record withdrawn.
    let key = match (f.kind, &f.from, &f.to) {
        (ChangeKind::Reviewed, None, Some(_)) => "change_reviewed_first".to_string(),
        (ChangeKind::Reviewed, Some(_), None) => "change_reviewed_removed".to_string(),
        _ => format!("change_{}", f.kind.as_str()),
    };
    t.get(&key)
        .replace("{from}", &value(&f.from))
        .replace("{to}", &value(&f.to))
}

/// The most changes a process page shows; the rest are in the archive.
pub(crate) const PROCESS_PAGE_CHANGES: usize = 20;

/// The address of archive page `page` (from the language root).
pub(crate) fn page_path(page: &ArchivePage) -> String {
    paths::changes_page(&page.slug())
}

/// The lasting address of change `index` of `history`: the entry on its
/// archive page (from the language root).
pub(crate) fn change_url(history: &History, index: usize) -> String {
    let archive = history.archive();
    let page = &archive.pages[archive.page_of[index]];
    paths::change(&page_path(page), &history.changes[index].commit.short_id)
}

fn change_view(
    history: &History,
    index: usize,
    processes: &[&ProcessChange],
    register: &Register,
    lang: Lang,
    t: &Strings,
) -> ChangeView {
    let change = &history.changes[index];
    ChangeView {
        id: change.commit.id.clone(),
        short_id: change.commit.short_id.clone(),
        url: change_url(history, index),
        date: show_date(change.commit.date, lang),
        iso_date: change.commit.date.iso(),
        author: change.commit.author.clone(),
        summary: change.commit.summary.clone(),
        processes: processes
            .iter()
            .map(|pc| ProcessChangeView {
                id: pc.process.clone(),
                name: pc.name.clone(),
                url: register
                    .process(&pc.process)
                    .map(|_| paths::process(&pc.process)),
                lines: worddiff::change_lines(&pc.fields, t, lang),
            })
            .collect(),
    }
}

/// The changes at `indices` of `history`, as shown.
fn views(
    history: &History,
    indices: impl Iterator<Item = usize>,
    register: &Register,
    lang: Lang,
    t: &Strings,
) -> Vec<ChangeView> {
    indices
        .map(|i| {
            let change: &Change = &history.changes[i];
            let all: Vec<&ProcessChange> = change.processes.iter().collect();
            change_view(history, i, &all, register, lang, t)
        })
        .collect()
}

/// A link to another page of the history.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PageLink {
    /// From the language root.
    pub url: String,
    pub label: String,
}

/// One page of the change history as shown: `changes.html` or an archive
/// page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ChangesPage {
    /// The page's address (from the language root).
    pub path: String,
    /// What the page holds, as its heading says it: "" on `changes.html`,
    /// the month (and part) on an archive page.
    pub title: String,
    pub changes: Vec<ChangeView>,
    /// How many changes the history has in all.
    pub total: usize,
    /// The page of newer changes (`changes.html` has none).
    pub newer: Option<PageLink>,
    /// The page of older changes, when there are any not shown here.
    pub older: Option<PageLink>,
}

/// `month` of `year` as the language names it ("november 2026").
fn month_name(year: i32, month: u32, t: &Strings) -> String {
    let names = t.get("month_names");
    let name = names
        .split_whitespace()
        .nth(month.saturating_sub(1) as usize)
        .map_or_else(|| format!("{month:02}"), str::to_string);
    format!("{name} {year}")
}

/// What archive page `page` holds, in words: its month, and its part when
/// the month has several.
fn page_title(page: &ArchivePage, t: &Strings) -> String {
    let month = month_name(page.year, page.month, t);
    match page.part {
        1 => month,
        part => t
            .get("changes_part")
            .replace("{month}", &month)
            .replace("{part}", &part.to_string()),
    }
}

fn link_to(page: &ArchivePage, t: &Strings) -> PageLink {
    PageLink {
        url: page_path(page),
        label: page_title(page, t),
    }
}

/// `changes.html`: the newest [`PAGE_SIZE`] changes, with a link to the
/// archive page holding the next older one.
pub(crate) fn newest_page(
    history: &History,
    register: &Register,
    lang: Lang,
    t: &Strings,
) -> ChangesPage {
    let archive = history.archive();
    let shown = history.changes.len().min(PAGE_SIZE);
    ChangesPage {
        path: paths::CHANGES.to_string(),
        title: String::new(),
        changes: views(history, 0..shown, register, lang, t),
        total: history.changes.len(),
        newer: None,
        older: (shown < history.changes.len())
            .then(|| link_to(&archive.pages[archive.page_of[shown]], t)),
    }
}

/// Where page `n` of the archive is, from a language root.
pub(crate) fn archive_path(history: &History, n: usize) -> String {
    page_path(&history.archive().pages[n])
}

/// Archive page `n` (in [`crate::history::archive::Archive::pages`]), with
/// links to its newer and older neighbours.
pub(crate) fn archive_page(
    history: &History,
    n: usize,
    register: &Register,
    lang: Lang,
    t: &Strings,
) -> ChangesPage {
    let pages = &history.archive().pages;
    let page = &pages[n];
    ChangesPage {
        path: page_path(page),
        title: page_title(page, t),
        changes: views(history, page.entries.iter().copied(), register, lang, t),
        total: history.changes.len(),
        newer: n.checked_sub(1).map(|m| link_to(&pages[m], t)),
        older: pages.get(n + 1).map(|p| link_to(p, t)),
    }
}

/// The archive's pages for the list of months on `changes.html`, newest
/// first, each with how many changes it holds.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ArchiveEntry {
    pub url: String,
    pub label: String,
    pub count: usize,
}

/// Every archive page, newest first.
pub(crate) fn archive_list(history: &History, t: &Strings) -> Vec<ArchiveEntry> {
    history
        .archive()
        .pages
        .iter()
        .map(|page| {
            let PageLink { url, label } = link_to(page, t);
            ArchiveEntry {
                url,
                label,
                count: page.entries.len(),
            }
        })
        .collect()
}

/// The history of one process as its page shows it: the newest
/// [`PROCESS_PAGE_CHANGES`] changes (it reads as that list), and where the
/// rest continue.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ProcessHistory {
    pub shown: Vec<ChangeView>,
    /// How many changes the process has in all.
    pub total: usize,
    /// The archive entry of the newest change not shown, when some are not.
    pub more_url: Option<String>,
}

impl Deref for ProcessHistory {
    type Target = [ChangeView];

    fn deref(&self) -> &[ChangeView] {
        &self.shown
    }
}

/// The changes of process `id`, newest first, following renames; at most
/// [`PROCESS_PAGE_CHANGES`] of them, with a link to the rest.
pub(crate) fn process_changes(
    history: &History,
    register: &Register,
    id: &str,
    lang: Lang,
    t: &Strings,
) -> ProcessHistory {
    let all = history.of_process(id);
    let shown = all
        .iter()
        .take(PROCESS_PAGE_CHANGES)
        .map(|&(index, pc)| change_view(history, index, &[pc], register, lang, t))
        .collect();
    ProcessHistory {
        shown,
        total: all.len(),
        more_url: all
            .get(PROCESS_PAGE_CHANGES)
            .map(|&(index, _)| change_url(history, index)),
    }
}
