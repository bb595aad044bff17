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

/// The last text cut into pieces, to compare the next one with.
struct Last {
    /// Valid UTF-8: it was read as text.
    text: Vec<u8>,
    item_indent: usize,
    /// Each list item's byte range in `text`.
    items: Vec<(usize, usize)>,
    context_key: u64,
    snapshot: Snapshot,
}

/// Remembers parsed pieces across commits.
#[derive(Default)]
pub struct Parser {
    contexts: HashMap<u64, Register>,
    /// Each list item's facts, by the hashes of its context and its text
    /// (the context supplies role and space names).
    items: HashMap<(u64, u64), Arc<ProcessSnapshot>>,
    last: Option<Last>,
}

fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    // Compared in blocks first: `==` on slices is a vectorised memcmp.
    const BLOCK: usize = 256;
    let mut at = 0;
    while at + BLOCK <= a.len().min(b.len()) && a[at..at + BLOCK] == b[at..at + BLOCK] {
        at += BLOCK;
    }
    at + a[at..]
        .iter()
        .zip(&b[at..])
        .take_while(|(x, y)| x == y)
        .count()
}

fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 256;
    let mut n = 0;
    while n + BLOCK <= a.len().min(b.len())
        && a[a.len() - n - BLOCK..a.len() - n] == b[b.len() - n - BLOCK..b.len() - n]
    {
        n += BLOCK;
    }
    n + a[..a.len() - n]
        .iter()
        .rev()
        .zip(b[..b.len() - n].iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

impl Parser {
    /// The snapshot of register `text`, or why it does not parse.
    #[cfg(test)]
    pub fn snapshot(&mut self, text: &str) -> Result<Snapshot, SnapshotError> {
        self.snapshot_of_bytes(text.as_bytes().to_vec())
    }

    /// The snapshot of the register file's `bytes` (a leading byte order
    /// mark is skipped), or why it does not parse. Where only one item
    /// differs from the last text, only that item is checked to be UTF-8:
    /// the rest is the same bytes as before.
    pub fn snapshot_of_bytes(&mut self, mut bytes: Vec<u8>) -> Result<Snapshot, SnapshotError> {
        if bytes.starts_with("\u{feff}".as_bytes()) {
            bytes.drain(..3);
        }
        let bytes = match self.by_one_item(bytes) {
            Ok(snapshot) => return Ok(snapshot),
            Err(bytes) => bytes,
        };
        let text = String::from_utf8(bytes).map_err(|_| SnapshotError::NotUtf8)?;
        let text = text.as_str();
        match self.by_pieces(text) {
            Some(snapshot) => Ok(snapshot),
            None => whole_snapshot(text),
        }
    }

    /// The snapshot of `text` when it differs from the last text cut into
    /// pieces only inside one list item, after the item's `- ` (the usual
    /// commit): the other pieces are the same, so only that item is read
    /// again, and the file is not cut up at all. `None` when that is not
    /// sure.
    fn by_one_item(&mut self, text: Vec<u8>) -> Result<Snapshot, Vec<u8>> {
        match self.one_item(&text) {
            Some((k, process, end, new_end)) => {
                let Some(last) = self.last.as_mut() else {
                    return Err(text);
                };
                last.snapshot.processes[k] = process;
                last.items[k].1 = new_end;
                for range in &mut last.items[k + 1..] {
                    *range = (range.0 + new_end - end, range.1 + new_end - end);
                }
                last.text = text;
                Ok(last.snapshot.clone())
            }
            None => Err(text),
        }
    }

    /// The item `text` changes, its new snapshot and its old and new end.
    fn one_item(&mut self, text: &[u8]) -> Option<(usize, Arc<ProcessSnapshot>, usize, usize)> {
        let last = self.last.as_ref()?;
        let (old, new) = (last.text.as_slice(), text);
        let prefix = common_prefix(old, new);
        let suffix = common_suffix(old, new).min(old.len().min(new.len()) - prefix);
        if prefix == old.len() && prefix == new.len() {
            let k = last.items.len().checked_sub(1)?;
            let (_, end) = last.items[k];
            return Some((k, Arc::clone(&last.snapshot.processes[k]), end, end));
        }
        let k = last
            .items
            .partition_point(|&(start, _)| start <= prefix)
            .checked_sub(1)?;
        let (start, end) = last.items[k];
        // The change leaves the item's `- ` and its last line break alone.
        if prefix < start + last.item_indent + 2 || old.len() - suffix >= end {
            return None;
        }
        let new_end = end + new.len() - old.len();
        // Lines start and end the item, the bytes around it are as before,
        // so the whole text is UTF-8 when the item is.
        let item = std::str::from_utf8(text.get(start..new_end)?).ok()?;
        if ['&', '*', '!', '\t'].iter().any(|c| item.contains(*c)) || item.contains("\n---") {
            return None;
        }
        // Every line after the first still belongs to the item.
        if !item
            .split_inclusive('\n')
            .skip(1)
            .all(|line| is_blank_or_comment(line) || indentation(line) > last.item_indent)
        {
            return None;
        }
        let key = (last.context_key, hash(item));
        let process = match self.items.get(&key) {
            Some(known) => Arc::clone(known),
            None => {
                let parsed: Vec<Process> = parse_process_items(item).ok()?;
                let [process] = parsed.as_slice() else {
                    return None;
                };
                let context = self.contexts.get(&last.context_key)?;
                let snapshot = Arc::new(ProcessSnapshot::of(context, process));
                self.items.insert(key, Arc::clone(&snapshot));
                snapshot
            }
        };
        Some((k, process, end, new_end))
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
        let snapshot = Snapshot {
            processes,
            directive_in_force: Snapshot::directive_of(context),
        };
        let base = text.as_ptr() as usize;
        let items: Vec<(usize, usize)> = pieces
            .items
            .iter()
            .map(|item| {
                let start = item.as_ptr() as usize - base;
                (start, start + item.len())
            })
            .collect();
        self.last = Some(Last {
            text: text.as_bytes().to_vec(),
            item_indent: pieces.items.first().map_or(0, |item| indentation(item)),
            items,
            context_key,
            snapshot: snapshot.clone(),
        });
        Some(snapshot)
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
    fn edits_in_a_row_give_what_a_whole_parse_gives() {
        let mut parser = Parser::default();
        let mut text = SHIPPED.to_string();
        let goal = "Teenuste vastavus teenuslepetele";
        type Edit = Box<dyn Fn(&str) -> String>;
        let steps: Vec<Edit> = vec![
            // Inside one item: a word, a longer and a shorter text.
            Box::new(move |t| t.replacen(goal, "Teenuste vastavus", 1)),
            Box::new(|t| {
                t.replacen(
                    "Teenuste vastavus",
                    "Teenuste vastavus ja palju muud veel",
                    1,
                )
            }),
            // A line more, and one fewer, in an item.
            Box::new(|t| {
                t.replacen(
                    "    owner: teenuste-portfellijuht\n",
                    "    owner: teenuste-portfellijuht\n    # a note\n",
                    1,
                )
            }),
            Box::new(|t| t.replacen("    # a note\n", "", 1)),
            // The item's id, the organisation, a new item in the middle.
            Box::new(|t| t.replacen("  - id: intsidendihaldus\n", "  - id: intsidendid\n", 1)),
            Box::new(|t| t.replacen("intsidendid", "intsidendihaldus", 1)),
            Box::new(|t| {
                t.replacen(
                    "    owner: teenuste-portfellijuht\n",
                    "    owner: teenuste-portfellijuht\n  - id: uus\n    name: Uus\n",
                    1,
                )
            }),
            // Something that must not be cut: an anchor, then a tab.
            Box::new(|t| {
                t.replacen(
                    "review_interval_months: 12",
                    "review_interval_months: &m 12",
                    1,
                )
            }),
            Box::new(|t| t.replacen("&m 12", "12", 1)),
            Box::new(|t| {
                t.replacen(
                    "    owner: teenuste-portfellijuht\n",
                    "    owner:\tteenuste-portfellijuht\n",
                    1,
                )
            }),
            Box::new(|t| t.replacen("    owner:\tteenuste-portfellijuht\n", "    owner: [\n", 1)),
            Box::new(|_| SHIPPED.to_string()),
        ];
        for (n, step) in steps.iter().enumerate() {
            let next = step(&text);
            assert_ne!(next, text, "step {n} changes nothing");
            text = next;
            let whole = whole_snapshot(&text).map_err(|e| e.to_string());
            let pieces = parser.snapshot(&text).map_err(|e| e.to_string());
            assert_eq!(pieces.is_ok(), whole.is_ok(), "step {n}");
            if let (Ok(a), Ok(b)) = (pieces, whole) {
                assert_eq!(a, b, "step {n}");
            }
        }
    }

    #[test]
    fn bytes_with_a_byte_order_mark_or_not_utf8_in_one_item() {
        let mut parser = Parser::default();
        let whole = Snapshot::of(&parse_register_text(SHIPPED).expect("parses"));
        let mut with_mark = "\u{feff}".as_bytes().to_vec();
        with_mark.extend_from_slice(SHIPPED.as_bytes());
        assert_eq!(parser.snapshot_of_bytes(with_mark).expect("parses"), whole);
        // One item edited into bytes that are not UTF-8: refused, although
        // the rest is the text read before.
        let broken = SHIPPED
            .replacen(
                "Teenuste vastavus teenuslepetele",
                "Teenuste vastavus \u{e9}",
                1,
            )
            .into_bytes();
        let at = broken
            .windows(2)
            .position(|w| w == [0xc3, 0xa9])
            .expect("the é");
        let mut broken = broken;
        broken[at + 1] = b'x';
        assert!(matches!(
            parser.snapshot_of_bytes(broken),
            Err(SnapshotError::NotUtf8)
        ));
        assert_eq!(parser.snapshot(SHIPPED).expect("parses"), whole);
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
