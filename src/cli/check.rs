//! `procbook check`: load, validate, report.

use std::io::Write;

use super::{stdout_color, Error, Outcome, SiteArgs};
use crate::console;
use crate::diagnostic::report::{self, Format, Sources};
use crate::diagnostic::{self as diag, Diagnostic, Severity};
use crate::model::Site;
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
pub fn collect(site_args: &SiteArgs) -> Result<(Site, Vec<Diagnostic>), Error> {
    let (site, mut diagnostics) = load::load(&site_args.root)?;
    diagnostics.extend(validate::validate(&site, site_args.today()));
    diag::sort(&mut diagnostics);
    Ok((site, diagnostics))
}

/// Writes `diagnostics` to standard output in `format`.
pub fn print(format: Format, diagnostics: &[Diagnostic], sources: &Sources) -> Result<(), Error> {
    match format {
        Format::Human => {
            let mut out = console::stdout_colored(stdout_color());
            report::human(&mut out, diagnostics, sources)?;
            out.flush()?;
        }
        Format::Json => report::json(&mut console::stdout(), diagnostics)?,
        Format::Github => report::github(&mut console::stdout(), diagnostics)?,
        Format::Junit => report::junit(&mut console::stdout(), diagnostics)?,
    }
    Ok(())
}

/// Runs the check.
pub fn run(args: Args) -> Result<Outcome, Error> {
    let (site, diagnostics) = collect(&args.site)?;
    print(args.format, &diagnostics, &site.sources)?;
    let failing = diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error || (args.strict && d.severity == Severity::Warning));
    Ok(if failing {
        Outcome::ProblemsFound
    } else {
        Outcome::Success
    })
}
