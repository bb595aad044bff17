//! Command-line interface: one file per command, each with its arguments
//! and what it does. Commands return an [`Outcome`] or an [`RunError`]; only
//! `main` turns them into exit codes.

mod build;
mod check;
mod due;
mod schema;
mod serve;

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Parser, Subcommand};
use codespan_reporting::term::termcolor::ColorChoice;

use crate::load::LoadError;
use crate::model::Date;
use crate::site::output::OutputError;
use crate::site::BuildError;

/// Command-line arguments.
#[derive(Debug, Parser)]
#[command(
    name = "procbook",
    version,
    about = "Check and publish a register of processes set by a directive"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the static site.
    Build(build::Args),
    /// Check processes.yaml and content/ against the rules.
    Check(check::Args),
    /// List what each owner must review and by when.
    Due(due::Args),
    /// Print the JSON Schema of processes.yaml.
    Schema(schema::Args),
    /// Preview the site with live reload while editing.
    Serve(serve::Args),
}

/// How a command that ran ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing wrong.
    Success,
    /// The command ran and found errors (exit code 1).
    ProblemsFound,
}

/// Why a command could not run (exit code 2): its message, and the
/// causes `source()` gives, say why; `main` prints them with
/// [`crate::error::Chain`].
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct RunError(Error);

/// Why a command could not run, as the commands report it. Each reads as
/// the error it wraps.
#[derive(Debug, thiserror::Error)]
enum Error {
    /// The sources could not be read at all.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The build stopped for a reason other than the register's errors
    /// (boxed: a template error is large, and every command returns this).
    #[error(transparent)]
    Build(Box<BuildError>),
    /// The output folder may not be used.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// `--base-url` is not an address a site can be published at.
    #[error("--base-url `{url}` must be an absolute http(s) address: {problem}")]
    BaseUrl {
        /// The address given.
        url: String,
        /// What is wrong with it.
        problem: &'static str,
    },
    /// Writing output failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// Anything else, already worded for the user.
    #[error("{0}")]
    Other(String),
}

impl From<BuildError> for Error {
    fn from(error: BuildError) -> Self {
        Error::Build(Box::new(error))
    }
}

/// Runs the command `cli` describes.
pub fn run(cli: Cli) -> Result<Outcome, RunError> {
    match cli.command {
        Command::Build(args) => build::run(args),
        Command::Check(args) => check::run(args),
        Command::Due(args) => due::run(args),
        Command::Schema(args) => schema::run(args),
        Command::Serve(args) => serve::run(args),
    }
    .map_err(RunError)
}

/// Arguments every command that reads a site takes.
#[derive(Debug, clap::Args)]
struct SiteArgs {
    /// Folder holding processes.yaml and content/.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Evaluate review deadlines as of this day (YYYY-MM-DD) instead of today.
    #[arg(long, value_parser = parse_date)]
    today: Option<Date>,
}

impl SiteArgs {
    fn today(&self) -> Date {
        self.today
            .unwrap_or_else(|| Date(chrono::Local::now().date_naive()))
    }
}

fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text).ok_or_else(|| format!("`{text}` is not a date: write YYYY-MM-DD"))
}

/// Colour for a stream: only on a terminal, never when `NO_COLOR` is set.
fn color_choice(is_terminal: bool) -> ColorChoice {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    if is_terminal && !no_color {
        ColorChoice::Auto
    } else {
        ColorChoice::Never
    }
}

fn stdout_color() -> ColorChoice {
    color_choice(std::io::stdout().is_terminal())
}
