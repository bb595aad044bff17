//! The tests themselves are laid out so none is lost: cargo makes every
//! `tests/*.rs` and `tests/<folder>/main.rs` a test binary of its own (a
//! link step more), and a file in this folder that no `mod` line names is
//! never compiled, so its tests would silently not run.

use std::fs;
use std::path::Path;

use crate::common::repo_root;

#[test]
fn the_suite_is_the_only_test_binary() {
    let tests = repo_root().join("tests");
    let mut binaries = Vec::new();
    for entry in fs::read_dir(&tests).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.extension().is_some_and(|e| e == "rs") {
            binaries.push(format!("tests/{name}"));
        } else if path.join("main.rs").is_file() && name != "suite" {
            binaries.push(format!("tests/{name}/main.rs"));
        }
    }
    assert!(
        binaries.is_empty(),
        "{binaries:?} would be test binaries of their own: move them into tests/suite/ \
         and add a `mod` line to tests/suite/main.rs"
    );
}

#[test]
fn every_test_file_is_named_by_a_mod_line() {
    let tests = repo_root().join("tests");
    let mut unnamed = Vec::new();
    unnamed_modules(&tests.join("suite"), "main.rs", &mut unnamed);
    unnamed_modules(&tests.join("common"), "mod.rs", &mut unnamed);
    assert!(
        unnamed.is_empty(),
        "no `mod` line names {unnamed:?}, so they are never compiled"
    );
}

/// Adds to `unnamed` each module file or folder in `dir` that the folder's
/// root file (`main.rs` or `mod.rs`) does not declare, then looks into the
/// sub-folders.
fn unnamed_modules(dir: &Path, root_file: &str, unnamed: &mut Vec<String>) {
    let root = fs::read_to_string(dir.join(root_file)).unwrap();
    let declared = |name: &str| {
        root.lines().any(|line| {
            let line = line.trim().trim_start_matches("pub ");
            line == format!("mod {name};")
        })
    };
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        let file_name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() && path.join("mod.rs").is_file() {
            if !declared(&file_name) {
                unnamed.push(path.display().to_string());
            }
            unnamed_modules(&path, "mod.rs", unnamed);
        } else if let Some(stem) = file_name.strip_suffix(".rs") {
            if file_name != root_file && !declared(stem) {
                unnamed.push(path.display().to_string());
            }
        }
    }
}
