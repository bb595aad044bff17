//! Shell completions, man pages and `--help`, all from the clap definitions;
//! and the check that `rust-version` is true for the package.

use std::fs;

use super::{listed_commands, read, temp};
use crate::common::{procbook, repo_root};

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
// .ci/msrv-check: rust-version is the true minimum of the locked tree

fn msrv_check(ours: &str, theirs: &[(&str, Option<&str>)]) -> std::process::Output {
    let mut packages = vec![serde_json::json!({
        "id": "procbook", "name": "procbook", "version": "0.1.0", "rust_version": ours
    })];
    for (name, rust_version) in theirs {
        packages.push(serde_json::json!({
            "id": name, "name": name, "version": "1.0.0", "rust_version": rust_version
        }));
    }
    let metadata = serde_json::json!({"packages": packages, "workspace_members": ["procbook"]});
    let dir = temp();
    let file = dir.path().join("metadata.json");
    fs::write(&file, metadata.to_string()).unwrap();
    std::process::Command::new("python3")
        .arg(repo_root().join(".ci/msrv-check"))
        .arg(&file)
        .output()
        .expect("run python3 .ci/msrv-check")
}

#[test]
fn msrv_check_fails_when_a_dependency_needs_a_newer_rust() {
    let ok = msrv_check(
        "1.91",
        &[("a", Some("1.91.0")), ("b", Some("1.60")), ("c", None)],
    );
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
    let bad = msrv_check(
        "1.89",
        &[("notify-types", Some("1.91")), ("b", Some("1.89.0"))],
    );
    assert_eq!(bad.status.code(), Some(1));
    let said = String::from_utf8_lossy(&bad.stdout);
    assert!(
        said.contains("notify-types 1.0.0 needs Rust 1.91.0"),
        "{said}"
    );
    assert!(!said.contains("  b "), "{said}");
    // The real tree: Cargo.toml's rust-version covers it.
    let real = std::process::Command::new("python3")
        .arg(repo_root().join(".ci/msrv-check"))
        .current_dir(repo_root())
        .output()
        .expect("run python3 .ci/msrv-check");
    assert!(
        real.status.success(),
        "{}",
        String::from_utf8_lossy(&real.stdout)
    );
}
