//! The change history and published versions, read from real git
//! repositories. Every repository here is made with the gix library (blobs,
//! trees, commits with explicit authors and times, tags), never with the git
//! command line, and the real `procbook build` binary is run on it.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use gix::objs::tree::EntryKind;
use gix::refs::transaction::PreviousValue;
use gix::ObjectId;
use serde_json::Value;
use tempfile::TempDir;

use crate::common::schema;

// ---------------------------------------------------------------------------
// Repository helpers
// ---------------------------------------------------------------------------

/// A person in a commit: a name and an email (emails must never be
/// published).
#[derive(Clone, Copy)]
struct Person {
    name: &'static str,
    email: &'static str,
}

const MARI: Person = Person {
    name: "Mari Maasikas",
    email: "mari@example.org",
};
const JAAN: Person = Person {
    name: "Jaan Tamm",
    email: "jaan@example.org",
};
/// Commits everything; never the author.
const BOT: Person = Person {
    name: "Register Bot",
    email: "bot@example.org",
};

/// 2026-01-01T00:00:00Z.
const JAN_1_2026: i64 = 1_767_225_600;

/// Seconds since the epoch of 09:00 at UTC+02:00 on `day` days after
/// 2026-01-01.
fn morning(day: i64) -> i64 {
    JAN_1_2026 + day * 86_400 + 7 * 3_600
}

/// A git repository in a temporary folder whose work tree always holds the
/// files of its HEAD commit.
struct GitRepo {
    dir: TempDir,
    repo: gix::Repository,
    head: Option<ObjectId>,
    /// Every file of the next commit, by path.
    files: BTreeMap<String, String>,
}

impl GitRepo {
    /// A new, empty repository made with `gix::init`.
    fn init() -> GitRepo {
        let dir = tempfile::Builder::new()
            .prefix("procbook-history-")
            .tempdir()
            .expect("create a temporary folder");
        let repo = gix::init(dir.path()).expect("gix::init");
        GitRepo {
            dir,
            repo,
            head: None,
            files: BTreeMap::new(),
        }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn git_dir(&self) -> PathBuf {
        self.repo.git_dir().to_path_buf()
    }

    /// Sets `path` to `text` in the work tree and in the next commit.
    fn put(&mut self, path: &str, text: &str) {
        let file = self.root().join(path);
        fs::create_dir_all(file.parent().expect("a parent")).expect("create folders");
        fs::write(&file, text).expect("write a work tree file");
        self.files.insert(path.to_string(), text.to_string());
    }

    /// Commits every file with `author` at `time` (UTC+02:00) on HEAD, with
    /// the previous commit as the only parent, and returns the commit id.
    fn commit(&mut self, author: Person, time: i64, message: &str) -> ObjectId {
        let mut editor = self.repo.empty_tree().edit().expect("a tree editor");
        for (path, text) in &self.files {
            let blob = self.repo.write_blob(text.as_bytes()).expect("write a blob");
            editor
                .upsert(path.as_str(), EntryKind::Blob, blob.detach())
                .expect("put a blob in the tree");
        }
        let tree = editor.write().expect("write the tree").detach();
        let when = format!("{time} +0200");
        let signature = |p: Person| gix::actor::SignatureRef {
            name: p.name.into(),
            email: p.email.into(),
            time: when.as_str(),
        };
        let id = self
            .repo
            .commit_as(
                signature(BOT),
                signature(author),
                "HEAD",
                message,
                tree,
                self.head,
            )
            .expect("commit")
            .detach();
        self.head = Some(id);
        id
    }

    /// A lightweight tag `name` on `target`.
    fn tag(&self, name: &str, target: ObjectId) {
        self.repo
            .tag_reference(name, target, PreviousValue::Any)
            .expect("create a tag");
    }

    /// An annotated tag `name` on commit `target`, by a tagger with an email.
    fn annotated_tag(&self, name: &str, target: ObjectId, time: i64) {
        let when = format!("{time} +0200");
        let tagger = gix::actor::SignatureRef {
            name: MARI.name.into(),
            email: MARI.email.into(),
            time: when.as_str(),
        };
        self.repo
            .tag(
                name,
                target,
                gix::objs::Kind::Commit,
                Some(tagger),
                format!("Version {name}\n"),
                PreviousValue::Any,
            )
            .expect("create an annotated tag");
    }

    /// Points the current branch at `target` (as `git reset --hard`) and
    /// makes the work tree and the next commit hold `files`.
    fn reset(&mut self, target: ObjectId, files: BTreeMap<String, String>) {
        let branch = self
            .repo
            .head_name()
            .expect("read HEAD")
            .expect("HEAD is a branch");
        self.repo
            .reference(branch, target, PreviousValue::Any, "reset: moving back")
            .expect("move the branch");
        self.head = Some(target);
        for path in self.files.keys() {
            let _ = fs::remove_file(self.root().join(path));
        }
        self.files.clear();
        for (path, text) in files {
            self.put(&path, &text);
        }
    }

    /// The file of the loose object `id`.
    fn loose_object(&self, id: ObjectId) -> PathBuf {
        let hex = id.to_string();
        self.git_dir()
            .join("objects")
            .join(&hex[..2])
            .join(&hex[2..])
    }

    fn cache_file(&self) -> PathBuf {
        self.git_dir().join("procbook").join("history-cache.json")
    }
}

/// The first 8 characters of a commit id, as pages show it.
fn short(id: ObjectId) -> String {
    id.to_string()[..8].to_string()
}

// ---------------------------------------------------------------------------
// The scenario
// ---------------------------------------------------------------------------

/// The register this crate ships, which is valid on [`TODAY`].
fn shipped_register() -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("processes.yaml"))
        .expect("read the shipped processes.yaml")
}

