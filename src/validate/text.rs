//! Text shown to readers carries no invisible characters that change how it
//! reads: bidirectional overrides (which can make "tnemeganam" display as
//! "management" reversed) and other control characters.

use super::FILE;
use crate::diagnostic::Diagnostic;
use crate::model::{Register, Spanned};

/// The first character of `text` that must not appear in displayed text.
pub fn hidden_character(text: &str) -> Option<char> {
    text.chars().find(|&c| {
        matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
            || (c.is_control() && c != '\n' && c != '\t')
    })
}

/// Reports an invisible character in `text`; `what` names the text in
/// English and Estonian ("the name of process `x`", "protsessi `x` nimes").
fn check((what, what_et): (&str, &str), text: &Spanned<String>, out: &mut Vec<Diagnostic>) {
    if let Some(c) = hidden_character(&text.value) {
        out.push(
            Diagnostic::error(
                "text/hidden-character",
                format!("{what} contains the invisible character U+{:04X}, which can change how the text reads", c as u32),
            )
            .at_span(FILE, text)
            .help("delete the character (it is invisible in most editors: retype the text)")
            .et(
                format!("{what_et} on nähtamatu märk U+{:04X}, mis võib muuta teksti lugemist", c as u32),
                "kustuta see märk (enamikus redaktorites on see nähtamatu: kirjuta tekst uuesti)",
            ),
        );
    }
}

/// Checks names and texts that are published.
pub fn check_register(register: &Register, out: &mut Vec<Diagnostic>) {
    for unit in &register.units {
        check(
            (
                &format!("the name of unit `{}`", unit.id.value),
                &format!("üksuse `{}` nimes", unit.id.value),
            ),
            &unit.name,
            out,
        );
    }
    for role in &register.roles {
        check(
            (
                &format!("the name of role `{}`", role.id.value),
                &format!("rolli `{}` nimes", role.id.value),
            ),
            &role.name,
            out,
        );
    }
    for process in &register.processes {
        let id = &process.id.value;
        if let Some(name) = &process.name {
            let what = (
                &format!("the name of process `{id}`")[..],
                &format!("protsessi `{id}` nimes")[..],
            );
            check(what, name, out);
        }
        for goal in &process.goals {
            let what = (
                &format!("a goal of process `{id}`")[..],
                &format!("protsessi `{id}` eesmärgis")[..],
            );
            check(what, goal, out);
        }
        for outcome in &process.outcomes {
            let what = (
                &format!("an outcome of process `{id}`")[..],
                &format!("protsessi `{id}` tulemis")[..],
            );
            check(what, outcome, out);
        }
    }
}
