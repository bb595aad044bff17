//! Guidelines of several pages: the order of a process's pages (weight,
//! then title, sub-folders in place), the table of contents on the process
//! page, and a page of its own, with previous and next links, for every
//! page but the folder's `index.md`.

use std::cmp::Ordering;
use std::collections::HashMap;

use serde::Serialize;

use super::collate::EstonianOrder;
use super::pages::{Pages, Section};
use super::views::ProcessView;
use super::{RenderError, Sink};
use crate::load::markdown::{first_heading, url_path};
use crate::model::{Page, PageTarget};

/// Pages listed on each side of the current one in a long table of
/// contents on a guideline page.
const NEARBY: usize = 25;

/// A page in a table of contents, or a previous/next link.
#[derive(Debug, Clone, Serialize)]
pub(super) struct TocEntry {
    pub title: String,
    /// Path from the language root.
    pub url: String,
    /// 0 for a page at the folder's top, 1 in a sub-folder, …
    pub depth: usize,
    /// The page being shown.
    pub current: bool,
}

/// One guideline page besides the process page.
pub(super) struct GuidePage<'a> {
    pub page: &'a Page,
    /// Where it is published, from the language root.
    pub path: String,
    /// Its entry in the contents (its `url` is `path` made fit for a link).
    pub entry: TocEntry,
}

/// The extra pages of every process's guidelines, in order.
pub(super) struct Guides<'a> {
    by_process: HashMap<&'a str, Vec<GuidePage<'a>>>,
}

/// A page's title: its `title`, else its first heading, else its name.
pub(super) fn page_title(page: &Page) -> String {
    page.title
        .clone()
        .filter(|t| !t.trim().is_empty())
        .or_else(|| first_heading(&page.body))
        .unwrap_or_else(|| {
            let part = page.part.as_deref().unwrap_or(&page.file);
            part.rsplit('/').next().unwrap_or(part).to_string()
        })
}

/// The path from a language root where a guideline page is published.
pub(super) fn published_path(id: &str, part: Option<&str>) -> String {
    super::paths::guide_page(id, part)
}

/// Page HTML with its headings one level up. Markdown headings are
/// rendered for the process page, where they sit under its `<h1>` and the
/// guidelines' `<h2>` (so from `<h3>`); a page of its own has only its
/// `<h1>` above them. The HTML is the sanitiser's output, where a tag is
/// always written `<hN` in lower case and text never holds a bare `<`.
fn promote_headings(html: &str) -> String {
    let mut out = html.to_string();
    for level in 3..=6 {
        out = out
            .replace(&format!("<h{level}"), &format!("<h{}", level - 1))
            .replace(&format!("</h{level}>"), &format!("</h{}>", level - 1));
    }
    out
}

/// When `html` starts with a `<tag>` heading: its id and the HTML after it.
pub(super) fn leading_heading<'h>(html: &'h str, tag: &str) -> (Option<&'h str>, &'h str) {
    let open = format!("<{tag} id=\"");
    let close = format!("</{tag}>");
    let Some(rest) = html.trim_start().strip_prefix(open.as_str()) else {
        return (None, html);
    };
    match (rest.find('"'), rest.find(close.as_str())) {
        (Some(id_end), Some(end)) if id_end < end => (
            Some(&rest[..id_end]),
            rest[end + close.len()..].trim_start(),
        ),
        _ => (None, html),
    }
}

/// One level of a page's place in the order: a folder or the page.
struct Level {
    /// A folder's own `index.md` comes before everything in the folder.
    index: bool,
    weight: Option<i64>,
    title: String,
    name: String,
}

fn compare(a: &[Level], b: &[Level], order: &EstonianOrder) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        let weight = |l: &Level| l.weight.unwrap_or(i64::MAX);
        let by = y
            .index
            .cmp(&x.index)
            .then_with(|| weight(x).cmp(&weight(y)))
            .then_with(|| order.compare(&x.title, &y.title))
            .then_with(|| x.name.cmp(&y.name));
        if by != Ordering::Equal {
            return by;
        }
    }
    a.len().cmp(&b.len())
}

