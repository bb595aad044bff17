//! The review overview (`overview.html`): for each owner their processes
//! and guidelines with state and deadline, most urgent first; a chart of
//! current / due soon / overdue overall and per owner; a timeline of the
//! deadlines. The ownership map is on the owners page
//! ([`super::ownership`]). The pictures are SVG drawn here ([`super::svg`]); the page gives the same
//! facts as text.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::i18n::Strings;
use super::lang::Lang;
use super::paths;
use super::svg::{self, Bar, Mark};
use super::views::show_date;
use crate::agenda::{urgency_rank, Agenda, Counts, Subject};
use crate::model::{Register, ReviewState};

/// At most this many deadlines on the timeline.
const TIMELINE_MARKS: usize = 60;

/// What the template shows.
#[derive(Serialize)]
pub(super) struct OverviewView {
    /// Counts over the whole register.
    pub counts: Counts,
    /// Owners with something to review, most urgent first.
    pub owners: Vec<OwnerView>,
    /// The status chart (SVG).
    pub chart: String,
    /// The timeline (SVG).
    pub timeline: String,
    /// How many later deadlines the timeline leaves out.
    pub timeline_more: usize,
}

/// One owner's deadlines.
#[derive(Serialize)]
pub(super) struct OwnerView {
    pub id: String,
    pub name: String,
    pub unit: String,
    /// The role's calendar feed, from the site root.
    pub calendar_url: String,
    pub counts: Counts,
    pub items: Vec<ItemView>,
}

/// One deadline.
#[derive(Serialize)]
pub(super) struct ItemView {
    pub name: String,
    pub url: String,
    pub guidelines: bool,
    pub due: String,
    pub state: &'static str,
    pub state_label: String,
}

/// 0 current, 1 due soon, 2 overdue (a review date in the future counts
/// as overdue: it needs someone to act).
fn state_index(state: ReviewState) -> usize {
    match state {
        ReviewState::Current => 0,
        ReviewState::DueSoon => 1,
        ReviewState::Overdue | ReviewState::Future => 2,
    }
}

fn bar_counts(counts: &Counts) -> [usize; 3] {
    [
        counts.current,
        counts.due_soon,
        counts.overdue + counts.future,
    ]
}

/// The overview of `register` as seen on the agenda's day, in `lang`.
pub(super) fn view(register: &Register, agenda: &Agenda, lang: Lang, t: &Strings) -> OverviewView {
    let mut owners = Vec::new();
    for (owner, items) in agenda.by_owner() {
        let role = register.role(owner);
        owners.push(OwnerView {
            id: owner.to_string(),
            name: role.map_or(owner.to_string(), |r| r.name.value.clone()),
            unit: role.map_or(String::new(), |r| register.unit_path_label(&r.unit.value)),
            calendar_url: paths::role_calendar(owner),
            counts: Counts::of(items.iter().copied()),
            items: items
                .iter()
                .map(|i| ItemView {
                    name: i.process.display_name().to_string(),
                    url: paths::process(&i.process.id.value),
                    guidelines: matches!(i.subject, Subject::Guidelines(_)),
                    due: show_date(i.review.due, lang),
                    state: i.review.state.as_str(),
                    state_label: t.get(&format!("state_{}", i.review.state.as_str())),
                })
                .collect(),
        });
    }
    let counts = agenda.counts();
    let all = t.get("overview_all");
    let mut bars = vec![Bar {
        label: &all,
        lang: None,
        counts: bar_counts(&counts),
    }];
    bars.extend(owners.iter().map(|o| Bar {
        label: &o.name,
        lang: (lang != Lang::Et).then_some("et"),
        counts: bar_counts(&o.counts),
    }));
    let chart = svg::status_chart(&bars, &t.get("overview_chart_label"));

    let mut by_date: Vec<_> = agenda.items.iter().collect();
    by_date.sort_by(|a, b| {
        (
            a.review.due,
            urgency_rank(a.review.state),
            &a.process.id.value,
            a.subject,
        )
            .cmp(&(
                b.review.due,
                urgency_rank(b.review.state),
                &b.process.id.value,
                b.subject,
            ))
    });
    let texts: Vec<(String, String, usize)> = by_date
        .iter()
        .map(|i| {
            let mut text = i.process.display_name().to_string();
            if let Subject::Guidelines(_) = i.subject {
                let _ = write!(text, " ({})", t.get("overview_guidelines"));
            }
            (
                show_date(i.review.due, lang),
                text,
                state_index(i.review.state),
            )
        })
        .collect();
    // The earliest deadlines (overdue ones come first by date); a register
    // of thousands lists the rest by owner above.
    let timeline_more = texts.len().saturating_sub(TIMELINE_MARKS);
    let marks: Vec<Mark> = texts
        .iter()
        .take(TIMELINE_MARKS)
        .map(|(date, text, state)| Mark {
            date,
            text,
            state: *state,
        })
        .collect();
    let timeline = svg::timeline(&marks, &t.get("overview_timeline_label"));

    OverviewView {
        counts,
        owners,
        chart,
        timeline,
        timeline_more,
    }
}

/// The review state of each process, by its page's path: the class name
/// and the words for it.
pub(super) fn states(agenda: &Agenda, t: &Strings) -> BTreeMap<String, (&'static str, String)> {
    agenda
        .items
        .iter()
        .filter(|i| i.subject == Subject::Process)
        .map(|i| {
            let state = i.review.state.as_str();
            (
                paths::process(&i.process.id.value),
                (state, t.get(&format!("state_{state}"))),
            )
        })
        .collect()
}
