//! Incremental builds: after every kind of edit, a build into the folder of
//! the previous one (which reuses what did not change) is byte-identical
//! to a full build (`--no-cache`) of the same sources into a fresh folder,
//! and it really reuses: unchanged pages keep the very file of the
//! previous build.

use std::fs;
use std::path::{Path, PathBuf};

use crate::common::build::{
    assert_same_tree, build_ok, copy_site, entries, read_tree, shipped, Work,
};

#[cfg(unix)]
fn inode(path: &Path) -> u64 {
    std::os::unix::fs::MetadataExt::ino(&fs::metadata(path).expect("stat"))
}

/// A copy of the shipped register (without its history: a copy is no git
/// repository) and a folder the incremental builds go to.
struct Bench {
    work: Work,
    src: PathBuf,
    out: PathBuf,
    builds: usize,
}

impl Bench {
    fn new() -> Bench {
        let work = Work::new();
        let src = copy_site(&shipped(), &work, "src");
        let out = work.join("site");
        build_ok(&src, &out, &[]);
        Bench {
            work,
            src,
            out,
            builds: 0,
        }
    }

    /// Builds incrementally with `extra`, builds in full into a fresh
    /// folder, and fails unless both are byte-identical. Returns the paths
    /// (from the output root) whose file was reused from the previous site.
    fn rebuild(&mut self, what: &str, extra: &[&str]) -> Vec<String> {
        let before = inodes(&self.out);
        build_ok(&self.src, &self.out, extra);
        self.builds += 1;
        let full = self.work.join(&format!("full-{}", self.builds));
        let mut args = extra.to_vec();
        args.push("--no-cache");
        build_ok(&self.src, &full, &args);
        assert_same_tree(&read_tree(&self.out), &read_tree(&full), what);
        let after = inodes(&self.out);
        after
            .into_iter()
            .filter(|(path, ino)| before.iter().any(|(p, i)| p == path && i == ino))
            .map(|(path, _)| path)
            .collect()
    }

    fn edit(&self, rel: &str, from: &str, to: &str) {
        let path = self.src.join(rel);
        let text = fs::read_to_string(&path).expect("read a source");
        assert!(text.contains(from), "{rel} has no {from:?}");
        fs::write(&path, text.replacen(from, to, 1)).expect("write a source");
    }
}

/// Every HTML page under `dir` with its inode.
fn inodes(dir: &Path) -> Vec<(String, u64)> {
    read_tree(dir)
        .into_keys()
        .filter(|p| p.ends_with(".html"))
        .map(|p| {
            let ino = inode(&dir.join(&p));
            (p, ino)
        })
        .collect()
}

fn first_process_id(src: &Path) -> String {
    let text = fs::read_to_string(src.join("processes.yaml")).expect("read register");
    let line = text
        .lines()
        .skip_while(|l| *l != "processes:")
        .find(|l| l.trim_start().starts_with("- id:"))
        .expect("a process id");
    line.split(':').nth(1).expect("id").trim().to_string()
}

#[test]
fn an_unchanged_site_is_reused_whole() {
    let mut bench = Bench::new();
    let pages = inodes(&bench.out).len();
    let reused = bench.rebuild("nothing changed", &[]);
    assert_eq!(reused.len(), pages, "every page is reused");
    assert!(
        entries(bench.work.path()).contains(&".site.procbook-cache".to_string()),
        "the cache sits beside the site: {:?}",
        entries(bench.work.path())
    );
}

#[test]
fn edits_to_the_sources_give_a_full_builds_output() {
    let mut bench = Bench::new();
    let total = inodes(&bench.out).len();

    // A goal of one process: its pages change, most pages do not.
    let id = first_process_id(&bench.src);
    let register = fs::read_to_string(bench.src.join("processes.yaml")).unwrap();
    let goal_line = register
        .lines()
        .skip_while(|l| !l.ends_with(&format!("id: {id}")))
        .skip_while(|l| l.trim() != "goals:")
        .nth(1)
        .expect("the process's first goal")
        .to_string();
    bench.edit(
        "processes.yaml",
        &goal_line,
        &format!("{goal_line} (muudetud)"),
    );
    let reused = bench.rebuild("a goal edited", &[]);
    assert!(
        !reused.iter().any(|p| p == &format!("processes/{id}.html")),
        "the edited process's page was rendered again"
    );
    assert!(
        reused.len() * 2 > total,
        "most pages were reused: {} of {total}",
        reused.len()
    );

    // The guidelines of a process.
    let guides = bench.src.join("content/processes");
    let single = guides.join(format!("{id}.md"));
    let mut text = fs::read_to_string(&single).expect("the process has guidelines");
    text.push_str("\n\nUus lõik juhendi lõpus.\n");
    fs::write(&single, &text).unwrap();
    bench.rebuild("guidelines edited", &[]);

    // The page becomes a folder with a second page.
    let folder = guides.join(&id);
    fs::create_dir_all(&folder).unwrap();
    fs::rename(&single, folder.join("index.md")).unwrap();
    fs::write(folder.join("lisa.md"), "# Lisa\n\nTeine lehekülg.\n").unwrap();
    bench.rebuild("a guidelines folder", &[]);

    // The second page goes again.
    fs::remove_file(folder.join("lisa.md")).unwrap();
    bench.rebuild("a page removed", &[]);

    // A review long ago: the process is overdue on every page that shows
    // review states.
    bench.edit("processes.yaml", "date: 2026-11-25", "date: 2025-01-10");
    bench.rebuild("a review made overdue", &[]);

    // Another address: canonical links and the sitemap.
    bench.rebuild(
        "a base URL",
        &["--base-url", "https://example.org/protsessid/"],
    );
}

