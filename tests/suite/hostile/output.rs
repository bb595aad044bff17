//! Class 3: the output guard compares real paths. The home folder and
//! everything above it, the site root and everything above it, and the
//! sources' folders are refused however they are spelled (through a link,
//! with `..`, with a trailing slash), with `--force` or without, and are
//! left exactly as they were.

#![cfg(unix)]

use std::os::unix::fs::symlink;
use std::path::Path;

use crate::common::build::{read_tree, Work, TODAY};
use crate::common::{procbook_with_env, Run, VALID_REGISTER};

fn build_with_home(root: &Path, out: &str, home: &Path, force: bool) -> Run {
    let mut args = vec![
        "build",
        "--root",
        root.to_str().unwrap(),
        "--out",
        out,
        "--today",
        TODAY,
        "--no-history",
    ];
    if force {
        args.push("--force");
    }
    procbook_with_env(&args, &[("HOME", home.to_str().unwrap())])
}

#[test]
fn homes_roots_and_sources_reached_through_links_are_refused() {
    let work = Work::new();
    let w = work.path();
    // /var/home/user with /home -> var/home, as on Fedora Silverblue.
    std::fs::create_dir_all(w.join("var/home/user")).unwrap();
    // The site lies outside the home, reached through a link too.
    std::fs::create_dir_all(w.join("srv/site/content")).unwrap();
    std::fs::create_dir_all(w.join("srv/site/.git")).unwrap();
    std::fs::create_dir_all(w.join("srv/site/look/theme")).unwrap();
    std::fs::write(w.join("var/home/user/notes.txt"), "keep me").unwrap();
    std::fs::write(w.join("srv/site/processes.yaml"), VALID_REGISTER).unwrap();
    std::fs::write(w.join("srv/site/look/theme/keep.txt"), "keep me").unwrap();
    symlink("var/home", w.join("home")).unwrap();
    symlink("srv/site", w.join("site")).unwrap();
    // theme/ of the site is a link to a folder elsewhere in it.
    symlink("look/theme", w.join("srv/site/theme")).unwrap();
    let home = w.join("home/user");
    let root = w.join("site");
    let before = read_tree(w);

    let p = |rel: &str| format!("{}/{rel}", w.display());
    let refused = [
        p("home/user"),
        p("home/user/"),
        p("home/user/."),
        p("var/home/user"),
        p("home"),
        p("var/home"),
        p("var"),
        p("site"),
        p("site/"),
        p("srv/site"),
        p("srv"),
        p("site/content/.."),
        p("site/.git"),
        p("site/.git/new"),
        p("site/content/new"),
        p("srv/site/look/theme"),
        p("srv/site/look/theme/new"),
        w.display().to_string(),
    ];
    for out in &refused {
        for force in [false, true] {
            let run = build_with_home(&root, out, &home, force);
            run.assert_code(2);
            assert!(
                run.stderr.contains("refusing to write the site"),
                "--out {out} (force {force}): {}",
                run.stderr
            );
        }
    }
    let after = read_tree(w);
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "a refused build changed the folders"
    );
    // A folder of its own beside the sources is fine.
    let run = build_with_home(&root, &p("srv/public"), &home, true);
    run.assert_code(0);
}
