//! Shared helpers for the integration tests: build a site in a temporary
//! folder, run the real `procbook` binary on it, and read what it printed.
//! `build` runs and reads whole builds, `serve` drives the preview and
//! `schema` checks JSON against the published schemas.

pub mod build;
pub mod schema;
pub mod serve;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use tempfile::TempDir;

/// The day the rule tests evaluate review deadlines on.
pub const TODAY: &str = "2026-06-01";

/// A binary that runs longer than this is killed and the test fails: it
/// guards against hangs (an alias bomb, runaway nesting) without being a
/// timing assertion.
pub const KILL_AFTER: Duration = Duration::from_secs(20);

/// A register that passes every rule on [`TODAY`]: one edition in force, a
/// unit, a role, a wiki space with an address and one complete process
/// (the rules' unit tests start from the same file).
pub const VALID_REGISTER: &str = concat!(
    "# yaml-language-server: $schema=./schema/processes.schema.json\n",
    include_str!("../fixtures/valid-register.yaml")
);

/// A site root in a temporary folder, removed when dropped.
pub struct Site {
    dir: TempDir,
}

impl Site {
    /// A site whose `processes.yaml` holds `register`.
    pub fn new(register: &str) -> Site {
        let site = Site::empty();
        site.write("processes.yaml", register);
        site
    }

    /// A site folder with nothing in it (no `processes.yaml`).
    pub fn empty() -> Site {
        let dir = tempfile::Builder::new()
            .prefix("procbook-test-")
            .tempdir()
            .expect("create a temporary folder");
        Site { dir }
    }

    /// A site whose `processes.yaml` holds exactly `bytes`.
    pub fn with_bytes(register: &[u8]) -> Site {
        let site = Site::empty();
        site.write_bytes("processes.yaml", register);
        site
    }

    /// Adds a content page, e.g. `page("processes/alpha.md", "---\n...")`.
    pub fn page(self, rel: &str, text: &str) -> Site {
        self.write(&format!("content/{rel}"), text);
        self
    }

    /// Writes `text` to `rel` under the root, creating folders.
    pub fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    /// Writes `bytes` to `rel` under the root, creating folders.
    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let path = self.path().join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("create folders");
        }
        fs::write(&path, bytes).expect("write a fixture file");
    }

    /// The site root.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Runs `procbook <command> --root <this site> <args>`.
    pub fn run(&self, command: &str, args: &[&str]) -> Run {
        let root = self.path().to_str().expect("temporary path is UTF-8");
        let mut all = vec![command, "--root", root];
        all.extend_from_slice(args);
        procbook(&all)
    }

    /// `procbook check --format json --today TODAY <args>`, parsed.
    pub fn check_json(&self, args: &[&str]) -> Checked {
        let mut all = vec!["--format", "json", "--today", TODAY];
        all.extend_from_slice(args);
        Checked::from(self.run("check", &all))
    }
}

/// What a run of the binary printed and how it exited.
#[derive(Debug)]
pub struct Run {
    pub stdout: String,
    pub stderr: String,
    /// The exit code; `None` if the process was killed by a signal.
    pub code: Option<i32>,
}

impl Run {
    /// Fails the test if the binary panicked.
    pub fn assert_no_panic(&self) {
        assert!(
            !self.stderr.contains("panicked"),
            "procbook panicked:\n{}",
            self.stderr
        );
        assert!(
            self.code.is_some(),
            "procbook was killed by a signal:\nstderr: {}",
            self.stderr
        );
    }

    /// Fails the test unless the exit code is `code`.
    pub fn assert_code(&self, code: i32) {
        self.assert_no_panic();
        assert_eq!(
            self.code,
            Some(code),
            "expected exit code {code}\nstdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
    }
}

/// Runs the binary with `args` from a neutral working folder, killing it
/// after [`KILL_AFTER`].
pub fn procbook(args: &[&str]) -> Run {
    procbook_with_env(args, &[])
}

/// Like [`procbook`], with extra environment variables (`NO_COLOR`, ...).
pub fn procbook_with_env(args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_procbook"));
    command.args(args);
    for (key, value) in env {
        command.env(key, value);
    }
    run_command(command)
}

/// Like [`procbook`], run in the folder `dir` (for the default `--root .`).
pub fn procbook_in(dir: &Path, args: &[&str]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_procbook"));
    command.args(args).current_dir(dir);
    run_command(command)
}

/// Runs `command`, killing it after [`KILL_AFTER`]. Unless the command sets
/// its own, the working folder is a neutral one, so no test depends on the
/// folder `cargo test` runs in.
pub fn run_command(mut command: Command) -> Run {
    if command.get_current_dir().is_none() {
        command.current_dir(std::env::temp_dir());
    }
    // Messages follow the locale; tests expect English unless they set one.
    for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        if !command.get_envs().any(|(key, _)| key == var) {
            command.env_remove(var);
        }
    }
    let args: Vec<String> = command
        .get_args()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("start the command");
    let mut out = child.stdout.take().expect("piped stdout");
    let mut err = child.stderr.take().expect("piped stderr");
    // Read both pipes while waiting, so a chatty binary cannot block.
    let out_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = out.read_to_end(&mut buf);
        buf
    });
    let err_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = err.read_to_end(&mut buf);
        buf
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for procbook") {
            break status;
        }
        if started.elapsed() > KILL_AFTER {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "{args:?} did not finish within {} s and was killed",
                KILL_AFTER.as_secs()
            );
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let stdout = out_reader.join().expect("read stdout");
    let stderr = err_reader.join().expect("read stderr");
    Run {
        stdout: String::from_utf8(stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(stderr).expect("stderr is UTF-8"),
        code: status.code(),
    }
}

