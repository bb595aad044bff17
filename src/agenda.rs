//! What each owner must review and by when: one deadline per process, for
//! its entry and its guidelines together, as seen on a day.
//!
//! One list feeds `procbook due`, the calendar feeds and the overview page,
//! so they cannot disagree. It reads the loaded register and pages only;
//! how the list is shown is the caller's business.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{Date, Page, Process, Register, Review, ReviewState, ReviewSubject, Role};

/// What is to be reviewed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Subject<'a> {
    /// The process's entry in the register.
    Process,
    /// The guidelines page of the process, by file.
    Guidelines(&'a str),
}

/// One deadline.
#[derive(Debug, Clone)]
pub(crate) struct Item<'a> {
    /// Role id of the owner.
    pub owner: &'a str,
    /// The process it belongs to.
    pub process: &'a Process,
    /// The process entry itself or its guidelines.
    pub subject: Subject<'a>,
    /// The deadline and where it stands.
    pub review: Review,
}

impl Item<'_> {
    /// Sort key: most urgent first (overdue, then due soon, then a review
    /// date in the future, which is wrong data, then current), earliest
    /// deadline first within a state.
    fn urgency(&self) -> (u8, Date, &str, Subject<'_>) {
        (
            urgency_rank(self.review.state),
            self.review.due,
            &self.process.id.value,
            self.subject,
        )
    }
}

/// 0 for the most urgent state.
pub(crate) fn urgency_rank(state: ReviewState) -> u8 {
    match state {
        ReviewState::Overdue => 0,
        ReviewState::DueSoon => 1,
        ReviewState::Future => 2,
        ReviewState::Current => 3,
    }
}

/// How many deadlines are in each state.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) struct Counts {
    /// Past their deadline.
    pub overdue: usize,
    /// Within `due_soon_days` of it.
    pub due_soon: usize,
    /// Further away.
    pub current: usize,
    /// With a review date after the day (wrong data).
    pub future: usize,
}

impl Counts {
    /// Counts the states of `items`.
    pub(crate) fn of<'a>(items: impl IntoIterator<Item = &'a Item<'a>>) -> Counts {
        let mut counts = Counts::default();
        for item in items {
            match item.review.state {
                ReviewState::Overdue => counts.overdue += 1,
                ReviewState::DueSoon => counts.due_soon += 1,
                ReviewState::Current => counts.current += 1,
                ReviewState::Future => counts.future += 1,
            }
        }
        counts
    }
}

/// Every deadline of a register on one day, most urgent first.
#[derive(Debug, Clone)]
pub(crate) struct Agenda<'a> {
    /// The day the states are for.
    pub today: Date,
    /// The deadlines, most urgent first.
    pub items: Vec<Item<'a>>,
}

impl<'a> Agenda<'a> {
    /// One deadline for every owned process with a recorded review: the
    /// earlier of its entry's and its guidelines' (point 2 of the
    /// directive covers both, and an owner sees one list). A process
    /// without an owner or a review has no deadline (`check` says why).
    pub(crate) fn of(register: &'a Register, pages: &'a [Page], today: Date) -> Agenda<'a> {
        // The page whose review stands for the process's guidelines.
        let guidelines = crate::model::guideline_pages(pages);
        let settings = &register.settings;
        let mut items = Vec::new();
        for process in &register.processes {
            let Some(owner) = process.owner_id() else {
                continue;
            };
            let page = guidelines.get(process.id.value.as_str()).copied();
            let reviewed = page.map(|p| p.reviewed_on.map(|(d, _, _)| d));
            let Some(review) = Review::combined(process, settings, today, reviewed) else {
                continue;
            };
            let subject = match (review.subject, page) {
                (ReviewSubject::Guidelines, Some(page)) => Subject::Guidelines(&page.file),
                _ => Subject::Process,
            };
            items.push(Item {
                owner,
                process,
                subject,
                review,
            });
        }
        items.sort_by(|a, b| a.urgency().cmp(&b.urgency()));
        Agenda { today, items }
    }

    /// Only the deadlines of the owner with role id `owner`.
    pub(crate) fn for_owner(mut self, owner: &str) -> Agenda<'a> {
        self.items.retain(|i| i.owner == owner);
        self
    }

    /// How many deadlines are in each state.
    pub(crate) fn counts(&self) -> Counts {
        Counts::of(&self.items)
    }

    /// The deadlines grouped by owner (role id): owners with the most
    /// urgent deadline first, then by role id; each group most urgent
    /// first.
    pub(crate) fn by_owner(&self) -> Vec<(&'a str, Vec<&Item<'a>>)> {
        let mut groups: BTreeMap<&str, Vec<&Item<'a>>> = BTreeMap::new();
        for item in &self.items {
            groups.entry(item.owner).or_default().push(item);
        }
        let mut groups: Vec<_> = groups.into_iter().collect();
        groups.sort_by(|(a_owner, a), (b_owner, b)| {
            (a[0].urgency().0, a[0].review.due, a_owner).cmp(&(
                b[0].urgency().0,
                b[0].review.due,
                b_owner,
            ))
        });
        groups
    }
}

/// Finds the role `query` names: its id, or its name as the site shows it
/// (ignoring case and surrounding space). `Err` carries the nearest id or
/// name for a "did you mean", when one is close.
pub(crate) fn find_role<'a>(
    register: &'a Register,
    query: &str,
) -> Result<&'a Role, Option<String>> {
    let wanted = query.trim();
    let folded = wanted.to_lowercase();
    if let Some(role) = register.role(wanted) {
        return Ok(role);
    }
    if let Some(role) = register
        .roles
        .iter()
        .find(|r| r.name.value.trim().to_lowercase() == folded)
    {
        return Ok(role);
    }
    let best = register
        .roles
        .iter()
        .flat_map(|r| [r.id.value.as_str(), r.name.value.as_str()])
        .map(|c| (strsim::jaro_winkler(&folded, &c.to_lowercase()), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c.to_string());
    Err(best)
}
