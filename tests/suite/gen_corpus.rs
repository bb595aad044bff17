//! The benchmark corpus generator (`examples/gen-corpus.rs`) writes a
//! register that `procbook check` accepts without a single diagnostic, and a
//! Hugo site with the same pages; the same N always gives the same files.

#[allow(dead_code)] // only `generate` is used here; `main` is the example's
#[path = "../../examples/gen-corpus.rs"]
mod generator;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use crate::common::{run_at, Checked};

const N: usize = 50;

fn corpus() -> tempfile::TempDir {
    let dir = tempfile::Builder::new()
        .prefix("procbook-corpus-")
        .tempdir()
        .expect("create a temporary folder");
    generator::generate(N, dir.path()).expect("generate the corpus");
    dir
}

/// Every file under `dir` with its content, by relative path.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("walk the corpus"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("under dir")
                .to_string_lossy()
                .to_string();
            (rel, fs::read(e.path()).expect("read a corpus file"))
        })
        .collect()
}

#[test]
fn the_generated_register_passes_check_without_diagnostics() {
    let dir = corpus();
    let root = dir.path().join("procbook");
    let checked = Checked::from(run_at(
        &root,
        "check",
        &["--format", "json", "--today", generator::TODAY, "--strict"],
    ));
    checked.assert_code(0);
    assert_eq!(
        (checked.errors, checked.warnings, checked.notes),
        (0, 0, 0),
        "{}",
        checked.listing()
    );

    let pages = fs::read_dir(root.join("content/processes"))
        .expect("content/processes")
        .count();
    assert_eq!(pages, N, "one guidelines page per process");
    let register = fs::read_to_string(root.join("processes.yaml")).expect("processes.yaml");
    assert_eq!(register.matches("\n    owner: ").count(), N);
    for kind in [
        "kind: valdkond",
        "kind: osakond",
        "kind: grupp",
        "repealed_by: ",
        "url: https://",
    ] {
        assert!(register.contains(kind), "the register has no `{kind}`");
    }
}

#[test]
fn the_generated_register_builds_a_page_per_process_and_language() {
    let dir = corpus();
    let out = dir.path().join("site");
    let out_arg = out.to_str().expect("temporary path is UTF-8");
    let run = run_at(
        &dir.path().join("procbook"),
        "build",
        &[
            "--out",
            out_arg,
            "--today",
            generator::TODAY,
            "--no-history",
        ],
    );
    run.assert_code(0);
    for lang in ["", "en/"] {
        let pages = fs::read_dir(out.join(format!("{lang}processes")))
            .expect("processes/ in the built site")
            .count();
        assert_eq!(pages, N, "{lang}processes/ has a page per process");
    }
}

#[test]
fn the_hugo_site_has_the_same_pages_and_bodies() {
    let dir = corpus();
    let hugo = dir.path().join("hugo");
    for layout in [
        "hugo.toml",
        "layouts/_default/single.html",
        "layouts/_default/list.html",
        "layouts/index.html",
    ] {
        assert!(hugo.join(layout).is_file(), "hugo/{layout} is missing");
    }
    let ours = files(&dir.path().join("procbook/content/processes"));
    let theirs = files(&hugo.join("content/processes"));
    assert_eq!(
        ours.keys().collect::<Vec<_>>(),
        theirs.keys().collect::<Vec<_>>()
    );
    let body = |text: &[u8]| {
        let text = String::from_utf8(text.to_vec()).expect("UTF-8");
        let after = text
            .splitn(3, "---\n")
            .nth(2)
            .expect("front matter")
            .to_string();
        after
    };
    for (path, text) in &ours {
        let words = body(text).split_whitespace().count();
        assert!((300..=600).contains(&words), "{path} has {words} words");
        assert_eq!(
            body(text),
            body(&theirs[path]),
            "{path} differs between the two sites"
        );
    }
}

#[test]
fn the_same_n_gives_the_same_corpus() {
    let (a, b) = (corpus(), corpus());
    assert_eq!(files(a.path()), files(b.path()));
}
