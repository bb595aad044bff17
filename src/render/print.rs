//! `print.html`: the whole register in one document, to print to PDF from
//! the browser and archive or send — the annex, then every process with its
//! facts and all of its guidelines in order, then the text of every
//! directive edition, with the day it was made. No navigation; outside
//! links print with their addresses.

use std::collections::HashMap;

use serde::Serialize;

use super::guides::Guides;
use super::pages::Pages;
use super::views::{DirectiveView, ProcessView};
use super::{OutputFile, RenderError};
use crate::load::PageTarget;

/// The page's path from a language root.
pub const PATH: &str = "print.html";

/// The HTML of a page published `depth` folders below the language root,
/// with its links made relative to the root instead. The links Markdown
/// pages may hold to other pages and files are all relative and were
/// written by [`super::markdown::LinkMap`] as `../` × depth + a path from
/// the root, so taking the prefix off is enough; addresses and `#anchors`
/// do not start with it.
pub fn relocate(html: &str, depth: usize) -> String {
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

/// Renders `print.html` of one language. `html` holds every content page's
/// Markdown rendered for this page (links relative to it), by file;
/// `index_pages` the file and title shown on each process's own page.
pub fn print_page(
    pages: &Pages,
    processes: &[ProcessView],
    directives: &[DirectiveView],
    index_pages: &HashMap<&str, (&str, Option<&str>)>,
    guides: &Guides,
    html: &HashMap<&str, String>,
) -> Result<OutputFile, RenderError> {
    let printed: Vec<PrintedProcess> = processes
        .iter()
        .map(|p| {
            let index = index_pages.get(p.id.as_str());
            let mut printed_pages: Vec<PrintedPage> = index
                .and_then(|(file, _)| html.get(file))
                .filter(|h| !h.trim().is_empty())
                .map(|h| PrintedPage {
                    title: None,
                    html: h,
                    depth: 0,
                })
                .into_iter()
                .collect();
            printed_pages.extend(guides.of(&p.id).iter().map(|g| PrintedPage {
                title: Some(&g.entry.title),
                html: html.get(g.page.file.as_str()).map_or("", String::as_str),
                depth: g.entry.depth,
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
    let mut ctx = pages.context("", PATH);
    ctx.insert("processes", &printed);
    ctx.insert("directives", &directives);
    ctx.insert("directive_texts", &texts);
    pages.render("print.html", PATH, &ctx)
}