const TODAY: &str = "2026-11-25";

/// `text` with the one occurrence of `from` replaced by `to`.
fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert_eq!(
        text.matches(from).count(),
        1,
        "the register template should hold {from:?} exactly once"
    );
    text.replacen(from, to, 1)
}

const GOAL_BEFORE: &str = "Teenuste vastavus teenuslepetele";
const GOAL_AFTER: &str = "Teenuste vastavus teenuslepetele ja kokkulepitud teenustasemetele";
const GUIDE_V1: &str = "Teenustasemeid vaadatakse üle kord kvartalis.";
const GUIDE_V2: &str = "Teenustasemeid vaadatakse üle kord kuus.";
const NEW_ID: &str = "intsidentide-haldus";

fn guide(body: &str) -> String {
    format!("---\nprocess: teenustasemete-haldus\n---\n\n{body}\n")
}

/// The commits of the scenario.
struct Scenario {
    git: GitRepo,
    added: ObjectId,
    goal: ObjectId,
    owner: ObjectId,
    broken: ObjectId,
    renamed: ObjectId,
    reformatted: ObjectId,
    /// The files as of the owner change.
    owner_files: BTreeMap<String, String>,
}

const ADDED_MSG: &str = "Register from directive 1-1/61";
const GOAL_MSG: &str = "Sharper goal for service level management";
const OWNER_MSG: &str = "Request management moves to the portfolio manager";
const BROKEN_MSG: &str = "WIP rename incident management";
const RENAMED_MSG: &str = "Rename intsidendihaldus";
const REFORMAT_MSG: &str = "Reformat the register";

/// Six commits on one line, with tags `v1` (after the goal change), `v2`
/// (after the rename, annotated) and `release-x` (not a version).
fn scenario() -> Scenario {
    let mut git = GitRepo::init();
    let r1 = shipped_register();
    git.put("processes.yaml", &r1);
    git.put(
        "content/processes/teenustasemete-haldus.md",
        &guide(GUIDE_V1),
    );
    let added = git.commit(
        MARI,
        morning(4),
        &format!("{ADDED_MSG}\n\nAll eight processes of annex 1.\n"),
    );

    let r2 = replace_once(
        &r1,
        &format!("      - {GOAL_BEFORE}\n"),
        &format!("      - {GOAL_AFTER}\n"),
    );
    git.put("processes.yaml", &r2);
    let goal = git.commit(JAAN, morning(14), GOAL_MSG);
    git.tag("v1", goal);

    let r3 = replace_once(
        &r2,
        "    owner: klienditoe-grupijuht\n",
        "    owner: teenuste-portfellijuht\n",
    );
    git.put("processes.yaml", &r3);
    git.put(
        "content/processes/teenustasemete-haldus.md",
        &guide(GUIDE_V2),
    );
    let owner = git.commit(MARI, morning(31), OWNER_MSG);
    let owner_files = git.files.clone();
    git.tag("release-x", owner);

    let broken_text = replace_once(
        &r3,
        "  - id: intsidendihaldus\n",
        &format!("  - id: {NEW_ID}\n    formerly: [intsidendihaldus\n"),
    );
    git.put("processes.yaml", &broken_text);
    let broken = git.commit(JAAN, morning(40), BROKEN_MSG);

    let r5 = replace_once(
        &r3,
        "  - id: intsidendihaldus\n",
        &format!("  - id: {NEW_ID}\n    formerly: [intsidendihaldus]\n"),
    );
    git.put("processes.yaml", &r5);
    let renamed = git.commit(JAAN, morning(41), RENAMED_MSG);
    git.annotated_tag("v2", renamed, morning(42));

    // Same facts, other text: a comment, quoting and indentation.
    let mut r6 = replace_once(
        &r5,
        "settings:\n",
        "# Reformatted: quoting and indentation only.\nsettings:\n",
    );
    r6 = replace_once(&r6, "  short_name: SMIT\n", "  short_name: \"SMIT\"\n");
    r6 = replace_once(
        &r6,
        "    name: Teenustasemete haldus\n",
        "    name: 'Teenustasemete haldus'\n",
    );
    r6 = replace_once(
        &r6,
        &format!("    goals:\n      - {GOAL_AFTER}\n"),
        &format!("    goals:\n    - {GOAL_AFTER}\n"),
    );
    assert_ne!(r5, r6);
    git.put("processes.yaml", &r6);
    let reformatted = git.commit(MARI, morning(50), REFORMAT_MSG);

    Scenario {
        git,
        added,
        goal,
        owner,
        broken,
        renamed,
        reformatted,
        owner_files,
    }
}

// ---------------------------------------------------------------------------
// Running the binary and reading its output
// ---------------------------------------------------------------------------

/// Runs `procbook build` on `root` into `out` (which must not exist yet).
fn build(root: &Path, out: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_procbook"))
        .arg("build")
        .arg("--root")
        .arg(root)
        .arg("--out")
        .arg(out)
        .args(["--today", TODAY])
        .args(extra)
        .env("NO_COLOR", "1")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_CEILING_DIRECTORIES")
        .output()
        .expect("run procbook")
}

/// A build that must succeed; returns its stderr.
fn build_ok(root: &Path, out: &Path, extra: &[&str]) -> String {
    let output = build(root, out, extra);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(0), "build failed:\n{stderr}");
    stderr
}

/// Output folders in one temporary folder.
struct Outs {
    dir: TempDir,
}

