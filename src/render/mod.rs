//! Turns the loaded register into the files of the published site, in
//! memory: HTML pages in each interface language, the search index and the
//! machine-readable exports. Writing them out is [`crate::site`]'s job.
//!
//! Shared data (process views, roles, the unit tree) is built once per
//! language and each page's context holds only what that page shows, so the
//! cost of a build grows with the number of pages, not its square.

mod annex;
pub mod api;
mod calendar;
mod changes;
mod collate;
mod edit;
mod exports;
mod feed;
pub mod i18n;
mod kinds;
pub mod lang;
pub mod markdown;
mod overview;
mod pages;
pub mod paths;
mod reviews;
mod svg;
pub mod theme;
mod tree;
mod versions;
pub mod views;
mod worddiff;

use std::fmt;
use std::sync::{Mutex, PoisonError};

pub use collate::EstonianOrder;
pub use lang::Lang;
use theme::Theme;
use tree::{render_tree, Tree};

use crate::history::History;
use crate::model::{Date, Register, Site};

/// Choices that change the output.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    /// The day review states are computed for, shown as "as of".
    pub today: Date,
    /// Absolute address the site is published at, for canonical links and
    /// the sitemap only; pages link to each other relatively.
    pub base_url: Option<String>,
}

impl RenderOptions {
    /// The base URL with one trailing slash, or "" when there is none.
    pub fn base_prefix(&self) -> String {
        self.base_url
            .as_deref()
            .map(|b| format!("{}/", b.trim_end_matches('/')))
            .unwrap_or_default()
    }
}

/// One file of the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path under the output folder, with `/` separators.
    pub path: String,
    /// Content.
    pub bytes: Vec<u8>,
}

/// Why the site could not be rendered.
#[derive(Debug)]
pub enum RenderError {
    /// The theme (templates or strings) is broken.
    Theme(String),
    /// A template failed on a page.
    Template { page: String, message: String },
    /// A finished file could not be written out; the message says which.
    Output(String),
    /// The Atom feed could not be written.
    Feed(atom_syndication::Error),
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RenderError::Theme(message) => write!(f, "theme: {message}"),
            RenderError::Template { page, message } => write!(f, "rendering {page}: {message}"),
            RenderError::Output(message) => f.write_str(message),
            RenderError::Feed(e) => write!(f, "writing feed.xml: {e}"),
        }
    }
}

impl std::error::Error for RenderError {}

/// Renders the whole site: the current register at the root, and every
/// tagged version of it under `v/<tag>/`.
pub fn render(
    site: &Site,
    register: &Register,
    options: &RenderOptions,
    history: &History,
) -> Result<Vec<OutputFile>, RenderError> {
    let collected = Collect(Mutex::new(Vec::new()));
    render_to(site, register, options, history, &collected)?;
    let mut files = collected
        .0
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Where rendered files go as they are made: into memory for the live
/// preview, straight to disk for a build, so that a build of thousands of
/// processes never holds the whole site at once. Pages are rendered on
/// every core, so a sink takes files from several threads.
pub trait Sink: Sync {
    /// Takes one finished file.
    fn put(&self, file: OutputFile) -> Result<(), RenderError>;
}

/// A sink that keeps every file, in no particular order.
struct Collect(Mutex<Vec<OutputFile>>);

impl Sink for Collect {
    fn put(&self, file: OutputFile) -> Result<(), RenderError> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(file);
        Ok(())
    }
}

/// Passes files on to a sink and remembers their paths, for the sitemap.
struct Logged<'a> {
    sink: &'a dyn Sink,
    paths: Mutex<Vec<String>>,
}

impl Sink for Logged<'_> {
    fn put(&self, file: OutputFile) -> Result<(), RenderError> {
        let path = file.path.clone();
        self.sink.put(file)?;
        self.paths
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(path);
        Ok(())
    }
}

/// Renders the whole site as [`render`] does, handing each file to `sink`
/// as soon as it is made, in no particular order. Returns how many files
/// the sink got.
pub fn render_to(
    site: &Site,
    register: &Register,
    options: &RenderOptions,
    history: &History,
    sink: &dyn Sink,
) -> Result<usize, RenderError> {
    let theme = Theme::load(&site.root)?;
    let log = Logged {
        sink,
        paths: Mutex::new(Vec::new()),
    };
    let tree = Tree {
        register,
        pages: &site.pages,
        history,
        version: None,
        prefix: String::new(),
    };
    render_tree(&theme, &tree, options, &log)?;
    for feed in calendar::feeds(register, &site.pages, options) {
        log.put(feed)?;
    }
    let t = &theme.strings[Lang::DEFAULT.code()];
    if history.available {
        log.put(feed::atom_feed(history, register, options, t)?)?;
        log.put(api::changes_json(history))?;
    }
    let no_history = History::default();
    for (index, version) in history.versions.iter().enumerate() {
        let Some((old_register, old_pages)) = versions::load(version) else {
            continue;
        };
        let context = versions::VersionContext::new(history, index, register);
        let tree = Tree {
            register: &old_register,
            pages: &old_pages,
            history: &no_history,
            version: Some(&context),
            prefix: paths::version(&version.tag),
        };
        render_tree(&theme, &tree, options, &log)?;
    }
    let paths = log
        .paths
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner);
    // A sitemap's addresses must be absolute: without the site's address
    // there is none (the build says so).
    let mut count = paths.len();
    if options.base_url.is_some() {
        let maps = exports::sitemaps(
            paths.iter().map(String::as_str),
            &options.base_prefix(),
            exports::MAX_SITEMAP_URLS,
        );
        count += maps.len();
        for map in maps {
            sink.put(map)?;
        }
    }
    Ok(count)
}
