//! When a process or its guidelines must next be reviewed. Operative point
//! 2 obliges owners to keep processes and guidelines current; the interval
//! between reviews is the register's rule (the directive sets no deadline).
//! What counts as a review is in [`super::reviews`].

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::reviews::{ReviewSubject, Reviewer};
use super::{Date, Process, Settings};

/// Where a review deadline stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReviewState {
    /// Reviewed, and the deadline is more than `due_soon_days` away.
    Current,
    /// The deadline is within `due_soon_days`.
    DueSoon,
    /// The deadline has passed.
    Overdue,
    /// The review date lies in the future, which cannot be right.
    Future,
}

impl ReviewState {
    /// Stable lowercase name, used in exports and CSS classes.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            ReviewState::Current => "current",
            ReviewState::DueSoon => "due_soon",
            ReviewState::Overdue => "overdue",
            ReviewState::Future => "future",
        }
    }
}

/// A review deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Review {
    /// Last review.
    pub reviewed_on: Date,
    /// Next review due by this day (inclusive).
    pub due: Date,
    /// Where it stands.
    pub state: ReviewState,
    /// Whose review the deadline counts from: the owner's, or (before any
    /// owner review) the maintainers' record of the entry.
    pub basis: Reviewer,
    /// Whether the deadline is the entry's or the guidelines'.
    pub subject: ReviewSubject,
}

impl Review {
    /// The deadline for something reviewed on `reviewed_on` every
    /// `interval_months`, as seen on `today`.
    pub(crate) fn compute(
        reviewed_on: Date,
        interval_months: u32,
        due_soon_days: u32,
        today: Date,
    ) -> Review {
        let due = reviewed_on.add_months(interval_months);
        let state = if reviewed_on > today {
            ReviewState::Future
        } else if due < today {
            ReviewState::Overdue
        } else if today.days_until(due) <= i64::from(due_soon_days) {
            ReviewState::DueSoon
        } else {
            ReviewState::Current
        };
        Review {
            reviewed_on,
            due,
            state,
            basis: Reviewer::Owner,
            subject: ReviewSubject::Entry,
        }
    }

    /// The deadline of `process`'s entry, when any review is recorded.
    pub fn of_process(process: &Process, settings: &Settings, today: Date) -> Option<Review> {
        Review::of_subject(process, settings, today, ReviewSubject::Entry, None)
    }

    /// The deadline of one part of `process`; `guidelines` is the review
    /// date of its guidelines page.
    pub fn of_subject(
        process: &Process,
        settings: &Settings,
        today: Date,
        subject: ReviewSubject,
        guidelines: Option<Date>,
    ) -> Option<Review> {
        let anchor = process.review_anchor(subject, guidelines)?;
        let mut review = Review::compute(
            anchor.date,
            process.interval_months(settings),
            settings.due_soon_days,
            today,
        );
        review.basis = anchor.reviewer;
        review.subject = subject;
        Some(review)
    }

    /// One deadline for the process and its guidelines together, so an
    /// owner sees one list: the earlier of the two. `guidelines` is
    /// `Some(review date)` when the process has a guidelines page.
    pub fn combined(
        process: &Process,
        settings: &Settings,
        today: Date,
        guidelines: Option<Option<Date>>,
    ) -> Option<Review> {
        let entry = Review::of_process(process, settings, today);
        let Some(page) = guidelines else {
            return entry;
        };
        let of_guidelines =
            Review::of_subject(process, settings, today, ReviewSubject::Guidelines, page);
        match (entry, of_guidelines) {
            (Some(e), Some(g)) if g.due < e.due => Some(g),
            (Some(e), _) => Some(e),
            (None, g) => g,
        }
    }
}

impl Process {
    /// Months between reviews of this process.
    pub(crate) fn interval_months(&self, settings: &Settings) -> u32 {
        self.review_interval_months
            .unwrap_or(settings.review_interval_months)
    }
}
