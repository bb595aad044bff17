//! The preview's files between builds. Each page is kept with the key of
//! what it was made from (see `render::cache`), so a rebuild after an edit
//! renders only the pages whose inputs changed and shares the bytes of the
//! rest with the build before; and each file with a hash of its bytes, from
//! which its entity tag and its page's reload tag are made.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Mutex, PoisonError};

use bytes::Bytes;

use crate::render::cache::Key;
use crate::render::{OutputFile, RenderError, Sink};

/// One file of a build.
#[derive(Debug, Clone)]
pub struct Kept {
    /// The key of the page's inputs; `None` for files that are not pages.
    key: Option<Key>,
    pub bytes: Bytes,
    /// A hash of `bytes`.
    pub hash: u64,
}

impl Kept {
    fn new(bytes: Vec<u8>, key: Option<Key>) -> Kept {
        let bytes = Bytes::from(bytes);
        Kept {
            hash: hash_of(&bytes),
            key,
            bytes,
        }
    }
}

/// A hash of `bytes`, the same within one run of the preview.
pub fn hash_of(bytes: &[u8]) -> u64 {
    let mut hasher = DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
}

/// The files of one build, by path.
pub type Files = HashMap<String, Kept>;

/// A sink that keeps every file in memory and takes a page from the
/// previous build when it was made from the same inputs.
pub struct Keeping<'a> {
    previous: &'a Files,
    made: Mutex<Files>,
}

impl<'a> Keeping<'a> {
    pub fn new(previous: &'a Files) -> Self {
        Keeping {
            previous,
            made: Mutex::new(HashMap::with_capacity(previous.len())),
        }
    }

    /// The files of this build.
    pub fn into_files(self) -> Files {
        self.made
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn keep(&self, path: String, kept: Kept) {
        self.made
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(path, kept);
    }
}

impl Sink for Keeping<'_> {
    fn put(&self, file: OutputFile) -> Result<(), RenderError> {
        self.keep(file.path, Kept::new(file.bytes, None));
        Ok(())
    }

    fn reuses(&self) -> bool {
        true
    }

    fn reuse(&self, path: &str, key: Key) -> Result<bool, RenderError> {
        match self.previous.get(path) {
            Some(kept) if kept.key == Some(key) => {
                self.keep(path.to_string(), kept.clone());
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    fn put_page(&self, file: OutputFile, key: Key) -> Result<(), RenderError> {
        self.keep(file.path, Kept::new(file.bytes, Some(key)));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.to_string(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn pages_with_the_same_key_share_the_previous_bytes() {
        let (a, b) = (Key([1; 16]), Key([2; 16]));
        let none = Files::new();
        let first = Keeping::new(&none);
        assert!(!first.reuse("x.html", a).unwrap());
        first.put_page(page("x.html", "one"), a).unwrap();
        first.put(page("data.json", "{}")).unwrap();
        let previous = first.into_files();

        let second = Keeping::new(&previous);
        assert!(second.reuse("x.html", a).unwrap());
        assert!(!second.reuse("x.html", b).unwrap(), "another key");
        assert!(!second.reuse("data.json", a).unwrap(), "not a page");
        let files = second.into_files();
        assert_eq!(files["x.html"].bytes, previous["x.html"].bytes);
        assert_eq!(files["x.html"].hash, hash_of(b"one"));
        assert!(!files.contains_key("data.json"));
    }
}
