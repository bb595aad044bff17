//! Exactly one edition of the directive is in force, and every repeal names
//! an edition that exists and is not older than what it repeals.

use std::collections::HashMap;

use super::FILE;
use crate::diagnostic::Diagnostic;
use crate::model::{Directive, Register};

/// Checks the editions.
pub(crate) fn check(register: &Register, out: &mut Vec<Diagnostic>) {
    let by_id: HashMap<&str, &Directive> = register
        .directives
        .iter()
        .map(|d| (d.id.value.as_str(), d))
        .collect();
    let in_force: Vec<&Directive> = register
        .directives
        .iter()
        .filter(|d| d.repealed_by.is_none())
        .collect();
    match in_force.as_slice() {
        [] => {
            let mut d = Diagnostic::error(
                "directives/none-in-force",
                "no edition of the directive is in force",
            )
            .help(
                "the edition in force is the one without `repealed_by`; add it under `directives:`",
            )
            .et(
                "ükski käskkirja redaktsioon ei kehti",
                "kehtiv redaktsioon on see, millel pole `repealed_by`; lisa see `directives:` alla",
            );
            if let Some(first) = register.directives.first() {
                d = d.at_span(FILE, &first.id);
            }
            out.push(d);
        }
        [_] => {}
        [_, rest @ ..] => {
            for extra in rest {
                out.push(
                    Diagnostic::error(
                        "directives/several-in-force",
                        format!(
                            "{} editions are in force; `{}` is one too many",
                            in_force.len(),
                            extra.id.value
                        ),
                    )
                    .at_span(FILE, &extra.id)
                    .help("add `repealed_by: <id of the newer edition>` to every edition that is no longer in force")
                    .et(
                        format!("kehtib {} redaktsiooni; `{}` on üks liiga palju", in_force.len(), extra.id.value),
                        "lisa igale enam mittekehtivale redaktsioonile `repealed_by: <uuema redaktsiooni id>`",
                    ),
                );
            }
        }
    }
    for directive in &register.directives {
        let Some(repealer) = &directive.repealed_by else {
            continue;
        };
        match by_id.get(repealer.value.as_str()) {
            None => out.push(
                Diagnostic::error(
                    "directives/unknown-repealer",
                    format!(
                        "edition `{}` is repealed by `{}`, which is not an edition in the register",
                        directive.id.value, repealer.value
                    ),
                )
                .at_span(FILE, repealer)
                .help("use the id of an edition listed under `directives:`")
                .et(
                    format!(
                        "redaktsiooni `{}` tunnistab kehtetuks `{}`, mida registris ei ole",
                        directive.id.value, repealer.value
                    ),
                    "kasuta mõne `directives:` all oleva redaktsiooni id-d",
                ),
            ),
            Some(newer) if newer.date.value < directive.date.value => out.push(
                Diagnostic::error(
                    "directives/repealed-by-earlier",
                    format!(
                        "edition `{}` of {} is repealed by `{}` of {}, which is older",
                        directive.id.value,
                        directive.date.value.estonian(),
                        newer.id.value,
                        newer.date.value.estonian()
                    ),
                )
                .at_span(FILE, repealer)
                .help("an edition can only be repealed by one of the same or a later date; check both dates")
                .et(
                    format!(
                        "redaktsiooni `{}` ({}) tunnistab kehtetuks `{}` ({}), mis on vanem",
                        directive.id.value,
                        directive.date.value.estonian(),
                        newer.id.value,
                        newer.date.value.estonian()
                    ),
                    "redaktsiooni saab kehtetuks tunnistada ainult sama või hilisema kuupäevaga redaktsioon; kontrolli mõlemat kuupäeva",
                ),
            ),
            Some(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::validate::testing::{assert_one, codes, run, valid_with};

    fn found(yaml: &str) -> Vec<crate::diagnostic::Diagnostic> {
        run(check, yaml)
    }

    /// The valid register with a second edition `older` before the first.
    fn two_editions(older_repealed_by: Option<&str>, older_date: &str) -> String {
        let repeal =
            older_repealed_by.map_or(String::new(), |id| format!("    repealed_by: \"{id}\"\n"));
        valid_with(
            "directives:\n",
            &format!("directives:\n  - id: dir-old\n    number: 1/0\n    date: {older_date}\n    title: Old\n{repeal}"),
        )
    }

    #[test]
    fn exactly_one_edition_is_in_force() {
        assert!(found(&two_editions(Some("dir-2025"), "2020-01-01")).is_empty());
        let yaml = two_editions(None, "2020-01-01");
        assert_one(
            &found(&yaml),
            "directives/several-in-force",
            &yaml,
            "dir-2025",
        );
        let yaml = valid_with(
            "    title: Processes\n",
            "    title: Processes\n    repealed_by: dir-2025\n",
        );
        assert_eq!(codes(&found(&yaml)), ["directives/none-in-force"]);
    }

    #[test]
    fn a_repeal_names_an_edition_that_exists_and_is_not_older() {
        let yaml = two_editions(Some("dir-2052"), "2020-01-01");
        let d = assert_one(
            &found(&yaml),
            "directives/unknown-repealer",
            &yaml,
            "\"dir-2052\"",
        );
        assert!(d.message.contains("dir-old"), "{}", d.message);
        let yaml = two_editions(Some("dir-2025"), "2026-01-01");
        assert_one(
            &found(&yaml),
            "directives/repealed-by-earlier",
            &yaml,
            "\"dir-2025\"",
        );
        // The same day is allowed.
        assert!(found(&two_editions(Some("dir-2025"), "2025-05-05")).is_empty());
    }
}
