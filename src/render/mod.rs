//! Turns the loaded register into the files of the published site, in
//! memory: HTML pages in each interface language, the search index and the
//! machine-readable exports. Writing them out is [`crate::site`]'s job.
//!
//! Shared data (process views, roles, the unit tree) is built once per
//! language and each page's context holds only what that page shows, so the
//! cost of a build grows with the number of pages, not its square.

mod changes;
mod collate;
mod exports;
mod guides;
pub mod i18n;
pub mod markdown;
mod pages;
mod print;
mod search_index;
mod table;
pub mod theme;
mod versions;
pub mod views;
mod xlsx;

use std::collections::HashMap;
use std::fmt;
use std::sync::{Mutex, PoisonError};

use rayon::prelude::*;
use tera::Context;

pub use collate::EstonianOrder;
use i18n::LANGUAGES;
use markdown::LinkMap;
use pages::{Pages, SiteView};
use theme::Theme;
use views::{DirectiveView, ProcessView};

use crate::history::History;
use crate::load::{Asset, Page, PageTarget, Site};
use crate::model::{Date, Register};

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
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RenderError::Theme(message) => write!(f, "theme: {message}"),
            RenderError::Template { page, message } => write!(f, "rendering {page}: {message}"),
            RenderError::Output(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for RenderError {}

/// A context holding only `value` under `key`, moved rather than copied
/// (inserting a value into a context serialises it again).
fn context_of(key: &str, value: serde_json::Value) -> Context {
    let mut map = serde_json::Map::new();
    map.insert(key.to_string(), value);
    Context::from_value(serde_json::Value::Object(map)).unwrap_or_default()
}

/// Published path (from a language root) of each content page and of the
/// images and PDFs beside them.
fn page_paths(pages: &[Page], assets: &[Asset]) -> HashMap<String, String> {
    pages
        .iter()
        .map(|page| {
            let out = match &page.target {
                PageTarget::Process(id) => guides::published_path(id, page.part.as_deref()),
                PageTarget::Directive(id) => format!("directives/{id}.html"),
            };
            (page.file.clone(), out)
        })
        .chain(
            assets
                .iter()
                .map(|a| (a.file.clone(), a.published_path().to_string())),
        )
        .collect()
}

/// The prefix of language `lang` under the output root.
pub fn lang_prefix(lang: &str) -> String {
    if lang == LANGUAGES[0] {
        String::new()
    } else {
        format!("{lang}/")
    }
}

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
        assets: &site.assets,
        history,
        version: None,
        prefix: String::new(),
    };
    render_tree(&theme, &tree, options, &log)?;
    let t = &theme.strings[LANGUAGES[0]];
    if history.available {
        log.put(changes::atom_feed(history, register, options, t))?;
        log.put(changes::changes_json(history))?;
    }
    let no_history = History::default();
    for (index, version) in history.versions.iter().enumerate() {
        let Some((old_register, old_pages, old_assets)) = versions::load(version) else {
            continue;
        };
        let context = versions::VersionContext::new(history, index, register);
        let tree = Tree {
            register: &old_register,
            pages: &old_pages,
            assets: &old_assets,
            history: &no_history,
            version: Some(&context),
            prefix: format!("v/{}/", version.tag),
        };
        render_tree(&theme, &tree, options, &log)?;
    }
    let paths = log
        .paths
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner);
    sink.put(exports::sitemap(paths.iter().map(String::as_str), options))?;
    Ok(paths.len() + 1)
}

/// One complete site: the current one, or an archived version.
struct Tree<'a> {
    register: &'a Register,
    pages: &'a [Page],
    assets: &'a [Asset],
    history: &'a History,
    version: Option<&'a versions::VersionContext>,
    /// Where the tree sits under the output root: "" or `v/<tag>/`.
    prefix: String,
}

