//! `procbook init [DIR] --name ORG`: a new register that passes `check`,
//! with a README for its editors and CI files for GitLab and GitHub.
//!
//! The files are templates under `files/`, embedded in the binary; the CI
//! files are also shown verbatim in `docs/ci.md` (a test compares them).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::{parse_date, Error, Outcome};
use crate::model::Date;

/// The GitLab CI file `init` writes, as `.gitlab-ci.yml`.
pub(super) const GITLAB_CI: &str = include_str!("files/gitlab-ci.yml");
/// The GitHub Actions workflow `init` writes, as
/// `.github/workflows/procbook.yml`.
pub(super) const GITHUB_WORKFLOW: &str = include_str!("files/github-workflow.yml");

/// Every file of a new register: where it goes and its template. `{{name}}`
/// is the organisation's name, `{{name_yaml}}` the same as a YAML string
/// and `{{today}}` the day of `init`.
const FILES: &[(&str, &str)] = &[
    ("processes.yaml", include_str!("files/processes.yaml")),
    (
        "content/processes/example-process.md",
        include_str!("files/guidelines.md"),
    ),
    ("README.md", include_str!("files/README.md")),
    (".gitignore", include_str!("files/gitignore")),
    (".gitlab-ci.yml", GITLAB_CI),
    (".github/workflows/procbook.yml", GITHUB_WORKFLOW),
];

/// Where the schema goes; its text comes from the model, as `procbook
/// schema` prints it, so editors check against the rules of this version.
const SCHEMA_FILE: &str = "schema/processes.schema.json";

/// Arguments of `procbook init`.
#[derive(Debug, clap::Args)]
pub(super) struct Args {
    /// Folder to create the register in (created if missing; files already
    /// in it are never overwritten).
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// The organisation's name, as its pages should show it.
    #[arg(long)]
    name: String,
    /// The day written as the example's signing and review date
    /// (YYYY-MM-DD; default today).
    #[arg(long, value_parser = parse_date)]
    today: Option<Date>,
}

/// Writes the new register.
pub(super) fn run(args: Args) -> Result<Outcome, Error> {
    let name = args.name.trim();
    if name.is_empty() || name.chars().any(char::is_control) {
        return Err(Error::InitName);
    }
    let today = args
        .today
        .unwrap_or_else(|| Date(chrono::Local::now().date_naive()));
    let files = render(name, &today.iso());
    refuse_existing(&args.dir, &files)?;
    for (rel, text) in &files {
        write_new(&args.dir.join(rel), text)?;
    }
    let mut out = std::io::stdout().lock();
    writeln!(out, "wrote a new register in {}:", args.dir.display())?;
    for (rel, _) in &files {
        writeln!(out, "  {rel}")?;
    }
    writeln!(
        out,
        "next: replace the example values in processes.yaml, then run `procbook check` \
         and `procbook serve --open` in that folder; for CI set PROCBOOK_DEB_URL \
         (see .gitlab-ci.yml or .github/workflows/procbook.yml)"
    )?;
    Ok(Outcome::Success)
}

/// The files of a register for `name`, with their paths.
fn render(name: &str, today: &str) -> Vec<(&'static str, String)> {
    // A JSON string is a YAML double-quoted scalar: any name stays one value.
    let name_yaml = serde_json::to_string(name).unwrap_or_default();
    let mut files: Vec<_> = FILES
        .iter()
        .map(|(rel, template)| {
            let text = template
                .replace("{{name_yaml}}", &name_yaml)
                .replace("{{name}}", name)
                .replace("{{today}}", today);
            (*rel, text)
        })
        .collect();
    files.push((SCHEMA_FILE, crate::model::json_schema()));
    files
}

/// Fails, naming every one, when any file `init` would write exists (or is
/// a link, even a broken one).
fn refuse_existing(dir: &Path, files: &[(&str, String)]) -> Result<(), Error> {
    if dir.exists() && !dir.is_dir() {
        return Err(Error::InitNotAFolder(dir.to_path_buf()));
    }
    let existing: Vec<PathBuf> = files
        .iter()
        .map(|(rel, _)| dir.join(rel))
        .filter(|path| fs::symlink_metadata(path).is_ok())
        .collect();
    if existing.is_empty() {
        return Ok(());
    }
    Err(Error::InitWouldOverwrite(existing))
}

/// Creates `path` with `text`, failing if it appeared since the check.
fn write_new(path: &Path, text: &str) -> Result<(), Error> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|source| Error::InitCreate {
            path: path.to_path_buf(),
            source,
        })?;
    file.write_all(text.as_bytes())?;
    Ok(())
}
