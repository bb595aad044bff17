//! What lets a build render only what changed: a key for everything a page
//! is made from, and a memo of rendered Markdown.
//!
//! A page is a pure function of its template (with the theme it includes),
//! its context and procbook itself: themes cannot read the clock, the
//! environment or files. So the key of a page hashes exactly those, and a
//! page whose key is the one it had last time is the file it was last time.
//! This needs no list of what depends on what, which could fall out of
//! date: whatever a page shows is in its context, and so in its key.

use std::collections::{HashMap, HashSet};
use std::hash::Hasher;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use serde_json::Value;
use siphasher::sip128::{Hasher128, SipHasher13};

/// Changed whenever what is keyed, or how, changes.
const FORMAT: &[u8] = b"procbook-render-cache-1";

/// A 128-bit fingerprint of the inputs of one output (SipHash-1-3 with
/// fixed keys: the same on every run, machine and Rust version).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Key(pub [u8; 16]);

/// Builds a [`Key`]. Every piece is written with its length or a tag, so
/// two different sequences of pieces never hash the same bytes.
pub(crate) struct KeyHasher(SipHasher13);

impl KeyHasher {
    /// A hasher for keys of one kind (`domain`), of this build of procbook.
    pub(crate) fn new(domain: &str) -> Self {
        let mut hasher = KeyHasher(SipHasher13::new_with_keys(
            0x7072_6f63_626f_6f6b,
            0x6b65_7973_2d76_3031,
        ));
        hasher.bytes(FORMAT);
        hasher.bytes(engine());
        hasher.bytes(domain.as_bytes());
        hasher
    }

    /// Adds bytes.
    pub(crate) fn bytes(&mut self, bytes: &[u8]) {
        self.0.write_usize(bytes.len());
        self.0.write(bytes);
    }

    /// Adds a key.
    pub(crate) fn key(&mut self, key: Key) {
        self.0.write(&key.0);
    }

    /// Adds a JSON value, as the templates see it.
    pub(crate) fn value(&mut self, value: &Value) {
        match value {
            Value::Null => self.0.write_u8(0),
            Value::Bool(b) => {
                self.0.write_u8(1);
                self.0.write_u8(u8::from(*b));
            }
            Value::Number(n) => {
                self.0.write_u8(2);
                self.bytes(n.to_string().as_bytes());
            }
            Value::String(s) => {
                self.0.write_u8(3);
                self.bytes(s.as_bytes());
            }
            Value::Array(items) => {
                self.0.write_u8(4);
                self.0.write_usize(items.len());
                for item in items {
                    self.value(item);
                }
            }
            Value::Object(map) => {
                self.0.write_u8(5);
                self.0.write_usize(map.len());
                for (name, item) in map {
                    self.bytes(name.as_bytes());
                    self.value(item);
                }
            }
        }
    }

    /// The key.
    pub(crate) fn finish(&self) -> Key {
        Key(self.0.finish128().as_bytes())
    }
}

/// What identifies this procbook: its version, and the size and time of its
/// executable, so that a build of other code under the same version number
/// (a developer's) never takes pages made by another.
fn engine() -> &'static [u8] {
    static ENGINE: OnceLock<Vec<u8>> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let mut id = env!("CARGO_PKG_VERSION").as_bytes().to_vec();
        let exe = std::env::current_exe().and_then(std::fs::metadata);
        if let Ok(meta) = exe {
            id.extend_from_slice(&meta.len().to_le_bytes());
            if let Ok(modified) = meta.modified() {
                let since = modified
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap_or_default();
                id.extend_from_slice(&since.as_nanos().to_le_bytes());
            }
        }
        id
    })
}

/// Rendered Markdown by the key of its source, kept between builds: a
/// build renders only the Markdown that changed, yet every page that shows
/// Markdown (the print page shows all of it) has it at hand.
#[derive(Debug, Default)]
pub(crate) struct MarkdownMemo {
    /// What the previous build left.
    previous: HashMap<Key, Arc<str>>,
    /// What this build used or made: what the next build gets.
    used: Mutex<HashMap<Key, Arc<str>>>,
}

/// First bytes of a saved memo.
const MEMO_MAGIC: &[u8] = b"procbook markdown memo 1\n";

impl MarkdownMemo {
    /// The HTML of the Markdown with `key`, made by `render` unless the
    /// previous build left it.
    pub(crate) fn get_or_render(&self, key: Key, render: impl FnOnce() -> String) -> String {
        let html: Arc<str> = match self.previous.get(&key) {
            Some(html) => Arc::clone(html),
            None => Arc::from(render()),
        };
        let out = html.to_string();
        self.used
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(key, html);
        out
    }

    /// A memo that starts with what this one holds, what it was left and
    /// what was used or made since, of the Markdown with a key in `keep`
    /// (the preview renders a page when it is asked for, so what one build
    /// has not used yet may still be asked for in the next; what no page
    /// shows any more is dropped). The HTML is shared, not copied.
    pub(crate) fn successor(&self, keep: &HashSet<Key>) -> MarkdownMemo {
        let used = self.used.lock().unwrap_or_else(PoisonError::into_inner);
        let previous = self
            .previous
            .iter()
            .chain(used.iter())
            .filter(|(key, _)| keep.contains(*key))
            .map(|(key, html)| (*key, Arc::clone(html)))
            .collect();
        MarkdownMemo {
            previous,
            used: Mutex::default(),
        }
    }

