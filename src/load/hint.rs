//! What a YAML error most likely means, in the words of someone who edits
//! the register rather than someone who writes parsers: a colon inside a
//! text, an item at the wrong depth, a list left empty, a tab, a day that
//! does not exist. Each hint is a help line in English and Estonian, and an
//! Estonian message; the parser's own message is kept for the record.

/// A likely cause, in both languages.
pub(super) struct Hint {
    /// How to fix it, in English.
    pub help: String,
    /// How to fix it, in Estonian.
    pub help_et: String,
}

/// The hint for an error `message` (the parser's, lower-cased inside) at
/// 1-based `line` and `column` of `source`, when one applies.
pub(super) fn for_error(source: &str, code: &str, message: &str, line: u64) -> Option<Hint> {
    let lower = message.to_lowercase();
    let lines: Vec<&str> = source.lines().collect();
    let at = usize::try_from(line).ok()?.checked_sub(1)?;
    let text = lines.get(at).copied().unwrap_or_default();
    let indent = &text[..text.len() - text.trim_start().len()];
    if lower.contains("tab") || indent.contains('\t') {
        return Some(Hint {
            help: "this line is indented with a tab; YAML indents with spaces only: replace the tab with spaces".into(),
            help_et: "see rida on taandatud tabulaatoriga; YAML lubab taandeks ainult tühikuid: asenda tabulaator tühikutega".into(),
        });
    }
    let value = value_part(text);
    if lower.contains("mapping values are not allowed")
        || (lower.contains("expected string") && value.contains(": "))
    {
        return Some(Hint {
            help: format!(
                "the text contains `: `, which YAML reads as the start of a new field: put the whole text in quotes, e.g. `\"{}\"`",
                value.replace('"', "\\\"")
            ),
            help_et: format!(
                "tekstis on `: `, mida YAML loeb uue välja alguseks: pane kogu tekst jutumärkidesse, nt `\"{}\"`",
                value.replace('"', "\\\"")
            ),
        });
    }
    if lower.contains("expected sequence") {
        if let Some(key) = text.trim().strip_suffix(':') {
            let key = key.trim_start_matches("- ");
            return Some(Hint {
                help: format!("`{key}:` has no items under it: add lines `- text` below it (indented), or delete the `{key}:` line"),
                help_et: format!("`{key}:` all pole ühtegi rida: lisa selle alla (taandega) read kujul `- tekst` või kustuta rida `{key}:`"),
            });
        }
    }
    let trimmed = text.trim_start();
    let near_item = trimmed.starts_with("- ")
        || lines
            .get(at.wrapping_sub(1))
            .is_some_and(|l| l.trim_start().starts_with("- "));
    if near_item && code == "yaml/syntax" {
        let key = parent_key(&lines, at).unwrap_or("goals");
        return Some(Hint {
            help: format!("the lines under `{key}:` must each start with `- ` at the same depth (the same number of spaces)"),
            help_et: format!("`{key}:` all olevad read peavad kõik algama `- `-ga samal sügavusel (sama arv tühikuid)"),
        });
    }
    None
}

/// The text after `- ` or `key: ` on a line.
fn value_part(line: &str) -> &str {
    let t = line.trim();
    let t = t.strip_prefix("- ").unwrap_or(t);
    match t.split_once(": ") {
        Some((key, rest))
            if !key.contains(' ') && !rest.is_empty() && !line.trim().starts_with("- ") =>
        {
            rest.trim()
        }
        _ => t,
    }
}

/// The nearest `key:` above line `at` indented less than it.
fn parent_key<'a>(lines: &[&'a str], at: usize) -> Option<&'a str> {
    let depth = |l: &str| l.len() - l.trim_start().len();
    let own = depth(lines.get(at)?);
    lines[..at].iter().rev().find_map(|l| {
        let t = l.trim();
        (depth(l) < own && t.ends_with(':') && !t.starts_with('#'))
            .then(|| t.trim_end_matches(':').trim_start_matches("- "))
    })
}

/// Lines that start with `- ` deeper than the list item just above them.
/// YAML reads such a line as more words of the item above, so a goal
/// meant as a new item silently joins the previous one. Returns each such
/// line (1-based) with the key the list is under.
pub(super) fn deeper_items(source: &str) -> Vec<(u64, String)> {
    let lines: Vec<&str> = source.lines().collect();
    let depth = |l: &str| l.len() - l.trim_start().len();
    let mut found = Vec::new();
    let mut previous_item: Option<(usize, bool)> = None; // (depth, plain text)
    let mut in_block_scalar = None;
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim_start();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        if let Some(block_depth) = in_block_scalar {
            if depth(line) > block_depth {
                continue;
            }
            in_block_scalar = None;
        }
        if t.ends_with('|') || t.ends_with('>') || t.ends_with("|-") || t.ends_with(">-") {
            in_block_scalar = Some(depth(line));
        }
        if let Some(rest) = t.strip_prefix("- ") {
            if let Some((d, plain)) = previous_item {
                if plain && depth(line) > d {
                    let key = parent_key(&lines, i).unwrap_or("goals").to_string();
                    found.push((i as u64 + 1, key));
                    continue;
                }
            }
            let plain = !rest.starts_with(['"', '\'', '[', '{', '|', '>'])
                && !rest.contains(": ")
                && !rest.trim_end().ends_with(':');
            previous_item = Some((depth(line), plain));
        } else {
            previous_item = None;
        }
    }
    found
}
