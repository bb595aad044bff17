//! The documents a new adopter reads: docs/ci.md shows the CI files `init`
//! writes, and the editors' guides are followed step by step.

use std::fs;
use std::path::Path;

use serde_json::Value;

use super::{blocks, init, read, temp};
use crate::common::{self, procbook_in, repo_root, run_at, Run, TODAY};

#[test]
fn docs_ci_shows_the_ci_files_init_writes_verbatim() {
    let dir = temp();
    init(dir.path(), "Example Agency").assert_code(0);
    let blocks = blocks(&read(&repo_root().join("docs/ci.md")), "yaml");
    for file in [".gitlab-ci.yml", ".github/workflows/procbook.yml"] {
        let text = read(&dir.path().join(file));
        assert!(
            blocks.contains(&text),
            "docs/ci.md does not show {file} as init writes it"
        );
        // Installed from the package, never compiled.
        assert!(text.contains("dpkg -i"), "{file}");
        assert!(!text.contains("cargo"), "{file} compiles procbook");
    }
}

const GUIDES: &[&str] = &["docs/editors.en.md", "docs/editors.et.md"];

fn edit(register: &Path, from: &str, to: &str) {
    let path = register.join("processes.yaml");
    let text = read(&path);
    assert!(text.contains(from), "processes.yaml has no {from:?}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

fn check_in(register: &Path, today: &str) -> Run {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_procbook"));
    command
        .args(["check", "--today", today])
        .current_dir(register)
        .env("NO_COLOR", "1");
    common::run_command(command)
}

#[test]
fn the_guides_show_the_check_message_procbook_really_prints() {
    for guide in GUIDES {
        let dir = temp();
        init(dir.path(), "Example Agency").assert_code(0);
        // The guide's example: the owner's id with a letter missing.
        edit(
            dir.path(),
            "owner: example-process-owner",
            "owner: example-proces-owner",
        );
        let run = check_in(dir.path(), TODAY);
        run.assert_code(1);
        let shown = blocks(&read(&repo_root().join(guide)), "text");
        assert_eq!(shown.len(), 1, "{guide}");
        assert_eq!(
            shown[0], run.stdout,
            "{guide} shows another message than check prints"
        );
    }
}

#[test]
fn the_guides_field_edits_do_what_they_say() {
    let dir = temp();
    let register = dir.path();
    init(register, "Example Agency").assert_code(0);
    // Past the review interval the check fails and names the field to set...
    let later = "2027-07-01";
    let run = check_in(register, later);
    run.assert_code(1);
    assert!(run.stdout.contains("reviewed_on"), "{}", run.stdout);
    // ...and setting `reviewed_on` to the day of the review clears it.
    edit(
        register,
        &format!("reviewed_on: {TODAY} "),
        &format!("reviewed_on: {later} "),
    );
    let run = check_in(register, later);
    run.assert_code(1);
    // The guidelines page has its own review date, edited the same way.
    assert!(
        run.stdout.contains("content/processes/example-process.md"),
        "{}",
        run.stdout
    );
    let page = register.join("content/processes/example-process.md");
    let text = read(&page).replacen(
        &format!("reviewed_on: {TODAY}"),
        &format!("reviewed_on: {later}"),
        1,
    );
    fs::write(&page, text).unwrap();
    check_in(register, later).assert_code(0);

    // A new goal: a new line with the same indentation.
    edit(
        register,
        "      - Example goal - replace with the goal your directive sets.\n",
        "      - Example goal - replace with the goal your directive sets.\n      - A second goal.\n",
    );
    // A new owner: a role added under `roles:` first, then named by id.
    edit(
        register,
        "roles:\n",
        "roles:\n  - id: new-owner\n    name: new owner\n    unit: example-unit\n",
    );
    edit(register, "owner: example-process-owner", "owner: new-owner");
    check_in(register, later).assert_code(0);
    let out = dir.path().join("site");
    run_at(
        register,
        "build",
        &[
            "--today",
            later,
            "--no-history",
            "--out",
            out.to_str().unwrap(),
        ],
    )
    .assert_code(0);
    let data: Value = serde_json::from_str(&read(&out.join("api/register.json"))).unwrap();
    assert_eq!(data["processes"][0]["goals"][1], "A second goal.");
    assert_eq!(data["processes"][0]["owner"], "new-owner");
}

/// Runs `procbook serve` as the guide says, on a free port instead of
/// opening a browser, and asks it for the home page.
fn serve_answers(register: &Path, args: &[&str]) {
    use std::io::{BufRead, BufReader, Read as _, Write as _};
    let mut args: Vec<&str> = args.iter().copied().filter(|a| *a != "--open").collect();
    args.extend(["--port", "0"]);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_procbook"))
        .args(&args)
        .current_dir(register)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start procbook serve");
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(url) = line.strip_prefix("serving on http://") {
                let _ = tx.send(url.trim_end_matches('/').to_string());
            }
        }
    });
    let address = rx.recv_timeout(common::KILL_AFTER);
    let reply = address.map(|address| {
        let mut stream = std::net::TcpStream::connect(&address).expect("connect to serve");
        write!(
            stream,
            "GET / HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut reply = String::new();
        stream.read_to_string(&mut reply).unwrap();
        reply
    });
    let _ = child.kill();
    let _ = child.wait();
    let reply = reply.expect("serve printed no `serving on` line");
    assert!(
        reply.starts_with("HTTP/1.1 200"),
        "{}",
        &reply[..reply.len().min(200)]
    );
    assert!(
        reply.contains("Example process"),
        "the home page lacks the process"
    );
}

#[test]
fn the_guides_commands_run_in_a_new_register() {
    for guide in GUIDES {
        let dir = temp();
        init(dir.path(), "Example Agency").assert_code(0);
        let commands: Vec<String> = blocks(&read(&repo_root().join(guide)), "sh")
            .iter()
            .flat_map(|b| {
                b.lines()
                    .map(str::trim)
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .filter(|l| !l.is_empty())
            .collect();
        assert!(commands.len() >= 2, "{guide}: {commands:?}");
        for line in commands {
            let words: Vec<&str> = line.split_whitespace().collect();
            assert_eq!(words[0], "procbook", "{guide}: {line}");
            if words[1] == "serve" {
                serve_answers(dir.path(), &words[1..]);
            } else {
                procbook_in(dir.path(), &words[1..]).assert_code(0);
            }
        }
    }
}
