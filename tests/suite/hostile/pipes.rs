//! Class 8: a reader that goes away, and a build that is interrupted.
//! No command panics on a closed standard output or error, and a build
//! ends by SIGINT/SIGTERM, or killed outright, leaves no temporary folder
//! behind for good.

use std::fs;
use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use crate::common::build::{assert_no_leftovers, Work, TODAY};
use crate::common::{Site, KILL_AFTER, VALID_REGISTER};

/// Which of the output streams is a pipe nobody reads.
#[derive(Clone, Copy)]
enum Closed {
    Stdout,
    Stderr,
}

/// Runs procbook with `args` where the reader of `closed` has gone before
/// procbook writes anything; returns how it ended and what it wrote to
/// the other stream.
fn run_closed(args: &[&str], closed: Closed) -> (ExitStatus, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_procbook"))
        .args(args)
        .current_dir(std::env::temp_dir())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start procbook");
    let mut other = match closed {
        Closed::Stdout => {
            drop(child.stdout.take());
            Box::new(child.stderr.take().expect("stderr")) as Box<dyn Read + Send>
        }
        Closed::Stderr => {
            drop(child.stderr.take());
            Box::new(child.stdout.take().expect("stdout")) as Box<dyn Read + Send>
        }
    };
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = other.read_to_string(&mut text);
        text
    });
    let status = wait(&mut child, args);
    (status, reader.join().expect("read the other stream"))
}

fn wait(child: &mut Child, what: &[&str]) -> ExitStatus {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return status;
        }
        if started.elapsed() > KILL_AFTER {
            let _ = child.kill();
            panic!("{what:?} did not finish and was killed");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn assert_quiet(status: ExitStatus, other: &str, code: i32, what: &str) {
    assert!(!other.contains("panicked"), "{what} panicked:\n{other}");
    assert_eq!(status.code(), Some(code), "{what}: {status}\n{other}");
}

#[test]
fn no_command_panics_when_its_reader_has_gone() {
    let site = Site::new(VALID_REGISTER);
    let root = site.path().to_str().unwrap();
    let cases: [(&[&str], i32); 8] = [
        (&["due", "--root", root, "--today", TODAY], 0),
        (
            &["due", "--root", root, "--today", TODAY, "--format", "json"],
            0,
        ),
        (&["schema"], 0),
        (&["check", "--root", root, "--today", TODAY], 0),
        (
            &[
                "check", "--root", root, "--today", TODAY, "--format", "json",
            ],
            0,
        ),
        // Errors found: still exit 1 with nobody reading, so a
        // `check | head` in CI does not pass by accident.
        (&["check", "--root", root, "--today", "2099-01-01"], 1),
        (&["--help"], 0),
        (&["--version"], 0),
    ];
    for (args, code) in cases {
        let (status, stderr) = run_closed(args, Closed::Stdout);
        assert_quiet(status, &stderr, code, &args.join(" "));
        assert!(stderr.is_empty(), "{args:?} complained:\n{stderr}");
    }
}

#[test]
fn a_build_with_nobody_reading_its_messages_still_writes_the_site() {
    // A warning and a note to report, then the "wrote N files" line.
    let site = Site::new(VALID_REGISTER).page("notes.md", "no front matter\n");
    let work = Work::new();
    let out = work.join("site");
    let args = [
        "build",
        "--root",
        site.path().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--today",
        crate::common::TODAY,
    ];
    let (status, stdout) = run_closed(&args, Closed::Stderr);
    // The page without front matter is an error: the build stops, exit 1.
    assert_quiet(status, &stdout, 1, "build with a closed stderr");
    site.write("content/notes.md", "---\nprocess: alpha\n---\nNotes.\n");
    let (status, stdout) = run_closed(&args, Closed::Stderr);
    assert_quiet(status, &stdout, 0, "build with a closed stderr");
    assert!(out.join("index.html").is_file(), "no site was written");
    // A load error (exit 2) has nowhere to go either.
    let missing = ["check", "--root", "/nonexistent/procbook"];
    let (status, stdout) = run_closed(&missing, Closed::Stderr);
    assert_quiet(status, &stdout, 2, "check of a missing root");
}

/// A register big enough that a debug build takes a few seconds.
fn large_site() -> Site {
    let mut text = VALID_REGISTER.to_string();
    for i in 0..3000 {
        text.push_str(&format!(
            "  - id: p{i}\n    name: Process {i}\n    goals: [Goal.]\n    outcomes: [Done.]\n    owner: lead\n    documentation:\n      space: wiki\n    reviewed_on: 2026-01-10\n"
        ));
    }
    Site::new(&text)
}

/// The names of the build's temporary folders in `dir`.
fn temporary(dir: &Path) -> Vec<String> {
    crate::common::build::entries(dir)
        .into_iter()
        .filter(|n| n.contains(".procbook-"))
        .collect()
}

#[test]
fn an_interrupted_build_removes_its_temporary_folder() {
    let site = large_site();
    for signal in ["INT", "TERM"] {
        let work = Work::new();
        let mut child = Command::new(env!("CARGO_BIN_EXE_procbook"))
            .args(["build", "--no-history", "--today", crate::common::TODAY])
            .arg("--root")
            .arg(site.path())
            .arg("--out")
            .arg(work.join("site"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the build");
        let started = Instant::now();
        while temporary(work.path()).is_empty() {
            assert!(
                child.try_wait().expect("wait").is_none(),
                "the build ended before it could be interrupted"
            );
            assert!(
                started.elapsed() < KILL_AFTER,
                "no temporary folder appeared"
            );
            std::thread::sleep(Duration::from_millis(2));
        }
        let sent = Command::new("kill")
            .args([format!("-{signal}"), child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(sent.success());
        let status = wait(&mut child, &["build"]);
        assert!(!status.success(), "SIG{signal}: the build did not stop");
        assert_no_leftovers(work.path());
        assert!(!work.join("site").exists(), "SIG{signal}: a site appeared");
    }
}

#[test]
fn the_next_build_removes_what_a_killed_build_left_and_nothing_else() {
    let site = Site::new(VALID_REGISTER);
    let work = Work::new();
    // pid_max is at most 2^22 on Linux: no process has these ids.
    let dead = [".site.procbook-new-4194999", ".site.procbook-old-4194998"];
    for name in dead {
        fs::create_dir_all(work.join(name).join("processes")).unwrap();
        fs::write(work.join(name).join(".procbook-site"), "").unwrap();
        fs::write(work.join(name).join("processes/a.html"), "old").unwrap();
    }
    // Not procbook's: no marker, a marker that is a folder, another output
    // folder's name, a running process (this test), a name with more after
    // the number.
    let kept = [
        ".site.procbook-new-4194997",
        ".site.procbook-new-4194996",
        ".other.procbook-new-4194995",
        &format!(".site.procbook-new-{}", std::process::id()),
        ".site.procbook-new-4194994x",
    ];
    for name in &kept {
        fs::create_dir_all(work.join(name)).unwrap();
    }
    fs::create_dir_all(work.join(kept[1]).join(".procbook-site")).unwrap();
    for name in &kept[2..] {
        fs::write(work.join(name).join(".procbook-site"), "").unwrap();
    }
    let run = crate::common::build::build(site.path(), &work.join("site"), &["--no-history"]);
    run.assert_code(0);
    let mut expected: Vec<String> = kept.iter().map(|s| s.to_string()).collect();
    // The site and its build cache.
    expected.push("site".to_string());
    expected.push(".site.procbook-cache".to_string());
    expected.sort();
    assert_eq!(work.entries(), expected);
}