    /// Reads a memo saved by [`MarkdownMemo::to_bytes`]; anything else,
    /// truncated or damaged gives an empty memo (a memo only saves time).
    pub(crate) fn from_bytes(bytes: &[u8]) -> Self {
        MarkdownMemo {
            previous: parse_memo(bytes).unwrap_or_default(),
            used: Mutex::default(),
        }
    }

    /// What this build used or made, to save for the next, in key order
    /// (the same memo gives the same bytes).
    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        let used = self.used.lock().unwrap_or_else(PoisonError::into_inner);
        let mut entries: Vec<(&Key, &Arc<str>)> = used.iter().collect();
        entries.sort_by_key(|(key, _)| **key);
        let size: usize = entries.iter().map(|(_, html)| html.len() + 24).sum();
        let mut bytes = Vec::with_capacity(MEMO_MAGIC.len() + size);
        bytes.extend_from_slice(MEMO_MAGIC);
        for (key, html) in entries {
            bytes.extend_from_slice(&key.0);
            bytes.extend_from_slice(&(html.len() as u64).to_le_bytes());
            bytes.extend_from_slice(html.as_bytes());
        }
        bytes
    }
}

fn parse_memo(bytes: &[u8]) -> Option<HashMap<Key, Arc<str>>> {
    let mut rest = bytes.strip_prefix(MEMO_MAGIC)?;
    let mut memo = HashMap::new();
    while !rest.is_empty() {
        let (key, after) = rest.split_first_chunk::<16>()?;
        let (len, after) = after.split_first_chunk::<8>()?;
        let len = usize::try_from(u64::from_le_bytes(*len)).ok()?;
        if len > after.len() {
            return None;
        }
        let (html, after) = after.split_at(len);
        memo.insert(Key(*key), Arc::from(std::str::from_utf8(html).ok()?));
        rest = after;
    }
    Some(memo)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key_of(parts: &[&[u8]]) -> Key {
        let mut h = KeyHasher::new("test");
        for part in parts {
            h.bytes(part);
        }
        h.finish()
    }

    #[test]
    fn pieces_are_delimited() {
        assert_ne!(key_of(&[b"ab", b"c"]), key_of(&[b"a", b"bc"]));
        assert_ne!(key_of(&[b"abc"]), key_of(&[b"abc", b""]));
        assert_eq!(key_of(&[b"abc"]), key_of(&[b"abc"]));
    }

    #[test]
    fn values_of_other_types_differ() {
        let hash = |v: Value| {
            let mut h = KeyHasher::new("test");
            h.value(&v);
            h.finish()
        };
        assert_ne!(hash(serde_json::json!("1")), hash(serde_json::json!(1)));
        assert_ne!(
            hash(serde_json::json!({"a": [1, 2]})),
            hash(serde_json::json!({"a": [12]}))
        );
        assert_ne!(
            hash(serde_json::json!(null)),
            hash(serde_json::json!(false))
        );
        assert_eq!(
            hash(serde_json::json!({"a": 1})),
            hash(serde_json::json!({"a": 1}))
        );
    }

    #[test]
    fn memo_round_trips_and_keeps_only_what_was_used() {
        let memo = MarkdownMemo::default();
        let (a, b) = (key_of(&[b"a"]), key_of(&[b"b"]));
        assert_eq!(memo.get_or_render(a, || "<p>a</p>".into()), "<p>a</p>");
        assert_eq!(memo.get_or_render(b, || "<p>b</p>".into()), "<p>b</p>");
        let again = MarkdownMemo::from_bytes(&memo.to_bytes());
        assert_eq!(again.get_or_render(a, || unreachable!()), "<p>a</p>");
        let next = MarkdownMemo::from_bytes(&again.to_bytes());
        assert_eq!(next.previous.len(), 1, "b was not used, so not kept");
        assert_eq!(
            memo.to_bytes(),
            MarkdownMemo::from_bytes(&memo.to_bytes()).to_bytes_all()
        );
    }

    #[test]
    fn a_successor_keeps_what_was_left_and_made_and_is_still_shown() {
        let (a, b, c) = (key_of(&[b"a"]), key_of(&[b"b"]), key_of(&[b"c"]));
        let all: HashSet<Key> = [a, b, c].into_iter().collect();
        let first = MarkdownMemo::default();
        first.get_or_render(a, || "A".to_string());
        first.get_or_render(c, || "C".to_string());
        let second = first.successor(&all);
        second.get_or_render(b, || "B".to_string());
        let third = second.successor(&[a, b].into_iter().collect());
        // Neither is rendered again: both were kept.
        assert_eq!(third.get_or_render(a, || unreachable!()), "A");
        assert_eq!(third.get_or_render(b, || unreachable!()), "B");
        // What no page shows any more was dropped.
        assert_eq!(third.get_or_render(c, || "again".to_string()), "again");
    }

    #[test]
    fn damaged_memos_are_empty() {
        let memo = MarkdownMemo::default();
        memo.get_or_render(key_of(&[b"a"]), || "x".repeat(100));
        let bytes = memo.to_bytes();
        for cut in [0, 5, MEMO_MAGIC.len() + 3, bytes.len() - 1] {
            assert!(MarkdownMemo::from_bytes(&bytes[..cut]).previous.is_empty());
        }
        assert_eq!(MarkdownMemo::from_bytes(&bytes).previous.len(), 1);
    }

    impl MarkdownMemo {
        /// Everything it holds, as if all of it had been used.
        fn to_bytes_all(&self) -> Vec<u8> {
            let all = MarkdownMemo::default();
            for (key, html) in &self.previous {
                all.get_or_render(*key, || html.to_string());
            }
            all.to_bytes()
        }
    }
}
