//! Text shown to readers carries no invisible characters that change how it
//! reads (bidirectional overrides, zero-width and control characters), and
//! fields shown on one line (names, titles, numbers) hold no line break,
//! which would also start new blocks in `procbook due`'s Markdown.
//!
//! Every published text field of the register is checked. Fields without a
//! position of their own are reported at their record's id.

use super::FILE;
use crate::diagnostic::Diagnostic;
use crate::model::text::{hidden_character, is_line_break};
use crate::model::{Register, Spanned};

/// Where a field is reported: its own position, or its record's.
type At = (u64, u64);

fn at<T>(value: &Spanned<T>) -> At {
    (value.referenced.line(), value.referenced.column())
}

/// A field shown on one line.
fn line(what: &str, text: &str, place: At, out: &mut Vec<Diagnostic>) {
    block(what, text, place, out);
    if let Some(c) = text.chars().find(|&c| is_line_break(c)) {
        out.push(
            Diagnostic::error(
                "text/line-break",
                format!(
                    "{what} contains a line break (U+{:04X}); it is shown on one line",
                    c as u32
                ),
            )
            .at(FILE, place.0, place.1)
            .help("write it on one line (a YAML `|` or `>` block keeps line breaks; use a plain or quoted value)"),
        );
    }
}

/// A field that may span lines.
fn block(what: &str, text: &str, place: At, out: &mut Vec<Diagnostic>) {
    if let Some(c) = hidden_character(text) {
        out.push(
            Diagnostic::error(
                "text/hidden-character",
                format!("{what} contains the invisible character U+{:04X}, which can change how the text reads", c as u32),
            )
            .at(FILE, place.0, place.1)
            .help("delete the character (it is invisible in most editors: retype the text)"),
        );
    }
}

/// Checks names and texts that are published.
pub fn check_register(register: &Register, out: &mut Vec<Diagnostic>) {
    let org = &register.organisation;
    line("the organisation's name", &org.name, (1, 1), out);
    for (what, value) in [("short name", &org.short_name), ("seat", &org.seat)] {
        if let Some(value) = value {
            line(&format!("the organisation's {what}"), value, (1, 1), out);
        }
    }
    for d in &register.directives {
        let (id, place) = (&d.id.value, at(&d.id));
        line(
            &format!("the number of edition `{id}`"),
            &d.number,
            place,
            out,
        );
        line(
            &format!("the title of edition `{id}`"),
            &d.title,
            place,
            out,
        );
        for (what, value) in [
            ("kind", &d.kind),
            ("issuer", &d.issuer),
            ("legal basis", &d.legal_basis),
        ] {
            if let Some(value) = value {
                line(&format!("the {what} of edition `{id}`"), value, place, out);
            }
        }
        for point in &d.points {
            block(&format!("a point of edition `{id}`"), point, place, out);
        }
    }
    for unit in &register.units {
        let what = format!("the name of unit `{}`", unit.id.value);
        line(&what, &unit.name.value, at(&unit.name), out);
    }
    for role in &register.roles {
        let what = format!("the name of role `{}`", role.id.value);
        line(&what, &role.name.value, at(&role.name), out);
    }
    for space in &register.wiki_spaces {
        let (id, place) = (&space.id.value, at(&space.id));
        line(
            &format!("the name of wiki space `{id}`"),
            &space.name,
            place,
            out,
        );
        if let Some(key) = &space.key {
            line(&format!("the key of wiki space `{id}`"), key, place, out);
        }
    }
    for process in &register.processes {
        let id = &process.id.value;
        if let Some(name) = &process.name {
            line(
                &format!("the name of process `{id}`"),
                &name.value,
                at(name),
                out,
            );
        }
        if let Some(name_en) = &process.name_en {
            let what = format!("the English name (name_en) of process `{id}`");
            line(&what, name_en, at(&process.id), out);
        }
        for goal in &process.goals {
            block(
                &format!("a goal of process `{id}`"),
                &goal.value,
                at(goal),
                out,
            );
        }
        for outcome in &process.outcomes {
            let what = format!("an outcome of process `{id}`");
            block(&what, &outcome.value, at(outcome), out);
        }
    }
}
