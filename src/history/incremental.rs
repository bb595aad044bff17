//! Parsing the register at thousands of commits, fast. Most commits change
//! one process, so the text of each `processes:` list item is parsed once
//! and remembered by its content; the rest of the file (directives, units,
//! roles, spaces) likewise. Anything the simple splitting cannot be sure of
//! (anchors, flow style, a second `processes:` key, a piece that does not
//! parse) falls back to parsing the whole file, so the result is always
//! what a whole-file parse gives.

use std::collections::hash_map::DefaultHasher;
use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use super::error::SnapshotError;
use super::snapshot::{ProcessSnapshot, Snapshot};
use crate::load::{parse_process_items, parse_register_text};
use crate::model::{Process, Register};

fn hash(text: &str) -> u64 {
    let mut h = DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// The register text cut into the part before and after the process list,
/// and the text of each list item.
struct Pieces<'a> {
    context: String,
    items: Vec<&'a str>,
}

fn indentation(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_blank_or_comment(line: &str) -> bool {
    let t = line.trim_start();
    t.is_empty() || t.starts_with('#')
}

/// Cuts `text` into pieces, or `None` when the file is not the plain block
/// layout the cutting understands.
fn split(text: &str) -> Option<Pieces<'_>> {
    // Anchors, aliases, tags and documents can tie pieces together.
    // (`contains` is vectorised: five passes beat one byte-by-byte loop.)
    if text.contains('&')
        || text.contains('*')
        || text.contains('!')
        || text.contains("\n---")
        || text.contains('\t')
    {
        return None;
    }
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let keys: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.starts_with("processes:"))
        .map(|(i, _)| i)
        .collect();
    let [key] = keys.as_slice() else { return None };
    if !lines[*key].trim_end().eq("processes:") {
        return None;
    }
    let first = (key + 1..lines.len()).find(|&i| !is_blank_or_comment(lines[i]))?;
    let item_indent = indentation(lines[first]);
    if !lines[first][item_indent..].starts_with("- ") {
        return None;
    }
    let mut items = Vec::new();
    let mut start: Option<usize> = None;
    let mut offset: usize = lines[..first].iter().map(|l| l.len()).sum();
    let mut item_start_offset = 0;
    let mut end_line = lines.len();
    for (i, line) in lines.iter().enumerate().skip(first) {
        let ind = indentation(line);
        let new_item = ind == item_indent && line[ind..].starts_with("- ");
        let continues = is_blank_or_comment(line) || ind > item_indent;
        if new_item {
            if start.is_some() {
                items.push(&text[item_start_offset..offset]);
            }
            start = Some(i);
            item_start_offset = offset;
        } else if !continues {
            end_line = i;
            break;
        }
        offset += line.len();
    }
    if start.is_some() {
        items.push(&text[item_start_offset..offset]);
    }
    let mut context = String::with_capacity(text.len() / 4);
    for line in &lines[..*key] {
        context.push_str(line);
    }
    context.push_str("processes: []\n");
    for line in &lines[end_line..] {
        context.push_str(line);
    }
    Some(Pieces { context, items })
}

/// The snapshot of register `text` parsed as a whole, or why it does not
/// parse.
pub fn whole_snapshot(text: &str) -> Result<Snapshot, SnapshotError> {
    let register = parse_register_text(text).map_err(|d| SnapshotError::Parse {
        message: d.message.clone(),
        line: d.location.map(|l| l.line as usize),
    })?;
    Ok(Snapshot::of(&register))
}

/// Remembers parsed pieces across commits.
#[derive(Default)]
pub struct Parser {
    contexts: HashMap<u64, Register>,
    /// Each list item's facts, by the hashes of its context and its text
    /// (the context supplies role and space names).
    items: HashMap<(u64, u64), Arc<ProcessSnapshot>>,
}

impl Parser {
    /// The snapshot of register `text`, or why it does not parse.
    pub fn snapshot(&mut self, text: &str) -> Result<Snapshot, SnapshotError> {
        match self.by_pieces(text) {
            Some(snapshot) => Ok(snapshot),
            None => whole_snapshot(text),
        }
    }

    fn by_pieces(&mut self, text: &str) -> Option<Snapshot> {
        let pieces = split(text)?;
        let context_key = hash(&pieces.context);
        if let Entry::Vacant(slot) = self.contexts.entry(context_key) {
            slot.insert(parse_register_text(&pieces.context).ok()?);
        }
        let context = &self.contexts[&context_key];
        let mut processes = Vec::with_capacity(pieces.items.len());
        for item in &pieces.items {
            let key = (context_key, hash(item));
            let snapshot = match self.items.entry(key) {
                Entry::Occupied(known) => known.into_mut(),
                Entry::Vacant(slot) => {
                    let parsed: Vec<Process> = parse_process_items(item).ok()?;
                    let [process] = parsed.as_slice() else {
                        return None;
                    };
                    slot.insert(Arc::new(ProcessSnapshot::of(context, process)))
                }
            };
            processes.push(Arc::clone(snapshot));
        }
        Some(Snapshot {
            processes,
            directive_in_force: Snapshot::directive_of(context),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHIPPED: &str = include_str!("../../processes.yaml");

    #[test]
    fn pieces_give_the_same_snapshot_as_the_whole_file() {
        let whole = Snapshot::of(&parse_register_text(SHIPPED).expect("shipped register parses"));
        let mut parser = Parser::default();
        assert!(split(SHIPPED).is_some(), "the shipped layout is understood");
        assert_eq!(parser.snapshot(SHIPPED).expect("parses"), whole);
        // Again, from the remembered pieces.
        assert_eq!(parser.snapshot(SHIPPED).expect("parses"), whole);
    }

    #[test]
    fn an_edited_item_is_read_again() {
        let mut parser = Parser::default();
        parser.snapshot(SHIPPED).expect("parses");
        let edited = SHIPPED.replace("Teenuste vastavus teenuslepetele", "Uus eesmärk");
        let whole = Snapshot::of(&parse_register_text(&edited).expect("parses"));
        assert_eq!(parser.snapshot(&edited).expect("parses"), whole);
    }

    #[test]
    fn layouts_it_cannot_cut_fall_back_to_the_whole_file() {
        let with_alias = SHIPPED.replace(
            "review_interval_months: 12",
            "review_interval_months: &m 12",
        );
        assert!(split(&with_alias).is_none());
        let mut parser = Parser::default();
        let whole = Snapshot::of(&parse_register_text(&with_alias).expect("parses"));
        assert_eq!(parser.snapshot(&with_alias).expect("parses"), whole);
        let broken = SHIPPED.replace("    owner: teenuste-portfellijuht\n", "    owner: [\n");
        assert!(
            parser.snapshot(&broken).is_err(),
            "a broken item is an error, as in a whole parse"
        );
    }
}
