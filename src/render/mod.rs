//! Turns the loaded register into the files of the published site, in
//! memory: HTML pages in each interface language, the search index and the
//! machine-readable exports. Writing them out is `site`'s job.
//!
//! Shared data (process views, roles, the unit tree) is built once per
//! language and each page's context holds only what that page shows, so the
//! cost of a build grows with the number of pages, not its square.

mod annex;
pub(crate) mod api;
pub(crate) mod cache;
mod calendar;
mod changes;
mod collate;
mod edit;
mod exports;
mod feed;
mod guides;
pub(crate) mod i18n;
mod kinds;
pub(crate) use crate::lang;
pub mod markdown;
mod overview;
mod ownership;
mod pages;
pub(crate) mod paths;
mod print;
mod reviews;
mod search_index;
mod svg;
mod table;
pub(crate) mod theme;
mod tree;
mod versions;
pub(crate) mod views;
mod worddiff;
mod xlsx;

use std::sync::{Mutex, PoisonError};

use cache::{Key, MarkdownMemo};
pub(crate) use lang::Lang;
use theme::{Theme, ThemeError};
use tree::{render_tree, Tree};

use crate::history::History;
use crate::model::{Date, Register, Site};

/// Choices that change the output.
#[derive(Debug, Clone)]
pub(crate) struct RenderOptions {
    /// The day review states are computed for, shown as "as of".
    pub today: Date,
    /// Absolute address the site is published at, for canonical links and
    /// the sitemap only; pages link to each other relatively.
    pub base_url: Option<String>,
}

impl RenderOptions {
    /// The base URL with one trailing slash, or "" when there is none.
    pub(crate) fn base_prefix(&self) -> String {
        self.base_url
            .as_deref()
            .map(|b| format!("{}/", b.trim_end_matches('/')))
            .unwrap_or_default()
    }
}

/// One file of the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OutputFile {
    /// Path under the output folder, with `/` separators.
    pub path: String,
    /// Content.
    pub bytes: Vec<u8>,
}

/// Why the site could not be rendered.
#[derive(Debug, thiserror::Error)]
pub(crate) enum RenderError {
    /// The theme (templates or strings) is broken.
    #[error("theme")]
    Theme(#[from] ThemeError),
    /// A template failed on a page.
    #[error("rendering {page}")]
    Template {
        /// The page's path under the output folder.
        page: String,
        #[source]
        source: Box<tera::Error>,
    },
    /// A finished file could not be handed on: the sink's own error.
    #[error(transparent)]
    Sink(Box<dyn std::error::Error + Send + Sync>),
    /// The Atom feed could not be written.
    #[error("writing feed.xml")]
    Feed(#[source] atom_syndication::Error),
    /// The spreadsheet could not be made.
    #[error("making processes.xlsx")]
    Spreadsheet(#[source] rust_xlsxwriter::XlsxError),
}

/// Where rendered files go as they are made: into memory for the live
/// preview, straight to disk for a build, so that a build of thousands of
/// processes never holds the whole site at once. Pages are rendered on
/// every core, so a sink takes files from several threads.
pub(crate) trait Sink: Sync {
    /// Takes one finished file.
    fn put(&self, file: OutputFile) -> Result<(), RenderError>;

    /// Whether the sink can reuse pages of an earlier build, and so wants
    /// to know their keys (computing a key costs a little).
    fn reuses(&self) -> bool {
        false
    }

    /// Keeps the page at `path` as the earlier build made it, if that was
    /// from inputs with the same `key`; says whether it did.
    fn reuse(&self, _path: &str, _key: Key) -> Result<bool, RenderError> {
        Ok(false)
    }

    /// Takes a page made from inputs with `key`.
    fn put_page(&self, file: OutputFile, _key: Key) -> Result<(), RenderError> {
        self.put(file)
    }

    /// The one file the sink wants, when it wants only one (the preview
    /// renders a page when it is asked for); `None` for the whole site.
    /// Rendering skips whatever cannot make that file.
    fn only(&self) -> Option<&str> {
        None
    }

    /// Whether the sink wants the file at `path`.
    fn wants(&self, path: &str) -> bool {
        self.only().is_none_or(|only| only == path)
    }

    /// Whether the sink wants a file whose path starts with `prefix`.
    fn wants_under(&self, prefix: &str) -> bool {
        self.only().is_none_or(|only| only.starts_with(prefix))
    }
}

/// Passes files on to a sink and remembers their paths, for the sitemap.
struct Logged<'a> {
    sink: &'a dyn Sink,
    paths: Mutex<Vec<String>>,
}

impl Logged<'_> {
    fn log(&self, path: String) {
        self.paths
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(path);
    }
}

impl Sink for Logged<'_> {
    fn put(&self, file: OutputFile) -> Result<(), RenderError> {
        let path = file.path.clone();
        self.sink.put(file)?;
        self.log(path);
        Ok(())
    }

