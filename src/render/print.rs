//! `print.html`: the whole register in one document, to print to PDF from
//! the browser and archive or send — the annex, then every process with its
//! facts and all of its guidelines in order, then the text of every
//! directive edition, with the day it was made. No navigation; outside
//! links print with their addresses.

use std::collections::HashMap;

use serde::Serialize;

use super::annex::AnnexView;
use super::guides::{leading_heading, Guides};
use super::pages::{Pages, Section};
use super::views::{DirectiveView, ProcessView};
use super::{RenderError, Sink};
use crate::model::{Page, PageTarget};

/// The page's path from a language root.
pub(super) const PATH: &str = super::paths::PRINT;

/// The HTML of a page published `depth` folders below the language root,
/// with its links made relative to the root instead. The links Markdown
/// pages may hold to other pages and files are all relative and were
/// written by [`super::markdown::LinkMap`] as `../` × depth + a path from
/// the root, so taking the prefix off is enough; addresses and `#anchors`
/// do not start with it.
pub(super) fn relocate(html: &str, depth: usize) -> String {
    if depth == 0 {
        return html.to_string();
    }
    let up = "../".repeat(depth);
    html.replace(&format!("href=\"{up}"), "href=\"")
        .replace(&format!("src=\"{up}"), "src=\"")
}

/// One page of a process's guidelines in the print.
#[derive(Serialize)]
struct PrintedPage<'a> {
    title: Option<&'a str>,
    /// The id of the heading the title was taken from, if it was.
    title_id: Option<&'a str>,
    html: &'a str,
    depth: usize,
}

/// One process in the print.
#[derive(Serialize)]
struct PrintedProcess<'a> {
    p: &'a ProcessView,
    guidelines_title: Option<&'a str>,
    pages: Vec<PrintedPage<'a>>,
}

/// What the print page shows besides the views: every content page's HTML
/// with its links made relative to the print page, by file, and the file
/// and title shown on each process's own page.
pub(super) struct Print<'a> {
    html: HashMap<&'a str, String>,
    index_pages: HashMap<&'a str, (&'a str, Option<&'a str>)>,
}

impl<'a> Print<'a> {
    /// `htmls` are the rendered `pages`, in the same order (`None`: not
    /// rendered, shown empty); `paths` where each is published.
    pub(super) fn new(
        pages: &'a [Page],
        htmls: &[Option<String>],
        paths: &HashMap<String, String>,
    ) -> Self {
        let html = pages
            .iter()
            .zip(htmls)
            .map(|(page, html)| {
                let depth = paths.get(&page.file).map_or(0, |p| p.matches('/').count());
                let html = html.as_deref().unwrap_or_default();
                (page.file.as_str(), relocate(html, depth))
            })
            .collect();
        let index_pages = pages
            .iter()
            .filter(|p| matches!(p.part.as_deref(), None | Some("index")))
            .filter_map(|p| match &p.target {
                PageTarget::Process(id) => {
                    Some((id.as_str(), (p.file.as_str(), p.title.as_deref())))
                }
                PageTarget::Directive(_) => None,
            })
            .collect();
        Print { html, index_pages }
    }

    /// Renders `print.html` of one language and hands it to `sink`.
    pub(super) fn page(
        &self,
        pages: &Pages,
        processes: &[ProcessView],
        directives: &[DirectiveView],
        guides: &Guides,
        annex: &AnnexView,
        sink: &dyn Sink,
    ) -> Result<(), RenderError> {
        print_page(self, pages, processes, directives, annex, guides, sink)
    }
}

fn print_page(
    print: &Print,
    pages: &Pages,
    processes: &[ProcessView],
    directives: &[DirectiveView],
    annex: &AnnexView,
    guides: &Guides,
    sink: &dyn Sink,
) -> Result<(), RenderError> {
    let (index_pages, html) = (&print.index_pages, &print.html);
    let printed: Vec<PrintedProcess> = processes
        .iter()
        .map(|p| {
            let index = index_pages.get(p.id.as_str());
            let mut printed_pages: Vec<PrintedPage> = index
                .and_then(|(file, _)| html.get(file))
                .filter(|h| !h.trim().is_empty())
                .map(|h| PrintedPage {
                    title: None,
                    title_id: None,
                    html: h,
                    depth: 0,
                })
                .into_iter()
                .collect();
            printed_pages.extend(guides.of(&p.id).iter().map(|g| {
                let body = html.get(g.page.file.as_str()).map_or("", String::as_str);
                // A page called by its first heading shows it once.
                let (title_id, body) = match g.page.title {
                    None => leading_heading(body, "h3"),
                    Some(_) => (None, body),
                };
                PrintedPage {
                    title: Some(&g.entry.title),
                    title_id,
                    html: body,
                    depth: g.entry.depth,
                }
            }));
            PrintedProcess {
                p,
                guidelines_title: index.and_then(|(_, title)| *title),
                pages: printed_pages,
            }
        })
        .collect();
    // Directive texts, with their links made for this page too.
    let texts: HashMap<&str, &str> = pages
        .tree
        .pages
        .iter()
        .filter_map(|page| match &page.target {
            PageTarget::Directive(id) => html
                .get(page.file.as_str())
                .filter(|h| !h.trim().is_empty())
                .map(|h| (id.as_str(), h.as_str())),
            PageTarget::Process(_) => None,
        })
        .collect();
    let mut ctx = pages.context(Section::None, PATH);
    ctx.insert("annex", annex);
    ctx.insert("processes", &printed);
    ctx.insert("directives", &directives);
    ctx.insert("directive_texts", &texts);
    pages.render("print.html", PATH, &mut ctx, sink)
}
