//! YAML parsing with serde-saphyr: positions on values, duplicate keys as
//! errors, and a budget that stops alias bombs and deep nesting.

use serde::de::{DeserializeOwned, IgnoredAny};
use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::{Budget, Error, MessageFormatter, Options, UserMessageFormatter};

use crate::diagnostic::Diagnostic;
use crate::model::Register;

use super::{hint, REGISTER_FILE};

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
    "columns",
    "as_signed",
    "reviews",
    "by",
    "of",
    "note",
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

/// Nesting deeper than this is refused.
const MAX_DEPTH: usize = 32;
/// Events that anchors and aliases may replay in a file.
const MAX_REPLAYED_EVENTS: usize = 100_000;
/// The event and node budgets never go below these, however small the file.
const MIN_EVENTS: usize = 1_000_000;
const MIN_NODES: usize = 2_000_000;

/// The parser's budget for a file of `len` bytes. Without anchors a YAML
/// file yields at most about one event and one node per byte (`[a,a,a]`,
/// `{}`), so budgets that grow with the file let any register within the
/// size limit parse, however many processes it holds, while anchors and
/// aliases stay bounded by the replay limit ("billion laughs") and nesting
/// by the depth limit.
fn options(len: usize) -> Options {
    let mut budget = Budget::default();
    budget.max_depth = MAX_DEPTH;
    budget.max_events = MIN_EVENTS.max(len.saturating_add(1024));
    budget.max_nodes = MIN_NODES.max(len.saturating_add(1024));
    let mut options = Options::default();
    options.budget = Some(budget);
    options.alias_limits.max_total_replayed_events = MAX_REPLAYED_EVENTS;
    options
}

/// Parses the register.
pub(super) fn parse_register(source: &str) -> Result<Register, Diagnostic> {
    parse(source, REGISTER_FILE, 0)
}

/// Parses YAML `source` found in `file`, whose first line is line
/// `line_offset + 1` of that file (front matter starts below its `---`).
pub(super) fn parse<T: DeserializeOwned>(
    source: &str,
    file: &str,
    line_offset: u64,
) -> Result<T, Diagnostic> {
    // Typed parsing stops at the first value of the wrong type, which may
    // come before an alias bomb has been expanded or a syntax error has been
    // read. When it fails, walk every node once, untyped, so that those are
    // reported as what they are wherever they are. A typed parse that
    // succeeds has read every node under the same budget, so the untyped
    // walk could not find anything: skipping it halves the cost of loading.
    serde_saphyr::from_str_with_options::<T>(source, options(source.len())).map_err(|typed| {
        match serde_saphyr::from_str_with_options::<IgnoredAny>(source, options(source.len())) {
            Err(e) if matches!(classify(&e), "yaml/limit" | "yaml/syntax") => {
                to_diagnostic(&e, file, line_offset, source)
            }
            _ => to_diagnostic(&typed, file, line_offset, source),
        }
    })
}

/// The error inside the snippet and alias wrappers.
fn original(mut error: &Error) -> &Error {
    while let Error::AliasError { error: inner, .. } | Error::WithSnippet { error: inner, .. } =
        error
    {
        error = inner;
    }
    error
}

/// The diagnostic code of a parse error, by its kind.
fn classify(error: &Error) -> &'static str {
    let error = original(error);
    match error {
        Error::DuplicateMappingKey { .. } => "yaml/duplicate-key",
        Error::SerdeUnknownField { .. } => "yaml/unknown-field",
        Error::SerdeMissingField { .. } => "yaml/missing-field",
        Error::Budget { .. }
        | Error::AliasReplayCounterOverflow { .. }
        | Error::AliasReplayLimitExceeded { .. }
        | Error::AliasExpansionLimitExceeded { .. }
        | Error::AliasReplayStackDepthExceeded { .. }
        | Error::RecursiveReferencesRequireWeakTypes { .. } => "yaml/limit",
        // The scanner and parser: the text is not well-formed YAML.
        Error::ExternalMessage { msg, .. } => {
            let lower = msg.to_lowercase();
            if lower.contains("recursion limit") || lower.contains("budget") {
                "yaml/limit"
            } else {
                "yaml/syntax"
            }
        }
        Error::Eof { .. }
        | Error::MultipleDocuments { .. }
        | Error::UnknownAnchor { .. }
        | Error::ContainerEndMismatch { .. }
        | Error::UnexpectedSequenceEnd { .. }
        | Error::UnexpectedMappingEnd { .. }
        | Error::UnexpectedContainerEndWhileReadingKeyNode { .. }
        | Error::UnexpectedContainerEndWhileSkippingNode { .. }
        | Error::FoldedBlockScalarMustIndentContent { .. }
        | Error::IndentationError { .. } => "yaml/syntax",
        _ => {
            let lower = UserMessageFormatter.format_message(error).to_lowercase();
            if lower.contains("duplicate mapping key") {
                "yaml/duplicate-key"
            } else if lower.contains("unknown field") {
                "yaml/unknown-field"
            } else if lower.contains("missing field") {
                "yaml/missing-field"
            } else if lower.contains("budget") || lower.contains("limit") {
                "yaml/limit"
            } else {
                // serde's own errors (invalid type or value, unknown
                // variant, an untagged enum that matched no variant) and
                // ours (`Date`): a value of the wrong kind.
                "yaml/wrong-type"
            }
        }
    }
}

