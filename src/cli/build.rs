//! `procbook build`: the published site.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use super::{color_choice, Error, Outcome, SiteArgs};
use crate::console;
use crate::diagnostic::report::Sources;
use crate::diagnostic::{report, Diagnostic, Kind};
use crate::history::HistoryOptions;
use crate::lang::Lang;
use crate::model::url_problem;
use crate::site::{self, output, BuildError, BuildOptions};

/// Arguments of `procbook build`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    pub(super) site: SiteArgs,
    /// Output folder (default: public/ under the root).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Absolute address the site will be published at, for canonical links
    /// and the sitemap; pages link to each other relatively either way.
    #[arg(long)]
    base_url: Option<String>,
    /// Replace the output folder even if procbook did not create it.
    #[arg(long)]
    force: bool,
    /// Build without reading the change history from git.
    #[arg(long)]
    no_history: bool,
    /// Do not publish commit authors' names (emails are never published).
    #[arg(long)]
    hide_authors: bool,
    /// Git tags matching this pattern (`*` = anything) are published as
    /// versions under v/<tag>/.
    #[arg(long, default_value = "v*")]
    versions: String,
    /// Stop the build when a review is overdue, as `check` does. Without it
    /// an overdue review is published as overdue and the build succeeds.
    #[arg(long)]
    fail_on_overdue: bool,
    /// Render every page and keep no cache. Without it, a page whose
    /// template and content are the same as at the previous build into the
    /// same folder is taken from that build (the cache is kept beside the
    /// output folder, as `.<folder>.procbook-cache`).
    #[arg(long)]
    no_cache: bool,
}

/// Builds the site and writes it.
pub(crate) fn run(args: Args) -> Result<Outcome, Error> {
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| site::default_out(&args.site.root));
    if let Some(base) = &args.base_url {
        if let Some(problem) = url_problem(base) {
            return Err(Error::BaseUrl {
                url: base.clone(),
                problem,
            });
        }
    }
    // Refuse a dangerous destination before doing any work.
    let out = output::check_destination(&out, &args.site.root)?;
    let history = (!args.no_history).then(|| HistoryOptions {
        show_authors: !args.hide_authors,
        version_pattern: args.versions.clone(),
        use_cache: true,
    });
    let options = BuildOptions {
        root: args.site.root.clone(),
        today: args.site.today(),
        base_url: args.base_url.clone(),
        history,
        fail_on_overdue: args.fail_on_overdue,
        reuse: !args.no_cache,
    };
    let lang = args.site.lang();
    match site::write_site(&options, &out, args.force) {
        Ok(mut built) => {
            report(&mut built.diagnostics, &built.site.sources, lang);
            let count = built.output;
            let shown = out.display();
            eprintln!(
                "{}",
                lang.pick(
                    &format!("kirjutasin {count} faili kausta {shown}"),
                    &format!("wrote {count} files to {shown}")
                )
            );
            let overdue = overdue_count(&built.diagnostics);
            if overdue > 0 {
                eprintln!("{}", lang.pick(
                    &format!("{overdue} ülevaatamist on tähtaja ületanud: sait näitab neid tähtaja ületanuna; `procbook check` annab nende pärast vea (`build --fail-on-overdue` peatab ka ehitamise)"),
                    &format!("{overdue} review(s) overdue: the site shows them as overdue; `procbook check` fails on them (`build --fail-on-overdue` to stop here too)"),
                ));
            }
            Ok(Outcome::Success)
        }
        Err(mut failure) => {
            if let Some(site) = &failure.site {
                report(&mut failure.diagnostics, &site.sources, lang);
            }
            match failure.error {
                BuildError::Invalid => {
                    let why = if failure.diagnostics.iter().any(|d| d.stops_build(false)) {
                        lang.pick("registris on vigu", "the register has errors")
                    } else {
                        lang.pick(
                            "ülevaatamised on tähtaja ületanud (--fail-on-overdue)",
                            "reviews are overdue (--fail-on-overdue)",
                        )
                    };
                    let shown = out.display();
                    eprintln!(
                        "{}",
                        lang.pick(
                            &format!("ehitamine peatus: {why}; {shown} jäi nagu oli"),
                            &format!("build stopped: {why}; {shown} was left as it was")
                        )
                    );
                    Ok(Outcome::ProblemsFound)
                }
                BuildError::Load(e) => Err(Error::Load(e)),
                other => Err(other.into()),
            }
        }
    }
}

/// Overdue reviews that did not stop the build.
fn overdue_count(diagnostics: &[Diagnostic]) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.kind() == Kind::Freshness && d.fails_check(false))
        .count()
}

/// Prints the diagnostics of a build to standard error, in `lang`. The
/// site is written (or kept) by now: a report nobody can read any more
/// does not turn the build into a failure.
fn report(diagnostics: &mut [Diagnostic], sources: &Sources, lang: Lang) {
    crate::diagnostic::localize(diagnostics, lang);
    if !diagnostics.is_empty() {
        let mut err = console::stderr_colored(color_choice(std::io::stderr().is_terminal()));
        let _ = report::human(&mut err, diagnostics, sources, lang);
        let _ = err.flush();
    }
}
