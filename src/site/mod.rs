//! A whole build: load → validate → history → render → write. This is the
//! one module that knows every stage; commands call it rather than the
//! stages.

mod cache;
mod leftovers;
pub(crate) mod output;

use std::path::{Path, PathBuf};

use crate::diagnostic::{self as diag, Diagnostic};
use crate::history::{self, History, HistoryOptions};
use crate::load::{self, LoadError};
use crate::model::{Date, Register, Site};
use crate::render::cache::MarkdownMemo;
use crate::render::{self, RenderError, RenderOptions};
use crate::validate;

/// What a build needs to know.
#[derive(Debug, Clone)]
pub(crate) struct BuildOptions {
    /// Folder holding processes.yaml and content/.
    pub root: PathBuf,
    /// The day review states are computed for.
    pub today: Date,
    /// Absolute address of the published site, for canonical links and the
    /// sitemap (which is left out without it).
    pub base_url: Option<String>,
    /// How to read the change history; `None` builds without it.
    pub history: Option<HistoryOptions>,
    /// Stop on an overdue review as on an integrity error. Off by default:
    /// freshness informs (the site shows it), `check` is the gate.
    pub fail_on_overdue: bool,
    /// Reuse what the previous build made from the same inputs and leave
    /// a cache for the next (see [`cache`]); off, every page is rendered
    /// and nothing but the output folder is written.
    pub reuse: bool,
}

/// Why a build stopped.
#[derive(Debug, thiserror::Error)]
pub(crate) enum BuildError {
    /// Sources could not be read.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The register has errors; the diagnostics say which.
    #[error("the register has errors; nothing was written")]
    Invalid,
    /// The theme or a template failed, or a file could not be written.
    #[error(transparent)]
    Render(#[from] RenderError),
    /// The output folder may not be replaced or could not be written.
    #[error(transparent)]
    Output(#[from] output::OutputError),
}

/// A build that went through: its output, the sources and what was found
/// on the way.
#[derive(Debug)]
pub(crate) struct Built<T> {
    /// What the build made: the files, or how many were written.
    pub output: T,
    /// The loaded sources (for showing diagnostics with their lines).
    pub site: Site,
    /// Every diagnostic, sorted.
    pub diagnostics: Vec<Diagnostic>,
}

/// A build that stopped, with what it had found by then. It reads as its
/// [`BuildError`].
#[derive(Debug)]
pub(crate) struct BuildFailure {
    /// Why it stopped.
    pub error: BuildError,
    /// The loaded sources, unless they could not be read (boxed, so that
    /// a failure is small to return).
    pub site: Option<Box<Site>>,
    /// Every diagnostic found before it stopped, sorted.
    pub diagnostics: Vec<Diagnostic>,
}

impl std::fmt::Display for BuildFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.error.fmt(f)
    }
}

impl std::error::Error for BuildFailure {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.error.source()
    }
}

impl BuildFailure {
    pub(crate) fn new(error: BuildError, site: Site, diagnostics: Vec<Diagnostic>) -> Self {
        BuildFailure {
            error,
            site: Some(Box::new(site)),
            diagnostics,
        }
    }
}

/// Loads, validates and renders the site into a new folder that replaces
/// `out` when complete (see [`output::Staging`]). Pages are written as they
/// are rendered rather than held until the end, so a register of 10,000
/// processes builds in a fraction of the memory. Errors in the register
/// stop before anything is written. The output is how many files the new
/// site has.
pub(crate) fn write_site(
    options: &BuildOptions,
    out: &Path,
    force: bool,
) -> Result<Built<usize>, BuildFailure> {
    // Checked here too, so no caller of the library can skip it.
    let out = &output::check_destination(out, &options.root).map_err(|e| BuildFailure {
        error: e.into(),
        site: None,
        diagnostics: Vec::new(),
    })?;
    let mut built = prepare_and(options, |site, register, render_options, history| {
        let staging = output::Staging::begin(out, force)?;
        let cache = options
            .reuse
            .then(|| cache::BuildCache::open(out))
            .flatten();
        let count = match &cache {
            Some(cache) => {
                let sink = cache::Reusing {
                    staging: &staging,
                    cache,
                };
                render::render_to(site, register, render_options, history, &sink, &cache.memo)?
            }
            None => {
                let memo = MarkdownMemo::default();
                render::render_to(site, register, render_options, history, &staging, &memo)?
            }
        };
        staging.finish()?;
        // Only a cache that describes the site now in place is saved.
        if let Some(cache) = cache {
            cache.save();
        }
        Ok(count)
    })?;
    if options.base_url.is_none() {
        built.diagnostics.insert(0, no_sitemap());
    }
    Ok(built)
}