#[test]
fn theme_changes_rebuild_what_shows_them() {
    let mut bench = Bench::new();
    let shipped_template = fs::read_to_string(shipped().join("themes/default/templates/404.html"))
        .expect("the default 404 template");
    let theme = bench.src.join("theme/templates");
    fs::create_dir_all(&theme).unwrap();
    fs::write(
        theme.join("404.html"),
        shipped_template.replacen("{% block", "{# a site's own #}{% block", 1),
    )
    .unwrap();
    bench.rebuild("a template overridden", &[]);

    let strings = fs::read_to_string(shipped().join("themes/default/i18n/ui.yaml")).unwrap();
    let i18n = bench.src.join("theme/i18n");
    fs::create_dir_all(&i18n).unwrap();
    fs::write(
        i18n.join("ui.yaml"),
        strings.replacen("Protsessid", "Protsessid ja juhendid", 1),
    )
    .unwrap();
    let reused = bench.rebuild("a string changed", &[]);
    assert!(
        reused.is_empty(),
        "every page shows the strings: {reused:?}"
    );
}

#[test]
fn pages_touched_in_the_output_are_written_again() {
    let mut bench = Bench::new();
    let index = bench.out.join("index.html");
    let mut text = fs::read(&index).unwrap();
    text.extend_from_slice(b"<!-- changed by hand -->");
    fs::write(&index, &text).unwrap();
    fs::remove_file(bench.out.join("en/index.html")).unwrap();
    let reused = bench.rebuild("output edited by hand", &[]);
    assert!(!reused.contains(&"index.html".to_string()));
}

#[test]
fn a_damaged_cache_costs_only_time() {
    let mut bench = Bench::new();
    let cache = bench.work.join(".site.procbook-cache");
    for file in ["pages", "markdown"] {
        let bytes = fs::read(cache.join(file)).expect("the cache has its files");
        fs::write(cache.join(file), &bytes[..bytes.len() / 2]).unwrap();
    }
    bench.rebuild("a truncated cache", &[]);
    fs::write(cache.join("pages"), b"not a cache").unwrap();
    fs::remove_file(cache.join("markdown")).unwrap();
    bench.rebuild("a foreign cache", &[]);
    fs::remove_dir_all(&cache).unwrap();
    bench.rebuild("no cache", &[]);
}

/// Commits the files of `root` (processes.yaml and content/) as the next
/// commit on HEAD of the repository there.
pub(crate) fn commit_all(
    repo: &gix::Repository,
    root: &Path,
    time: i64,
    message: &str,
) -> gix::ObjectId {
    let mut editor = repo.empty_tree().edit().expect("a tree editor");
    for path in read_tree(root).into_keys() {
        if path.starts_with(".git/") {
            continue;
        }
        let bytes = fs::read(root.join(&path)).expect("read a file");
        let blob = repo.write_blob(&bytes).expect("write a blob");
        editor
            .upsert(
                path.as_str(),
                gix::objs::tree::EntryKind::Blob,
                blob.detach(),
            )
            .expect("put a blob");
    }
    let tree = editor.write().expect("write the tree").detach();
    let when = format!("{time} +0200");
    let who = gix::actor::SignatureRef {
        name: "Mari Maasikas".into(),
        email: "mari@example.org".into(),
        time: when.as_str(),
    };
    let parent = repo.head_id().ok().map(|id| id.detach());
    repo.commit_as(who, who, "HEAD", message, tree, parent)
        .expect("commit")
        .detach()
}

#[test]
fn new_commits_and_tags_give_a_full_builds_output() {
    let mut bench = Bench::new();
    let repo = gix::init(&bench.src).expect("gix::init");
    let first = commit_all(&repo, &bench.src, 1_767_250_800, "Register");
    repo.tag_reference("v1", first, gix::refs::transaction::PreviousValue::Any)
        .expect("a tag");
    bench.rebuild("history and a version", &[]);

    bench.edit(
        "processes.yaml",
        "name: Intsidendihaldus\n",
        "name: Intsidentide haldus\n",
    );
    commit_all(&repo, &bench.src, 1_767_337_200, "Renamed a process");
    let reused = bench.rebuild("a new commit", &[]);
    assert!(
        reused.iter().any(|p| p.starts_with("v/v1/")),
        "the pages of an old version are reused"
    );
    bench.rebuild("authors hidden", &["--hide-authors"]);
    bench.rebuild("no history", &["--no-history"]);
}