fn render_tree(
    theme: &Theme,
    tree: &Tree,
    options: &RenderOptions,
    sink: &dyn Sink,
) -> Result<(), RenderError> {
    let register = tree.register;
    // Files that need no page rendering go first, before the rendered
    // Markdown takes its share of memory.
    for (name, bytes) in &theme.assets {
        sink.put(OutputFile {
            path: format!("{}assets/{name}", tree.prefix),
            bytes: bytes.clone(),
        })?;
    }
    // Browsers ask for /favicon.ico wherever a page does not say otherwise
    // (feeds, JSON, PDFs viewed in the browser); answer at the site root.
    if let (true, Some(icon)) = (tree.prefix.is_empty(), theme.assets.get("favicon.ico")) {
        sink.put(OutputFile {
            path: "favicon.ico".to_string(),
            bytes: icon.clone(),
        })?;
    }
    let pages = Pages {
        theme,
        lang: LANGUAGES[0],
        t: &theme.strings[LANGUAGES[0]],
        site: &SiteView::empty(),
        options,
        tree,
    };
    sink.put(pages.file(exports::register_json(register, options)))?;
    sink.put(pages.file(exports::processes_csv(register, options)))?;
    sink.put(pages.file(xlsx::processes_xlsx(register, options)?))?;

    let order = EstonianOrder::new();
    let paths = page_paths(tree.pages, tree.assets);
    let mut guidelines: HashMap<&str, (Option<&str>, String)> = HashMap::new();
    // The pages of guidelines folders besides their index, by file.
    let mut guide_html: HashMap<&str, String> = HashMap::new();
    let mut texts: HashMap<&str, String> = HashMap::new();
    // Markdown on every core; the results are taken in page order.
    let htmls: Vec<String> = tree
        .pages
        .par_iter()
        .map(|page| {
            let links = LinkMap {
                from: &page.file,
                pages: &paths,
            };
            markdown::render(&page.body, Some(&links))
        })
        .collect();
    let print = print::Print::new(tree.pages, &htmls, &paths);
    for (page, html) in tree.pages.iter().zip(htmls) {
        match (&page.target, page.part.as_deref()) {
            (PageTarget::Process(id), None | Some("index")) => {
                guidelines.insert(id, (page.title.as_deref(), html));
            }
            (PageTarget::Process(_), Some(_)) => {
                guide_html.insert(&page.file, html);
            }
            (PageTarget::Directive(id), _) => {
                texts.insert(id, html);
            }
        }
    }
    let guides = guides::Guides::new(tree.pages, &order);

    for lang in LANGUAGES {
        let t = &theme.strings[*lang];
        let processes: Vec<ProcessView> = register
            .processes
            .iter()
            .map(|p| views::process_view(register, p, options.today, lang, t))
            .collect();
        let directives: Vec<DirectiveView> = register
            .directives
            .iter()
            .map(|d| {
                let text = texts
                    .get(d.id.value.as_str())
                    .filter(|h| !h.trim().is_empty())
                    .cloned();
                let mut view = views::directive_view(register, d, lang, t, text);
                view.version_url = versions::in_force_under(tree.history, &d.id.value);
                view
            })
            .collect();
        let in_force = directives.iter().find(|d| !d.repealed);
        let site_view = SiteView {
            org_name: &register.organisation.name,
            org_short: register.organisation.short_name.as_deref().unwrap_or(""),
            directive: in_force,
            has_history: tree.history.available,
            has_versions: !tree.history.versions.is_empty() || tree.version.is_some(),
        };
        let pages = Pages {
            theme,
            lang,
            t,
            site: &site_view,
            options,
            tree,
        };

        let mut ctx = pages.context("home", "index.html");
        ctx.insert("processes", &processes);
        let index = pages.render("index.html", "index.html", &ctx);
        // The search page lists the same processes: render it from the same
        // serialised list, now, and hand it on in its turn below.
        let mut search_ctx = pages.context("search", "search.html");
        if let Some(list) = ctx.remove("processes") {
            search_ctx.extend(context_of("processes", list));
        }
        drop(ctx);
        let search = pages.render("search.html", "search.html", &search_ctx);
        drop(search_ctx);
        sink.put(index?)?;

        // The page of each process, the bulk of the site, on every core,
        // each handed to the sink as soon as it is made. Each worker reuses
        // one context and replaces what differs from page to page.
        let shared = pages.shared_context();
        let process_pages: Vec<Result<(), RenderError>> = register
            .processes
            .par_iter()
            .zip(processes.par_iter())
            .map_init(
                || shared.clone(),
                |ctx, (process, view)| {
                    pages.set_page(ctx, "home", &view.url);
                    ctx.insert("p", view);
                    let toc = guides.toc(&view.id);
                    ctx.insert("guide_next", &toc.first());
                    ctx.insert("toc", &toc);
                    ctx.remove("guidelines_html");
                    ctx.remove("guidelines_title");
                    if let Some((title, html)) = guidelines.get(process.id.value.as_str()) {
                        if !html.trim().is_empty() {
                            ctx.insert("guidelines_html", html);
                        }
                        ctx.insert("guidelines_title", title);
                    }
                    let history = changes::process_changes(
                        tree.history,
                        register,
                        &process.id.value,
                        lang,
                        t,
                    );
                    ctx.insert("last_change", &history.first());
                    ctx.insert("history", &history);
                    pages
                        .render("process.html", &view.url, ctx)
                        .and_then(|file| sink.put(file))
                },
            )
            .collect();
        // The first failure in register order, whichever thread met it.
        process_pages
            .into_iter()
            .collect::<Result<(), RenderError>>()?;
        guides.render(&pages, &processes, &guide_html, sink)?;
        // Images and PDFs beside the pages, under every language root, as
        // the pages link to them relatively.
        for asset in tree.assets {
            sink.put(OutputFile {
                path: format!(
                    "{}{}{}",
                    tree.prefix,
                    lang_prefix(lang),
                    asset.published_path()
                ),
                bytes: asset.bytes.clone(),
            })?;
        }
        if Some(lang) == LANGUAGES.last() {
            // Only process pages show the guidelines.
            guidelines = HashMap::new();
        }

        let mut ctx = pages.context("owners", "owners.html");
        ctx.insert("roles", &views::role_views(register, &order));
        ctx.insert("unit_tree", &views::unit_tree(register, &order, t));
        sink.put(pages.render("owners.html", "owners.html", &ctx)?)?;

        let mut sorted: Vec<&DirectiveView> = directives.iter().collect();
        sorted.sort_by(|a, b| b.iso_date.cmp(&a.iso_date).then_with(|| a.id.cmp(&b.id)));
        let mut ctx = pages.context("directives", "directives/index.html");
        ctx.insert("directives", &sorted);
        sink.put(pages.render("directives.html", "directives/index.html", &ctx)?)?;
        for d in &directives {
            let path = format!("directives/{}.html", d.id);
            let mut ctx = pages.context("directives", &path);
            ctx.insert("d", d);
            sink.put(pages.render("directive.html", &path, &ctx)?)?;
        }

        if tree.history.available {
            let mut ctx = pages.context("changes", "changes.html");
            ctx.insert(
                "changes",
                &changes::site_changes(tree.history, register, lang, t),
            );
            ctx.insert("compare", &versions::comparisons(tree.history, lang, t));
            sink.put(pages.render("changes.html", "changes.html", &ctx)?)?;
        }

        sink.put(search?)?;
        sink.put(print.page(&pages, &processes, &directives, &guides)?)?;

        let ctx = pages.context("", "404.html");
        sink.put(pages.render("404.html", "404.html", &ctx)?)?;

        if *lang == LANGUAGES[0] {
            let index_pages: HashMap<&str, &Page> = tree
                .pages
                .iter()
                .filter(|p| matches!(p.part.as_deref(), None | Some("index")))
                .filter_map(|p| match &p.target {
                    PageTarget::Process(id) => Some((id.as_str(), p)),
                    PageTarget::Directive(_) => None,
                })
                .collect();
            let pages_of = |id: &str| {
                let first = index_pages.get(id).copied();
                first
                    .into_iter()
                    .chain(guides.of(id).iter().map(|g| g.page))
                    .collect()
            };
            for file in search_index::search_index(&processes, pages_of) {
                sink.put(pages.file(file))?;
            }
        }
    }

    Ok(())
}
