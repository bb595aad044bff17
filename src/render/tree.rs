//! One complete site — the current one or an archived version — rendered
//! from a register: its assets and exports, its Markdown (once), and then
//! for each language a view of the register (once) and every kind of page.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use rayon::prelude::*;

use super::edit::{self, EditLinks};
use super::i18n::Strings;
use super::kinds::PAGES;
use super::lang::Lang;
use super::markdown::{self, LinkMap};
use super::pages::{Pages, SiteView};
use super::theme::Theme;
use super::versions::{self, VersionContext};
use super::views::{self, DirectiveView, ProcessView};
use super::{api, exports};
use super::{paths, OutputFile, RenderError, RenderOptions, Sink};
use crate::agenda::Agenda;
use crate::history::History;
use crate::model::{Date, Page, PageTarget, Register, Review};

/// One complete site: the current one, or an archived version.
pub(super) struct Tree<'a> {
    pub register: &'a Register,
    pub pages: &'a [Page],
    pub history: &'a History,
    pub version: Option<&'a VersionContext>,
    /// Where the tree sits under the output root: "" or `v/<tag>/`.
    pub prefix: String,
}

/// The tree's Markdown, rendered once for every language.
pub(super) struct Content<'a> {
    /// Guidelines of each process: the page's title and its HTML.
    pub guidelines: HashMap<&'a str, (Option<&'a str>, String)>,
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
    fn render(tree: &Tree<'a>, today: Date) -> Self {
        let pages = tree.pages;
        let paths = page_paths(pages);
        let htmls: Vec<String> = pages
            .par_iter()
            .map(|page| {
                let links = LinkMap {
                    from: &page.file,
                    pages: &paths,
                };
                markdown::render(&page.body, Some(&links))
            })
            .collect();
        let mut content = Content {
            guidelines: HashMap::new(),
            texts: HashMap::new(),
            guideline_reviews: HashMap::new(),
            // Edit links point at today's files: not on archived versions.
            edits: match tree.version {
                None => edit::links(tree.register, pages),
                Some(_) => HashMap::new(),
            },
            agenda: Agenda::of(tree.register, pages, today),
        };
        for (page, html) in pages.iter().zip(htmls) {
            match &page.target {
                PageTarget::Process(id) => {
                    // A page without text holds no guidelines to review.
                    if !page.body.trim().is_empty() {
                        let reviewed = page.reviewed_on.map(|(d, _, _)| d);
                        content.guideline_reviews.insert(id, reviewed);
                    }
                    content.guidelines.insert(id, (page.title.as_deref(), html));
                }
                PageTarget::Directive(id) => {
                    content.texts.insert(id, html);
                }
            }
        }
        content
    }
}

/// Published path (from a language root) of each content page, by file.
fn page_paths(pages: &[Page]) -> HashMap<String, String> {
    pages
        .iter()
        .map(|page| {
            let out = match &page.target {
                PageTarget::Process(id) => paths::process(id),
                PageTarget::Directive(id) => paths::directive(id),
            };
            (page.file.clone(), out)
        })
        .collect()
}

/// What every page of one language shares, built once per language.
pub(super) struct LangView<'a> {
    pub lang: Lang,
    pub t: &'a Strings,
    /// Every process, in register order.
    pub processes: Vec<ProcessView>,
    /// `processes` serialised, for the pages that list them all: the first
    /// takes it and hands it back, the last drops it before the process
    /// pages are rendered (it is as large as the register).
    process_list: Mutex<Option<serde_json::Value>>,
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
            process_list: Mutex::new(serde_json::to_value(&processes).ok()),
            processes,
            directives,
            content,
        }
    }

    /// The serialised list of processes, made again if a page before kept
    /// it.
    pub(crate) fn take_process_list(&self) -> serde_json::Value {
        self.process_list
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
            .unwrap_or_else(|| serde_json::to_value(&self.processes).unwrap_or_default())
    }

    /// Hands the list back for the next page that shows it.
    pub(crate) fn give_back_process_list(&self, list: serde_json::Value) {
        *self
            .process_list
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(list);
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

/// Renders every file of `tree` and hands each to `sink`.
pub(super) fn render_tree(
    theme: &Theme,
    tree: &Tree,
    options: &RenderOptions,
    sink: &dyn Sink,
) -> Result<(), RenderError> {
    let in_tree = |mut file: OutputFile| {
        file.path = format!("{}{}", tree.prefix, file.path);
        file
    };
    // Files that need no page rendering go first, before the rendered
    // Markdown takes its share of memory.
    for (name, bytes) in &theme.assets {
        sink.put(in_tree(OutputFile {
            path: paths::asset(name),
            bytes: bytes.clone(),
        }))?;
    }
    // Browsers ask for /favicon.ico wherever a page does not say otherwise
    // (feeds, JSON, PDFs viewed in the browser); answer at the site root.
    if let (true, Some(icon)) = (tree.prefix.is_empty(), theme.assets.get("favicon.ico")) {
        sink.put(OutputFile {
            path: "favicon.ico".to_string(),
            bytes: icon.clone(),
        })?;
    }
    sink.put(in_tree(api::register_json(tree.register, options)))?;
    sink.put(in_tree(exports::processes_csv(tree.register, options)))?;

    let content = Content::render(tree, options.today);
    for lang in Lang::ALL {
        let t = &theme.strings[&lang];
        let view = LangView::build(tree, &content, options, lang, t);
        let site = view.site(tree);
        let pages = Pages {
            theme,
            lang,
            t,
            site: &site,
            options,
            tree,
        };
        for kind in PAGES {
            kind(&pages, &view, sink)?;
        }
        if lang == Lang::DEFAULT {
            sink.put(in_tree(exports::search_index(&view.processes)))?;
        }
    }
    Ok(())
}
