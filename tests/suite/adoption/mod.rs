//! What a new adopter gets: `procbook init` writes a register that passes
//! `check` and builds, never over existing files; shell completions, man
//! pages and `--help` come from the same definitions; the CI files `init`
//! writes are the ones `docs/ci.md` shows.

mod docs;
mod help;
mod init;

use std::fs;
use std::path::Path;

use crate::common::{procbook, Run, TODAY};
use tempfile::TempDir;

/// Every file `init` writes, relative to the register's folder.
pub const INIT_FILES: &[&str] = &[
    "processes.yaml",
    "content/processes/example-process.md",
    "README.md",
    ".gitignore",
    ".gitlab-ci.yml",
    ".github/workflows/procbook.yml",
    "schema/processes.schema.json",
];

pub fn temp() -> TempDir {
    tempfile::Builder::new()
        .prefix("procbook-init-")
        .tempdir()
        .expect("a temporary folder")
}

pub fn init(dir: &Path, name: &str) -> Run {
    procbook(&[
        "init",
        dir.to_str().expect("UTF-8 path"),
        "--name",
        name,
        "--today",
        TODAY,
    ])
}

pub fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// The commands `procbook --help` lists, without clap's `help`.
pub fn listed_commands() -> Vec<String> {
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

/// The fenced blocks of `language` in a Markdown file, unindented.
pub fn blocks(markdown: &str, language: &str) -> Vec<String> {
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
