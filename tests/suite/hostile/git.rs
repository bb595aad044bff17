//! A git repository for these tests, written with gix (no `git` program):
//! files of any kind at a path, commits with any author and message, tags
//! on any object.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use gix::objs::tree::EntryKind;
use gix::refs::transaction::PreviousValue;
use gix::ObjectId;
use tempfile::TempDir;

pub struct GitRepo {
    dir: TempDir,
    pub repo: gix::Repository,
    head: Option<ObjectId>,
    files: BTreeMap<String, (EntryKind, Vec<u8>)>,
    time: i64,
}

impl GitRepo {
    pub fn init() -> GitRepo {
        let dir = tempfile::Builder::new()
            .prefix("procbook-hostile-git-")
            .tempdir()
            .expect("temporary folder");
        let repo = gix::init(dir.path()).expect("gix::init");
        GitRepo {
            dir,
            repo,
            head: None,
            files: BTreeMap::new(),
            // 2026-01-01.
            time: 1_767_225_600,
        }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Sets `path` to `text` in the work tree and the next commit.
    pub fn put(&mut self, path: &str, text: &str) {
        let file = self.root().join(path);
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(&file, text).unwrap();
        self.files.insert(
            path.to_string(),
            (EntryKind::Blob, text.as_bytes().to_vec()),
        );
    }

    /// Puts an entry of `kind` (a link, a submodule, …) holding `bytes` in
    /// the next commit only; the work tree keeps what it has.
    pub fn put_entry(&mut self, path: &str, kind: EntryKind, bytes: &[u8]) {
        self.files.insert(path.to_string(), (kind, bytes.to_vec()));
    }

    /// Removes `path` from the next commit only.
    pub fn forget(&mut self, path: &str) {
        self.files.remove(path);
    }

    /// Commits everything, a day after the previous commit.
    pub fn commit(&mut self, author: &str, message: &str) -> ObjectId {
        let mut editor = self.repo.empty_tree().edit().unwrap();
        for (path, (kind, bytes)) in &self.files {
            let id = match kind {
                // A submodule entry names a commit that is not in the repo.
                EntryKind::Commit => ObjectId::from_hex(bytes).unwrap(),
                _ => self.repo.write_blob(bytes).unwrap().detach(),
            };
            editor.upsert(path.as_str(), *kind, id).unwrap();
        }
        let tree = editor.write().unwrap().detach();
        self.time += 86_400;
        let when = format!("{} +0200", self.time);
        let signature = gix::actor::SignatureRef {
            name: author.into(),
            email: "someone@example.org".into(),
            time: when.as_str(),
        };
        let id = self
            .repo
            .commit_as(signature, signature, "HEAD", message, tree, self.head)
            .unwrap()
            .detach();
        self.head = Some(id);
        id
    }

    /// A lightweight tag `name` on any object.
    pub fn tag(&self, name: &str, target: ObjectId) {
        self.repo
            .tag_reference(name, target, PreviousValue::Any)
            .unwrap();
    }

    /// Writes a blob and returns its id.
    pub fn blob(&self, bytes: &[u8]) -> ObjectId {
        self.repo.write_blob(bytes).unwrap().detach()
    }

    /// The tree of commit `id`.
    pub fn tree_of(&self, id: ObjectId) -> ObjectId {
        self.repo
            .find_commit(id)
            .unwrap()
            .tree_id()
            .unwrap()
            .detach()
    }
}
