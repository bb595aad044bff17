//! Annex 1 as signed, and what the register adds to it kept apart.
//!
//! The annex page shows the approval block, the label, the opening
//! sentences and the table word for word from the register's record of the
//! edition in force. Links may be put on the source's words, words may not
//! be added: everything the register or procbook adds (review states, "the
//! address is unknown", "the directive sets no outcome") goes into
//! [`RegisterNote`]s, which the page shows beside the annex, marked as the
//! register's, and leaves out of print.

use serde::Serialize;

use super::i18n::Strings;
use super::lang::Lang;
use super::paths;
use super::views::{directive_reference, ProcessView, ReviewView};
use crate::model::{Directive, Process, Register};

/// The annex of the edition in force, ready for the template.
#[derive(Debug, Clone, Serialize)]
pub(super) struct AnnexView {
    /// The approval block, one printed line each ("KINNITATUD", …).
    pub approval: Vec<String>,
    /// "LISA 1".
    pub label: Option<String>,
    /// The opening sentence.
    pub intro: Option<String>,
    /// Where the documentation is kept, as printed.
    pub note: Option<String>,
    /// The address printed under the note, in parentheses.
    pub note_url: Option<String>,
    /// The four column headers.
    pub columns: Vec<String>,
    /// Whether the headers are the source's words rather than the
    /// interface's (the register may not record them).
    pub columns_signed: bool,
    pub rows: Vec<AnnexRow>,
}

/// One row of the annex table.
#[derive(Debug, Clone, Serialize)]
pub(super) struct AnnexRow {
    pub id: String,
    pub name: String,
    /// The register's unofficial English name, on English pages only.
    pub name_en: Option<String>,
    pub url: String,
    pub goals: Vec<String>,
    pub outcomes: Vec<String>,
    pub owner: Option<AnnexOwner>,
    /// The documentation cell, as runs of text, some of them links.
    pub documentation: Vec<Segment>,
}

/// The owner cell: "unit path - role".
#[derive(Debug, Clone, Serialize)]
pub(super) struct AnnexOwner {
    pub id: String,
    /// The role on the owners page, from the language root.
    pub url: String,
    pub unit: String,
    pub role: String,
}

/// A run of text in a cell, linked when `url` is set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(super) struct Segment {
    pub text: String,
    pub url: Option<String>,
}

/// What the register (not the directive) says about one process.
#[derive(Debug, Clone, Serialize)]
pub(super) struct RegisterNote {
    pub id: String,
    pub name: String,
    pub url: String,
    pub review: Option<ReviewView>,
    /// Notices in the interface language, e.g. that an address is unknown.
    pub notes: Vec<String>,
}

/// Where a process's entry comes from, as a page says it.
#[derive(Debug, Clone, Serialize)]
pub(super) struct SourceView {
    pub directive_id: String,
    /// The edition's page, from the language root.
    pub directive_url: String,
    pub text: String,
}

/// "Source: directive …, annex, row N" for process `id`, when the edition
/// in force has an annex listing it.
pub(super) fn source_view(
    register: &Register,
    id: &str,
    lang: Lang,
    t: &Strings,
) -> Option<SourceView> {
    let source = register.source_of(id)?;
    let directive = register.directive_in_force()?;
    Some(SourceView {
        directive_url: paths::directive(&source.directive),
        directive_id: source.directive,
        text: t
            .get("source_line")
            .replace("{ref}", &directive_reference(directive, lang, t))
            .replace("{annex}", &source.annex)
            .replace("{row}", &source.annex_row.to_string()),
    })
}

/// Builds the annex of `register`'s edition in force; `views` are the
/// processes' views in the same order as `register.processes`.
pub(super) fn annex_view(
    register: &Register,
    views: &[ProcessView],
    lang: Lang,
    t: &Strings,
) -> AnnexView {
    let directive = register.directive_in_force();
    let annex = directive.and_then(|d| d.annex.as_ref());
    let signed_columns = annex
        .map(|a| a.columns.clone())
        .filter(|c| c.len() == 4 && lang == Lang::Et);
    AnnexView {
        approval: annex
            .and_then(|a| a.approval.as_deref())
            .map(|text| text.lines().map(|l| l.trim().to_string()).collect())
            .unwrap_or_default(),
        label: annex.map(|a| a.label.clone()),
        intro: annex.map(|a| a.intro.clone()),
        note: annex.and_then(|a| a.documentation_note.clone()),
        note_url: directive.and_then(|d| note_url(register, d)),
        columns_signed: signed_columns.is_some(),
        columns: signed_columns.unwrap_or_else(|| {
            [
                "col_process",
                "col_goal_outcome",
                "col_owner",
                "col_documentation",
            ]
            .iter()
            .map(|key| t.get(key))
            .collect()
        }),
        rows: register
            .processes
            .iter()
            .zip(views)
            .map(|(process, view)| annex_row(process, view, lang, t))
            .collect(),
    }
}

