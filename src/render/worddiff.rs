//! Changed texts shown as a word-level difference: the words that stayed,
//! the deleted ones (`<del>`) and the inserted ones (`<ins>`), instead of two
//! long quotes side by side. The style sheet brackets them, so the marks
//! read without colour.

use serde::Serialize;
use similar::{ChangeTag, TextDiff};

use super::changes::change_line;
use super::i18n::Strings;
use super::lang::Lang;
use crate::history::{ChangeKind, FieldChange};

/// A run of words that stayed, were deleted or were inserted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(super) struct DiffPart {
    /// "same", "del" or "ins".
    pub kind: &'static str,
    pub text: String,
}

/// Word-level difference from `old` to `new`, with neighbouring words of
/// the same kind joined into one run.
pub(super) fn word_diff(old: &str, new: &str) -> Vec<DiffPart> {
    let diff = TextDiff::from_words(old, new);
    let mut parts: Vec<DiffPart> = Vec::new();
    for change in diff.iter_all_changes() {
        let kind = match change.tag() {
            ChangeTag::Equal => "same",
            ChangeTag::Delete => "del",
            ChangeTag::Insert => "ins",
        };
        let text = change.value();
        match parts.last_mut() {
            Some(last) if last.kind == kind => last.text.push_str(text),
            _ => parts.push(DiffPart {
                kind,
                text: text.to_string(),
            }),
        }
    }
    parts
}

/// One line of a change as a page shows it: a sentence, or for a changed
/// text its label and the word difference.
#[derive(Debug, Clone, Serialize)]
pub(super) struct ChangeLine {
    /// The whole sentence (feeds and the fallback).
    pub text: String,
    /// "Goal changed" and the like, when `diff` is set.
    pub label: Option<String>,
    pub diff: Option<Vec<DiffPart>>,
}

/// The lines of `fields` in the interface language.
pub(super) fn change_lines(fields: &[FieldChange], t: &Strings, lang: Lang) -> Vec<ChangeLine> {
    fields
        .iter()
        .map(|f| {
            let text = change_line(f, t, lang);
            match (f.kind, &f.from, &f.to) {
                (
                    ChangeKind::GoalChanged | ChangeKind::OutcomeChanged | ChangeKind::NameChanged,
                    Some(from),
                    Some(to),
                ) => ChangeLine {
                    text,
                    label: Some(t.get(&format!("change_{}_label", f.kind.as_str()))),
                    diff: Some(word_diff(from, to)),
                },
                _ => ChangeLine {
                    text,
                    label: None,
                    diff: None,
                },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(parts: &[DiffPart]) -> String {
        parts
            .iter()
            .map(|p| match p.kind {
                "del" => format!("[-{}]", p.text),
                "ins" => format!("[+{}]", p.text),
                _ => p.text.clone(),
            })
            .collect()
    }

    #[test]
    fn a_changed_word_is_deleted_and_inserted_the_rest_stays() {
        let parts = word_diff(
            "Taastada IKT teenuse toimimine esimesel võimalusel.",
            "Taastada IKT teenuse kokkulepitud toimimine kiiresti.",
        );
        assert_eq!(
            render(&parts),
            "Taastada IKT teenuse [+kokkulepitud ]toimimine [-esimesel võimalusel.][+kiiresti.]"
        );
    }

    #[test]
    fn both_sides_can_be_read_back_from_the_parts() {
        let (old, new) = ("a b c d", "a x c d e");
        let parts = word_diff(old, new);
        let side = |skip: &str| -> String {
            parts
                .iter()
                .filter(|p| p.kind != skip)
                .map(|p| p.text.as_str())
                .collect()
        };
        assert_eq!(side("ins"), old);
        assert_eq!(side("del"), new);
    }

    fn strings() -> Strings {
        let text = include_str!("../../themes/default/i18n/ui.yaml");
        super::super::i18n::parse(text).expect("ui.yaml")[&Lang::Et].clone()
    }

    #[test]
    fn review_lines_say_what_happened_with_estonian_dates() {
        let t = strings();
        let line = |from: Option<&str>, to: Option<&str>| {
            let f = FieldChange {
                kind: ChangeKind::Reviewed,
                from: from.map(str::to_string),
                to: to.map(str::to_string),
            };
            change_lines(&[f], &t, Lang::Et).remove(0).text
        };
        assert_eq!(
            line(None, Some("2026-11-25")),
            "Omaniku ülevaatamine: 25.11.2026"
        );
        assert_eq!(
            line(Some("2026-11-25"), None),
            "Omaniku ülevaatamise kirje eemaldati (oli 25.11.2026)"
        );
        assert_eq!(
            line(Some("2025-11-25"), Some("2026-11-25")),
            "Omaniku ülevaatamine: 25.11.2026 (varem 25.11.2025)"
        );
    }

    #[test]
    fn a_changed_goal_has_a_label_and_a_word_diff_other_changes_a_sentence() {
        let t = strings();
        let changed = FieldChange {
            kind: ChangeKind::GoalChanged,
            from: Some("a b".to_string()),
            to: Some("a c".to_string()),
        };
        let added = FieldChange {
            kind: ChangeKind::GoalAdded,
            from: None,
            to: Some("d".to_string()),
        };
        let lines = change_lines(&[changed, added], &t, Lang::Et);
        assert_eq!(lines[0].label.as_deref(), Some("Eesmärk muutus"));
        assert!(lines[0].diff.is_some());
        assert_eq!(lines[1].text, "Lisati eesmärk: „d“");
        assert!(lines[1].diff.is_none());
    }

    #[test]
    fn equal_texts_have_no_marks() {
        let parts = word_diff("sama tekst", "sama tekst");
        assert!(parts.iter().all(|p| p.kind == "same"));
    }
}
