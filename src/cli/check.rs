//! `procbook check`: load, validate, report.

use std::io::Write;

use codespan_reporting::term::termcolor::StandardStream;

use super::{stdout_color, Error, Outcome, SiteArgs};
use crate::diagnostic::report::{self, Format, Sources};
use crate::diagnostic::{self as diag, Diagnostic};
use crate::{load, validate};

/// Arguments of `procbook check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    site: SiteArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Fail on warnings too.
    #[arg(long)]
    strict: bool,
}

/// Loads and validates the site, returning every diagnostic sorted.
pub fn collect(site_args: &SiteArgs) -> Result<(load::Site, Vec<Diagnostic>), Error> {
    let (site, mut diagnostics) = load::load(&site_args.root)?;
    diagnostics.extend(validate::validate(&site, site_args.today()));
    diag::sort(&mut diagnostics);
    Ok((site, diagnostics))
}

/// Writes `diagnostics` to standard output in `format`.
pub fn print(format: Format, diagnostics: &[Diagnostic], sources: &Sources) -> Result<(), Error> {
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
pub fn run(args: Args) -> Result<Outcome, Error> {
    let (site, diagnostics) = collect(&args.site)?;
    print(args.format, &diagnostics, &site.sources)?;
    let failing = diagnostics.iter().any(|d| d.fails_check(args.strict));
    Ok(if failing {
        Outcome::ProblemsFound
    } else {
        Outcome::Success
    })
}
