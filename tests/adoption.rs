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
            blocks.iter().any(|b| *b == text),
            "docs/ci.md does not show {file} as init writes it"
        );
        // Installed from the package, never compiled.
        assert!(text.contains("dpkg -i"), "{file}");
        assert!(!text.contains("cargo"), "{file} compiles procbook");
    }
}
