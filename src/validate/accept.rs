//! Diagnostics the register accepts on purpose (`accept:` in
//! `processes.yaml`). A gap the directive leaves (process 4 has no outcome)
//! cannot be fixed by the register without putting words in the
//! directive's mouth; accepting it, with the reason, lets `--strict` pass
//! while the gap stays visible. Only warnings and notes can be accepted: an
//! error means the register cannot be published as it stands.
//!
//! This runs after every other rule, on their findings.

use super::{FILE, RULES};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::did_you_mean;
use crate::model::{Acceptance, Date, Register};

/// Marks the diagnostics the register accepts, and reports acceptances
/// that have no reason, have expired, or match nothing.
pub(super) fn apply(register: &Register, today: Date, diagnostics: &mut Vec<Diagnostic>) {
    let mut found = Vec::new();
    for acceptance in &register.accept {
        let code = acceptance.code.value.as_str();
        let record = acceptance.record.value.as_str();
        let reason = acceptance
            .reason
            .as_ref()
            .map(|r| r.value.trim())
            .filter(|r| !r.is_empty());
        let Some(reason) = reason else {
            found.push(
                Diagnostic::error(
                    "accept/missing-reason",
                    format!("the acceptance of `{code}` for `{record}` gives no reason"),
                )
                .at_span(FILE, &acceptance.code)
                .help("add `reason:` saying why the register accepts it, e.g. that the directive does not set the value")
                .et(
                    format!("`{code}` aktsepteerimisel kirjele `{record}` puudub põhjus"),
                    "lisa `reason:`, mis ütleb, miks register selle aktsepteerib, nt et käskkiri seda väärtust ei määra",
                ),
            );
            continue;
        };
        if let Some(until) = &acceptance.until {
            if until.value < today {
                found.push(
                    Diagnostic::warning(
                        "accept/expired",
                        format!(
                            "the acceptance of `{code}` for `{record}` ended on {}",
                            until.value.iso()
                        ),
                    )
                    .at_span(FILE, until)
                    .help("fix what it accepted, or decide again and move `until:` forward")
                    .et(
                        format!(
                            "`{code}` aktsepteerimine kirjele `{record}` lõppes {}",
                            until.value.estonian()
                        ),
                        "paranda aktsepteeritud probleem või otsusta uuesti ja nihuta `until:` edasi",
                    ),
                );
                continue;
            }
        }
        let mut matched_error = false;
        let mut matched = 0;
        for d in diagnostics.iter_mut() {
            if d.code != code || d.record.as_deref() != Some(record) {
                continue;
            }
            if d.severity == Severity::Error {
                matched_error = true;
            } else {
                d.accepted = Some(reason.into());
                matched += 1;
            }
        }
        if matched > 0 {
            continue;
        }
        found.push(unused(acceptance, matched_error));
    }
    diagnostics.extend(found);
}

/// The warning for an acceptance that accepts nothing: it names an
/// error, a code procbook does not have, or a problem that is gone.
fn unused(acceptance: &Acceptance, matched_error: bool) -> Diagnostic {
    let code = acceptance.code.value.as_str();
    let record = acceptance.record.value.as_str();
    let (message, help, message_et, help_et) = if matched_error {
        (
            format!("`{code}` for `{record}` is an error, which cannot be accepted"),
            "an error stops the build; fix it instead, and remove this entry".to_string(),
            format!("`{code}` kirjele `{record}` on viga, mida ei saa aktsepteerida"),
            "viga peatab ehitamise; paranda see ja eemalda see kirje".to_string(),
        )
    } else if !RULES.contains(&code) && !super::COMMIT_RULES.contains(&code) {
        let (help, help_et) = match did_you_mean(code, RULES.iter().copied()) {
            Some(best) => (
                format!("did you mean `{best}`?"),
                format!("kas mõtlesid `{best}`?"),
            ),
            None => (
                "use a code `procbook check` reports".to_string(),
                "kasuta koodi, mida `procbook check` teatab".to_string(),
            ),
        };
        (
            format!("`{code}` is not a diagnostic procbook reports"),
            help,
            format!("`{code}` ei ole procbooki teate kood"),
            help_et,
        )
    } else {
        (
            format!("the acceptance of `{code}` for `{record}` matches nothing: the problem is gone or the id changed"),
            "remove the entry from `accept:`".to_string(),
            format!("`{code}` aktsepteerimine kirjele `{record}` ei vasta enam ühelegi teatele: probleem on kadunud või id muutunud"),
            "eemalda kirje `accept:` alt".to_string(),
        )
    };
    Diagnostic::warning("accept/unused", message)
        .at_span(FILE, &acceptance.code)
        .help(help)
        .et(message_et, help_et)
}