/// The repository root, where the shipped register lives.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A folder under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests").join("fixtures").join(name)
}

/// Runs `procbook <command> --root <root> <args>`.
pub fn run_at(root: &Path, command: &str, args: &[&str]) -> Run {
    let root = root.to_str().expect("path is UTF-8");
    let mut all = vec![command, "--root", root];
    all.extend_from_slice(args);
    procbook(&all)
}

/// One diagnostic of `check --format json`.
#[derive(Debug, Clone, PartialEq)]
pub struct Diag {
    pub code: String,
    pub severity: String,
    pub message: String,
    pub file: Option<String>,
    pub line: Option<u64>,
    pub column: Option<u64>,
    pub help: Option<String>,
    /// Why the register accepts it, when it does.
    pub accepted: Option<String>,
}

impl Diag {
    /// `file:line:column`, for assertion messages.
    pub fn place(&self) -> String {
        format!(
            "{}:{}:{}",
            self.file.as_deref().unwrap_or("-"),
            self.line.unwrap_or(0),
            self.column.unwrap_or(0)
        )
    }

    /// Fails unless the diagnostic is at `file:line:column`.
    pub fn assert_at(&self, file: &str, line: u64, column: u64) {
        assert_eq!(
            (self.file.as_deref(), self.line, self.column),
            (Some(file), Some(line), Some(column)),
            "{} is at {}, expected {file}:{line}:{column}: {}",
            self.code,
            self.place(),
            self.message
        );
    }

    /// The help text, failing if there is none.
    pub fn help(&self) -> &str {
        self.help
            .as_deref()
            .unwrap_or_else(|| panic!("{} has no help line", self.code))
    }
}

/// The parsed result of `check --format json`.
#[derive(Debug)]
pub struct Checked {
    pub run: Run,
    pub diagnostics: Vec<Diag>,
    pub errors: u64,
    pub warnings: u64,
    pub notes: u64,
}

impl From<Run> for Checked {
    fn from(run: Run) -> Checked {
        run.assert_no_panic();
        let json: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| {
            panic!(
                "check --format json printed no JSON ({e})\nstdout:\n{}\nstderr:\n{}",
                run.stdout, run.stderr
            )
        });
        let text = |v: &Value| v.as_str().map(str::to_string);
        let diagnostics = json["diagnostics"]
            .as_array()
            .expect("`diagnostics` is a list")
            .iter()
            .map(|d| Diag {
                code: text(&d["code"]).expect("every diagnostic has a code"),
                severity: text(&d["severity"]).expect("every diagnostic has a severity"),
                message: text(&d["message"]).expect("every diagnostic has a message"),
                file: text(&d["file"]),
                line: d["line"].as_u64(),
                column: d["column"].as_u64(),
                help: text(&d["help"]),
                accepted: text(&d["accepted"]),
            })
            .collect::<Vec<_>>();
        let count = |key: &str| {
            json["summary"][key]
                .as_u64()
                .unwrap_or_else(|| panic!("summary has no `{key}`"))
        };
        let checked = Checked {
            errors: count("errors"),
            warnings: count("warnings"),
            notes: count("notes"),
            diagnostics,
            run,
        };
        for severity in ["error", "warning", "note"] {
            let listed = checked
                .diagnostics
                .iter()
                .filter(|d| d.severity == severity && d.accepted.is_none())
                .count() as u64;
            let summed = match severity {
                "error" => checked.errors,
                "warning" => checked.warnings,
                _ => checked.notes,
            };
            assert_eq!(listed, summed, "summary miscounts {severity}s");
        }
        checked
    }
}

impl Checked {
    /// Every diagnostic with `code`.
    pub fn all(&self, code: &str) -> Vec<&Diag> {
        self.diagnostics.iter().filter(|d| d.code == code).collect()
    }

    /// The one diagnostic with `code`, failing if there are none or several.
    pub fn one(&self, code: &str) -> &Diag {
        let found = self.all(code);
        assert_eq!(
            found.len(),
            1,
            "expected exactly one {code}, got {}:\n{}",
            found.len(),
            self.listing()
        );
        found[0]
    }

    /// The codes reported, in order.
    pub fn codes(&self) -> Vec<&str> {
        self.diagnostics.iter().map(|d| d.code.as_str()).collect()
    }

    /// One line per diagnostic, for assertion messages.
    pub fn listing(&self) -> String {
        self.diagnostics
            .iter()
            .map(|d| {
                format!(
                    "  {} {} at {}: {}",
                    d.severity,
                    d.code,
                    d.place(),
                    d.message
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Fails unless the exit code is `code`.
    pub fn assert_code(&self, code: i32) {
        assert_eq!(
            self.run.code,
            Some(code),
            "expected exit code {code}; diagnostics:\n{}\nstderr:\n{}",
            self.listing(),
            self.run.stderr
        );
    }
}

/// The 1-based line and column (in characters) where `needle` starts in
/// `text`; `needle` must occur exactly once, so the position is unambiguous.
pub fn position_of(text: &str, needle: &str) -> (u64, u64) {
    let mut matches = text.match_indices(needle);
    let (offset, _) = matches
        .next()
        .unwrap_or_else(|| panic!("`{needle}` is not in the fixture"));
    assert!(
        matches.next().is_none(),
        "`{needle}` occurs more than once in the fixture"
    );
    let before = &text[..offset];
    let line = before.matches('\n').count() as u64 + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() as u64 + 1;
    (line, column)
}
