//! Texts that moved between `outcomes:` and `goals:` since the last
//! commit. Deleting only the `outcomes:` line leaves its items under
//! `goals:`, valid YAML that silently says something else; the same text
//! under the other key in the committed register is the signal.

use super::FILE;
use crate::diagnostic::Diagnostic;
use crate::model::Register;

/// Reports each goal of `current` that was an outcome of the same process
/// in `committed` (and is no outcome now), and the reverse.
pub(super) fn check(committed: &Register, current: &Register) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for process in &current.processes {
        let id = &process.id.value;
        let Some(before) = committed.processes.iter().find(|p| &p.id.value == id) else {
            continue;
        };
        let has = |list: &[crate::model::Spanned<String>], text: &str| {
            list.iter().any(|t| t.value.trim() == text.trim())
        };
        let moves = [
            (
                &process.goals,
                &before.outcomes,
                &before.goals,
                &process.outcomes,
                ("goal", "outcome", "outcomes"),
                ("eesmärk", "tulem", "outcomes"),
            ),
            (
                &process.outcomes,
                &before.goals,
                &before.outcomes,
                &process.goals,
                ("outcome", "goal", "goals"),
                ("tulem", "eesmärk", "goals"),
            ),
        ];
        for (now, was_other, was_same, now_other, (is, was, key), (is_et, was_et, _)) in moves {
            for text in now {
                if has(was_other, &text.value)
                    && !has(was_same, &text.value)
                    && !has(now_other, &text.value)
                {
                    out.push(
                        Diagnostic::warning(
                            "completeness/moved-item",
                            format!("process `{id}`: \"{}\" is now a {is}, but in the last commit it was an {was}", text.value.trim()),
                        )
                        .record(id)
                        .at_span(FILE, text)
                        .help(format!("if only the `{key}:` line was deleted, put it back above this item; if the change is meant, commit it"))
                        .et(
                            format!("protsess `{id}`: „{}“ on nüüd {is_et}, kuid viimases kommitis oli see {was_et}", text.value.trim()),
                            format!("kui kustutati ainult rida `{key}:`, pane see selle rea kohale tagasi; kui muudatus on tahtlik, kommiti see"),
                        ),
                    );
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::validate::testing::{assert_one, register, valid_with, VALID};

    #[test]
    fn an_outcome_that_became_a_goal_is_reported_and_the_reverse() {
        // Deleting only the `outcomes:` line makes the outcome a goal.
        let yaml = valid_with("    outcomes:\n", "");
        let found = check(&register(VALID), &register(&yaml));
        let d = assert_one(&found, "completeness/moved-item", &yaml, "Alpha done.");
        assert!(d.message.contains("is now a goal"), "{}", d.message);
        let found = check(&register(&yaml), &register(VALID));
        assert_one(&found, "completeness/moved-item", VALID, "Alpha done.");
    }

    #[test]
    fn an_item_in_both_lists_or_a_new_process_is_no_move() {
        let both = valid_with(
            "      - Do alpha things.\n",
            "      - Do alpha things.\n      - Alpha done.\n",
        );
        assert!(check(&register(VALID), &register(&both)).is_empty());
        let renamed = VALID.replace("id: alpha", "id: beta");
        let moved = valid_with("    outcomes:\n", "");
        assert!(check(&register(&renamed), &register(&moved)).is_empty());
    }
}
