//! Ids are unique and slug-shaped; process names are unique.

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;

use super::FILE;
use crate::diagnostic::Diagnostic;
use crate::model::{Register, Spanned};

/// The longest id, in bytes: ids become file names, which most systems cap
/// at 255 bytes, and `.html` and version prefixes are added to them.
const MAX_ID_LEN: usize = 100;

/// An id that [`is_slug`] accepts, made from `id` the way a person would
/// write it: Estonian and other Latin letters lose their marks, everything
/// else that is not a letter or digit becomes one hyphen. `kind` names the
/// record and is the suggestion when nothing of `id` is left.
pub fn suggest_slug(id: &str, kind: &str) -> String {
    let mut slug = String::new();
    for c in id.chars().flat_map(char::to_lowercase) {
        if ('\u{300}'..='\u{36f}').contains(&c) {
            // A combining mark of a decomposed letter (`o` + `\u{303}`).
            continue;
        }
        match plain_letter(c) {
            Some(letter) => slug.push_str(letter),
            None if c.is_ascii_lowercase() || c.is_ascii_digit() => slug.push(c),
            None => {
                if !slug.is_empty() && !slug.ends_with('-') {
                    slug.push('-');
                }
            }
        }
        if slug.len() >= MAX_ID_LEN {
            break;
        }
    }
    slug.truncate(MAX_ID_LEN);
    let slug = slug.trim_matches('-');
    if slug.is_empty() {
        kind.replace(' ', "-")
    } else {
        slug.to_string()
    }
}

/// The ASCII spelling of a lowercase Latin letter with a mark, as Estonian
/// addresses write it (`õ` → `o`, `š` → `s`).
fn plain_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'č' | 'ć' => "c",
        'ď' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ģ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' => "i",
        'ķ' => "k",
        'ļ' | 'ł' | 'ľ' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ř' => "r",
        'š' | 'ś' | 'ş' => "s",
        'ß' => "ss",
        'ť' | 'ţ' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
        'ý' | 'ÿ' => "y",
        'ž' | 'ź' | 'ż' => "z",
        _ => return None,
    })
}

/// True for `lowercase-ascii-words-123`: safe in URLs and file names on
/// every system, and free of look-alike letters (a Cyrillic "а").
pub fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_LEN
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
}

/// The kinds of record, in the Estonian genitive ("käskkirja id").
fn kind_et(kind: &str) -> &'static str {
    match kind {
        "directive" => "käskkirja",
        "unit" => "üksuse",
        "role" => "rolli",
        "wiki space" => "wiki ruumi",
        _ => "protsessi",
    }
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
                    format!(
                        "{kind} id `{}` has characters an id cannot have: an id may use only \
                         the lowercase letters a-z, the digits 0-9 and single hyphens between \
                         words (at most {MAX_ID_LEN} characters), because it becomes part of \
                         web addresses and file names",
                        id.value.escape_debug()
                    ),
                )
                .at_span(FILE, id)
                .help(format!(
                    "write it as `{}` (õ ä ö ü š ž become o a o u s z; spaces and other \
                     characters become hyphens)",
                    suggest_slug(&id.value, kind)
                ))
                .et(
                    format!("{} id `{}` ei sobi aadressi osaks", kind_et(kind), id.value.escape_debug()),
                    format!(
                        "kirjuta see kujul `{}` (õ ä ö ü š ž asemel o a o u s z; tühikud ja muud märgid muutuvad sidekriipsudeks)",
                        suggest_slug(&id.value, kind)
                    ),
                ),
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
                .help(format!("give each {kind} its own id"))
                .et(
                    format!(
                        "{} id `{}` on juba kasutusel (esimest korda real {first})",
                        kind_et(kind),
                        id.value
                    ),
                    "anna igale kirjele oma id",
                ),
            );
        }
    }
}

/// Checks ids of every kind of record and the names of processes.
pub(super) fn check(register: &Register, out: &mut Vec<Diagnostic>) {
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
                .help("two processes cannot share a name; rename one or merge them")
                .et(
                    format!(
                        "protsessil `{}` on sama nimi kui protsessil `{other}`: „{}“",
                        process.id.value, name.value
                    ),
                    "kahel protsessil ei saa olla sama nime; nimeta üks ümber või ühenda need",
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::validate::testing::{assert_one, codes, run, valid_with, VALID};

    fn found(yaml: &str) -> Vec<crate::diagnostic::Diagnostic> {
        run(check, yaml)
    }

    #[test]
    fn ids_of_every_kind_must_be_slugs() {
        for id in ["dir-2025", "dept", "lead", "wiki"] {
            // Only the record's own id, not the references to it.
            let yaml = VALID.replacen(&format!("id: {id}\n"), "id: Bad_Id\n", 1);
            let d = assert_one(&found(&yaml), "identity/bad-slug", &yaml, "Bad_Id");
            assert!(d.help.as_deref().unwrap().contains("bad-id"), "{d:?}");
        }
    }

    #[test]
    fn a_repeated_id_is_reported_at_the_second() {
        let yaml = valid_with(
            "  - id: lead\n",
            "  - id: lead\n    name: Other\n    unit: dept\n  - id: lead\n",
        );
        let found = found(&yaml);
        assert_eq!(codes(&found), ["identity/duplicate-id"]);
        let second = yaml.rfind("id: lead").unwrap() + 4;
        let line = yaml[..second].matches('\n').count() as u32 + 1;
        assert_eq!(found[0].location.as_ref().unwrap().line, line);
    }

    #[test]
    fn two_processes_may_not_share_a_name_in_any_case_or_composition() {
        let process = |id: &str, name: &str| {
            format!(
                "  - id: {id}\n    name: {name}\n    owner: lead\n    reviewed_on: 2026-01-10\n"
            )
        };
        for (first, second) in [
            ("Müük", "müük"),
            ("Müük", "Mu\u{308}ük"),
            ("Alpha", " ALPHA "),
        ] {
            let yaml = format!(
                "organisation:\n  name: X\nprocesses:\n{}{}",
                process("one", first),
                process("two", &format!("\"{second}\""))
            );
            let found = found(&yaml);
            assert_eq!(
                codes(&found),
                ["identity/duplicate-name"],
                "{first} / {second}"
            );
            assert!(found[0].message.contains("`two`"), "{}", found[0].message);
        }
    }
}