/// Says why a site built without `--base-url` has no sitemap.
fn no_sitemap() -> Diagnostic {
    Diagnostic::note(
        "build/no-sitemap",
        "no sitemap.xml was written: a sitemap lists absolute addresses, and the site's address is not known",
    )
    .help("pass --base-url with the address the site is published at, e.g. --base-url https://example.org/protsessid/")
    .et(
        "sitemap.xml jäi kirjutamata: saidikaart loetleb täielikke aadresse, aga saidi aadress ei ole teada",
        "anna --base-url aadressiga, kus sait avaldatakse, nt --base-url https://example.org/protsessid/",
    )
}

/// A site as `check` sees it: the sources and every diagnostic, sorted.
#[derive(Debug)]
pub(crate) struct Checked {
    /// The loaded sources (for showing diagnostics with their lines).
    pub site: Site,
    /// Every diagnostic of loading and validation, sorted.
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    /// Whether the check fails: on an error that is not accepted, or with
    /// `strict` on such a warning.
    pub(crate) fn fails(&self, strict: bool) -> bool {
        self.diagnostics.iter().any(|d| d.fails_check(strict))
    }
}

/// Loads and validates the site at `root` as seen on `today`: what
/// `check` reports and what a build starts from. With `git`, the register
/// is also compared with the one last committed, which shows edits that
/// YAML accepts but that change meaning (items moved between lists).
pub(crate) fn check(root: &Path, today: Date, git: bool) -> Result<Checked, LoadError> {
    let (site, mut diagnostics) = load::load(root)?;
    let committed = git.then(|| history::register_at_head(root)).flatten();
    diagnostics.extend(validate::validate_against(&site, today, committed.as_ref()));
    diag::sort(&mut diagnostics);
    Ok(Checked { site, diagnostics })
}

/// A site loaded and checked, with no errors that stop a build, and its
/// history: everything a page is rendered from.
pub(crate) struct Prepared {
    /// The sources; their register is there and valid.
    pub site: Site,
    pub history: History,
    pub render_options: RenderOptions,
    /// Every diagnostic of loading, validation and the history.
    pub diagnostics: Vec<Diagnostic>,
}

impl Prepared {
    /// The register, which a prepared site always has.
    pub(crate) fn register(&self) -> Option<&Register> {
        self.site.register.as_ref()
    }
}

/// Loads and validates the site and, when the register has no errors,
/// reads the history.
pub(crate) fn prepare(options: &BuildOptions) -> Result<Prepared, BuildFailure> {
    let Checked {
        site,
        mut diagnostics,
    } = check(&options.root, options.today, options.history.is_some()).map_err(|e| {
        BuildFailure {
            error: e.into(),
            site: None,
            diagnostics: Vec::new(),
        }
    })?;
    let stops = diagnostics
        .iter()
        .any(|d| d.stops_build(options.fail_on_overdue));
    if site.register.is_none() || stops {
        return Err(BuildFailure::new(BuildError::Invalid, site, diagnostics));
    }
    let history = match &options.history {
        Some(history_options) => history::read(&options.root, history_options),
        None => History::default(),
    };
    diagnostics.extend(history.diagnostics.iter().cloned());
    let render_options = RenderOptions {
        today: options.today,
        base_url: options.base_url.clone(),
    };
    Ok(Prepared {
        site,
        history,
        render_options,
        diagnostics,
    })
}

/// Prepares the site (see [`prepare`]) and calls `render`.
fn prepare_and<T>(
    options: &BuildOptions,
    render: impl FnOnce(&Site, &Register, &RenderOptions, &History) -> Result<T, BuildError>,
) -> Result<Built<T>, BuildFailure> {
    let prepared = prepare(options)?;
    let Some(register) = prepared.register() else {
        return Err(BuildFailure::new(
            BuildError::Invalid,
            prepared.site,
            prepared.diagnostics,
        ));
    };
    let rendered = render(
        &prepared.site,
        register,
        &prepared.render_options,
        &prepared.history,
    );
    match rendered {
        Ok(output) => Ok(Built {
            output,
            site: prepared.site,
            diagnostics: prepared.diagnostics,
        }),
        Err(error) => Err(BuildFailure::new(
            error,
            prepared.site,
            prepared.diagnostics,
        )),
    }
}

/// The default output folder of a site.
pub(crate) fn default_out(root: &Path) -> PathBuf {
    root.join("public")
}
