//! The register as a table, one row per process: the columns shared by
//! `processes.csv` and `processes.xlsx`, so the two exports cannot drift.

use super::RenderOptions;
use crate::model::{Register, Review};

/// Column names, in order.
pub(super) const COLUMNS: [&str; 15] = [
    "id",
    "name",
    "goals",
    "outcomes",
    "owner",
    "owner_name",
    "owner_unit",
    "documentation_space",
    "documentation_page",
    "documentation_url",
    "last_owner_review",
    "review_counted_from",
    "review_counted_from_by",
    "review_due",
    "review_state",
];

/// One row per process, in register order; a list (goals, outcomes) is one
/// field with a line per item.
pub(super) fn process_rows(register: &Register, options: &RenderOptions) -> Vec<[String; 15]> {
    register
        .processes
        .iter()
        .map(|p| {
            let role = p.owner_id().and_then(|id| register.role(id));
            let doc = p.documentation.as_ref();
            let space = doc.and_then(|d| register.space(&d.space.value));
            let url = doc
                .and_then(|d| d.url.as_ref().map(|u| u.value.clone()))
                .or_else(|| space.and_then(|s| s.url.as_ref()).map(|u| u.value.clone()));
            let review = Review::of_process(p, &register.settings, options.today);
            let lines = |items: &[crate::model::Spanned<String>]| {
                items
                    .iter()
                    .map(|g| g.value.as_str())
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            [
                p.id.value.clone(),
                p.display_name().to_string(),
                lines(&p.goals),
                lines(&p.outcomes),
                p.owner_id().unwrap_or_default().to_string(),
                role.map(|r| r.name.value.clone()).unwrap_or_default(),
                role.map(|r| register.unit_path_label(&r.unit.value))
                    .unwrap_or_default(),
                space.map(|s| s.name.clone()).unwrap_or_default(),
                doc.and_then(|d| d.page.clone()).unwrap_or_default(),
                url.unwrap_or_default(),
                // Only the owner's review is a review; a maintainers' check
                // is where the deadline counts from, and is named as such.
                p.review_events(None)
                    .iter()
                    .rev()
                    .find(|e| e.reviewer == crate::model::Reviewer::Owner)
                    .map(|e| e.date.iso())
                    .unwrap_or_default(),
                review.map(|r| r.reviewed_on.iso()).unwrap_or_default(),
                review
                    .map(|r| r.basis.as_str().to_string())
                    .unwrap_or_default(),
                review.map(|r| r.due.iso()).unwrap_or_default(),
                review
                    .map(|r| r.state.as_str().to_string())
                    .unwrap_or_default(),
            ]
        })
        .collect()
}

/// `text`, with a leading `'` when a spreadsheet would otherwise take it
/// for a formula (`=`, `+`, `-`, `@`, tab, carriage return).
pub(super) fn defuse_formula(text: &str) -> String {
    let mut value = text.to_string();
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        value.insert(0, '\'');
    }
    value
}
