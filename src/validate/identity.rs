//! Ids are unique and slug-shaped; process names are unique.

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;

use super::FILE;
use crate::diagnostic::Diagnostic;
use crate::model::{Register, Spanned};

/// True for `lowercase-ascii-words-123`: safe in URLs and file names on
/// every system, and free of look-alike letters (a Cyrillic "а").
pub fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 100
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
}

fn check_ids<'a>(
    kind: &str,
    ids: impl Iterator<Item = &'a Spanned<String>>,
    out: &mut Vec<Diagnostic>,
) {
    let mut seen: HashMap<&str, u64> = HashMap::new();
    for id in ids {
        if !is_slug(&id.value) {
            out.push(
                Diagnostic::error(
                    "identity/bad-slug",
                    format!("{kind} id `{}` is not a slug", id.value.escape_debug()),
                )
                .at_span(FILE, id)
                .help("use lowercase ASCII letters, digits and single hyphens, e.g. `intsidendihaldus` (write õ ä ö ü š ž as o a o u s z)"),
            );
        }
        if let Some(first) = seen.insert(&id.value, id.referenced.line()) {
            out.push(
                Diagnostic::error(
                    "identity/duplicate-id",
                    format!(
                        "{kind} id `{}` is used again (first on line {first})",
                        id.value
                    ),
                )
                .at_span(FILE, id)
                .help(format!("give each {kind} its own id")),
            );
        }
    }
}

/// Checks ids of every kind of record and the names of processes.
pub fn check(register: &Register, out: &mut Vec<Diagnostic>) {
    check_ids("directive", register.directives.iter().map(|d| &d.id), out);
    check_ids("unit", register.units.iter().map(|u| &u.id), out);
    check_ids("role", register.roles.iter().map(|r| &r.id), out);
    check_ids(
        "wiki space",
        register.wiki_spaces.iter().map(|s| &s.id),
        out,
    );
    check_ids("process", register.processes.iter().map(|p| &p.id), out);

    let mut names: HashMap<String, &str> = HashMap::new();
    for process in &register.processes {
        let Some(name) = &process.name else { continue };
        // "Müük" typed with one character or with "u" and a combining
        // diaeresis is the same name: compare the composed (NFC) form.
        let key: String = name.value.trim().nfc().collect::<String>().to_lowercase();
        if let Some(other) = names.insert(key, &process.id.value) {
            out.push(
                Diagnostic::error(
                    "identity/duplicate-name",
                    format!(
                        "process `{}` has the same name as `{other}`: \"{}\"",
                        process.id.value, name.value
                    ),
                )
                .at_span(FILE, name)
                .help("two processes cannot share a name; rename one or merge them"),
            );
        }
    }
}
