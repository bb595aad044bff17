//! The change history on pages: per-process history and the site-wide
//! "Muudatuste ajalugu" page (the feed is in [`super::feed`], the JSON in
//! [`super::api`]).

use serde::Serialize;

use super::i18n::Strings;
use super::lang::Lang;
use super::paths;
use super::views::show_date;
use super::worddiff::{self, ChangeLine};
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

fn change_view(
    change: &Change,
    processes: &[&ProcessChange],
    register: &Register,
    lang: Lang,
    t: &Strings,
) -> ChangeView {
    ChangeView {
        id: change.commit.id.clone(),
        short_id: change.commit.short_id.clone(),
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

/// Every change, newest first.
pub(crate) fn site_changes(
    history: &History,
    register: &Register,
    lang: Lang,
    t: &Strings,
) -> Vec<ChangeView> {
    history
        .changes
        .iter()
        .map(|c| {
            change_view(
                c,
                &c.processes.iter().collect::<Vec<_>>(),
                register,
                lang,
                t,
            )
        })
        .collect()
}

/// The changes of process `id`, newest first, following renames.
pub(crate) fn process_changes(
    history: &History,
    register: &Register,
    id: &str,
    lang: Lang,
    t: &Strings,
) -> Vec<ChangeView> {
    history
        .of_process(id)
        .into_iter()
        .map(|(change, pc)| change_view(change, &[pc], register, lang, t))
        .collect()
}
