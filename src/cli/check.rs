//! `procbook check`: load, validate, report.

use std::io::Write;

use codespan_reporting::term::termcolor::StandardStream;

use super::{stdout_color, Error, Outcome, SiteArgs};
use crate::diagnostic::report::{self, Format, Sources};
use crate::diagnostic::{self as diag, Diagnostic, Lang};
use crate::{load, validate};

/// Arguments of `procbook check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub(super) site: SiteArgs,
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
    let committed = crate::history::register_at_head(&site_args.root);
    diagnostics.extend(validate::validate_against(
        &site,
        site_args.today(),
        committed.as_ref(),
    ));
    diag::sort(&mut diagnostics);
    diag::localize(&mut diagnostics, site_args.lang());
    Ok((site, diagnostics))
}

/// Writes `diagnostics` to standard output in `format`.
pub fn print(
    format: Format,
    diagnostics: &[Diagnostic],
    sources: &Sources,
    lang: Lang,
) -> Result<(), Error> {
    let stdout = std::io::stdout();
    match format {
        Format::Human => {
            let mut out = StandardStream::stdout(stdout_color());
            report::human_in(&mut out, diagnostics, sources, lang)?;
            out.flush()?;
        }
        Format::Json => report::json(&mut stdout.lock(), diagnostics)?,
        Format::Github => report::github_in(&mut stdout.lock(), diagnostics, lang)?,
        Format::Junit => report::junit_in(&mut stdout.lock(), diagnostics, lang)?,
    }
    Ok(())
}

/// Runs the check.
pub fn run(args: Args) -> Result<Outcome, Error> {
    let (site, diagnostics) = collect(&args.site)?;
    print(args.format, &diagnostics, &site.sources, args.site.lang())?;
    let failing = diagnostics.iter().any(|d| d.fails_check(args.strict));
    Ok(if failing {
        Outcome::ProblemsFound
    } else {
        Outcome::Success
    })
}
