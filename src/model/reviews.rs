//! Review records as they happened: when, by which role, of what.
//!
//! Operative point 2 obliges owners to keep their processes and the
//! guidelines that belong to them current. The register records each review
//! under the process's `reviews:`; a record says who did it (a role id, or
//! `maintainers` for the register's maintainers checking the entry against
//! the directive, which is no owner's review) and what was reviewed (the
//! process's entry in the register, or its guidelines).
//!
//! The review interval is the register's rule, not the directive's (the
//! directive sets no deadline): the next review is due that many months
//! after the last owner review; before any, after the register's first
//! record of the entry, so a new entry is not overdue on its first day.
//!
//! Two shorthands stay valid: `reviewed_on:` on a process is an owner's
//! review of the entry, `reviewed_on:` in a guidelines page's front matter
//! an owner's review of the guidelines.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Date, Process, Spanned};

/// `by:` for the register's maintainers.
pub const MAINTAINERS: &str = "maintainers";

/// What a review covered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReviewSubject {
    /// The process as the register has it: name, goals, outcomes, owner,
    /// documentation.
    #[default]
    Entry,
    /// The process's guidelines (its page under `content/processes/`).
    Guidelines,
}

impl ReviewSubject {
    /// Stable lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewSubject::Entry => "entry",
            ReviewSubject::Guidelines => "guidelines",
        }
    }
}

/// One review, as recorded.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewRecord {
    /// The day of the review (YYYY-MM-DD).
    #[schemars(with = "Date")]
    pub date: Spanned<Date>,
    /// Who reviewed: a role id (the owner's, for an owner's review), or
    /// `maintainers` for the register's maintainers checking the entry
    /// against the directive.
    #[schemars(with = "String")]
    pub by: Spanned<String>,
    /// What was reviewed: `entry` (default) or `guidelines`.
    #[serde(default)]
    pub of: ReviewSubject,
    /// What was done, in a few words.
    pub note: Option<String>,
}

/// Who did a review, as far as deadlines are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Reviewer {
    /// The process's owner.
    Owner,
    /// The register's maintainers (a check against the source).
    Maintainers,
    /// Another role: recorded, but no owner's review.
    OtherRole,
}

impl Reviewer {
    /// Stable snake_case name, as exported.
    pub fn as_str(self) -> &'static str {
        match self {
            Reviewer::Owner => "owner",
            Reviewer::Maintainers => "maintainers",
            Reviewer::OtherRole => "other_role",
        }
    }
}

/// A review of a process, from `reviews:` or a `reviewed_on:` shorthand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewEvent {
    /// The day of the review.
    pub date: Date,
    /// Role id, or `maintainers`.
    pub by: String,
    /// Whose review it is, as far as deadlines are concerned.
    pub reviewer: Reviewer,
    /// What was reviewed.
    pub of: ReviewSubject,
    /// What was done, in a few words.
    pub note: Option<String>,
    /// Line and column of the date in `processes.yaml` (0 when it comes
    /// from a guidelines page).
    #[serde(skip)]
    pub at: (u64, u64),
}

impl Process {
    /// Every recorded review of the process, oldest first; `guidelines` is
    /// the `reviewed_on` of its guidelines page, when it has one.
    pub fn review_events(&self, guidelines: Option<Date>) -> Vec<ReviewEvent> {
        let owner = self.owner_id().unwrap_or_default();
        let mut events: Vec<ReviewEvent> = self
            .reviews
            .iter()
            .map(|r| ReviewEvent {
                date: r.date.value,
                by: r.by.value.clone(),
                reviewer: if r.by.value == MAINTAINERS {
                    Reviewer::Maintainers
                } else if r.by.value == owner {
                    Reviewer::Owner
                } else {
                    Reviewer::OtherRole
                },
                of: r.of,
                note: r.note.clone(),
                at: (r.date.referenced.line(), r.date.referenced.column()),
            })
            .collect();
        if let Some(date) = &self.reviewed_on {
            events.push(owner_event(date, owner, ReviewSubject::Entry));
        }
        if let Some(date) = guidelines {
            events.push(ReviewEvent {
                date,
                by: owner.to_string(),
                reviewer: Reviewer::Owner,
                of: ReviewSubject::Guidelines,
                note: None,
                at: (0, 0),
            });
        }
        events.sort_by_key(|e| (e.date, e.of.as_str()));
        events
    }

    /// The review a deadline for `of` counts from: the last owner review
    /// of it, else (for the guidelines) the last owner review of the entry,
    /// else the register's first record of the process.
    pub fn review_anchor(
        &self,
        of: ReviewSubject,
        guidelines: Option<Date>,
    ) -> Option<ReviewEvent> {
        let events = self.review_events(guidelines);
        let last_owner = |subject: ReviewSubject| {
            events
                .iter()
                .rev()
                .find(|e| e.reviewer == Reviewer::Owner && e.of == subject)
        };
        last_owner(of)
            .or_else(|| last_owner(ReviewSubject::Entry))
            .or_else(|| events.iter().find(|e| e.of == ReviewSubject::Entry))
            .or_else(|| events.first())
            .cloned()
    }

    /// Whether any review of the process is recorded.
    pub fn has_review_record(&self) -> bool {
        self.reviewed_on.is_some() || !self.reviews.is_empty()
    }
}

fn owner_event(date: &Spanned<Date>, owner: &str, of: ReviewSubject) -> ReviewEvent {
    ReviewEvent {
        date: date.value,
        by: owner.to_string(),
        reviewer: Reviewer::Owner,
        of,
        note: None,
        at: (date.referenced.line(), date.referenced.column()),
    }
}
