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
pub(super) fn review_diagnostic(
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
pub(super) fn check(register: &Register, today: Date, out: &mut Vec<Diagnostic>) {
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
pub(super) fn owner_label(owner: Option<&str>, roles: &HashMap<&str, &str>) -> String {
    match owner {
        Some(id) => match roles.get(id) {
            Some(name) => format!("{name} (`{id}`)"),
            None => format!("`{id}`"),
        },
        None => "its owner".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::diagnostic::Severity;
    use crate::validate::testing::{assert_one, register, today, valid_with};

    fn reviewed_on(date: &str) -> String {
        valid_with("reviewed_on: 2026-01-10", &format!("reviewed_on: {date}"))
    }

    fn found(yaml: &str) -> Vec<crate::diagnostic::Diagnostic> {
        let mut out = Vec::new();
        check(&register(yaml), today(), &mut out);
        out
    }

    #[test]
    fn a_review_is_current_due_soon_overdue_or_in_the_future() {
        // Twelve months by default, due soon 30 days before; today is 2026-06-01.
        assert!(found(&reviewed_on("2026-01-10")).is_empty());
        assert!(found(&reviewed_on("2025-07-02")).is_empty());
        for (date, code, severity) in [
            ("2025-06-15", "freshness/due-soon", Severity::Warning),
            ("2025-05-31", "freshness/overdue", Severity::Error),
            ("2026-06-02", "freshness/future-review", Severity::Error),
        ] {
            let yaml = reviewed_on(date);
            let d = assert_one(&found(&yaml), code, &yaml, date);
            assert_eq!(d.severity, severity, "{date}");
            assert_eq!(d.record.as_deref(), Some("alpha"));
            assert!(
                d.message.contains("Process lead (`lead`)") || code == "freshness/future-review",
                "{}",
                d.message
            );
        }
    }

    #[test]
    fn the_interval_is_the_registers_or_the_processes_own() {
        let yaml = format!(
            "{}settings:\n  review_interval_months: 24\n",
            reviewed_on("2025-05-31")
        );
        assert!(found(&yaml).is_empty());
        let yaml = reviewed_on("2026-01-10").replace(
            "    reviewed_on:",
            "    review_interval_months: 3\n    reviewed_on:",
        );
        assert_one(&found(&yaml), "freshness/overdue", &yaml, "2026-01-10");
    }

    #[test]
    fn a_process_without_a_review_is_reported_at_its_id() {
        let yaml = valid_with("    reviewed_on: 2026-01-10\n", "");
        assert_one(&found(&yaml), "freshness/missing-review", &yaml, "alpha\n");
        // A check by the maintainers is a record, though no owner review.
        let yaml = valid_with(
            "    reviewed_on: 2026-01-10\n",
            "    reviews:\n      - date: 2026-01-10\n        by: maintainers\n",
        );
        assert!(found(&yaml).is_empty(), "{:?}", found(&yaml));
    }
}
