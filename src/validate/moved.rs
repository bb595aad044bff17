//! Texts that moved between `outcomes:` and `goals:` since the last
//! commit. Deleting only the `outcomes:` line leaves its items under
//! `goals:`, valid YAML that silently says something else; the same text
//! under the other key in the committed register is the signal.

use super::FILE;
use crate::diagnostic::Diagnostic;
use crate::model::Register;

/// Reports each goal of `current` that was an outcome of the same process
/// in `committed` (and is no outcome now), and the reverse.
pub fn check(committed: &Register, current: &Register) -> Vec<Diagnostic> {
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
