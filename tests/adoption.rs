//! What a new adopter gets: `procbook init` writes a register that passes
//! `check` and builds, never over existing files; shell completions, man
//! pages and `--help` come from the same definitions; the CI files `init`
//! writes are the ones `docs/ci.md` shows.

mod common;

use std::fs;
use std::path::Path;

use common::{procbook, procbook_in, repo_root, run_at, Run, TODAY};
use serde_json::Value;
use tempfile::TempDir;

/// Every file `init` writes, relative to the register's folder.
const INIT_FILES: &[&str] = &[
    "processes.yaml",
    "content/processes/example-process.md",
    "README.md",
    ".gitignore",
    ".gitlab-ci.yml",
    ".github/workflows/procbook.yml",
    "schema/processes.schema.json",
];

fn temp() -> TempDir {
    tempfile::Builder::new()
        .prefix("procbook-init-")
        .tempdir()
        .expect("a temporary folder")
}

fn init(dir: &Path, name: &str) -> Run {
    procbook(&[
        "init",
        dir.to_str().expect("UTF-8 path"),
        "--name",
        name,
        "--today",
        TODAY,
    ])
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// The commands `procbook --help` lists, without clap's `help`.
fn listed_commands() -> Vec<String> {
    let run = procbook(&["--help"]);
    run.assert_code(0);
    let commands: Vec<String> = run
        .stdout
        .split("Commands:")
        .nth(1)
        .expect("a Commands section")
        .lines()
        .skip(1)
        .take_while(|line| line.starts_with("  "))
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_string)
        .collect();
    assert!(commands.len() >= 7, "{commands:?}");
    commands
}

// ---------------------------------------------------------------------------
// init

#[test]
fn init_writes_a_register_that_checks_clean_and_builds() {
    let dir = temp();
    let register = dir.path().join("new register");
    let name = "Näidisamet \"ABC\": test & co";
    let run = init(&register, name);
    run.assert_code(0);
    for rel in INIT_FILES {
        assert!(register.join(rel).is_file(), "{rel} not written");
        assert!(run.stdout.contains(rel), "{rel} not listed: {}", run.stdout);
    }

    let check = run_at(&register, "check", &["--format", "json", "--today", TODAY]);
    check.assert_code(0);
    let report: Value = serde_json::from_str(&check.stdout).expect("JSON");
    assert_eq!(
        report["summary"],
        serde_json::json!({"errors": 0, "warnings": 0, "notes": 0}),
        "{}",
        check.stdout
    );

    let out = dir.path().join("site");
    let build = run_at(
        &register,
        "build",
        &["--today", TODAY, "--out", out.to_str().unwrap()],
    );
    build.assert_code(0);
    let json = read(&out.join("api/register.json"));
    let data: Value = serde_json::from_str(&json).expect("register.json");
    assert_eq!(data["organisation"]["name"], name);
    assert_eq!(data["processes"][0]["id"], "example-process");
    assert!(out.join("processes/example-process.html").is_file());
}

#[test]
fn the_new_register_explains_every_field_and_points_at_its_schema() {
    let dir = temp();
    init(dir.path(), "Example Agency").assert_code(0);
    let register = read(&dir.path().join("processes.yaml"));
    assert!(
        register.starts_with("# yaml-language-server: $schema=./schema/processes.schema.json\n")
    );
    assert!(register.contains(&format!("reviewed_on: {TODAY}")));

    // The schema beside it is the one this procbook checks against.
    let schema = procbook(&["schema"]);
    schema.assert_code(0);
    assert_eq!(
        read(&dir.path().join("schema/processes.schema.json")),
        schema.stdout
    );

    // Every field the schema knows appears in the file, set or commented.
    let schema: Value = serde_json::from_str(&schema.stdout).unwrap();
    let mut fields: Vec<&str> = Vec::new();
    let defs = schema["$defs"].as_object().expect("$defs");
    for def in defs.values().chain([&schema]) {
        if let Some(properties) = def["properties"].as_object() {
            fields.extend(properties.keys().map(String::as_str));
        }
    }
    assert!(fields.len() > 30, "{fields:?}");
    for field in fields {
        assert!(
            register.contains(&format!("{field}:")),
            "processes.yaml does not show `{field}`"
        );
    }

    assert!(read(&dir.path().join(".gitignore"))
        .lines()
        .any(|l| l == "public/"));
    let readme = read(&dir.path().join("README.md"));
    assert!(readme.contains("## Eesti keeles") && readme.contains("## In English"));
    assert!(readme.contains("Example Agency"));
}

