//! Reviews on a process page: each record as it happened (who, of what,
//! when) and the one deadline for the process and its guidelines, with the
//! rule it comes from. A check by the register's maintainers is shown as
//! such, never as the owner's review.

use serde::Serialize;

use super::i18n::Strings;
use super::lang::Lang;
use super::views::{review_view, show_date, ReviewView};
use crate::model::{Date, Process, Register, Review, ReviewSubject, Reviewer};

/// One recorded review.
#[derive(Debug, Clone, Serialize)]
pub(super) struct RecordView {
    pub date: String,
    pub iso_date: String,
    /// Who, in the interface language ("owner", "register maintainers").
    pub who: String,
    /// The role's name (register data, Estonian) when a role reviewed.
    pub role: Option<String>,
    /// What was done.
    pub what: String,
    pub note: Option<String>,
}

/// The reviews of one process.
#[derive(Debug, Clone, Serialize)]
pub(super) struct ReviewsView {
    /// Newest first.
    pub records: Vec<RecordView>,
    /// Whether any owner review is recorded.
    pub owner_reviewed: bool,
    /// The deadline of the process and its guidelines together.
    pub review: Option<ReviewView>,
    /// The register's rule, e.g. "12 months after the last review".
    pub rule: String,
    /// Notes on how the deadline was found.
    pub notes: Vec<String>,
}

/// The review view of process `process`; `guidelines` is `Some(review
/// date)` when it has a guidelines page.
pub(super) fn reviews_view(
    register: &Register,
    process: &Process,
    guidelines: Option<Option<Date>>,
    today: Date,
    lang: Lang,
    t: &Strings,
) -> ReviewsView {
    let events = process.review_events(guidelines.flatten());
    let records = events
        .iter()
        .rev()
        .map(|e| {
            let (who, key) = match e.reviewer {
                Reviewer::Owner => (t.get("reviewer_owner"), "owner"),
                Reviewer::Maintainers => (t.get("reviewer_maintainers"), "maintainers"),
                Reviewer::OtherRole => (t.get("reviewer_other"), "owner"),
            };
            RecordView {
                date: show_date(e.date, lang),
                iso_date: e.date.iso(),
                who,
                role: (e.reviewer != Reviewer::Maintainers).then(|| {
                    register
                        .role(&e.by)
                        .map_or_else(|| e.by.clone(), |r| r.name.value.clone())
                }),
                what: t.get(&format!("review_{key}_{}", e.of.as_str())),
                note: e.note.clone(),
            }
        })
        .collect();
    let combined = Review::combined(process, &register.settings, today, guidelines);
    let mut notes = Vec::new();
    if let Some(review) = &combined {
        if review.basis != Reviewer::Owner {
            notes.push(t.get("due_from_check"));
        }
        if review.subject == ReviewSubject::Guidelines {
            notes.push(t.get("due_of_guidelines"));
        }
    }
    ReviewsView {
        owner_reviewed: events.iter().any(|e| e.reviewer == Reviewer::Owner),
        records,
        review: combined.map(|r| review_view(&r, lang, t)),
        rule: t.get("interval_rule").replace(
            "{months}",
            &process.interval_months(&register.settings).to_string(),
        ),
        notes,
    }
}
