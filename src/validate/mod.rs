//! The rules a register must satisfy, one file per family.
//!
//! Each rule has a stable code (`family/name`), a message that names the
//! thing at fault, and a help line that says how to fix it. Rules only read
//! the loaded `Site`; they never touch the file system.

mod accept;
mod annex;
mod completeness;
mod content;
mod directives;
mod freshness;
mod identity;
pub mod links;
mod moved;
pub mod online;
mod ownership;
mod reviews;
#[cfg(test)]
mod testing;
mod text;

pub use identity::{is_slug, suggest_slug};

use crate::diagnostic::Diagnostic;
use crate::load::REGISTER_FILE;
use crate::model::{Date, Register, Site};

/// Every rule code, for documentation and tests.
pub const RULES: &[&str] = &[
    "ownership/missing-owner",
    "ownership/multiple-owners",
    "ownership/unknown-role",
    "ownership/unknown-unit",
    "ownership/unknown-parent",
    "ownership/unit-cycle",
    "ownership/unit-level",
    "completeness/missing-name",
    "completeness/missing-goal",
    "completeness/missing-outcome",
    "completeness/empty-text",
    "completeness/missing-documentation",
    "completeness/unknown-wiki-space",
    "completeness/bad-url",
    "completeness/no-documentation-url",
    "identity/duplicate-id",
    "identity/bad-slug",
    "identity/duplicate-name",
    "directives/none-in-force",
    "directives/several-in-force",
    "directives/unknown-repealer",
    "directives/repealed-by-earlier",
    "freshness/missing-review",
    "freshness/overdue",
    "freshness/due-soon",
    "freshness/future-review",
    "content/unknown-process",
    "content/unknown-directive",
    "content/duplicate-page",
    "text/hidden-character",
    "text/line-break",
    "annex/as-signed-mismatch",
    "reviews/unknown-reviewer",
    "accept/missing-reason",
    "accept/expired",
    "accept/unused",
    "links/broken",
    "links/missing-anchor",
];

/// Rule codes that compare the register with the one last committed, so
/// they need a repository (tested in `tests/suite/owners`).
pub const COMMIT_RULES: &[&str] = &["completeness/moved-item"];

/// Runs every rule on `site` as seen on `today`, also comparing the
/// register with `committed`, when given: the one last committed (see
/// [`crate::history::register_at_head`]).
pub fn validate_against(site: &Site, today: Date, committed: Option<&Register>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some(register) = &site.register {
        validate_register(register, today, &mut out);
        content::check(register, &site.pages, today, &mut out);
        links::check(site, register, &mut out);
        if let Some(committed) = committed {
            out.extend(moved::check(committed, register));
        }
        accept::apply(register, today, &mut out);
    }
    out
}

/// Runs the rules that look only at `processes.yaml`.
pub fn validate_register(register: &Register, today: Date, out: &mut Vec<Diagnostic>) {
    identity::check(register, out);
    ownership::check(register, out);
    completeness::check(register, out);
    directives::check(register, out);
    freshness::check(register, today, out);
    text::check_register(register, out);
    annex::check(register, out);
    reviews::check(register, out);
}

/// The file register rules point into.
const FILE: &str = REGISTER_FILE;
