//! `procbook build`: the published site.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use codespan_reporting::term::termcolor::StandardStream;

use super::{color_choice, Error, Outcome, SiteArgs};
use crate::diagnostic::report::{self, Sources};
use crate::diagnostic::Diagnostic;
use crate::history::HistoryOptions;
use crate::model::url_problem;
use crate::site::{self, output, BuildError, BuildOptions};

/// Arguments of `procbook build`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    site: SiteArgs,
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
    };
    match site::write_site(&options, &out, args.force) {
        Ok(built) => {
            report(&built.diagnostics, &built.site.sources)?;
            eprintln!("wrote {} files to {}", built.output, out.display());
            Ok(Outcome::Success)
        }
        Err(failure) => {
            if let Some(site) = &failure.site {
                report(&failure.diagnostics, &site.sources)?;
            }
            match failure.error {
                BuildError::Invalid => {
                    eprintln!(
                        "build stopped: the register has errors; {} was left as it was",
                        out.display()
                    );
                    Ok(Outcome::ProblemsFound)
                }
                BuildError::Load(e) => Err(Error::Load(e)),
                other => Err(other.into()),
            }
        }
    }
}

/// Prints the diagnostics of a build to standard error.
fn report(diagnostics: &[Diagnostic], sources: &Sources) -> Result<(), Error> {
    if !diagnostics.is_empty() {
        let mut err = StandardStream::stderr(color_choice(std::io::stderr().is_terminal()));
        report::human(&mut err, diagnostics, sources)?;
        err.flush()?;
    }
    Ok(())
}