#[test]
fn init_without_a_folder_writes_into_the_current_one() {
    let dir = temp();
    procbook_in(dir.path(), &["init", "--name", "Example Agency"]).assert_code(0);
    for rel in INIT_FILES {
        assert!(dir.path().join(rel).is_file(), "{rel} not written");
    }
    procbook_in(dir.path(), &["check"]).assert_code(0);
}

#[test]
fn init_writes_nothing_when_any_of_its_files_exists() {
    for existing in INIT_FILES {
        let dir = temp();
        let path = dir.path().join(existing);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, "mine\n").unwrap();
        let run = init(dir.path(), "Example Agency");
        run.assert_code(2);
        assert!(run.stderr.starts_with("error:"), "{}", run.stderr);
        assert!(run.stderr.contains(existing), "{existing}: {}", run.stderr);
        assert!(run.stderr.contains("exist"), "{}", run.stderr);
        assert_eq!(read(&path), "mine\n");
        for other in INIT_FILES.iter().filter(|o| *o != existing) {
            assert!(
                !dir.path().join(other).exists(),
                "{other} written beside {existing}"
            );
        }
    }
}

#[test]
fn init_refuses_a_dangling_link_a_file_as_folder_and_a_bad_name() {
    let dir = temp();
    std::os::unix::fs::symlink(dir.path().join("nowhere"), dir.path().join(".gitignore")).unwrap();
    let run = init(dir.path(), "Example Agency");
    run.assert_code(2);
    assert!(run.stderr.contains(".gitignore"), "{}", run.stderr);
    assert!(!dir.path().join("nowhere").exists());

    let file = dir.path().join("a-file");
    fs::write(&file, "x").unwrap();
    let run = init(&file, "Example Agency");
    run.assert_code(2);
    assert!(run.stderr.contains("not a folder"), "{}", run.stderr);

    let fresh = temp();
    for bad in ["", "   ", "Two\nlines"] {
        let run = init(fresh.path(), bad);
        run.assert_code(2);
        assert!(run.stderr.contains("--name"), "{}", run.stderr);
    }
    procbook(&["init", fresh.path().to_str().unwrap()]).assert_code(2);
    assert!(!fresh.path().join("processes.yaml").exists());
}

// ---------------------------------------------------------------------------
// Completions, man pages, help

#[test]
fn completions_for_each_shell_name_every_command() {
    let commands = listed_commands();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let run = procbook(&["completions", shell]);
        run.assert_code(0);
        assert!(run.stdout.len() > 500, "{shell}: {}", run.stdout);
        for command in &commands {
            assert!(
                run.stdout.contains(command.as_str()),
                "{shell} lacks {command}"
            );
        }
        // Fish writes `-l root`, the others `--root`.
        for flag in ["root", "format", "base-url", "name"] {
            assert!(run.stdout.contains(flag), "{shell} lacks {flag}");
        }
    }
    procbook(&["completions", "tcsh"]).assert_code(2);
}

#[test]
fn the_bash_completion_is_valid_bash() {
    let dir = temp();
    let script = dir.path().join("procbook.bash");
    fs::write(&script, procbook(&["completions", "bash"]).stdout).unwrap();
    let status = std::process::Command::new("bash")
        .arg("-n")
        .arg(&script)
        .status()
        .expect("run bash");
    assert!(status.success());
}