impl Outs {
    fn new() -> Outs {
        Outs {
            dir: tempfile::Builder::new()
                .prefix("procbook-history-out-")
                .tempdir()
                .expect("create a temporary folder"),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

fn read(out: &Path, path: &str) -> String {
    fs::read_to_string(out.join(path)).unwrap_or_else(|e| panic!("read {path}: {e}"))
}

/// Every file under `out`, by relative path.
fn tree(out: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(out)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("walk the output"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(out)
                .expect("under the output")
                .to_string_lossy()
                .replace('\\', "/");
            (rel, fs::read(e.path()).expect("read an output file"))
        })
        .collect()
}

/// Where `needle` is in `haystack`, failing when it is not there.
fn position(haystack: &str, needle: &str) -> usize {
    haystack
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not found in:\n{haystack}"))
}

/// The part of `html` from `start` up to the next `end`.
fn section<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = position(html, start);
    let len = html[from..].find(end).unwrap_or(html.len() - from);
    &html[from..from + len]
}

/// Every `href` value in `html`.
fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').expect("a closing quote")].to_string())
        .collect()
}

/// The file a relative link on page `page` (a path under the output) points
/// at.
fn resolve(page: &str, href: &str) -> String {
    let href = href.split(['#', '?']).next().unwrap_or_default();
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for part in href.split('/') {
        match part {
            ".." => {
                assert!(parts.pop().is_some(), "{href} on {page} leaves the site");
            }
            "." | "" => {}
            other => parts.push(other),
        }
    }
    parts.join("/")
}

