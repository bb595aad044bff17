//! A whole build: load → validate → render → write. This is the one module
//! that knows every stage; commands call it rather than the stages.

mod leftovers;
pub mod output;

use std::path::{Path, PathBuf};

use crate::diagnostic::{self as diag, Diagnostic};
use crate::history::{self, History, HistoryOptions};
use crate::load::{self, LoadError};
use crate::model::{Date, Register, Site};
use crate::render::{self, OutputFile, RenderError, RenderOptions};
use crate::validate;

/// What a build needs to know.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Folder holding processes.yaml and content/.
    pub root: PathBuf,
    /// The day review states are computed for.
    pub today: Date,
    /// Absolute address of the published site, for canonical links.
    pub base_url: Option<String>,
    /// How to read the change history; `None` builds without it.
    pub history: Option<HistoryOptions>,
    /// Stop on an overdue review as on an integrity error. Off by default:
    /// freshness informs (the site shows it), `check` is the gate.
    pub fail_on_overdue: bool,
}

/// Why a build stopped.
#[derive(Debug)]
pub enum BuildError {
    /// Sources could not be read.
    Load(LoadError),
    /// The register has errors; the diagnostics say which.
    Invalid,
    /// The theme or a template failed, or a file could not be written.
    Render(RenderError),
    /// The output folder may not be replaced or could not be written.
    Output(output::OutputError),
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildError::Load(e) => e.fmt(f),
            BuildError::Invalid => f.write_str("the register has errors; nothing was written"),
            BuildError::Render(e) => e.fmt(f),
            BuildError::Output(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for BuildError {}

/// The result of rendering: files and what was found on the way.
pub struct Built {
    /// The loaded sources (for showing diagnostics with their lines).
    pub site: Site,
    /// Every diagnostic, sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// The output files, or why there are none.
    pub files: Result<Vec<OutputFile>, BuildError>,
}

/// Loads, validates and renders the site in memory. Integrity errors in the
/// register stop before rendering; overdue reviews (unless
/// `fail_on_overdue`) and warnings do not.
pub fn render_site(options: &BuildOptions) -> Result<Built, BuildError> {
    let (site, diagnostics, files) =
        prepare_and(options, |site, register, render_options, history| {
            render::render(site, register, render_options, history).map_err(BuildError::Render)
        })?;
    Ok(Built {
        site,
        diagnostics,
        files,
    })
}

/// The result of a build written to disk: how many files, and what was
/// found on the way.
pub struct Written {
    /// The loaded sources (for showing diagnostics with their lines).
    pub site: Site,
    /// Every diagnostic, sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// How many files the new site has, or why `out` was left as it was.
    pub files: Result<usize, BuildError>,
}

/// Loads, validates and renders the site into a new folder that replaces
/// `out` when complete (see [`output::Staging`]). Pages are written as they
/// are rendered rather than held until the end, so a register of 10,000
/// processes builds in a fraction of the memory. Errors in the register
/// stop before anything is written.
pub fn write_site(options: &BuildOptions, out: &Path, force: bool) -> Result<Written, BuildError> {
    // Checked here too, so no caller of the library can skip it.
    let out = &output::check_destination(out, &options.root).map_err(BuildError::Output)?;
    let (site, mut diagnostics, files) =
        prepare_and(options, |site, register, render_options, history| {
            let staging = output::Staging::begin(out, force).map_err(BuildError::Output)?;
            let count = render::render_to(site, register, render_options, history, &staging)
                .map_err(BuildError::Render)?;
            staging.finish().map_err(BuildError::Output)?;
            Ok(count)
        })?;
    if files.is_ok() && options.base_url.is_none() {
        diagnostics.insert(0, no_sitemap());
    }
    Ok(Written {
        site,
        diagnostics,
        files,
    })
}

/// Says why a site built without `--base-url` has no sitemap.
fn no_sitemap() -> Diagnostic {
    Diagnostic::note(
        "build/no-sitemap",
        "no sitemap.xml was written: a sitemap lists absolute addresses, and the site's address is not known",
    )
    .help("pass --base-url with the address the site is published at, e.g. --base-url https://example.org/protsessid/")
}

/// The sources, every diagnostic, and what rendering gave.
type Prepared<T> = (Site, Vec<Diagnostic>, Result<T, BuildError>);

/// Loads and validates the site and, when nothing stops the build (see
/// [`Diagnostic::stops_build`]), reads the history and calls `render`.
fn prepare_and<T>(
    options: &BuildOptions,
    render: impl FnOnce(&Site, &Register, &RenderOptions, &History) -> Result<T, BuildError>,
) -> Result<Prepared<T>, BuildError> {
    let (site, mut diagnostics) = load::load(&options.root).map_err(BuildError::Load)?;
    // The committed register shows edits that YAML accepts but that change
    // meaning; only when the history is read at all.
    let committed = options
        .history
        .as_ref()
        .and_then(|_| history::register_at_head(&options.root));
    diagnostics.extend(validate::validate_against(
        &site,
        options.today,
        committed.as_ref(),
    ));
    diag::sort(&mut diagnostics);
    let files = match &site.register {
        Some(register)
            if !diagnostics
                .iter()
                .any(|d| d.stops_build(options.fail_on_overdue)) =>
        {
            let history = match &options.history {
                Some(history_options) => history::read(&options.root, history_options),
                None => History::default(),
            };
            diagnostics.extend(history.diagnostics.iter().cloned());
            let render_options = RenderOptions {
                today: options.today,
                base_url: options.base_url.clone(),
            };
            render(&site, register, &render_options, &history)
        }
        _ => Err(BuildError::Invalid),
    };
    Ok((site, diagnostics, files))
}

/// The default output folder of a site.
pub fn default_out(root: &Path) -> PathBuf {
    root.join("public")
}