#[test]
fn a_man_page_for_procbook_and_every_command() {
    let dir = temp();
    let run = procbook(&["man", "--out", dir.path().to_str().unwrap()]);
    run.assert_code(0);
    let mut expected: Vec<String> = listed_commands()
        .iter()
        .map(|c| format!("procbook-{c}.1"))
        .collect();
    expected.push("procbook.1".to_string());
    expected.sort();
    let mut written: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(written, expected);
    for page in &written {
        let text = read(&dir.path().join(page));
        let title = page.trim_end_matches(".1");
        assert!(
            text.contains(&format!("\n.TH {title} 1 ")),
            "{page}: {}",
            &text[..200]
        );
        assert!(text.contains(".SH NAME"), "{page}");
    }
    let check = read(&dir.path().join("procbook-check.1"));
    for option in ["\\-\\-format", "\\-\\-strict", "\\-\\-today", "Examples:"] {
        assert!(check.contains(option), "procbook-check.1 lacks {option}");
    }
    let main = read(&dir.path().join("procbook.1"));
    assert!(main.contains("procbook\\-check(1)"), "{main}");
    // Same definitions, same pages.
    let again = temp();
    procbook(&["man", "--out", again.path().to_str().unwrap()]).assert_code(0);
    for page in &written {
        assert_eq!(read(&dir.path().join(page)), read(&again.path().join(page)));
    }
}

#[test]
fn every_command_help_ends_with_examples_and_where_to_read_more() {
    for command in listed_commands() {
        for flag in ["-h", "--help"] {
            let run = procbook(&[&command, flag]);
            run.assert_code(0);
            let examples = run
                .stdout
                .split("Examples:\n")
                .nth(1)
                .unwrap_or_else(|| panic!("{command} {flag} has no examples: {}", run.stdout));
            let lines: Vec<&str> = examples.lines().take_while(|l| !l.is_empty()).collect();
            assert!(
                !lines.is_empty() && lines.len() <= 2,
                "{command}: {lines:?}"
            );
            for line in lines {
                assert!(
                    line.starts_with("  procbook ") || line.starts_with("  cd "),
                    "{command}: {line}"
                );
            }
            let more = run.stdout.trim_end().lines().last().unwrap();
            assert!(
                more.starts_with(&format!(
                    "More: `man procbook-{command}`, README section \""
                )),
                "{command}: {more}"
            );
            // The README section it names exists.
            let section = more.split('"').nth(1).unwrap();
            let readme = read(&repo_root().join("README.md"));
            assert!(
                readme
                    .lines()
                    .any(|l| l.trim_start_matches('#').trim() == section),
                "README has no section {section:?}"
            );
        }
    }
}

// ---------------------------------------------------------------------------
// The CI files

/// The fenced YAML blocks of a Markdown file.
fn yaml_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match (&mut current, line) {
            (None, "```yaml") => current = Some(String::new()),
            (Some(block), "```") => {
                blocks.push(std::mem::take(block));
                current = None;
            }
            (Some(block), _) => {
                block.push_str(line);
                block.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}

#[test]
fn docs_ci_shows_the_ci_files_init_writes_verbatim() {
    let dir = temp();
    init(dir.path(), "Example Agency").assert_code(0);
    let blocks = yaml_blocks(&read(&repo_root().join("docs/ci.md")));
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

// ---------------------------------------------------------------------------
// The editors' guides, followed step by step

const GUIDES: &[&str] = &["docs/editors.en.md", "docs/editors.et.md"];

/// The fenced blocks of `language` in a Markdown file, unindented.
fn blocks(markdown: &str, language: &str) -> Vec<String> {
    let fence = format!("```{language}");
    let mut found = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        let trimmed = line.trim_start();
        match &mut current {
            None if trimmed == fence => current = Some(String::new()),
            Some(block) if trimmed == "```" => {
                found.push(std::mem::take(block));
                current = None;
            }
            Some(block) => {
                block.push_str(line);
                block.push('\n');
            }
            None => {}
        }
    }
    found
}

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