#[cfg(test)]
mod tests {
    use super::apply;
    use crate::diagnostic::{Diagnostic, Severity};
    use crate::validate::testing::{assert_one, register, today, VALID};

    /// The valid register accepting `code` for `alpha` with `extra` lines.
    fn accepting(code: &str, extra: &str) -> String {
        format!("{VALID}accept:\n  - code: {code}\n    record: alpha\n{extra}")
    }

    /// A diagnostic `code` of `severity` about `alpha`.
    fn about_alpha(code: &'static str, severity: Severity) -> Diagnostic {
        Diagnostic::new(code, severity, "x").record("alpha")
    }

    #[test]
    fn an_accepted_warning_carries_the_reason_and_stays_reported() {
        let yaml = accepting(
            "completeness/missing-outcome",
            "    reason: Not set.\n    until: 2026-06-01\n",
        );
        let mut found = vec![
            about_alpha("completeness/missing-outcome", Severity::Warning),
            about_alpha("completeness/missing-outcome", Severity::Warning).record("beta"),
        ];
        apply(&register(&yaml), today(), &mut found);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].accepted.as_deref(), Some("Not set."));
        assert_eq!(found[1].accepted, None, "another record is not accepted");
    }

    #[test]
    fn an_acceptance_needs_a_reason_and_ends_on_its_day() {
        for reason in ["", "    reason: \"  \"\n"] {
            let yaml = accepting("completeness/missing-outcome", reason);
            let mut found = vec![about_alpha(
                "completeness/missing-outcome",
                Severity::Warning,
            )];
            apply(&register(&yaml), today(), &mut found);
            assert_eq!(found[0].accepted, None);
            assert_one(
                &found[1..],
                "accept/missing-reason",
                &yaml,
                "completeness/missing-outcome",
            );
        }
        let yaml = accepting(
            "completeness/missing-outcome",
            "    reason: R\n    until: 2026-05-31\n",
        );
        let mut found = vec![about_alpha(
            "completeness/missing-outcome",
            Severity::Warning,
        )];
        apply(&register(&yaml), today(), &mut found);
        assert_eq!(found[0].accepted, None);
        assert_one(&found[1..], "accept/expired", &yaml, "2026-05-31");
    }

    #[test]
    fn an_acceptance_of_nothing_an_error_or_an_unknown_code_is_unused() {
        for (code, present, words) in [
            ("completeness/missing-outcome", None, "matches nothing"),
            (
                "ownership/unknown-role",
                Some(Severity::Error),
                "cannot be accepted",
            ),
            (
                "completeness/missing-outcom",
                None,
                "did you mean `completeness/missing-outcome`",
            ),
        ] {
            let yaml = accepting(code, "    reason: R\n");
            let mut found: Vec<Diagnostic> = present
                .map(|severity| about_alpha("ownership/unknown-role", severity))
                .into_iter()
                .collect();
            let before = found.len();
            apply(&register(&yaml), today(), &mut found);
            let d = assert_one(&found[before..], "accept/unused", &yaml, code);
            let text = format!("{} {}", d.message, d.help.as_deref().unwrap_or(""));
            assert!(text.contains(words), "{code}: {text}");
        }
    }
}