/// The address of the wiki space the annex's documentation note names.
fn note_url(register: &Register, directive: &Directive) -> Option<String> {
    let note = directive.annex.as_ref()?.documentation_note.as_deref()?;
    register
        .wiki_spaces
        .iter()
        .filter(|s| note.contains(&s.name))
        .find_map(|s| s.url.as_ref())
        .map(|u| u.value.clone())
        .filter(|u| crate::model::url_problem(u).is_none())
}

fn annex_row(process: &Process, view: &ProcessView, lang: Lang, t: &Strings) -> AnnexRow {
    AnnexRow {
        id: view.id.clone(),
        name: view.name.clone(),
        name_en: view.name_en.clone().filter(|_| lang != Lang::Et),
        url: view.url.clone(),
        goals: view.goals.clone(),
        outcomes: view.outcomes.clone(),
        owner: view.owner.as_ref().map(|o| AnnexOwner {
            id: o.id.clone(),
            url: o.url.clone(),
            unit: o.unit_label.clone(),
            role: o.name.clone(),
        }),
        documentation: documentation_cell(process, view, t),
    }
}

/// The documentation cell: the register's word-for-word text when it has
/// one, else the space and page joined by the interface's words; the space
/// and page names in it link to their addresses where these are known.
pub(super) fn documentation_cell(
    process: &Process,
    view: &ProcessView,
    t: &Strings,
) -> Vec<Segment> {
    let Some(doc) = &view.documentation else {
        return Vec::new();
    };
    let text = match process
        .documentation
        .as_ref()
        .and_then(|d| d.as_signed.as_ref())
    {
        Some(signed) => signed.value.clone(),
        None => {
            let mut text = format!("{} „{}“", t.get("wiki_space"), doc.space_name);
            if let Some(page) = &doc.page {
                text.push_str(&format!(" {} {page}", t.get("wiki_page").to_lowercase()));
            }
            text
        }
    };
    let mut links = vec![(doc.space_name.as_str(), doc.space_url.as_deref())];
    if let Some(page) = &doc.page {
        links.push((page.as_str(), doc.page_url.as_deref()));
    }
    // An address the cell prints links to itself.
    for url in [&doc.space_url, &doc.page_url].into_iter().flatten() {
        links.push((url.as_str(), Some(url.as_str())));
    }
    linkify(&text, &links)
}

/// Splits `text` into runs, linking the first occurrence of each name (in
/// order, each after the one before) that has an address.
pub(super) fn linkify(text: &str, links: &[(&str, Option<&str>)]) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut rest = text;
    for (name, url) in links {
        let (Some(url), false) = (url, name.is_empty()) else {
            continue;
        };
        let Some(at) = rest.find(name) else {
            continue;
        };
        if at > 0 {
            out.push(Segment {
                text: rest[..at].to_string(),
                url: None,
            });
        }
        out.push(Segment {
            text: name.to_string(),
            url: Some(url.to_string()),
        });
        rest = &rest[at + name.len()..];
    }
    if !rest.is_empty() {
        out.push(Segment {
            text: rest.to_string(),
            url: None,
        });
    }
    out
}

/// What the register adds to each process, for the section beside the annex.
pub(super) fn register_notes(views: &[ProcessView], t: &Strings) -> Vec<RegisterNote> {
    views
        .iter()
        .map(|view| {
            let mut notes = Vec::new();
            if view.outcomes.is_empty() {
                notes.push(format!(
                    "{}: {}",
                    t.get("outcome"),
                    t.get("outcome_missing")
                ));
            }
            if view.documentation.as_ref().is_some_and(|d| d.url.is_none()) {
                notes.push(t.get("no_url_note"));
            }
            RegisterNote {
                id: view.id.clone(),
                name: view.name.clone(),
                url: view.url.clone(),
                review: view.review.clone(),
                notes,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(text: &str, url: Option<&str>) -> Segment {
        Segment {
            text: text.to_string(),
            url: url.map(str::to_string),
        }
    }

    #[test]
    fn links_go_on_the_source_words_and_add_none() {
        let text = "Asukoht: Wiki ruum „Põhiprotsess“ alamleht Muudatusehalduse protsess";
        let runs = linkify(
            text,
            &[
                ("Põhiprotsess", Some("https://w/s")),
                ("Muudatusehalduse protsess", None),
            ],
        );
        assert_eq!(
            runs,
            vec![
                seg("Asukoht: Wiki ruum „", None),
                seg("Põhiprotsess", Some("https://w/s")),
                seg("“ alamleht Muudatusehalduse protsess", None),
            ]
        );
        let joined: String = runs.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(joined, text);
    }

    #[test]
    fn a_page_named_like_its_space_links_the_second_occurrence() {
        let text = "Wiki ruum „X“ alamleht X";
        let runs = linkify(text, &[("X", Some("s")), ("X", Some("p"))]);
        assert_eq!(
            runs,
            vec![
                seg("Wiki ruum „", None),
                seg("X", Some("s")),
                seg("“ alamleht ", None),
                seg("X", Some("p")),
            ]
        );
    }

    #[test]
    fn a_name_missing_from_the_text_changes_nothing() {
        let runs = linkify("Wiki ruum „A“", &[("B", Some("u"))]);
        assert_eq!(runs, vec![seg("Wiki ruum „A“", None)]);
    }
}