impl<'a> Guides<'a> {
    /// Orders the pages of every guidelines folder.
    pub(super) fn new(pages: &'a [Page], order: &EstonianOrder) -> Guides<'a> {
        let mut folders: HashMap<&str, Vec<&Page>> = HashMap::new();
        for page in pages {
            if let (PageTarget::Process(id), Some(_)) = (&page.target, &page.part) {
                folders.entry(id.as_str()).or_default().push(page);
            }
        }
        let by_process = folders
            .into_iter()
            .map(|(id, pages)| (id, Self::ordered(id, &pages, order)))
            .collect();
        Guides { by_process }
    }

    fn ordered(id: &'a str, pages: &[&'a Page], order: &EstonianOrder) -> Vec<GuidePage<'a>> {
        // Titles once per page: a title may come from parsing the page.
        let by_part: HashMap<&str, (&Page, String)> = pages
            .iter()
            .filter_map(|p| p.part.as_deref().map(|part| (part, (*p, page_title(p)))))
            .collect();
        // A folder is described by its own index.md, a page by itself.
        let level = |part: &str, folder: bool| -> Level {
            let name = part.rsplit('/').next().unwrap_or(part).to_string();
            let index = !folder && name == "index";
            let described = match (folder, index) {
                (true, _) => by_part.get(format!("{part}/index").as_str()),
                (false, false) => by_part.get(part),
                (false, true) => None,
            };
            Level {
                index,
                weight: described.and_then(|(p, _)| p.weight),
                title: described.map_or_else(|| name.clone(), |(_, title)| title.clone()),
                name,
            }
        };
        let mut keyed: Vec<(Vec<Level>, &Page)> = pages
            .iter()
            .filter(|p| p.part.as_deref() != Some("index"))
            .filter_map(|p| {
                let part = p.part.as_deref()?;
                let segments: Vec<&str> = part.split('/').collect();
                let mut levels: Vec<Level> = (1..segments.len())
                    .map(|n| level(&segments[..n].join("/"), true))
                    .collect();
                levels.push(level(part, false));
                Some((levels, *p))
            })
            .collect();
        keyed.sort_by(|a, b| compare(&a.0, &b.0, order));
        keyed
            .into_iter()
            .map(|(levels, page)| {
                let index = levels.last().is_some_and(|l| l.index);
                GuidePage {
                    entry: TocEntry {
                        title: page
                            .part
                            .as_deref()
                            .and_then(|part| by_part.get(part))
                            .map_or_else(|| page_title(page), |(_, title)| title.clone()),
                        url: url_path(&published_path(id, page.part.as_deref())),
                        depth: levels.len() - 1 - usize::from(index),
                        current: false,
                    },
                    path: published_path(id, page.part.as_deref()),
                    page,
                }
            })
            .collect()
    }

    /// The extra pages of process `id`, in order.
    pub(super) fn of(&self, id: &str) -> &[GuidePage<'a>] {
        self.by_process.get(id).map_or(&[], Vec::as_slice)
    }

    /// The whole table of contents of process `id`, for its page.
    pub(super) fn toc(&self, id: &str) -> Vec<TocEntry> {
        self.of(id).iter().map(|g| g.entry.clone()).collect()
    }

    /// The contents shown on the `n`th extra page of process `id`: all of
    /// them, or for a long list the [`NEARBY`] pages on each side of it, so
    /// that a folder of thousands of pages does not put thousands of links
    /// on each of them (the process page always lists every page). The
    /// flag says whether the list was cut.
    fn toc_near(&self, id: &str, n: usize) -> (Vec<TocEntry>, bool) {
        let list = self.of(id);
        let (from, to) = if list.len() > 2 * NEARBY + 1 {
            let from = n.saturating_sub(NEARBY).min(list.len() - (2 * NEARBY + 1));
            (from, from + 2 * NEARBY + 1)
        } else {
            (0, list.len())
        };
        let entries = list[from..to]
            .iter()
            .enumerate()
            .map(|(k, g)| TocEntry {
                current: from + k == n,
                ..g.entry.clone()
            })
            .collect();
        (entries, to - from < list.len())
    }

    /// Renders the extra guideline pages of every process in one
    /// language. `html` holds each page's rendered Markdown by file.
    pub(super) fn render(
        &self,
        pages: &Pages,
        processes: &[ProcessView],
        html: &HashMap<&str, String>,
        sink: &dyn Sink,
    ) -> Result<(), RenderError> {
        let shared = pages.shared_context();
        for view in processes {
            let list = self.of(&view.id);
            let process_entry = TocEntry {
                title: view.name.clone(),
                url: view.url.clone(),
                depth: 0,
                current: false,
            };
            for (n, guide) in list.iter().enumerate() {
                if !pages.wants(&guide.path, sink) {
                    continue;
                }
                let mut ctx = shared.clone();
                pages.set_page(&mut ctx, Section::Home, &guide.path);
                ctx.insert("p", view);
                ctx.insert("page_title", &guide.entry.title);
                let body = html
                    .get(guide.page.file.as_str())
                    .map_or("", String::as_str);
                let body = promote_headings(body);
                // A page called by its first heading shows it once, as
                // its <h1>, which takes the heading's id for its anchors.
                let (title_id, body) = match guide.page.title {
                    None => leading_heading(&body, "h2"),
                    Some(_) => (None, body.as_str()),
                };
                ctx.insert("page_title_id", &title_id);
                ctx.insert("page_html", body);
                let (toc, cut) = self.toc_near(&view.id, n);
                ctx.insert("toc", &toc);
                ctx.insert("toc_cut", &cut);
                let prev = match n {
                    0 => process_entry.clone(),
                    _ => list[n - 1].entry.clone(),
                };
                ctx.insert("prev", &prev);
                ctx.insert("next", &list.get(n + 1).map(|g| &g.entry));
                pages.render("guide.html", &guide.path, &mut ctx, sink)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{leading_heading, promote_headings};

    #[test]
    fn a_leading_heading_is_taken_off_with_its_id() {
        assert_eq!(
            leading_heading("<h2 id=\"a-b\">A <em>b</em></h2>\n<p>x</p>", "h2"),
            (Some("a-b"), "<p>x</p>")
        );
        assert_eq!(leading_heading("<p>x</p><h2 id=\"a\">A</h2>", "h2").0, None);
    }

    #[test]
    fn headings_move_up_one_level_and_text_stays() {
        assert_eq!(
            promote_headings("<h3 id=\"a\">A &lt;h3&gt;</h3><p>x</p><h4>B</h4><h6>C</h6>"),
            "<h2 id=\"a\">A &lt;h3&gt;</h2><p>x</p><h3>B</h3><h5>C</h5>"
        );
    }
}