/// The parser's error as a diagnostic, with the likely cause in the
/// owner's terms where one is known (see [`hint`]).
fn to_diagnostic(error: &Error, file: &str, line_offset: u64, source: &str) -> Diagnostic {
    let code = classify(error);
    let inner = original(error);
    // The formatter leaves out the position, which the diagnostic carries.
    let mut message: String = UserMessageFormatter
        .format_message(inner)
        .chars()
        .flat_map(|c| {
            if c.is_control() {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect();
    if message.contains("\\u{0}") {
        message.push_str(" (a NUL byte: text files do not contain one)");
    }
    if code == "yaml/limit" {
        message = limit_message(inner).unwrap_or(message);
    }
    if message.contains("untagged enum OwnerField") {
        message = "`owner` must be one role id, e.g. `owner: intsidendihalduse-protsessijuht`"
            .to_string();
    }
    let help = match code {
        "yaml/duplicate-key" => {
            "a key may appear once in a mapping: remove or merge the repeated one".to_string()
        }
        "yaml/unknown-field" => unknown_field_help(&message),
        "yaml/limit" => limit_help(inner),
        "yaml/missing-field" => {
            "add the field; see schema/processes.schema.json for what each entry needs".to_string()
        }
        "yaml/wrong-type" => "check the value's type against schema/processes.schema.json (text, list, number or date YYYY-MM-DD)".to_string(),
        _ => "fix the YAML syntax here: check indentation, a missing `:` or an unclosed quote or bracket".to_string(),
    };
    let (line, column) = error
        .location()
        .map(|l| (l.line(), l.column()))
        .unwrap_or((1, 1));
    let mut message_et = format!("{}: {message}", code_et(code));
    let mut help_et = help_et(code, &message);
    let mut help = help;
    if let Some(hint) = hint::for_error(source, code, &message, line) {
        help = hint.help;
        help_et = hint.help_et;
    }
    if let Some(date) = message.split('`').nth(1).or_else(|| {
        message
            .strip_prefix("there is no such day as ")
            .and_then(|r| r.split(':').next())
    }) {
        if let Some((why, why_et)) = crate::model::no_such_day(date) {
            message = why;
            message_et = why_et;
            help = "use a day that exists, written YYYY-MM-DD".to_string();
            help_et = "kasuta olemasolevat päeva kujul AAAA-KK-PP".to_string();
        }
    }
    Diagnostic::error(code, message)
        .at(file, line + line_offset, column)
        .help(help)
        .et(message_et, help_et)
}

/// What a code means, in Estonian, to stand before the parser's words.
fn code_et(code: &str) -> &'static str {
    match code {
        "yaml/duplicate-key" => "sama väli on kirjes kaks korda",
        "yaml/unknown-field" => "tundmatu väli",
        "yaml/missing-field" => "kohustuslik väli puudub",
        "yaml/wrong-type" => "väärtus on vale kujuga",
        "yaml/limit" => "fail on liiga sügavalt pesastatud või kordab liiga palju",
        _ => "YAML-i ülesehitus on siin vigane",
    }
}

/// The help line of a code, in Estonian.
fn help_et(code: &str, message: &str) -> String {
    match code {
        "yaml/duplicate-key" => "väli võib kirjes olla üks kord: eemalda korduv või ühenda need".to_string(),
        "yaml/unknown-field" => match unknown_field_help(message).strip_prefix("did you mean ") {
            Some(rest) => format!("kas mõtlesid {rest}"),
            None => "eemalda väli või kontrolli selle kirjapilti ja taanet".to_string(),
        },
        "yaml/limit" => "fail on palju sügavam või korduvam (ankrute ja viidetega), kui register vajab; kirjuta väärtused lihtsalt välja".to_string(),
        "yaml/missing-field" => "lisa väli; mida iga kirje vajab, on kirjas failis schema/processes.schema.json".to_string(),
        "yaml/wrong-type" => "kontrolli väärtuse kuju (tekst, loend, arv või kuupäev AAAA-KK-PP) failist schema/processes.schema.json".to_string(),
        _ => "paranda YAML siin: kontrolli taanet, puuduvat `:` või sulgemata jutumärki või sulgu".to_string(),
    }
}

/// Problems in the register's layout that YAML accepts without a word:
/// a `- ` item indented deeper than the item above it is read as more
/// words of that item, so a new goal silently joins the one before.
pub(super) fn layout_problems(source: &str, file: &str) -> Vec<Diagnostic> {
    hint::deeper_items(source)
        .into_iter()
        .map(|(line, key)| {
            let column = source
                .lines()
                .nth(line as usize - 1)
                .map(|l| l.len() - l.trim_start().len() + 1)
                .unwrap_or(1);
            Diagnostic::error(
                "yaml/deeper-item",
                format!("this `- ` line is indented deeper than the item above it, so YAML reads it as more words of that item, not as a new item under `{key}:`"),
            )
            .at(file, line, column as u64)
            .help(format!("the lines under `{key}:` must each start with `- ` at the same depth (the same number of spaces)"))
            .et(
                format!("see `- `-ga rida on taandatud sügavamale kui eelmine, seega loeb YAML selle eelmise rea jätkuks, mitte uueks reaks `{key}:` all"),
                format!("`{key}:` all olevad read peavad kõik algama `- `-ga samal sügavusel (sama arv tühikuid)"),
            )
        })
        .collect()
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

/// Which limit a `yaml/limit` error hit, in words.
fn limit_message(error: &Error) -> Option<String> {
    Some(match error {
        Error::Budget { breach, .. } => match breach {
            BudgetBreach::Depth { .. } => {
                format!("the YAML nests deeper than {MAX_DEPTH} levels")
            }
            BudgetBreach::Events { events } => format!(
                "the YAML has more parts (values, lists and mappings) than procbook reads in a file of this size ({events} counted)"
            ),
            BudgetBreach::Nodes { nodes } => format!(
                "the YAML has more values than procbook reads in a file of this size ({nodes} counted)"
            ),
            BudgetBreach::Aliases { aliases } => {
                format!("the YAML uses more aliases (`*name`) than procbook allows ({aliases} counted)")
            }
            BudgetBreach::Anchors { anchors } => {
                format!("the YAML defines more anchors (`&name`) than procbook allows ({anchors} counted)")
            }
            other => format!("the YAML exceeds a parser limit: {other:?}"),
        },
        Error::AliasReplayLimitExceeded { .. }
        | Error::AliasReplayCounterOverflow { .. }
        | Error::AliasExpansionLimitExceeded { .. } => format!(
            "anchors and aliases (`&name`, `*name`) would repeat more than {MAX_REPLAYED_EVENTS} values"
        ),
        Error::AliasReplayStackDepthExceeded { .. } => {
            "aliases (`*name`) refer to each other too deeply".to_string()
        }
        Error::RecursiveReferencesRequireWeakTypes { .. } => {
            "an anchor (`&name`) refers to itself through an alias".to_string()
        }
        Error::ExternalMessage { msg, .. } if msg.to_lowercase().contains("recursion limit") => {
            format!("the YAML nests deeper than {MAX_DEPTH} levels")
        }
        _ => return None,
    })
}

/// How to stay within the limit that `error` hit.
fn limit_help(error: &Error) -> String {
    let aliases = matches!(
        error,
        Error::AliasReplayLimitExceeded { .. }
            | Error::AliasReplayCounterOverflow { .. }
            | Error::AliasExpansionLimitExceeded { .. }
            | Error::AliasReplayStackDepthExceeded { .. }
            | Error::RecursiveReferencesRequireWeakTypes { .. }
            | Error::Budget {
                breach: BudgetBreach::Aliases { .. } | BudgetBreach::Anchors { .. },
                ..
            }
    );
    let depth = matches!(
        error,
        Error::Budget {
            breach: BudgetBreach::Depth { .. },
            ..
        }
    ) || matches!(error, Error::ExternalMessage { msg, .. } if msg.to_lowercase().contains("recursion limit"));
    if aliases {
        "a register never needs to repeat this much through anchors and aliases; write the values out plainly".to_string()
    } else if depth {
        "a register nests a few levels; check the indentation or flatten the structure".to_string()
    } else {
        "write the register plainly (lists of processes with their fields); a file of mostly empty lists or mappings is not a register".to_string()
    }
}
