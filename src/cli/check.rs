//! `procbook check`: load, validate, report.

use std::io::Write;

use codespan_reporting::term::termcolor::StandardStream;

use super::{stdout_color, Error, Outcome, SiteArgs};
use crate::diagnostic::report::{self, Format, Sources};
use crate::diagnostic::Diagnostic;
use crate::site;

/// Arguments of `procbook check`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    site: SiteArgs,
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
) -> Result<(), Error> {
    let stdout = std::io::stdout();
    match format {
        Format::Human => {
            let mut out = StandardStream::stdout(stdout_color());
            report::human(&mut out, diagnostics, sources)?;
            out.flush()?;
        }
        Format::Json => report::json(&mut stdout.lock(), diagnostics)?,
        Format::Github => report::github(&mut stdout.lock(), diagnostics)?,
        Format::Junit => report::junit(&mut stdout.lock(), diagnostics)?,
    }
    Ok(())
}

/// Runs the check.
pub(crate) fn run(args: Args) -> Result<Outcome, Error> {
    let checked = site::check(&args.site.root, args.site.today())?;
    print(args.format, &checked.diagnostics, &checked.site.sources)?;
    Ok(if checked.fails(args.strict) {
        Outcome::ProblemsFound
    } else {
        Outcome::Success
    })
}
