//! When a process or its guidelines must next be reviewed (operative point 2
//! of the directive: owners keep processes and guidelines current).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

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
        }
    }

    /// The deadline of `process`, when it has a review date.
    pub(crate) fn of_process(
        process: &Process,
        settings: &Settings,
        today: Date,
    ) -> Option<Review> {
        let reviewed_on = process.reviewed_on.as_ref()?.value;
        Some(Review::compute(
            reviewed_on,
            process.interval_months(settings),
            settings.due_soon_days,
            today,
        ))
    }
}

impl Process {
    /// Months between reviews of this process.
    pub(crate) fn interval_months(&self, settings: &Settings) -> u32 {
        self.review_interval_months
            .unwrap_or(settings.review_interval_months)
    }
}
