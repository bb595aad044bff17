//! Operative point 2: owners keep their processes current. The review
//! interval is the register's rule; a process whose review deadline under it
//! has passed is an error naming the owner and the date. It is a freshness
//! problem ([`crate::diagnostic::Kind::Freshness`]): it fails `check` but
//! never stops `build` or the preview.

use std::collections::HashMap;

use super::FILE;
use crate::diagnostic::Diagnostic;
use crate::model::{Date, Register, Review, ReviewState};

/// Describes a review deadline as a diagnostic about `what` (in English,
/// and in Estonian in the genitive: "Protsessi `x`"), reviewed by `owner`,
/// at `file:line:column`; `None` when it is current.
pub fn review_diagnostic(
    (what, what_et): (&str, &str),
    owner: &str,
    review: &Review,
    today: Date,
    (file, line, column): (&str, u64, u64),
) -> Option<Diagnostic> {
    let d = match review.state {
        ReviewState::Current => return None,
        ReviewState::Overdue => Diagnostic::error(
            "freshness/overdue",
            format!(
                "{what} was due for review by {owner} on {} ({} days ago)",
                review.due.iso(),
                review.due.days_until(today)
            ),
        )
        .help("review it with the owner, then record it under `reviews:` (date, by: the owner's role id) or set `reviewed_on` to the day of the review")
        .et(
            format!(
                "{what_et} ülevaatamise tähtaeg oli {} ({} päeva tagasi); omanik on {owner}",
                review.due.estonian(),
                review.due.days_until(today)
            ),
            "vaata see koos omanikuga üle ja kirjuta see `reviews:` alla (date, by: omaniku rolli id) või pane `reviewed_on` väärtuseks ülevaatamise päev",
        ),
        ReviewState::DueSoon => Diagnostic::warning(
            "freshness/due-soon",
            format!(
                "{what} is due for review by {owner} on {} (in {} days)",
                review.due.iso(),
                today.days_until(review.due)
            ),
        )
        .help("plan the review; when done, record it under `reviews:` (date, by: the owner's role id) or set `reviewed_on` to the day of the review")
        .et(
            format!(
                "{what_et} ülevaatamise tähtaeg on {} ({} päeva pärast); omanik on {owner}",
                review.due.estonian(),
                today.days_until(review.due)
            ),
            "planeeri ülevaatamine; kui see on tehtud, kirjuta see `reviews:` alla (date, by: omaniku rolli id) või pane `reviewed_on` väärtuseks selle päev",
        ),
        ReviewState::Future => Diagnostic::error(
            "freshness/future-review",
            format!(
                "{what} has review date {}, which is after today ({})",
                review.reviewed_on.iso(),
                today.iso()
            ),
        )
        .help("a review date records a review that happened: use the day it took place")
        .et(
            format!(
                "{what_et} ülevaatamise kuupäev {} on tulevikus (täna on {})",
                review.reviewed_on.estonian(),
                today.estonian()
            ),
            "ülevaatamise kuupäev märgib toimunud ülevaatamist: kirjuta päev, mil see toimus",
        ),
    };
    Some(d.at(file, line, column))
}

/// Checks every process's review date against `today`.
pub fn check(register: &Register, today: Date, out: &mut Vec<Diagnostic>) {
    let roles: HashMap<&str, &str> = register
        .roles
        .iter()
        .map(|r| (r.id.value.as_str(), r.name.value.as_str()))
        .collect();
    for process in &register.processes {
        let id = &process.id.value;
        if !process.has_review_record() {
            out.push(
                Diagnostic::error("freshness/missing-review", format!("process `{id}` has no review date"))
                    .record(id)
                    .at_span(FILE, &process.id)
                    .help("add `reviewed_on: YYYY-MM-DD` with the day the owner last reviewed the process, or record it under `reviews:` (date, by: the owner's role id); `by: maintainers` records a check against the directive, which is no owner review")
                    .et(
                        format!("protsessil `{id}` puudub ülevaatamise kuupäev"),
                        "lisa `reviewed_on: AAAA-KK-PP` päevaga, mil omanik protsessi viimati üle vaatas, või kirjuta see `reviews:` alla (date, by: omaniku rolli id); `by: maintainers` märgib kontrolli käskkirja vastu, mis ei ole omaniku ülevaatamine",
                    ),
            );
            continue;
        }
        let Some(review) = Review::of_process(process, &register.settings, today) else {
            continue;
        };
        let owner = owner_label(process.owner_id(), &roles);
        let at = process
            .review_anchor(crate::model::ReviewSubject::Entry, None)
            .map_or((0, 0), |a| a.at);
        let place = (FILE, at.0, at.1);
        if let Some(d) = review_diagnostic(
            (&format!("process `{id}`"), &format!("Protsessi `{id}`")),
            &owner,
            &review,
            today,
            place,
        ) {
            out.push(d.record(id));
        }
    }
}

/// "role name (`role-id`)", or a note that there is no owner.
pub fn owner_label(owner: Option<&str>, roles: &HashMap<&str, &str>) -> String {
    match owner {
        Some(id) => match roles.get(id) {
            Some(name) => format!("{name} (`{id}`)"),
            None => format!("`{id}`"),
        },
        None => "its owner".to_string(),
    }
}