/// The `kind`s of every field change in a `changes.json` commit entry.
fn kinds(entry: &Value) -> Vec<String> {
    entry["processes"]
        .as_array()
        .expect("processes")
        .iter()
        .flat_map(|p| p["changes"].as_array().expect("changes").iter())
        .map(|c| c["kind"].as_str().expect("a kind").to_string())
        .collect()
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[test]
fn changes_page_lists_field_changes_newest_first() {
    let s = scenario();
    let outs = Outs::new();
    let out = outs.path("site");
    let stderr = build_ok(s.git.root(), &out, &[]);

    // The broken commit is named and skipped; the build goes on.
    assert!(
        stderr.contains("history/unparsable-commit"),
        "no unparsable-commit warning:\n{stderr}"
    );
    let warning = section(&stderr, "history/unparsable-commit", "\n");
    assert!(warning.contains(&short(s.broken)), "{warning}");
    assert!(warning.contains(BROKEN_MSG), "{warning}");
    assert!(!stderr.contains("history/shallow"), "{stderr}");

    let html = read(&out, "changes.html");
    // Newest first: rename, owner, goal, the first commit.
    let at_renamed = position(&html, &format!("id=\"c-{}\"", short(s.renamed)));
    let at_owner = position(&html, &format!("id=\"c-{}\"", short(s.owner)));
    let at_goal = position(&html, &format!("id=\"c-{}\"", short(s.goal)));
    let at_added = position(&html, &format!("id=\"c-{}\"", short(s.added)));
    assert!(at_renamed < at_owner && at_owner < at_goal && at_goal < at_added);
    assert_eq!(html.matches("<li id=\"c-").count(), 4, "{html}");
    // Summaries are the first line of the message only.
    assert!(html.contains(ADDED_MSG));
    assert!(!html.contains("All eight processes"));
    // Field-level descriptions, with from and to.
    // A changed goal is a word-level difference, not two quotes.
    let added = GOAL_AFTER
        .strip_prefix(GOAL_BEFORE)
        .expect("the goal grows");
    assert!(
        html.contains(&format!(
            "Eesmärk muutus: <span class=\"word-diff\">{GOAL_BEFORE}<ins>{added}</ins></span>"
        )),
        "{html}"
    );
    assert!(html.contains("Omanik muutus: klienditoe grupijuht → teenuste portfellijuht"));
    assert!(html.contains(&format!("Tunnus muutus: intsidendihaldus → {NEW_ID}")));
    assert_eq!(html.matches("Lisati protsess").count(), 8);
    // Processes that still exist are linked.
    assert!(html.contains(&format!("href=\"processes/{NEW_ID}.html\"")));
    // The broken and the reformatting commits are no entries.
    for skipped in [s.broken, s.reformatted] {
        assert!(!html.contains(&short(skipped)), "{skipped} is listed");
    }
    assert!(!html.contains(BROKEN_MSG) && !html.contains(REFORMAT_MSG));
    // Authors' names are shown.
    assert!(html.contains("muutja Jaan Tamm"));
    assert!(html.contains("muutja Mari Maasikas"));

    let en = read(&out, "en/changes.html");
    assert!(en.contains(&format!(
        "Goal changed: <span class=\"word-diff\" lang=\"et\">{GOAL_BEFORE}<ins>{added}</ins></span>"
    )));
    assert!(en.contains("Owner changed: klienditoe grupijuht → teenuste portfellijuht"));
    assert!(en.contains(&format!("Id changed: intsidendihaldus → {NEW_ID}")));

    // The renamed process's page has its whole history, across the rename.
    let page = read(&out, &format!("processes/{NEW_ID}.html"));
    let history = section(&page, "id=\"history-h\"", "</section>");
    let at_rename = position(
        history,
        &format!("Tunnus muutus: intsidendihaldus → {NEW_ID}"),
    );
    let at_add = position(history, "Lisati protsess");
    assert!(at_rename < at_add);
    assert!(history.contains(&short(s.renamed)) && history.contains(&short(s.added)));
    assert!(!history.contains(&short(s.owner)) && !history.contains(&short(s.goal)));
    let last = section(&page, "Viimati muudetud", "</dd>");
    assert!(last.contains(&short(s.renamed)), "{last}");
    assert!(last.contains(RENAMED_MSG), "{last}");
    assert!(last.contains("datetime=\"2026-02-11\""), "{last}");
    assert!(read(&out, &format!("en/processes/{NEW_ID}.html")).contains("Last changed"));
    // An untouched process was last changed when it was added.
    let other = read(&out, "processes/muudatusehaldus.html");
    assert!(section(&other, "Viimati muudetud", "</dd>").contains(&short(s.added)));
    // The old id has no page.
    assert!(!out.join("processes/intsidendihaldus.html").exists());

    // api/changes.json
    let json: Value = serde_json::from_str(&read(&out, "api/changes.json")).expect("JSON");
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/changes.schema.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let broken = schema::violations(&schema, &json);
    assert!(
        broken.is_empty(),
        "changes.json against its schema: {broken:#?}"
    );
    assert_eq!(json["available"], true);
    let changes = json["changes"].as_array().expect("changes");
    let commits: Vec<&str> = changes
        .iter()
        .map(|c| c["commit"].as_str().unwrap())
        .collect();
    assert_eq!(
        commits,
        [s.renamed, s.owner, s.goal, s.added].map(|c| c.to_string())
    );
    assert_eq!(kinds(&changes[0]), ["renamed"]);
    let renamed = &changes[0]["processes"][0];
    assert_eq!(renamed["process"], NEW_ID);
    assert_eq!(renamed["previous_id"], "intsidendihaldus");
    assert_eq!(renamed["changes"][0]["from"], "intsidendihaldus");
    assert_eq!(renamed["changes"][0]["to"], NEW_ID);
    assert_eq!(changes[0]["author"], JAAN.name);
    assert_eq!(changes[0]["summary"], RENAMED_MSG);
    assert_eq!(changes[0]["date"], "2026-02-11");
    assert_eq!(changes[0]["time"], "2026-02-11T09:00:00+02:00");
    // The owner commit also changed a guidelines page: part of the history.
    assert_eq!(kinds(&changes[1]), ["owner_changed", "guidelines_changed"]);
    assert_eq!(
        changes[1]["processes"][1]["process"],
        "teenustasemete-haldus"
    );
    let owner = &changes[1]["processes"][0];
    assert_eq!(owner["process"], "poordumiste-haldus");
    assert_eq!(owner["changes"][0]["from"], "klienditoe grupijuht");
    assert_eq!(owner["changes"][0]["to"], "teenuste portfellijuht");
    assert_eq!(kinds(&changes[2]), ["goal_changed"]);
    let goal = &changes[2]["processes"][0];
    assert_eq!(goal["process"], "teenustasemete-haldus");
    assert_eq!(goal["changes"][0]["from"], GOAL_BEFORE);
    assert_eq!(goal["changes"][0]["to"], GOAL_AFTER);
    let added_kinds = kinds(&changes[3]);
    assert_eq!(
        added_kinds.iter().filter(|k| *k == "process_added").count(),
        8
    );
    assert_eq!(
        added_kinds
            .iter()
            .filter(|k| *k == "guidelines_added")
            .count(),
        1
    );
    assert_eq!(changes[3]["author"], MARI.name);
    let tags: Vec<&str> = json["versions"]
        .as_array()
        .expect("versions")
        .iter()
        .map(|v| v["tag"].as_str().unwrap())
        .collect();
    assert_eq!(tags, ["v1", "v2"]);

    // feed.xml
    let feed = read(&out, "feed.xml");
    assert!(feed.starts_with("<?xml"), "{feed}");
    assert!(feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""));
    assert!(feed.trim_end().ends_with("</feed>"));
    assert_eq!(feed.matches("<entry>").count(), 4);
    assert_eq!(feed.matches("</entry>").count(), 4);
    // The feed was updated when its newest entry was made (the reformat is
    // no entry).
    let updated = section(&feed, "<updated>", "</updated>");
    assert_eq!(updated, "<updated>2026-02-11T09:00:00+02:00");
    assert!(position(&feed, "<updated>") < position(&feed, "<entry>"));
    let first_entry = section(&feed, "<entry>", "</entry>");
    assert!(first_entry.contains(&format!("urn:git:{}", s.renamed)));
    assert!(first_entry.contains("<updated>2026-02-11T09:00:00+02:00</updated>"));
    assert!(first_entry.contains("<name>Jaan Tamm</name>"));
    assert!(feed.contains("Omanik muutus: klienditoe grupijuht → teenuste portfellijuht"));

    // Names are published; emails never, anywhere.
    let files = tree(&out);
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains("@example.org"), "an email in {path}");
        assert!(!text.contains("example.org"), "an email domain in {path}");
    }
}

