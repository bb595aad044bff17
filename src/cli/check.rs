//! `procbook check`: load, validate, report.

use std::io::Write;

use super::{stdout_color, Error, Outcome, SiteArgs};
use crate::console;
use crate::diagnostic::report::{self, Format, Sources};
use crate::diagnostic::{self as diag, Diagnostic, Lang};
use crate::site;
use crate::validate;
use codespan_reporting::term::termcolor::ColorChoice;

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
pub(super) fn print_could_not_run(format: Format, reason: &str, lang: Lang) -> Result<(), Error> {
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
pub(super) fn requested_format(args: &[std::ffi::OsString]) -> Option<Format> {
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

/// Lists outside addresses, one a line: `file:line:column address`. After a
/// human report they follow on standard output; after a machine-readable
/// one they go to standard error, so the report stays one document.
fn print_links(
    format: Format,
    links: &[validate::links::OutsideLink],
    lang: Lang,
) -> Result<(), Error> {
    let mut text = match lang {
        Lang::Et => format!("{} välislinki:\n", links.len()),
        Lang::En => format!("{} outside link(s):\n", links.len()),
    };
    for link in links {
        text.push_str(&format!(
            "{}:{}:{} {}\n",
            link.file, link.line, link.column, link.url
        ));
    }
    if format == Format::Human {
        console::stdout().write_all(text.as_bytes())?;
    } else {
        console::stderr_colored(ColorChoice::Never).write_all(text.as_bytes())?;
    }
    Ok(())
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
    let outside = match (&checked.site.register, args.links) {
        (Some(register), true) => validate::links::outside_links(&checked.site, register),
        _ => Vec::new(),
    };
    if args.online {
        let options = validate::online::OnlineOptions {
            timeout: std::time::Duration::from_secs(args.timeout.max(1)),
            ..Default::default()
        };
        checked
            .diagnostics
            .extend(validate::online::check(&outside, &options));
        diag::sort(&mut checked.diagnostics);
    }
    diag::localize(&mut checked.diagnostics, lang);
    print(
        args.format,
        &checked.diagnostics,
        &checked.site.sources,
        lang,
    )?;
    if args.links {
        print_links(args.format, &outside, lang)?;
    }
    Ok(if checked.fails(args.strict) {
        Outcome::ProblemsFound
    } else {
        Outcome::Success
    })
}
