//! YAML parsing with serde-saphyr: positions on values, duplicate keys as
//! errors, and a budget that stops alias bombs and deep nesting.

use serde::de::DeserializeOwned;
use serde_saphyr::{Budget, Options};

use crate::diagnostic::Diagnostic;
use crate::model::Register;

use super::REGISTER_FILE;

/// Field names accepted anywhere in the register, for "did you mean".
const KNOWN_FIELDS: &[&str] = &[
    "settings",
    "review_interval_months",
    "due_soon_days",
    "organisation",
    "name",
    "short_name",
    "seat",
    "directives",
    "id",
    "number",
    "date",
    "kind",
    "title",
    "issuer",
    "legal_basis",
    "signatory",
    "position",
    "signed",
    "points",
    "annex",
    "label",
    "approval",
    "intro",
    "documentation_note",
    "repealed_by",
    "units",
    "parent",
    "roles",
    "unit",
    "wiki_spaces",
    "key",
    "url",
    "processes",
    "formerly",
    "name_en",
    "goals",
    "outcomes",
    "owner",
    "documentation",
    "space",
    "page",
    "reviewed_on",
    "process",
    "directive",
];

fn options() -> Options {
    let mut budget = Budget::default();
    // The register is written by hand: a few thousand nodes per hundred
    // processes. These bounds leave room for 10,000 processes and stop a
    // "billion laughs" expansion long before it costs memory or time.
    budget.max_depth = 32;
    budget.max_nodes = 2_000_000;
    let mut options = Options::default();
    options.budget = Some(budget);
    options
}

/// Parses the register.
pub fn parse_register(source: &str) -> Result<Register, Diagnostic> {
    parse(source, REGISTER_FILE, 0)
}

/// Parses YAML `source` found in `file`, whose first line is line
/// `line_offset + 1` of that file (front matter starts below its `---`).
pub fn parse<T: DeserializeOwned>(
    source: &str,
    file: &str,
    line_offset: u64,
) -> Result<T, Diagnostic> {
    serde_saphyr::from_str_with_options::<T>(source, options())
        .map_err(|e| to_diagnostic(&e, file, line_offset))
}

fn to_diagnostic(error: &serde_saphyr::Error, file: &str, line_offset: u64) -> Diagnostic {
    let plain = error.without_snippet().to_string();
    // The message carries its own position at the end; ours is structured.
    let message = match plain.rfind(" at line ") {
        Some(i) => plain[..i].to_string(),
        None => plain,
    };
    let lower = message.to_lowercase();
    let (code, help) = if lower.contains("duplicate mapping key") {
        (
            "yaml/duplicate-key",
            "a key may appear once in a mapping: remove or merge the repeated one".to_string(),
        )
    } else if lower.contains("unknown field") {
        ("yaml/unknown-field", unknown_field_help(&message))
    } else if lower.contains("budget")
        || lower.contains("alias")
        || lower.contains("recursion")
        || lower.contains("depth")
        || lower.contains("limit")
    {
        (
            "yaml/limit",
            "the file nests or repeats (through anchors and aliases) far more than a register needs; write the values out plainly".to_string(),
        )
    } else if lower.contains("missing field") {
        (
            "yaml/missing-field",
            "add the field; see schema/processes.schema.json for what each entry needs".to_string(),
        )
    } else if lower.contains("invalid")
        || lower.contains("expected")
        || lower.contains("not a date")
        || lower.contains("unknown variant")
    {
        (
            "yaml/wrong-type",
            "check the value's type against schema/processes.schema.json (text, list, number or date YYYY-MM-DD)".to_string(),
        )
    } else {
        (
            "yaml/syntax",
            "fix the YAML syntax here: check indentation, a missing `:` or an unclosed quote or bracket".to_string(),
        )
    };
    let message = message
        .strip_prefix("error: ")
        .unwrap_or(&message)
        .to_string();
    let (line, column) = error
        .location()
        .map(|l| (l.line(), l.column()))
        .unwrap_or((1, 1));
    let message = message.replace(", set DuplicateKeyPolicy in Options if acceptable", "");
    Diagnostic::error(code, message)
        .at(file, line + line_offset, column)
        .help(help)
}

/// "did you mean" for an unknown field, from the field names the register
/// knows.
fn unknown_field_help(message: &str) -> String {
    let field = message.split('`').nth(1).unwrap_or_default().to_string();
    // Prefer the fields valid at this place, which the message lists.
    let expected: Vec<&str> = message
        .split("expected one of ")
        .nth(1)
        .map(|list| list.split(", ").map(|f| f.trim_matches('`')).collect())
        .unwrap_or_else(|| KNOWN_FIELDS.to_vec());
    let best = expected
        .iter()
        .map(|known| (strsim::jaro_winkler(&field, known), *known))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match best {
        Some((_, known)) => format!("did you mean `{known}`?"),
        None => "remove the field or check its spelling and indentation".to_string(),
    }
}