#[test]
fn hide_authors_removes_names_everywhere() {
    let s = scenario();
    let outs = Outs::new();
    // A normal build first, so the cache (which knows the names) exists.
    build_ok(s.git.root(), &outs.path("shown"), &[]);
    assert!(read(&outs.path("shown"), "changes.html").contains(MARI.name));

    let out = outs.path("hidden");
    build_ok(s.git.root(), &out, &["--hide-authors"]);
    for (path, bytes) in tree(&out) {
        let text = String::from_utf8_lossy(&bytes);
        for name in [MARI.name, JAAN.name, BOT.name, "Maasikas", "example.org"] {
            assert!(!text.contains(name), "{name} in {path}");
        }
    }
    let html = read(&out, "changes.html");
    assert!(!html.contains("muutja"), "{html}");
    assert!(html.contains(GOAL_MSG));
    let json: Value = serde_json::from_str(&read(&out, "api/changes.json")).expect("JSON");
    assert!(json["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .all(|c| c["author"].is_null()));
    let feed = read(&out, "feed.xml");
    for entry in feed.split("<entry>").skip(1) {
        assert!(!entry.contains("<author>"), "{entry}");
    }
}

#[test]
fn tagged_versions_are_archived_and_compared() {
    let s = scenario();
    let outs = Outs::new();
    let out = outs.path("site");
    build_ok(s.git.root(), &out, &[]);
    let files = tree(&out);

    // Only tags matching v* are published.
    let published: Vec<String> = fs::read_dir(out.join("v"))
        .expect("a v/ folder")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(published, ["v1", "v2"]);
    assert!(!out.join("v/release-x").exists());
    assert!(!files.keys().any(|p| p.contains("release-x")));
    for page in [
        "v/v1/index.html",
        "v/v2/index.html",
        "v/v1/en/index.html",
        "v/v2/en/index.html",
        "v/v1/processes/intsidendihaldus.html",
        &format!("v/v2/processes/{NEW_ID}.html"),
    ] {
        assert!(files.contains_key(page), "{page} is missing");
    }
    assert!(!files.contains_key(&format!("v/v1/processes/{NEW_ID}.html")));
    assert!(!files.contains_key("v/v2/processes/intsidendihaldus.html"));
    // Archived sites have no history of their own.
    assert!(!files.contains_key("v/v1/changes.html"));

    // Each version shows the register and pages of its tag, not of HEAD.
    let v1 = read(&out, "v/v1/processes/poordumiste-haldus.html");
    let v2 = read(&out, "v/v2/processes/poordumiste-haldus.html");
    assert!(v1.contains("owners.html#klienditoe-grupijuht"));
    assert!(v2.contains("owners.html#teenuste-portfellijuht"));
    let guide_v1 = read(&out, "v/v1/processes/teenustasemete-haldus.html");
    assert!(guide_v1.contains(GUIDE_V1) && !guide_v1.contains(GUIDE_V2));
    assert!(guide_v1.contains(GOAL_AFTER));
    assert!(read(&out, "v/v2/processes/teenustasemete-haldus.html").contains(GUIDE_V2));

    // Every archived page carries the banner, and its link to the current
    // site resolves.
    let mut banners = 0;
    for (path, bytes) in &files {
        let Some(rest) = path.strip_prefix("v/") else {
            continue;
        };
        if !path.ends_with(".html") {
            continue;
        }
        let tag = &rest[..rest.find('/').expect("a tag folder")];
        let html = String::from_utf8_lossy(bytes);
        let banner = section(&html, "class=\"banner banner-version\"", "</div></div>");
        let expected = if rest.starts_with(&format!("{tag}/en/")) {
            format!("This is the archived version {tag} of the register")
        } else {
            format!("See on registri arhiveeritud versioon {tag}")
        };
        assert!(banner.contains(&expected), "{path}: {banner}");
        let links = hrefs(banner);
        assert_eq!(links.len(), 1, "{path}: {banner}");
        let target = resolve(path, &links[0]);
        assert!(!target.starts_with("v/"), "{path} links to {target}");
        assert!(
            files.contains_key(&target),
            "{path} links to missing {target}"
        );
        banners += 1;
    }
    assert!(banners > 20, "only {banners} archived pages");
    // A page that still exists links to itself in the current site; one that
    // does not, to the home page.
    let link_of = |page: &str| {
        let html = read(&out, page);
        let banner = section(&html, "class=\"banner banner-version\"", "</div></div>").to_string();
        resolve(page, &hrefs(&banner)[0])
    };
    assert_eq!(
        link_of("v/v1/processes/teenustasemete-haldus.html"),
        "processes/teenustasemete-haldus.html"
    );
    assert_eq!(
        link_of("v/v1/processes/intsidendihaldus.html"),
        "index.html"
    );
    assert_eq!(
        link_of("v/v1/en/processes/intsidendihaldus.html"),
        "en/index.html"
    );
    assert_eq!(
        link_of(&format!("v/v2/processes/{NEW_ID}.html")),
        format!("processes/{NEW_ID}.html")
    );
    // The current site has no banner.
    assert!(!read(&out, "index.html").contains("banner-version"));

    // The version switcher links the current site, the page's own version
    // and the one list of all versions, on current and archived pages, and
    // every link resolves; the list on changes.html names v2 before v1.
    for (page, own) in [
        ("index.html", None),
        ("en/owners.html", None),
        ("v/v1/index.html", Some("v1")),
        ("v/v2/processes/probleemihaldus.html", Some("v2")),
    ] {
        let html = read(&out, page);
        let nav = section(&html, "class=\"versions\"", "</nav>");
        assert!(!nav.contains("release-x"));
        let links = hrefs(nav);
        assert_eq!(links.len(), 2 + usize::from(own.is_some()), "{page}: {nav}");
        if let Some(tag) = own {
            assert!(
                nav.contains(&format!("aria-current=\"page\">{tag}</a>")),
                "{nav}"
            );
        }
        let all = links.last().unwrap();
        assert!(all.ends_with("changes.html#versions"), "{page}: {all}");
        for link in links {
            let target = resolve(page, &link);
            let target = target.split('#').next().unwrap().to_string();
            assert!(files.contains_key(&target), "{page}: {link} → {target}");
        }
    }
    let current = read(&out, "index.html");
    let nav = section(&current, "class=\"versions\"", "</nav>");
    assert!(nav.contains("aria-current=\"page\">Praegune</a>"), "{nav}");
    let listed = read(&out, "changes.html");
    let listed = section(&listed, "class=\"version-list\"", "</p>");
    assert!(
        position(listed, ">v2</a>") < position(listed, ">v1</a>"),
        "{listed}"
    );
    assert!(!listed.contains("release-x"));

    // The comparison on changes.html: v1 → v2 has the owner change and the
    // rename, not the goal change (made before v1).
    let html = read(&out, "changes.html");
    let compare = &html[position(&html, "id=\"versions\"")..];
    assert!(compare.contains("id=\"cmp-v2\""), "{compare}");
    assert!(compare.contains("href=\"v/v1/index.html\">v1</a>"));
    assert!(compare.contains("href=\"v/v2/index.html\">v2</a>"));
    assert!(compare.contains("Omanik muutus: klienditoe grupijuht → teenuste portfellijuht"));
    assert!(compare.contains(&format!("Tunnus muutus: intsidendihaldus → {NEW_ID}")));
    assert!(!compare.contains("Eesmärk muutus"));
    assert_eq!(compare.matches("<section").count(), 1);
    for link in hrefs(compare) {
        assert!(
            files.contains_key(&resolve("changes.html", &link)),
            "{link}"
        );
    }

    // Another pattern publishes other tags.
    let other = outs.path("release");
    build_ok(s.git.root(), &other, &["--versions", "release-*"]);
    assert!(other.join("v/release-x/index.html").exists());
    assert!(!other.join("v/v1").exists() && !other.join("v/v2").exists());
}

#[test]
fn no_history_flag_builds_without_history() {
    let s = scenario();
    let outs = Outs::new();
    let out = outs.path("site");
    let stderr = build_ok(s.git.root(), &out, &["--no-history"]);
    assert!(!stderr.contains("history/"), "{stderr}");
    for missing in [
        "changes.html",
        "en/changes.html",
        "feed.xml",
        "api/changes.json",
        "v",
    ] {
        assert!(!out.join(missing).exists(), "{missing} was written");
    }
    assert!(out.join("index.html").exists());
    assert!(!read(&out, "index.html").contains("changes.html"));
    assert!(!s.git.cache_file().exists(), "--no-history wrote the cache");
}

#[test]
fn a_folder_without_git_builds_without_history() {
    let s = scenario();
    let plain = tempfile::Builder::new()
        .prefix("procbook-plain-")
        .tempdir()
        .expect("create a temporary folder");
    for (path, text) in &s.git.files {
        let file = plain.path().join(path);
        fs::create_dir_all(file.parent().expect("a parent")).expect("create folders");
        fs::write(file, text).expect("copy a file");
    }
    let outs = Outs::new();
    let out = outs.path("site");
    let stderr = build_ok(plain.path(), &out, &[]);
    assert!(stderr.contains("history/no-repository"), "{stderr}");
    assert!(!stderr.contains("warning[history/"), "{stderr}");
    for missing in ["changes.html", "feed.xml", "api/changes.json", "v"] {
        assert!(!out.join(missing).exists(), "{missing} was written");
    }
    let page = read(&out, &format!("processes/{NEW_ID}.html"));
    assert!(!page.contains("Viimati muudetud"));
}

#[test]
fn shallow_clone_warns_and_publishes_what_it_has() {
    let s = scenario();
    // As `git clone --depth 4` leaves it: the owner change is the deepest
    // commit, and its parent is not in the repository.
    fs::write(s.git.git_dir().join("shallow"), format!("{}\n", s.owner)).expect("write shallow");
    let parent = s.git.loose_object(s.goal);
    let parent_bytes = fs::read(&parent).expect("the parent is a loose object");
    fs::remove_file(&parent).expect("remove the parent");

    let outs = Outs::new();
    let out = outs.path("shallow");
    let stderr = build_ok(s.git.root(), &out, &[]);
    assert!(stderr.contains("history/shallow"), "{stderr}");
    assert!(stderr.contains("history/unparsable-commit"), "{stderr}");
    let html = read(&out, "changes.html");
    assert!(html.contains(&short(s.renamed)));
    assert!(!html.contains(&short(s.goal)) && !html.contains(&short(s.added)));
    // What the deepest commit changed cannot be known without its parent:
    // it is not published as every process being added then.
    assert!(!html.contains("Lisati protsess"), "{html}");
    // Versions whose commits are there are published; v1 is not there.
    assert!(out.join("v/v2/index.html").exists());
    assert!(!out.join("v/v1").exists());

    // After `git fetch --unshallow` the whole history is published: what was
    // cached from the shallow clone does not stick.
    fs::write(&parent, parent_bytes).expect("restore the parent");
    fs::remove_file(s.git.git_dir().join("shallow")).expect("remove shallow");
    let full = outs.path("full");
    let stderr = build_ok(s.git.root(), &full, &[]);
    assert!(!stderr.contains("history/shallow"), "{stderr}");
    let html = read(&full, "changes.html");
    assert_eq!(html.matches("<li id=\"c-").count(), 4, "{html}");
    assert!(html.contains(&short(s.goal)) && html.contains(&short(s.added)));
    assert!(html.contains("Eesmärk muutus"));
    assert!(full.join("v/v1/index.html").exists());
}

#[test]
fn a_missing_parent_without_shallow_file_warns() {
    let s = scenario();
    fs::remove_file(s.git.loose_object(s.added)).expect("remove the root commit");
    let outs = Outs::new();
    let out = outs.path("site");
    let stderr = build_ok(s.git.root(), &out, &[]);
    assert!(stderr.contains("history/shallow"), "{stderr}");
    assert!(stderr.contains("parent commit is missing"), "{stderr}");
    let html = read(&out, "changes.html");
    assert!(html.contains(&short(s.renamed)) && html.contains(&short(s.owner)));
    assert!(!html.contains(&short(s.added)));
    // The deepest commit left is where the history starts, not a commit
    // that added every process.
    assert!(!html.contains(&short(s.goal)) && !html.contains("Lisati protsess"));
    assert!(
        !s.git.cache_file().exists(),
        "a truncated history was cached"
    );
}

#[test]
fn history_follows_a_rewritten_branch() {
    let mut s = scenario();
    let outs = Outs::new();
    build_ok(s.git.root(), &outs.path("before"), &[]);
    assert!(s.git.cache_file().is_file());

    // The branch is moved back to the owner change and committed on: the
    // rename, the broken and the reformatting commits are no longer history,
    // though the cache still knows them.
    let files = s.owner_files.clone();
    s.git.reset(s.owner, files);
    let register = replace_once(
        &s.git.files["processes.yaml"],
        "  - Intsidentide vähenemine\n",
        "  - Intsidentide arvu vähenemine\n",
    );
    s.git.put("processes.yaml", &register);
    let redo = s
        .git
        .commit(JAAN, morning(45), "Outcome of problem management");

    let out = outs.path("after");
    build_ok(s.git.root(), &out, &[]);
    let json: Value = serde_json::from_str(&read(&out, "api/changes.json")).expect("JSON");
    let commits: Vec<&str> = json["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| c["commit"].as_str().unwrap())
        .collect();
    assert_eq!(
        commits,
        [redo, s.owner, s.goal, s.added].map(|c| c.to_string())
    );
    assert_eq!(kinds(&json["changes"][0]), ["outcome_changed"]);
    let html = read(&out, "changes.html");
    let list = section(&html, "<ol class=\"history\">", "</ol>");
    assert!(!list.contains(RENAMED_MSG) && !list.contains("Tunnus muutus"));
    assert!(
        list.contains("Tulem muutus: <span class=\"word-diff\">Intsidentide <ins>arvu </ins>vähenemine</span>"),
        "{list}"
    );
    assert!(out.join("processes/intsidendihaldus.html").exists());
    // The tag v2 still exists, off the branch: it is still a version.
    assert!(out.join("v/v2/index.html").exists());
    let cache: Value =
        serde_json::from_slice(&fs::read(s.git.cache_file()).unwrap()).expect("JSON");
    assert_eq!(cache["entries"].as_array().expect("entries").len(), 4);
}

#[test]
fn cache_is_reused_and_extended() {
    let mut s = scenario();
    let outs = Outs::new();
    let first = outs.path("first");
    build_ok(s.git.root(), &first, &[]);
    let cache_file = s.git.cache_file();
    assert!(cache_file.is_file(), "no cache at {}", cache_file.display());
    let second = outs.path("second");
    build_ok(s.git.root(), &second, &[]);
    assert_eq!(
        fs::read(first.join("changes.html")).unwrap(),
        fs::read(second.join("changes.html")).unwrap()
    );
    assert_eq!(tree(&first), tree(&second));

    // White-box: mark one cached commit, to see that later builds read the
    // cache rather than recompute it.
    let mut cache: Value =
        serde_json::from_slice(&fs::read(&cache_file).expect("read the cache")).expect("JSON");
    let entries = cache["entries"].as_array_mut().expect("cached entries");
    assert_eq!(entries.len(), 6);
    let goal_id = s.goal.to_string();
    let entry = entries
        .iter_mut()
        .find(|e| e["commit"]["id"] == goal_id.as_str())
        .expect("the goal change is cached");
    entry["commit"]["summary"] = Value::from("Summary read from the cache");
    fs::write(&cache_file, serde_json::to_vec(&cache).unwrap()).expect("write the cache");

    // One more commit: it is read, and put on top of what was cached.
    let register = replace_once(
        &s.git.files["processes.yaml"],
        "      - Muudatuste riskid leevendatud, muudatused autoriseeritud.\n",
        "      - Muudatuste riskid leevendatud, muudatused autoriseeritud ja dokumenteeritud.\n",
    );
    s.git.put("processes.yaml", &register);
    let extra = s
        .git
        .commit(MARI, morning(60), "Outcome of change management");
    let third = outs.path("third");
    build_ok(s.git.root(), &third, &[]);
    let html = read(&third, "changes.html");
    let first_entry = section(&html, "<li id=\"c-", "</li>\n");
    assert!(first_entry.contains(&short(extra)), "{first_entry}");
    assert!(first_entry.contains("Outcome of change management"));
    assert!(first_entry.contains(
        "Tulem muutus: <span class=\"word-diff\">Muudatuste riskid leevendatud, muudatused <del>autoriseeritud.</del><ins>autoriseeritud ja dokumenteeritud.</ins></span>"
    ), "{first_entry}");
    assert_eq!(html.matches("<li id=\"c-").count(), 5);
    assert!(
        html.contains("Summary read from the cache"),
        "the cache was not reused"
    );
    assert!(!html.contains(GOAL_MSG));
    let cache: Value =
        serde_json::from_slice(&fs::read(&cache_file).expect("read the cache")).expect("JSON");
    assert_eq!(cache["entries"].as_array().expect("entries").len(), 7);
    assert_eq!(cache["entries"][0]["commit"]["id"], extra.to_string());
    let json: Value = serde_json::from_str(&read(&third, "api/changes.json")).expect("JSON");
    assert_eq!(kinds(&json["changes"][0]), ["outcome_changed"]);
    let feed = read(&third, "feed.xml");
    assert_eq!(
        section(&feed, "<updated>", "</updated>"),
        "<updated>2026-03-02T09:00:00+02:00"
    );

    // Without the cache, the true history again.
    fs::remove_file(&cache_file).expect("remove the cache");
    let fourth = outs.path("fourth");
    build_ok(s.git.root(), &fourth, &[]);
    let html = read(&fourth, "changes.html");
    assert!(html.contains(GOAL_MSG) && !html.contains("Summary read from the cache"));
}

#[test]
fn builds_are_deterministic() {
    let s = scenario();
    let outs = Outs::new();
    let fresh = outs.path("fresh");
    let fresh_err = build_ok(s.git.root(), &fresh, &[]);
    let cached = outs.path("cached");
    let cached_err = build_ok(s.git.root(), &cached, &[]);
    fs::remove_file(s.git.cache_file()).expect("remove the cache");
    let again = outs.path("again");
    build_ok(s.git.root(), &again, &[]);

    let a = tree(&fresh);
    assert!(a.contains_key("changes.html") && a.contains_key("v/v2/index.html"));
    for other in [&cached, &again] {
        let b = tree(other);
        assert_eq!(
            a.keys().collect::<Vec<_>>(),
            b.keys().collect::<Vec<_>>(),
            "different files"
        );
        for (path, bytes) in &a {
            assert!(b[path] == *bytes, "{path} differs between builds");
        }
    }
    // The same warnings, cached or not.
    let warnings = |e: &str| {
        e.lines()
            .filter(|l| l.starts_with("warning[") || l.starts_with("note["))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(warnings(&fresh_err), warnings(&cached_err));
}

#[test]
fn with_one_version_the_comparison_and_the_version_list_agree() {
    let s = scenario();
    let outs = Outs::new();
    let out = outs.path("site");
    build_ok(s.git.root(), &out, &["--versions", "v1"]);
    let html = read(&out, "changes.html");
    // Pages link the one list of versions (on this page) rather than list
    // every version, so the output does not grow with tags × pages.
    let footer = section(&html, "<footer", "</footer>");
    assert!(
        footer.contains("changes.html#versions"),
        "the footer does not link the list of versions"
    );
    let compare = &html[position(&html, "id=\"versions\"")..];
    assert!(
        !compare.contains("Avaldatud versioone (Giti silte) veel ei ole."),
        "says no versions while the footer lists one:\n{compare}"
    );
    assert!(
        compare.contains(">v1</a>"),
        "the comparison does not list v1:\n{compare}"
    );
    assert!(compare.contains("Avaldatud on üks versioon"), "{compare}");
}

#[test]
fn a_commit_to_guidelines_alone_is_part_of_the_process_history() {
    let mut s = scenario();
    s.git.put(
        "content/processes/teenustasemete-haldus.md",
        &guide("Teenustasemeid vaadatakse üle kord nädalas."),
    );
    let only = s
        .git
        .commit(MARI, morning(70), "Weekly service level reviews");
    let outs = Outs::new();
    let out = outs.path("site");
    build_ok(s.git.root(), &out, &[]);
    let html = read(&out, "changes.html");
    let entry = section(&html, &format!("<li id=\"c-{}\">", short(only)), "</li>\n");
    assert!(
        entry.contains("Juhised muutusid (teenustasemete-haldus.md)"),
        "{entry}"
    );
    assert!(
        entry.contains("Teenustasemete haldus"),
        "the process is not named: {entry}"
    );
    let page = read(&out, "processes/teenustasemete-haldus.html");
    let history = section(&page, "id=\"history-h\"", "</section>");
    assert!(history.contains(&short(only)), "{history}");
    let last = section(&page, "Viimati muudetud", "</dd>");
    assert!(last.contains(&short(only)), "{last}");
    // Other processes' histories do not get it.
    let other = read(&out, "processes/muudatusehaldus.html");
    assert!(!other.contains(&short(only)));
    // A second build reads the chain from the cache and says the same.
    let again = outs.path("again");
    build_ok(s.git.root(), &again, &[]);
    assert_eq!(read(&again, "changes.html"), html);
    assert_eq!(
        read(&again, "api/changes.json"),
        read(&out, "api/changes.json")
    );
}

/// A tagged version keeps the images of its guidelines as they were, and
/// its pages link to them; an unsafe drawing stays out of the archive too.
#[test]
fn archived_versions_keep_their_guideline_images() {
    const DRAWING_V1: &str =
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"1\" height=\"1\"/></svg>";
    const DRAWING_V2: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\"><circle r=\"1\"/></svg>";
    let mut git = GitRepo::init();
    git.put("processes.yaml", &shipped_register());
    let folder = "content/processes/teenustasemete-haldus";
    git.put(
        &format!("{folder}/index.md"),
        "Vaata skeemi: ![skeem](skeem.svg)\n",
    );
    git.put(&format!("{folder}/skeem.svg"), DRAWING_V1);
    git.put(
        &format!("{folder}/vana.svg"),
        "<svg><script>alert(1)</script></svg>",
    );
    let first = git.commit(MARI, morning(4), "Guidelines with a drawing");
    git.tag("v1", first);
    // The unsafe drawing was removed at once; the current drawing changed.
    git.reset(first, git.files.clone());
    fs::remove_file(git.root().join(format!("{folder}/vana.svg"))).unwrap();
    git.files.remove(&format!("{folder}/vana.svg"));
    git.put(&format!("{folder}/skeem.svg"), DRAWING_V2);
    git.commit(MARI, morning(5), "New drawing");

    let outs = Outs::new();
    let out = outs.path("site");
    build_ok(git.root(), &out, &[]);
    let archived = "v/v1/processes/teenustasemete-haldus/skeem.svg";
    assert_eq!(read(&out, archived), DRAWING_V1, "the drawing as it was");
    assert_eq!(
        read(&out, "v/v1/en/processes/teenustasemete-haldus/skeem.svg"),
        DRAWING_V1
    );
    assert_eq!(
        read(&out, "processes/teenustasemete-haldus/skeem.svg"),
        DRAWING_V2
    );
    assert!(!out
        .join("v/v1/processes/teenustasemete-haldus/vana.svg")
        .exists());
    let page = read(&out, "v/v1/processes/teenustasemete-haldus.html");
    assert!(
        page.contains("<img src=\"../processes/teenustasemete-haldus/skeem.svg\""),
        "{page}"
    );
}