    fn reuses(&self) -> bool {
        self.sink.reuses()
    }

    fn reuse(&self, path: &str, key: Key) -> Result<bool, RenderError> {
        let reused = self.sink.reuse(path, key)?;
        if reused {
            self.log(path.to_string());
        }
        Ok(reused)
    }

    fn put_page(&self, file: OutputFile, key: Key) -> Result<(), RenderError> {
        let path = file.path.clone();
        self.sink.put_page(file, key)?;
        self.log(path);
        Ok(())
    }

    fn only(&self) -> Option<&str> {
        self.sink.only()
    }
}

/// Renders the whole site as [`render`] does, handing each file to `sink`
/// as soon as it is made, in no particular order. Returns how many files
/// the sink got.
pub(crate) fn render_to(
    site: &Site,
    register: &Register,
    options: &RenderOptions,
    history: &History,
    sink: &dyn Sink,
    memo: &MarkdownMemo,
) -> Result<usize, RenderError> {
    let theme = Theme::load(&site.root)?;
    render_with(&theme, site, register, options, history, sink, memo)
}

/// The keys of all the Markdown a site renders, today's and its versions':
/// what a memo carried from one preview build to the next must keep (and
/// all it needs to).
pub(crate) fn markdown_keys(site: &Site, history: &History) -> std::collections::HashSet<Key> {
    let mut keys: std::collections::HashSet<Key> = tree::markdown_keys(&site.pages, &site.assets)
        .into_iter()
        .collect();
    for version in &history.versions {
        keys.extend(tree::markdown_keys(&version.pages, &version.assets));
    }
    keys
}

/// [`render_to`] with the theme already loaded: the preview loads it once
/// for every page it renders from the same sources.
pub(crate) fn render_with(
    theme: &Theme,
    site: &Site,
    register: &Register,
    options: &RenderOptions,
    history: &History,
    sink: &dyn Sink,
    memo: &MarkdownMemo,
) -> Result<usize, RenderError> {
    let log = Logged {
        sink,
        paths: Mutex::new(Vec::new()),
    };
    let tree = Tree {
        register,
        pages: &site.pages,
        assets: &site.assets,
        history,
        version: None,
        prefix: String::new(),
        memo,
    };
    render_tree(theme, &tree, options, &log)?;
    let t = &theme.strings[&Lang::DEFAULT];
    if history.available {
        if log.wants(paths::FEED) {
            log.put(feed::atom_feed(history, register, options, t)?)?;
        }
        if log.wants(paths::CHANGES_JSON) {
            log.put(api::changes_json(history))?;
        }
    }
    let no_history = History::default();
    for (index, version) in history.versions.iter().enumerate() {
        if !log.wants_under(&paths::version(&version.tag)) {
            continue;
        }
        let context = versions::VersionContext::new(history, index, register);
        let tree = Tree {
            register: &version.register,
            pages: &version.pages,
            assets: &version.assets,
            history: &no_history,
            version: Some(&context),
            prefix: paths::version(&version.tag),
            memo,
        };
        render_tree(theme, &tree, options, &log)?;
    }
    let paths = log
        .paths
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner);
    // A sitemap's addresses must be absolute: without the site's address
    // there is none (the build says so).
    let mut count = paths.len();
    if options.base_url.is_some() && sink.only().is_none() {
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
