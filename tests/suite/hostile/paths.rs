//! Classes 1 and 4: nothing from outside the root is read or published,
//! and only regular files are read, never without a size limit. Every
//! level of `content/` and `theme/` is checked, by `check`, `build` and
//! `serve` alike.

#![cfg(unix)]

use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::common::build::Work;
use crate::common::serve::Serve;
use crate::common::{run_at, Run, Site, TODAY, VALID_REGISTER};

/// The first line of /etc/passwd, which must never reach any output.
fn passwd_line() -> String {
    fs::read_to_string("/etc/passwd")
        .unwrap_or_default()
        .lines()
        .next()
        .unwrap_or("root:x:0:0")
        .to_string()
}

fn mkfifo(path: &Path) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("run mkfifo");
    assert!(status.success(), "mkfifo {}", path.display());
}

/// Runs check and build on `site`; both must stop with `code` within a
/// few seconds, name `words`, and publish or print nothing of `secret`.
fn assert_refused(site: &Site, code: i32, words: &[&str], secret: &str) {
    let work = Work::new();
    let out = work.join("site");
    for (what, run) in [
        ("check", run_at(site.path(), "check", &["--today", TODAY])),
        (
            "build",
            run_at(
                site.path(),
                "build",
                &[
                    "--today",
                    TODAY,
                    "--no-history",
                    "--out",
                    out.to_str().unwrap(),
                ],
            ),
        ),
    ] {
        run.assert_code(code);
        let all = format!("{}{}", run.stdout, run.stderr);
        for word in words {
            assert!(all.contains(word), "{what}: no {word:?} in:\n{all}");
        }
        assert!(!all.contains(secret), "{what} printed the secret:\n{all}");
    }
    assert!(!out.exists(), "a refused build wrote a site");
}

fn timed(f: impl FnOnce() -> Run) -> (Run, Duration) {
    let started = Instant::now();
    let run = f();
    (run, started.elapsed())
}

#[test]
fn theme_folders_linked_out_of_the_root_are_errors_at_every_level() {
    let secret = passwd_line();
    // theme/static itself a link to /etc: /etc/passwd would be an asset.
    let site = Site::new(VALID_REGISTER);
    fs::create_dir_all(site.path().join("theme")).unwrap();
    symlink("/etc", site.path().join("theme/static")).unwrap();
    assert_refused(&site, 1, &["input/outside-root", "theme/static"], &secret);

    // theme/, theme/templates and theme/i18n linked to a folder outside.
    let outside = tempfile::tempdir().unwrap();
    fs::create_dir_all(outside.path().join("templates")).unwrap();
    fs::create_dir_all(outside.path().join("static")).unwrap();
    fs::write(
        outside.path().join("templates/base.html"),
        "OUTSIDE {{ 1 }}",
    )
    .unwrap();
    fs::write(outside.path().join("static/x.txt"), "OUTSIDE-ASSET").unwrap();
    fs::write(outside.path().join("ui.yaml"), "OUTSIDE: x").unwrap();
    for (link, target) in [
        ("theme", outside.path().to_path_buf()),
        ("theme/templates", outside.path().join("templates")),
        ("theme/i18n", outside.path().to_path_buf()),
        ("theme/static/x.txt", outside.path().join("static/x.txt")),
    ] {
        let site = Site::new(VALID_REGISTER);
        let path = site.path().join(link);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        symlink(&target, &path).unwrap();
        assert_refused(&site, 1, &["input/outside-root", link], "OUTSIDE");
    }
}

#[test]
fn a_content_folder_linked_to_a_large_tree_is_refused_at_once() {
    let site = Site::new(VALID_REGISTER);
    symlink("/usr", site.path().join("content")).unwrap();
    let (run, took) = timed(|| run_at(site.path(), "check", &["--today", TODAY]));
    run.assert_code(1);
    assert!(run.stdout.contains("input/outside-root"), "{}", run.stdout);
    assert!(took < Duration::from_secs(5), "check took {took:?}");
    // The preview neither walks nor watches it, and shows the error.
    let serve = Serve::start(site.path(), TODAY);
    serve.wait_for_body("/", "input/outside-root");
}

