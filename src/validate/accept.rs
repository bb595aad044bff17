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
pub fn apply(register: &Register, today: Date, diagnostics: &mut Vec<Diagnostic>) {
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
