//! One complete site — the current one or an archived version — rendered
//! from a register: its assets and exports, its Markdown (once), and then
//! for each language a view of the register (once) and every kind of page.

use std::collections::HashMap;

use rayon::prelude::*;

use super::cache::{Key, KeyHasher, MarkdownMemo};
use super::collate::EstonianOrder;
use super::edit::{self, EditLinks};
use super::guides::Guides;
use super::i18n::Strings;
use super::kinds::PAGES;
use super::lang::Lang;
use super::markdown::{self, LinkMap};
use super::pages::{Pages, SiteView};
use super::print::Print;
use super::theme::Theme;
use super::versions::{self, VersionContext};
use super::views::{self, DirectiveView, ProcessView};
use super::{api, exports, search_index, xlsx};
use super::{paths, OutputFile, RenderError, RenderOptions, Sink};
use crate::agenda::Agenda;
use crate::history::History;
use crate::model::{Asset, Date, Page, PageTarget, Register, Review};

/// One complete site: the current one, or an archived version.
pub(super) struct Tree<'a> {
    pub register: &'a Register,
    pub pages: &'a [Page],
    /// Images and PDFs beside the pages.
    pub assets: &'a [Asset],
    pub history: &'a History,
    pub version: Option<&'a VersionContext>,
    /// Where the tree sits under the output root: "" or `v/<tag>/`.
    pub prefix: String,
    /// Markdown rendered by earlier builds.
    pub memo: &'a MarkdownMemo,
}

/// The tree's Markdown, rendered once for every language (all of it, or
/// what the one file a sink wants shows).
pub(super) struct Content<'a> {
    /// Guidelines of each process (its single page or its folder's
    /// `index.md`): the page's title and its HTML.
    pub guidelines: HashMap<&'a str, (Option<&'a str>, String)>,
    /// The further pages of guidelines folders, by file.
    pub guide_html: HashMap<&'a str, String>,
    /// The order of every guidelines folder's pages.
    pub guides: Guides<'a>,
    /// What `print.html` shows of the pages, when it is wanted.
    pub print: Option<Print<'a>>,
    /// The text of each directive edition.
    pub texts: HashMap<&'a str, String>,
    /// Processes with guidelines, and when these were last reviewed.
    pub guideline_reviews: HashMap<&'a str, Option<Date>>,
    /// "Edit" links of each process (today's site only).
    pub edits: HashMap<&'a str, EditLinks>,
    /// The review deadlines, most urgent first.
    pub agenda: Agenda<'a>,
}

impl<'a> Content<'a> {
    /// Renders the Markdown of `pages` on every core.
    fn render(tree: &Tree<'a>, today: Date, wanted: Wanted) -> Self {
        let pages = tree.pages;
        let paths = page_paths(pages, tree.assets);
        let links_key = links_key(&paths);
        let needed = Needed::of(wanted);
        let htmls: Vec<Option<String>> = pages
            .par_iter()
            .map(|page| {
                if !needed.includes(page) {
                    return None;
                }
                tree.memo
                    .get_or_render(markdown_key(links_key, page), || {
                        let links = LinkMap {
                            from: &page.file,
                            pages: &paths,
                        };
                        markdown::render(&page.body, Some(&links))
                    })
                    .into()
            })
            .collect();
        // The print page holds a copy of every page's HTML: made only for
        // it (it is the one page that needs all the Markdown).
        let wants_print = matches!(needed, Needed::All);
        let print = wants_print.then(|| Print::new(pages, &htmls, &paths));
        let mut content = Content {
            guidelines: HashMap::new(),
            guide_html: HashMap::new(),
            guides: Guides::new(pages, &EstonianOrder::new()),
            print,
            texts: HashMap::new(),
            guideline_reviews: HashMap::new(),
            // Edit links point at today's files: not on archived versions.
            edits: match tree.version {
                None => edit::links(tree.register, pages),
                Some(_) => HashMap::new(),
            },
            agenda: Agenda::of(tree.register, pages, today),
        };
        // One review for the guidelines, the same the agenda counts.
        for (id, page) in crate::model::guideline_pages(pages) {
            let reviewed = page.reviewed_on.map(|(d, _, _)| d);
            content.guideline_reviews.insert(id, reviewed);
        }
        for (page, html) in pages.iter().zip(htmls) {
            let Some(html) = html else {
                continue;
            };
            match (&page.target, page.part.as_deref()) {
                (PageTarget::Process(id), None | Some("index")) => {
                    content.guidelines.insert(id, (page.title.as_deref(), html));
                }
                (PageTarget::Process(_), Some(_)) => {
                    content.guide_html.insert(&page.file, html);
                }
                (PageTarget::Directive(id), _) => {
                    content.texts.insert(id, html);
                }
            }
        }
        content
    }
}

