//! The change history on pages: per-process history, the site-wide
//! "Muudatuste ajalugu" page, the Atom feed and `api/changes.json`.

use serde::Serialize;
use serde_json::json;

use super::i18n::Strings;
use super::views::show_date;
use super::worddiff::{self, ChangeLine};
use super::{OutputFile, RenderOptions};
use crate::history::{Change, ChangeKind, FieldChange, History, ProcessChange};
use crate::model::{Date, Register};

/// One process's changes in one commit, as shown.
#[derive(Debug, Clone, Serialize)]
pub struct ProcessChangeView {
    pub id: String,
    pub name: String,
    /// Page of the process, when it still exists.
    pub url: Option<String>,
    pub lines: Vec<ChangeLine>,
}

/// A commit as shown.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeView {
    pub id: String,
    pub short_id: String,
    pub date: String,
    pub iso_date: String,
    pub author: Option<String>,
    pub summary: String,
    pub processes: Vec<ProcessChangeView>,
}

/// The sentences describing `change`'s fields in Estonian (for the feed).
pub fn change_lines(change: &ProcessChange, t: &Strings) -> Vec<String> {
    change
        .fields
        .iter()
        .map(|f| change_line(f, t, "et"))
        .collect()
}

/// The sentence describing one changed field in language `lang`; review
/// dates are written as the language writes dates.
pub fn change_line(f: &FieldChange, t: &Strings, lang: &str) -> String {
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
    lang: &str,
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
                    .map(|_| format!("processes/{}.html", pc.process)),
                lines: worddiff::change_lines(&pc.fields, t, lang),
            })
            .collect(),
    }
}

/// Every change, newest first.
pub fn site_changes(
    history: &History,
    register: &Register,
    lang: &str,
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
pub fn process_changes(
    history: &History,
    register: &Register,
    id: &str,
    lang: &str,
    t: &Strings,
) -> Vec<ChangeView> {
    history
        .of_process(id)
        .into_iter()
        .map(|(change, pc)| change_view(change, &[pc], register, lang, t))
        .collect()
}

/// `feed.xml`: an Atom feed of the change history, newest first.
pub fn atom_feed(
    history: &History,
    register: &Register,
    options: &RenderOptions,
    t: &Strings,
) -> OutputFile {
    let base = options.base_prefix();
    let org = &register.organisation.name;
    let title = format!(
        "{} — {}",
        register.organisation.short_name.as_deref().unwrap_or(org),
        t.get("changes_heading")
    );
    // The feed's time is that of its newest entry, so it is the same on
    // every build of the same history.
    let updated = history.changes.first().map_or_else(
        || "1970-01-01T00:00:00+00:00".to_string(),
        |c| c.commit.timestamp.clone(),
    );
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"et\">\n");
    out.push_str(&format!(
        "  <title>{}</title>\n",
        crate::escape::xml(&title)
    ));
    out.push_str(&format!(
        "  <id>{}</id>\n",
        crate::escape::xml(&if base.is_empty() {
            format!(
                "urn:procbook:{}",
                register
                    .organisation
                    .short_name
                    .as_deref()
                    .unwrap_or("register")
                    .to_lowercase()
            )
        } else {
            format!("{base}changes.html")
        })
    ));
    out.push_str(&format!("  <updated>{updated}</updated>\n"));
    out.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        crate::escape::xml(&format!("{base}changes.html"))
    ));
    out.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        crate::escape::xml(org)
    ));
    for change in history.changes.iter().take(100) {
        let mut text = String::new();
        for pc in &change.processes {
            text.push_str(&format!("{} ({}):\n", pc.name, pc.process));
            for line in change_lines(pc, t) {
                text.push_str(&format!("- {line}\n"));
            }
        }
        out.push_str("  <entry>\n");
        out.push_str(&format!("    <id>urn:git:{}</id>\n", change.commit.id));
        out.push_str(&format!(
            "    <title>{}</title>\n",
            crate::escape::xml(&change.commit.summary)
        ));
        out.push_str(&format!(
            "    <updated>{}</updated>\n",
            change.commit.timestamp
        ));
        if let Some(author) = &change.commit.author {
            out.push_str(&format!(
                "    <author><name>{}</name></author>\n",
                crate::escape::xml(author)
            ));
        }
        out.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            crate::escape::xml(&format!("{base}changes.html#c-{}", change.commit.short_id))
        ));
        out.push_str(&format!(
            "    <content type=\"text\">{}</content>\n",
            crate::escape::xml(&text)
        ));
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    OutputFile {
        path: "feed.xml".to_string(),
        bytes: out.into_bytes(),
    }
}

/// `api/changes.json`: the change history for other systems.
pub fn changes_json(history: &History) -> OutputFile {
    let changes: Vec<_> = history
        .changes
        .iter()
        .map(|c| {
            json!({
                "commit": c.commit.id,
                "time": c.commit.timestamp,
                "date": c.commit.date.iso(),
                "author": c.commit.author,
                "summary": c.commit.summary,
                "processes": c.processes.iter().map(|pc| json!({
                    "process": pc.process,
                    "previous_id": pc.previous_id,
                    "name": pc.name,
                    "changes": pc.fields,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let versions: Vec<_> = history
        .versions
        .iter()
        .map(|v| json!({ "tag": v.tag, "commit": v.commit.id, "date": v.commit.date.iso(), "url": format!("v/{}/index.html", v.tag) }))
        .collect();
    let doc = json!({ "format": "procbook-changes/1", "available": history.available, "changes": changes, "versions": versions });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    OutputFile {
        path: "api/changes.json".to_string(),
        bytes: text.into_bytes(),
    }
}
