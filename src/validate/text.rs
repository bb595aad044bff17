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

fn check(what: &str, text: &Spanned<String>, out: &mut Vec<Diagnostic>) {
    // `what` names the text in English ("the name of process `x`"); the
    // Estonian message names the character and the place shows the text.
    if let Some(c) = hidden_character(&text.value) {
        out.push(
            Diagnostic::error(
                "text/hidden-character",
                format!("{what} contains the invisible character U+{:04X}, which can change how the text reads", c as u32),
            )
            .at_span(FILE, text)
            .help("delete the character (it is invisible in most editors: retype the text)")
            .et(
                format!("tekstis on nähtamatu märk U+{:04X}, mis võib muuta teksti lugemist ({what})", c as u32),
                "kustuta see märk (enamikus redaktorites on see nähtamatu: kirjuta tekst uuesti)",
            ),
        );
    }
}

/// Checks names and texts that are published.
pub fn check_register(register: &Register, out: &mut Vec<Diagnostic>) {
    for unit in &register.units {
        check(
            &format!("the name of unit `{}`", unit.id.value),
            &unit.name,
            out,
        );
    }
    for role in &register.roles {
        check(
            &format!("the name of role `{}`", role.id.value),
            &role.name,
            out,
        );
    }
    for process in &register.processes {
        let id = &process.id.value;
        if let Some(name) = &process.name {
            check(&format!("the name of process `{id}`"), name, out);
        }
        for goal in &process.goals {
            check(&format!("a goal of process `{id}`"), goal, out);
        }
        for outcome in &process.outcomes {
            check(&format!("an outcome of process `{id}`"), outcome, out);
        }
    }
}