/// Which Markdown the files a sink wants show.
enum Needed<'s> {
    /// All of it: the whole site, the print page. (The search index is
    /// made from the Markdown's text, not its HTML.)
    All,
    /// A process's guidelines (its page or a page of its folder) and the
    /// directives' texts, which every page's view of them holds.
    Process(&'s str),
    /// The directives' texts only.
    Directives,
}

impl<'s> Needed<'s> {
    fn of(wanted: Wanted<'s>) -> Needed<'s> {
        let path = match wanted {
            Wanted::All => return Needed::All,
            Wanted::Nothing => return Needed::Directives,
            Wanted::One(path) => path,
        };
        let path = path
            .strip_prefix(paths::lang_of(path).prefix())
            .unwrap_or(path);
        if path == paths::PRINT {
            return Needed::All;
        }
        match paths::process_of(path) {
            Some(id) => Needed::Process(id),
            None => Needed::Directives,
        }
    }

    fn includes(&self, page: &Page) -> bool {
        match (self, &page.target) {
            (Needed::All, _) | (_, PageTarget::Directive(_)) => true,
            (Needed::Process(id), PageTarget::Process(of)) => id == of,
            (Needed::Directives, PageTarget::Process(_)) => false,
        }
    }
}

/// The key of a page's rendered Markdown: its text, its file and where
/// its links can lead.
fn markdown_key(links_key: Key, page: &Page) -> Key {
    let mut key = KeyHasher::new("markdown");
    key.key(links_key);
    key.bytes(page.file.as_bytes());
    key.bytes(page.body.as_bytes());
    key.finish()
}

/// The keys of the rendered Markdown of `pages` (beside `assets`), as a
/// tree of them renders it; what a memo must keep for them.
pub(super) fn markdown_keys(pages: &[Page], assets: &[Asset]) -> Vec<Key> {
    let links_key = links_key(&page_paths(pages, assets));
    pages
        .par_iter()
        .map(|page| markdown_key(links_key, page))
        .collect()
}

/// The key of every link target a page's Markdown can resolve: a page
/// renders the same as before if its source and this are the same.
fn links_key(paths: &HashMap<String, String>) -> Key {
    let mut sorted: Vec<_> = paths.iter().collect();
    sorted.sort();
    let mut key = KeyHasher::new("links");
    for (file, path) in sorted {
        key.bytes(file.as_bytes());
        key.bytes(path.as_bytes());
    }
    key.finish()
}

/// Published path (from a language root) of each content page and of the
/// images and PDFs beside them, by file.
fn page_paths(pages: &[Page], assets: &[Asset]) -> HashMap<String, String> {
    pages
        .iter()
        .map(|page| {
            let out = match &page.target {
                PageTarget::Process(id) => paths::guide_page(id, page.part.as_deref()),
                PageTarget::Directive(id) => paths::directive(id),
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

/// What every page of one language shares, built once per language.
pub(super) struct LangView<'a> {
    pub lang: Lang,
    pub t: &'a Strings,
    /// Every process, in register order.
    pub processes: Vec<ProcessView>,
    /// Every edition, in register order.
    pub directives: Vec<DirectiveView>,
    pub content: &'a Content<'a>,
}

impl<'a> LangView<'a> {
    fn build(
        tree: &Tree,
        content: &'a Content<'a>,
        options: &RenderOptions,
        lang: Lang,
        t: &'a Strings,
    ) -> Self {
        let register = tree.register;
        let processes: Vec<ProcessView> = register
            .processes
            .iter()
            .map(|p| {
                let mut view = views::process_view(register, p, options.today, lang, t);
                // One review state per process, of its entry and guidelines.
                let page = content.guideline_reviews.get(p.id.value.as_str()).copied();
                view.review = Review::combined(p, &register.settings, options.today, page)
                    .map(|r| views::review_view(&r, lang, t));
                view
            })
            .collect();
        let directives = register
            .directives
            .iter()
            .map(|d| {
                let text = content
                    .texts
                    .get(d.id.value.as_str())
                    .filter(|h| !h.trim().is_empty())
                    .cloned();
                let mut view = views::directive_view(register, d, lang, t, text);
                view.version_url = versions::in_force_under(tree.history, &d.id.value);
                view
            })
            .collect();
        LangView {
            lang,
            t,
            processes,
            directives,
            content,
        }
    }

    /// The list of processes as a template sees it. The pages that show it
    /// are rendered side by side and a context owns its values, so each
    /// makes its own.
    pub(crate) fn process_list(&self) -> serde_json::Value {
        serde_json::to_value(&self.processes).unwrap_or_default()
    }

    /// The site-wide values every page of the language shows.
    fn site<'s>(&'s self, tree: &'s Tree) -> SiteView<'s> {
        let register = tree.register;
        SiteView {
            org_name: &register.organisation.name,
            org_short: register.organisation.short_name.as_deref().unwrap_or(""),
            directive: self.directives.iter().find(|d| !d.repealed),
            has_history: tree.history.available,
            has_versions: !tree.history.versions.is_empty() || tree.version.is_some(),
        }
    }
}

/// Renders every file of `tree` (or, for a sink that wants one file, what
/// makes that file) and hands each to `sink`. The parts that
/// do not depend on each other (the exports and the Markdown; the
/// calendars and the pages; the kinds of page of a language) are made on
/// every core at once: a sink takes files from several threads, the
/// sitemap sorts what it lists, and of several failures the first in this
/// order is reported.
pub(super) fn render_tree(
    theme: &Theme,
    tree: &Tree,
    options: &RenderOptions,
    sink: &dyn Sink,
) -> Result<(), RenderError> {
    let wanted = Wanted::of(tree, sink);
    if let Wanted::Nothing = wanted {
        return Ok(());
    }
    let (exported, content) = rayon::join(
        || exports(theme, tree, options, sink),
        || {
            wanted
                .needs_content(tree)
                .then(|| Content::render(tree, options.today, wanted))
        },
    );
    exported?;
    let Some(content) = content else {
        return Ok(());
    };
    let (calendars, languages) = rayon::join(
        || -> Result<(), RenderError> {
            // Deadlines are today's site's: archived versions have none.
            let prefix = format!("{}{}", tree.prefix, paths::CALENDAR_PREFIX);
            if tree.version.is_none() && sink.wants_under(&prefix) {
                for feed in super::calendar::feeds(tree.register, &content.agenda, options) {
                    sink.put(feed)?;
                }
            }
            Ok(())
        },
        || {
            // One language after the other: each holds the largest pages
            // (the print page, the annex) while it renders.
            Lang::ALL
                .iter()
                .filter(|&&lang| wanted.in_language(lang))
                .try_for_each(|&lang| language(theme, tree, &content, options, lang, sink))
        },
    );
    calendars?;
    languages
}

/// What a sink wants of one tree.
#[derive(Debug, Clone, Copy)]
enum Wanted<'s> {
    /// Every file.
    All,
    /// The one file at this path from the tree's root.
    One(&'s str),
    /// No file of this tree.
    Nothing,
}

impl<'s> Wanted<'s> {
    fn of(tree: &Tree, sink: &'s dyn Sink) -> Wanted<'s> {
        let Some(only) = sink.only() else {
            return Wanted::All;
        };
        // Today's site has no file under the versions' folder, which its
        // root (the site's) holds.
        let in_a_version = tree.version.is_none() && only.starts_with(paths::VERSIONS_PREFIX);
        match only.strip_prefix(tree.prefix.as_str()) {
            Some(path) if !in_a_version => Wanted::One(path),
            _ => Wanted::Nothing,
        }
    }

    /// Whether a wanted file needs the tree's views and content (see
    /// [`paths::is_rendered`]): not the theme's files, the exports or the
    /// images beside the pages.
    fn needs_content(self, tree: &Tree) -> bool {
        let path = match self {
            Wanted::All => return true,
            Wanted::Nothing => return false,
            Wanted::One(path) => path,
        };
        let asset = tree.assets.iter().any(|a| {
            Lang::ALL
                .iter()
                .any(|lang| path == format!("{}{}", lang.prefix(), a.published_path()))
        });
        !asset && paths::is_rendered(path)
    }

    /// Whether a wanted file is of `lang`'s part of the tree (the search
    /// index is the default language's).
    fn in_language(self, lang: Lang) -> bool {
        let path = match self {
            Wanted::All => return true,
            Wanted::Nothing => return false,
            Wanted::One(path) => path,
        };
        let search = path == paths::SEARCH_INDEX || path.starts_with(paths::SEARCH_TEXT_PREFIX);
        paths::lang_of(path) == lang || (search && lang == Lang::DEFAULT)
    }
}

/// `path` under the tree's place in the site.
fn in_tree(tree: &Tree, mut file: OutputFile) -> OutputFile {
    file.path = format!("{}{}", tree.prefix, file.path);
    file
}

/// The files that need no page rendering: the theme's static files, the
/// register's exports and the images and PDFs beside the pages.
fn exports(
    theme: &Theme,
    tree: &Tree,
    options: &RenderOptions,
    sink: &dyn Sink,
) -> Result<(), RenderError> {
    let wants = |path: &str| sink.wants(&format!("{}{path}", tree.prefix));
    for (name, bytes) in &theme.assets {
        let path = paths::asset(name);
        if wants(&path) {
            sink.put(in_tree(
                tree,
                OutputFile {
                    path,
                    bytes: bytes.clone(),
                },
            ))?;
        }
    }
    // Browsers ask for /favicon.ico wherever a page does not say otherwise
    // (feeds, JSON, PDFs viewed in the browser); answer at the site root.
    if let (true, Some(icon)) = (tree.prefix.is_empty(), theme.assets.get("favicon.ico")) {
        if sink.wants(paths::FAVICON) {
            sink.put(OutputFile {
                path: paths::FAVICON.to_string(),
                bytes: icon.clone(),
            })?;
        }
    }
    if wants(paths::REGISTER_JSON) {
        sink.put(in_tree(tree, api::register_json(tree.register, options)))?;
    }
    if wants(paths::PROCESSES_CSV) {
        sink.put(in_tree(
            tree,
            exports::processes_csv(tree.register, options),
        ))?;
    }
    if wants(paths::PROCESSES_XLSX) {
        sink.put(in_tree(tree, xlsx::processes_xlsx(tree.register, options)?))?;
    }
    // Images and PDFs beside the pages, under every language root, as the
    // pages link to them relatively.
    for lang in Lang::ALL {
        for asset in tree.assets {
            let path = format!("{}{}", lang.prefix(), asset.published_path());
            if wants(&path) {
                sink.put(in_tree(
                    tree,
                    OutputFile {
                        path,
                        bytes: asset.bytes.clone(),
                    },
                ))?;
            }
        }
    }
    Ok(())
}

/// Every page of one language and (in the default language) the search
/// index.
fn language(
    theme: &Theme,
    tree: &Tree,
    content: &Content,
    options: &RenderOptions,
    lang: Lang,
    sink: &dyn Sink,
) -> Result<(), RenderError> {
    let t = &theme.strings[&lang];
    let view = LangView::build(tree, content, options, lang, t);
    let site = view.site(tree);
    let pages = Pages {
        theme,
        lang,
        t,
        site: &site,
        options,
        tree,
    };
    let (rendered, indexed) = rayon::join(
        || {
            PAGES
                .par_iter()
                .map(|kind| kind(&pages, &view, sink))
                .collect::<Vec<_>>()
        },
        || match lang == Lang::DEFAULT {
            true => search_index(tree, content, &view, sink),
            false => Ok(()),
        },
    );
    rendered.into_iter().collect::<Result<(), _>>()?;
    indexed
}

/// The search index of the processes and their guidelines.
fn search_index(
    tree: &Tree,
    content: &Content,
    view: &LangView,
    sink: &dyn Sink,
) -> Result<(), RenderError> {
    let prefix = &tree.prefix;
    if !sink.wants(&format!("{prefix}{}", paths::SEARCH_INDEX))
        && !sink.wants_under(&format!("{prefix}{}", paths::SEARCH_TEXT_PREFIX))
    {
        return Ok(());
    }
    let index_pages: HashMap<&str, &Page> = tree
        .pages
        .iter()
        .filter(|p| matches!(p.part.as_deref(), None | Some("index")))
        .filter_map(|p| match &p.target {
            PageTarget::Process(id) => Some((id.as_str(), p)),
            PageTarget::Directive(_) => None,
        })
        .collect();
    // A process's own page (or folder index) first, then the rest in the
    // order the site shows them.
    let pages_of = |id: &str| {
        let first = index_pages.get(id).copied();
        first
            .into_iter()
            .chain(content.guides.of(id).iter().map(|g| g.page))
            .collect()
    };
    for file in search_index::search_index(&view.processes, pages_of) {
        sink.put(in_tree(tree, file))?;
    }
    Ok(())
}
