//! `procbook check`: load, validate, report.

use std::io::Write;

use codespan_reporting::term::termcolor::StandardStream;

use super::{stdout_color, Error, Outcome, SiteArgs};
use crate::diagnostic::report::{self, Format, Sources};
use crate::diagnostic::{self as diag, Diagnostic, Severity};
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
    /// List the outside addresses (wiki and others) the pages and the
    /// register link to; they are not fetched.
    #[arg(long)]
    links: bool,
    /// With --links: ask each outside address whether it answers (a few at
    /// a time, politely); failures are warnings.
    #[arg(long, requires = "links")]
    online: bool,
    /// With --online: seconds one address may take to answer.
    #[arg(long, value_name = "SECS", default_value_t = 10, requires = "online")]
    timeout: u64,
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

/// Lists outside addresses, one a line: `file:line:column address`. After a
/// human report they follow on standard output; after a machine-readable
/// one they go to standard error, so the report stays one document.
fn print_links(format: Format, links: &[validate::links::OutsideLink]) -> Result<(), Error> {
    let mut text = format!("{} outside link(s):\n", links.len());
    for link in links {
        text.push_str(&format!(
            "{}:{}:{} {}\n",
            link.file, link.line, link.column, link.url
        ));
    }
    if format == Format::Human {
        std::io::stdout().write_all(text.as_bytes())?;
    } else {
        std::io::stderr().write_all(text.as_bytes())?;
    }
    Ok(())
}

/// Runs the check.
pub fn run(args: Args) -> Result<Outcome, Error> {
    let (site, mut diagnostics) = collect(&args.site)?;
    let outside = match (&site.register, args.links) {
        (Some(register), true) => validate::links::outside_links(&site, register),
        _ => Vec::new(),
    };
    if args.online {
        let options = validate::online::OnlineOptions {
            timeout: std::time::Duration::from_secs(args.timeout.max(1)),
            ..Default::default()
        };
        diagnostics.extend(validate::online::check(&outside, &options));
        diag::sort(&mut diagnostics);
    }
    print(args.format, &diagnostics, &site.sources)?;
    if args.links {
        print_links(args.format, &outside)?;
    }
    let failing = diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error || (args.strict && d.severity == Severity::Warning));
    Ok(if failing {
        Outcome::ProblemsFound
    } else {
        Outcome::Success
    })
}
