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

/// A field's name in English and Estonian, e.g. ("the name of role `x`",
/// "rolli `x` nimi").
type What<'a> = (&'a str, &'a str);

/// A field shown on one line.
fn line((what, what_et): What, text: &str, place: At, out: &mut Vec<Diagnostic>) {
    block((what, what_et), text, place, out);
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
            .help("write it on one line (a YAML `|` or `>` block keeps line breaks; use a plain or quoted value)")
            .et(
                format!("{what_et} sisaldab reavahetust (U+{:04X}); seda näidatakse ühel real", c as u32),
                "kirjuta see ühele reale (YAML-i `|` või `>` plokk säilitab reavahetused; kasuta tavalist või jutumärkides väärtust)",
            ),
        );
    }
}

/// A field that may span lines.
fn block((what, what_et): What, text: &str, place: At, out: &mut Vec<Diagnostic>) {
    if let Some(c) = hidden_character(text) {
        out.push(
            Diagnostic::error(
                "text/hidden-character",
                format!("{what} contains the invisible character U+{:04X}, which can change how the text reads", c as u32),
            )
            .at(FILE, place.0, place.1)
            .help("delete the character (it is invisible in most editors: retype the text)")
            .et(
                format!("{what_et} sisaldab nähtamatut märki U+{:04X}, mis võib muuta teksti lugemist", c as u32),
                "kustuta see märk (enamikus redaktorites on see nähtamatu: kirjuta tekst uuesti)",
            ),
        );
    }
}

/// Checks names and texts that are published.
pub(super) fn check_register(register: &Register, out: &mut Vec<Diagnostic>) {
    let org = &register.organisation;
    line(
        ("the organisation's name", "organisatsiooni nimi"),
        &org.name,
        (1, 1),
        out,
    );
    for (what, what_et, value) in [
        ("short name", "lühinimi", &org.short_name),
        ("seat", "asukoht", &org.seat),
    ] {
        if let Some(value) = value {
            let what = format!("the organisation's {what}");
            let what_et = format!("organisatsiooni {what_et}");
            line((&what, &what_et), value, (1, 1), out);
        }
    }
    for d in &register.directives {
        let (id, place) = (&d.id.value, at(&d.id));
        let (en, et) = (
            format!("the number of edition `{id}`"),
            format!("käskkirja `{id}` number"),
        );
        line((&en, &et), &d.number, place, out);
        let (en, et) = (
            format!("the title of edition `{id}`"),
            format!("käskkirja `{id}` pealkiri"),
        );
        line((&en, &et), &d.title, place, out);
        for (what, what_et, value) in [
            ("kind", "liik", &d.kind),
            ("issuer", "väljaandja", &d.issuer),
            ("legal basis", "õiguslik alus", &d.legal_basis),
        ] {
            if let Some(value) = value {
                let (en, et) = (
                    format!("the {what} of edition `{id}`"),
                    format!("käskkirja `{id}` {what_et}"),
                );
                line((&en, &et), value, place, out);
            }
        }
        for point in &d.points {
            let (en, et) = (
                format!("a point of edition `{id}`"),
                format!("käskkirja `{id}` punkt"),
            );
            block((&en, &et), point, place, out);
        }
    }
    for unit in &register.units {
        let id = &unit.id.value;
        let (en, et) = (
            format!("the name of unit `{id}`"),
            format!("üksuse `{id}` nimi"),
        );
        line((&en, &et), &unit.name.value, at(&unit.name), out);
    }
    for role in &register.roles {
        let id = &role.id.value;
        let (en, et) = (
            format!("the name of role `{id}`"),
            format!("rolli `{id}` nimi"),
        );
        line((&en, &et), &role.name.value, at(&role.name), out);
    }
    for space in &register.wiki_spaces {
        let (id, place) = (&space.id.value, at(&space.id));
        let (en, et) = (
            format!("the name of wiki space `{id}`"),
            format!("wiki ruumi `{id}` nimi"),
        );
        line((&en, &et), &space.name, place, out);
        if let Some(key) = &space.key {
            let (en, et) = (
                format!("the key of wiki space `{id}`"),
                format!("wiki ruumi `{id}` võti"),
            );
            line((&en, &et), key, place, out);
        }
    }
    for process in &register.processes {
        let id = &process.id.value;
        if let Some(name) = &process.name {
            let (en, et) = (
                format!("the name of process `{id}`"),
                format!("protsessi `{id}` nimi"),
            );
            line((&en, &et), &name.value, at(name), out);
        }
        if let Some(name_en) = &process.name_en {
            let (en, et) = (
                format!("the English name (name_en) of process `{id}`"),
                format!("protsessi `{id}` ingliskeelne nimi (name_en)"),
            );
            line((&en, &et), name_en, at(&process.id), out);
        }
        for goal in &process.goals {
            let (en, et) = (
                format!("a goal of process `{id}`"),
                format!("protsessi `{id}` eesmärk"),
            );
            block((&en, &et), &goal.value, at(goal), out);
        }
        for outcome in &process.outcomes {
            let (en, et) = (
                format!("an outcome of process `{id}`"),
                format!("protsessi `{id}` tulem"),
            );
            block((&en, &et), &outcome.value, at(outcome), out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check_register;
    use crate::validate::testing::{assert_one, codes, register, valid_with};

    fn found(yaml: &str) -> Vec<crate::diagnostic::Diagnostic> {
        let mut out = Vec::new();
        check_register(&register(yaml), &mut out);
        out
    }

    #[test]
    fn hidden_characters_are_found_in_every_kind_of_field() {
        for (field, hidden) in [
            ("name: Alpha", "\\u202E"),
            ("name: Process lead", "\\u200B"),
            ("name: Department", "\\u0007"),
            ("- Do alpha things.", "\\u2066"),
            ("- Alpha done.", "\\uFEFF"),
        ] {
            let (key, value) = field.split_once(' ').unwrap();
            let quoted = format!("\"{}{hidden}\"", value.trim());
            let yaml = valid_with(field, &format!("{key} {quoted}"));
            let d = assert_one(&found(&yaml), "text/hidden-character", &yaml, &quoted);
            assert!(d.message.contains("U+"), "{}", d.message);
        }
    }

    #[test]
    fn a_line_break_in_a_one_line_field_is_an_error_but_not_in_a_goal() {
        let yaml = valid_with("name: Alpha", "name: \"Al\\npha\"");
        assert_one(&found(&yaml), "text/line-break", &yaml, "\"Al\\npha\"");
        let yaml = valid_with("- Do alpha things.", "- \"Do alpha\\nthings.\"");
        assert_eq!(codes(&found(&yaml)), Vec::<&str>::new());
    }
}
