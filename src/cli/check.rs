//! `procbook check`: load, validate, report.

use std::io::Write;

use super::{stdout_color, Error, Outcome, SiteArgs};
use crate::console;
use crate::diagnostic::report::{self, Format, Sources};
use crate::diagnostic::{self as diag, Diagnostic, Lang};
use crate::site;

/// Arguments of `procbook check`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    pub(super) site: SiteArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Fail on warnings too.
    #[arg(long)]
    strict: bool,
}

/// Writes `diagnostics` to standard output in `format`.
pub(crate) fn print(
    format: Format,
    diagnostics: &[Diagnostic],
    sources: &Sources,
    lang: Lang,
) -> Result<(), Error> {
    match format {
        Format::Human => {
            let mut out = console::stdout_colored(stdout_color());
            report::human(&mut out, diagnostics, sources, lang)?;
            out.flush()?;
        }
        Format::Json => report::json(&mut console::stdout(), diagnostics)?,
        Format::Github => report::github(&mut console::stdout(), diagnostics, lang)?,
        Format::Junit => report::junit(&mut console::stdout(), diagnostics, lang)?,
    }
    Ok(())
}

/// The code of the one diagnostic a machine-readable report holds when the
/// check could not run (exit code 2).
const COULD_NOT_RUN: &str = "check/could-not-run";

/// Prints a report in `format` that holds one error: the reason the check
/// could not run. People read that reason on standard error, so the human
/// format prints nothing here; CI reading JSON, JUnit or annotations gets a
/// valid document saying why instead of a missing report.
pub fn print_could_not_run(format: Format, reason: &str, lang: Lang) -> Result<(), Error> {
    if format == Format::Human {
        return Ok(());
    }
    let mut diagnostic = Diagnostic::error(COULD_NOT_RUN, reason)
        .help("the check did not run (exit code 2): fix the command or the pipeline, not the register")
        .et(
            reason,
            "kontroll ei käivitunud (väljumiskood 2): paranda käsku või CI seadistust, mitte registrit",
        );
    crate::diagnostic::localize(std::slice::from_mut(&mut diagnostic), lang);
    print(format, &[diagnostic], &Sources::default(), lang)
}

/// The `--format` a command line asks `check` for, if it is a `check`
/// command line at all; read from the raw arguments because it is needed
/// when they do not parse.
pub fn requested_format(args: &[std::ffi::OsString]) -> Option<Format> {
    use clap::ValueEnum;
    let mut words = args.iter().skip(1).map(|a| a.to_string_lossy());
    if words.next()? != "check" {
        return None;
    }
    let mut format = None;
    while let Some(word) = words.next() {
        if word == "--" {
            break;
        }
        let value = match word.strip_prefix("--format") {
            Some("") => words.next().map(|v| v.into_owned()),
            Some(rest) => rest.strip_prefix('=').map(str::to_string),
            None => None,
        };
        if let Some(value) = value {
            format = Format::from_str(&value, false).ok();
        }
    }
    format
}

/// Runs the check.
pub(crate) fn run(args: Args) -> Result<Outcome, Error> {
    let lang = args.site.lang();
    let mut checked = match site::check(&args.site.root, args.site.today(), true) {
        Ok(checked) => checked,
        Err(error) => {
            // The reason also goes to standard error; it is the error to
            // return even when the report cannot be written.
            let error = Error::from(error).localize(lang);
            let _ = print_could_not_run(args.format, &error.to_string(), lang);
            return Err(error);
        }
    };
    diag::localize(&mut checked.diagnostics, lang);
    print(
        args.format,
        &checked.diagnostics,
        &checked.site.sources,
        lang,
    )?;
    Ok(if checked.fails(args.strict) {
        Outcome::ProblemsFound
    } else {
        Outcome::Success
    })
}