#[test]
fn the_preview_never_publishes_a_linked_system_folder() {
    let site = Site::new(VALID_REGISTER);
    fs::create_dir_all(site.path().join("theme")).unwrap();
    symlink("/etc", site.path().join("theme/static")).unwrap();
    let serve = Serve::start(site.path(), TODAY);
    serve.wait_for_body("/", "input/outside-root");
    let reply = serve.get("/assets/passwd");
    assert_ne!(reply.status, 200, "{reply:?}");
    assert!(!reply.body.contains(&passwd_line()));
}

#[test]
fn a_register_that_is_not_a_regular_file_has_its_own_message() {
    let site = Site::empty();
    mkfifo(&site.path().join("processes.yaml"));
    let message = "processes.yaml is a named pipe (FIFO), not a regular file";
    assert_refused(&site, 2, &[message], "no processes.yaml in");
    // A folder of that name too.
    let site = Site::empty();
    fs::create_dir_all(site.path().join("processes.yaml")).unwrap();
    assert_refused(
        &site,
        2,
        &["processes.yaml is a folder, not a regular file"],
        "no processes.yaml in",
    );
    // The preview does not hang either: like check and build it exits 2
    // and says why, before it binds a port (issue 18).
    let site = Site::empty();
    mkfifo(&site.path().join("processes.yaml"));
    let serve = run_at(site.path(), "serve", &["--port", "0", "--today", TODAY]);
    serve.assert_code(2);
    assert!(serve.stderr.contains(message), "{}", serve.stderr);
    assert!(!serve.stderr.contains("serving on"), "{}", serve.stderr);
}

#[test]
fn pages_and_theme_files_that_are_not_regular_files_are_errors() {
    for (file, code) in [
        ("content/processes/alpha.md", "input/not-a-file"),
        ("theme/templates/base.html", "input/not-a-file"),
        ("theme/static/logo.svg", "input/not-a-file"),
        ("theme/i18n/ui.yaml", "input/not-a-file"),
    ] {
        let site = Site::new(VALID_REGISTER);
        mkfifo(&site.path().join(file));
        let words = [code, file, "named pipe"];
        assert_refused(&site, 1, &words, "no such secret");
    }
}

#[test]
fn the_preview_keeps_rebuilding_after_a_named_pipe_appears() {
    let site = Site::new(VALID_REGISTER);
    let serve = Serve::start(site.path(), TODAY);
    serve.wait_for_body("/", "Test Agency");
    mkfifo(&site.path().join("content/processes/alpha.md"));
    serve.wait_for_body("/", "input/not-a-file");
    fs::remove_file(site.path().join("content/processes/alpha.md")).unwrap();
    site.write(
        "processes.yaml",
        &VALID_REGISTER.replace("Test Agency", "Renamed Agency"),
    );
    serve.wait_for_body("/", "Renamed Agency");
}

#[test]
fn files_over_the_limit_are_not_read_by_any_command() {
    // A sparse file: 64 MiB long, no disk used, each byte costs if read.
    let site = Site::new(VALID_REGISTER);
    let big = fs::File::create(site.path().join("content/processes/alpha.md"))
        .or_else(|_| {
            fs::create_dir_all(site.path().join("content/processes"))?;
            fs::File::create(site.path().join("content/processes/alpha.md"))
        })
        .unwrap();
    big.set_len(64 << 20).unwrap();
    drop(big);
    let theme = fs::File::create({
        fs::create_dir_all(site.path().join("theme/static")).unwrap();
        site.path().join("theme/static/huge.woff2")
    })
    .unwrap();
    theme.set_len(64 << 20).unwrap();
    drop(theme);
    assert_refused(
        &site,
        1,
        &[
            "content/processes/alpha.md is larger than 4 MiB",
            "theme/static/huge.woff2 is larger than 16 MiB",
        ],
        "no such secret",
    );
}
