//! Changed texts shown as a word-level difference: the words that stayed,
//! the deleted ones (`<del>`) and the inserted ones (`<ins>`), instead of two
//! long quotes side by side. The style sheet brackets them, so the marks
//! read without colour.

use serde::Serialize;
use similar::{ChangeTag, TextDiff};

use super::changes::change_line;
use super::i18n::Strings;
use crate::history::{ChangeKind, FieldChange};

/// A run of words that stayed, were deleted or were inserted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffPart {
    /// "same", "del" or "ins".
    pub kind: &'static str,
    pub text: String,
}

/// Word-level difference from `old` to `new`, with neighbouring words of
/// the same kind joined into one run.
pub fn word_diff(old: &str, new: &str) -> Vec<DiffPart> {
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
pub struct ChangeLine {
    /// The whole sentence (feeds and the fallback).
    pub text: String,
    /// "Goal changed" and the like, when `diff` is set.
    pub label: Option<String>,
    pub diff: Option<Vec<DiffPart>>,
}

/// The lines of `fields` in the interface language.
pub fn change_lines(fields: &[FieldChange], t: &Strings, lang: &str) -> Vec<ChangeLine> {
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

    #[test]
    fn equal_texts_have_no_marks() {
        let parts = word_diff("sama tekst", "sama tekst");
        assert!(parts.iter().all(|p| p.kind == "same"));
    }
}
