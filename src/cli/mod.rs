//! Command-line interface: one file per command, each with its arguments
//! and what it does. Commands return an [`Outcome`] or an [`RunError`]; only
//! `main` turns them into exit codes.

mod build;
mod check;
mod completions;
mod due;
mod help;
mod init;
mod manpages;
mod schema;
mod serve;

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Parser, Subcommand};
use codespan_reporting::term::termcolor::ColorChoice;

use crate::lang::Lang;
use crate::load::LoadError;
use crate::model::Date;
use crate::serve::ServeError;
use crate::site::output::OutputError;
use crate::site::BuildError;

/// Command-line arguments.
#[derive(Debug, Parser)]
#[command(
    name = "procbook",
    version,
    about = "Check and publish a register of processes set by a directive",
    after_help = help::MAIN
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the static site.
    #[command(after_help = help::BUILD)]
    Build(build::Args),
    /// Check processes.yaml and content/ against the rules.
    #[command(after_help = help::CHECK)]
    Check(check::Args),
    /// Print shell completions for bash, zsh, fish, elvish or PowerShell.
    #[command(after_help = help::COMPLETIONS)]
    Completions(completions::Args),
    /// List what each owner must review and by when.
    #[command(after_help = help::DUE)]
    Due(due::Args),
    /// Start a new register in a folder: example process, guidelines page,
    /// README for editors and CI files.
    #[command(after_help = help::INIT)]
    Init(init::Args),
    /// Write the man pages of procbook and each command (for packagers).
    #[command(hide = true)]
    Man(manpages::Args),
    /// Print the JSON Schema of processes.yaml.
    #[command(after_help = help::SCHEMA)]
    Schema(schema::Args),
    /// Preview the site with live reload while editing.
    #[command(after_help = help::SERVE)]
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
    /// The sources could not be read, worded in Estonian (the words hold
    /// the cause).
    #[error("{}", .0.estonian())]
    LoadEstonian(LoadError),
    /// The preview could not start or stopped.
    #[error(transparent)]
    Serve(ServeError),
    /// `processes.yaml` does not parse, for a command that needs it and
    /// leaves the why to `check`.
    #[error("{}", due::unreadable_register(*.lang))]
    UnreadableRegister {
        /// The language of the message.
        lang: Lang,
    },
    /// `init --name` is empty or more than one line.
    #[error("--name must be the organisation's name on one line, e.g. --name \"Example Agency\"")]
    InitName,
    /// `init`'s folder is a file.
    #[error("{} exists and is not a folder: give init a new or existing folder", .0.display())]
    InitNotAFolder(PathBuf),
    /// Files `init` would write exist.
    #[error("init writes nothing over existing files, and these exist: {}; move them away or choose another folder", list_paths(.0))]
    InitWouldOverwrite(Vec<PathBuf>),
    /// `init` could not create a file.
    #[error("cannot create {}", path.display())]
    InitCreate {
        /// The file.
        path: PathBuf,
        /// Why not.
        source: std::io::Error,
    },
    /// `--owner` names no role of the register.
    #[error("{}", due::unknown_owner(query, near.as_deref(), *lang))]
    UnknownOwner {
        /// The role id or name given.
        query: String,
        /// The nearest role, for "did you mean".
        near: Option<String>,
        /// The language of the message.
        lang: Lang,
    },
}

/// `paths` as a message lists them: `a, b`.
fn list_paths(paths: &[PathBuf]) -> String {
    let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    shown.join(", ")
}

impl From<BuildError> for Error {
    fn from(error: BuildError) -> Self {
        Error::Build(Box::new(error))
    }
}

impl Error {
    /// The error worded in `lang`: sources that cannot be read are
    /// explained in Estonian too; other messages are already worded by
    /// the command that made them.
    fn localize(self, lang: Lang) -> Error {
        match (self, lang) {
            (Error::Load(e), Lang::Et) => Error::LoadEstonian(e),
            (other, _) => other,
        }
    }
}

/// Parses the command line. When it cannot be parsed and the command asked
/// for a machine-readable `check` report, prints that report holding the
/// reason first, so CI shows why instead of a missing report; then exits
/// the way clap does (2 for a usage error, 0 for `--help`).
pub fn parse() -> Cli {
    match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            if error.use_stderr() {
                let args: Vec<_> = std::env::args_os().collect();
                if let Some(format) = check::requested_format(&args) {
                    let reason = first_line(&error.to_string());
                    // The report is best effort: clap's own message follows
                    // on standard error either way.
                    let _ = check::print_could_not_run(format, &reason, Lang::choose(None));
                }
            }
            error.exit()
        }
    }
}

/// The first line of a message, without clap's `error: ` prefix.
fn first_line(message: &str) -> String {
    let line = message.lines().next().unwrap_or_default();
    line.strip_prefix("error: ").unwrap_or(line).to_string()
}

/// Runs the command `cli` describes. Why a command could not run is
/// worded in the language of its messages.
pub fn run(cli: Cli) -> Result<Outcome, RunError> {
    let lang = match &cli.command {
        Command::Build(args) => args.site.lang(),
        Command::Check(args) => args.site.lang(),
        Command::Due(args) => args.site.lang(),
        Command::Serve(args) => args.site.lang(),
        Command::Completions(_) | Command::Init(_) | Command::Man(_) | Command::Schema(_) => {
            Lang::choose(None)
        }
    };
    match cli.command {
        Command::Build(args) => build::run(args),
        Command::Check(args) => check::run(args),
        Command::Completions(args) => completions::run(args),
        Command::Due(args) => due::run(args),
        Command::Init(args) => init::run(args),
        Command::Man(args) => manpages::run(args),
        Command::Schema(args) => schema::run(args),
        Command::Serve(args) => serve::run(args),
    }
    .map_err(|e| RunError(e.localize(lang)))
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
    /// Language of messages: et (Estonian) or en (English). Default: the
    /// locale (LC_ALL, LC_MESSAGES, LANG), else English. Codes, file names
    /// and JSON keys are the same in both.
    #[arg(long, value_enum)]
    lang: Option<Lang>,
}

impl SiteArgs {
    fn lang(&self) -> Lang {
        Lang::choose(self.lang)
    }

    fn today(&self) -> Date {
        self.today
            .unwrap_or_else(|| Date(chrono::Local::now().date_naive()))
    }
}

fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text).ok_or_else(|| match crate::model::no_such_day(text) {
        Some((why, _)) => why,
        None => format!("`{text}` is not a date: write YYYY-MM-DD"),
    })
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
