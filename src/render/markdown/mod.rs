//! Markdown to safe HTML: pulldown-cmark with tables, footnotes, smart
//! punctuation and heading anchors. A page without raw HTML is made safe
//! on pulldown-cmark's events ([`clean`]); a page with raw HTML goes
//! through ammonia ([`sanitise`]), which strips anything that could run
//! script (`<script>`, event handlers, `javascript:` links). Both keep the
//! same links, by the same URL rules.

mod clean;
mod nesting;
mod sanitise;

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::load::markdown::{heading_text, target, url_path, HeadingIds, Target, OPTIONS};
use crate::render::paths;
use nesting::{flatten, shallow, too_deep};
pub(crate) use sanitise::sanitise;

/// How links in Markdown are rewritten: a link to another content page's
/// `.md` file, to an image beside it, or to a process or directive by id
/// (`process:<id>`, `directive:<id>`) becomes a relative link to what is
/// published.
pub struct LinkMap<'a> {
    /// Content path of the page being rendered, e.g. `content/processes/x.md`.
    pub from: &'a str,
    /// Published path (from the language root) of each content page and
    /// image.
    pub pages: &'a HashMap<String, String>,
}

impl LinkMap<'_> {
    fn rewrite(&self, dest: &str) -> Option<String> {
        let (target, fragment) = match target(self.from, dest) {
            Target::File(file, fragment) => (self.pages.get(&file)?.clone(), fragment),
            Target::Process(id, fragment) => (paths::process(id), fragment),
            Target::Directive(id, fragment) => (paths::directive(id), fragment),
            Target::Anchor(_) | Target::Outside(_) | Target::Escapes(_) => return None,
        };
        let from_out = self.pages.get(self.from)?;
        let depth = from_out.matches('/').count();
        let mut link = "../".repeat(depth);
        link.push_str(&url_path(&target));
        if let Some(f) = fragment {
            link.push('#');
            link.push_str(f);
        }
        Some(link)
    }
}

/// Renders `markdown` to safe HTML.
pub fn render(markdown: &str, links: Option<&LinkMap>) -> String {
    let events = page_events(markdown, links);
    let capacity = markdown.len() * 3 / 2;
    if clean::needs_sanitiser(&events) {
        return sanitise(&table_alignment(write_html(events, capacity, |e| e)));
    }
    let mut html = if shallow(&events) {
        // Nothing to check afterwards: write the events as they are,
        // without keeping a copy to flatten.
        let mut html = String::with_capacity(capacity);
        pulldown_cmark::html::push_html(&mut html, clean::clean(events).into_iter());
        html
    } else {
        write_html(events, capacity, clean::clean)
    };
    // pulldown-cmark passes NUL bytes through (a browser would show them
    // as U+FFFD); the sanitiser's HTML parser drops them, and so does this.
    if html.contains('\0') {
        html.retain(|c| c != '\0');
    }
    table_alignment(html)
}

/// Whether `markdown` holds raw HTML (or anything else that sends a page
/// through the full sanitiser rather than the event-level cleaning).
pub fn needs_sanitiser(markdown: &str) -> bool {
    let events: Vec<Event> = Parser::new_ext(markdown, OPTIONS).collect();
    clean::needs_sanitiser(&events)
}

/// The HTML of `events`, passed through `finish` (the event-level
/// cleaning, or nothing), flattened first when it would nest too deep.
fn write_html<'a, I>(
    events: Vec<Event<'a>>,
    capacity: usize,
    finish: impl Fn(std::vec::IntoIter<Event<'a>>) -> I,
) -> String
where
    I: IntoIterator<Item = Event<'a>>,
{
    let mut html = String::with_capacity(capacity);
    pulldown_cmark::html::push_html(&mut html, finish(events.clone().into_iter()).into_iter());
    if too_deep(&html) {
        html.clear();
        let flat: Vec<Event> = flatten(events).collect();
        pulldown_cmark::html::push_html(&mut html, finish(flat.into_iter()).into_iter());
    }
    html
}

/// The events of a page, with its headings' ids, its footnote labels and
/// its links to other pages as published, and its headings demoted.
fn page_events<'a>(markdown: &'a str, links: Option<&LinkMap>) -> Vec<Event<'a>> {
    let mut events: Vec<Event> = Parser::new_ext(markdown, OPTIONS).collect();

    // Give every heading an id from its text, unique within the page.
    // Ids the page templates use themselves are taken from the start, so a
    // heading called "Main" cannot steal the skip link's target.
    let mut ids = HeadingIds::default();
    let mut index = 0;
    while index < events.len() {
        if let Event::Start(Tag::Heading { id, .. }) = &events[index] {
            let explicit = id.as_ref().map(|i| i.to_string());
            let text = heading_text(&events[index..]);
            let candidate = ids.next(explicit.as_deref(), &text);
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[index] {
                *id = Some(CowStr::from(candidate));
            }
        }
        // Footnote labels become ids: `[^main]` would otherwise give the
        // page a second `id="main"`, stealing the skip link's target.
        match &mut events[index] {
            Event::FootnoteReference(label) | Event::Start(Tag::FootnoteDefinition(label)) => {
                *label = CowStr::from(format!("{FOOTNOTE_PREFIX}{label}"));
            }
            _ => {}
        }
        if let (Some(map), Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })) =
            (links, &mut events[index])
        {
            if let Some(new) = map.rewrite(dest_url) {
                *dest_url = CowStr::from(new);
            }
        }
        index += 1;
    }
    // Page headings sit under the page's own <h1> and section <h2>.
    for event in &mut events {
        match event {
            Event::Start(Tag::Heading { level, .. }) | Event::End(TagEnd::Heading(level)) => {
                *level = demote(*level);
            }
            _ => {}
        }
    }
    events
}

/// What footnote labels are prefixed with in ids and links.
const FOOTNOTE_PREFIX: &str = "fn-";

/// pulldown-cmark aligns table cells with `style="text-align: …"`, which
/// the sanitiser (and the pages' Content-Security-Policy) drop; the `align`
/// attribute says the same and survives both.
fn table_alignment(html: String) -> String {
    if !html.contains(" style=\"text-align: ") {
        return html;
    }
    html.replace(" style=\"text-align: left\">", " align=\"left\">")
        .replace(" style=\"text-align: center\">", " align=\"center\">")
        .replace(" style=\"text-align: right\">", " align=\"right\">")
}

fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H3,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_and_handlers_are_removed() {
        let html = render(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))",
            None,
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
    }

    #[test]
    fn headings_do_not_take_template_ids() {
        let html = render("# Main\n", None);
        assert!(html.contains(r#"id="main-1""#), "{html}");
    }

    #[test]
    fn headings_get_unique_ids() {
        let html = render("# Ülevaade\n\n## Ülevaade\n", None);
        assert!(html.contains(r#"<h3 id="ülevaade">"#), "{html}");
        assert!(html.contains(r#"id="ülevaade-1""#), "{html}");
    }

    #[test]
    fn many_equal_headings_are_numbered_in_order() {
        let html = render(&"# h\n".repeat(20_000), None);
        assert!(html.contains(r#"<h3 id="h">"#), "{html}");
        assert!(html.contains(r#"<h3 id="h-1">"#));
        assert!(html.contains(r#"<h3 id="h-19999">"#));
        let html = render("# a 1\n# a\n# a\n# a {#a-2}\n# a\n", None);
        let ids: Vec<&str> = html
            .split("id=\"")
            .skip(1)
            .map(|s| &s[..s.find('"').unwrap()])
            .collect();
        assert_eq!(ids, ["a-1", "a", "a-2", "a-2-1", "a-3"], "{html}");
    }

    #[test]
    fn deep_nesting_is_flattened_and_stays_safe() {
        for source in [
            format!("{} deep", ">".repeat(50_000)),
            format!("{}deep", "- ".repeat(50_000)),
            format!("{}deep", "<div>".repeat(50_000)),
            format!(
                "<div =\">{}deep<script>alert(1)</script>",
                "<div>".repeat(50_000)
            ),
            format!("{}deep<img src=x onerror=alert(1)>", "<b>".repeat(50_000)),
        ] {
            let html = render(&source, None);
            assert!(html.contains("deep"), "{}", &html[..html.len().min(500)]);
            assert!(!too_deep(&html), "{}", &html[..html.len().min(500)]);
            assert!(
                !html.contains("<script") && !html.contains("<img"),
                "{html}"
            );
        }
        // A page that nests a little keeps its raw HTML.
        let html = render("<div class=\"note\">\n\n> a\n\n</div>", None);
        assert!(html.contains(r#"<div class="note">"#), "{html}");
    }

    #[test]
    fn a_shallow_page_is_written_as_the_depth_check_would_leave_it() {
        let mut sources = vec![
            "| a | b |\n|:-|-:|\n| [^1] | `c` |\n\n[^1]: n".to_string(),
            "```\nx\n```\n\n> - a\n>   1. b".to_string(),
        ];
        for depth in 25..40 {
            sources.push(format!("{} [a[^1]](b)\n\n[^1]: c", "> ".repeat(depth)));
            sources.push(format!("{}`x`", "- ".repeat(depth)));
        }
        let mut both = 0;
        for source in &sources {
            let events = page_events(source, None);
            assert!(!clean::needs_sanitiser(&events), "{source}");
            let checked = table_alignment(write_html(events.clone(), 0, clean::clean));
            if shallow(&events) {
                both += 1;
                assert!(!too_deep(&checked), "{source}");
            }
            assert_eq!(render(source, None), checked, "{source}");
        }
        assert!(both > 5 && both < sources.len(), "{both}");
    }

    #[test]
    fn table_alignment_survives_sanitising() {
        let html = render("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n", None);
        assert!(html.contains(r#"<th align="left">a</th>"#), "{html}");
        assert!(html.contains(r#"<td align="center">2</td>"#), "{html}");
        assert!(html.contains(r#"<td align="right">3</td>"#), "{html}");
        assert!(!html.contains("style="), "{html}");
    }

    #[test]
    fn links_to_content_pages_are_rewritten() {
        let mut pages = HashMap::new();
        pages.insert(
            "content/processes/a.md".to_string(),
            "processes/a.html".to_string(),
        );
        pages.insert(
            "content/directives/d.md".to_string(),
            "directives/d.html".to_string(),
        );
        let map = LinkMap {
            from: "content/processes/a.md",
            pages: &pages,
        };
        let html = render("[d](../directives/d.md#punkt)", Some(&map));
        assert!(
            html.contains(r#"href="../directives/d.html#punkt""#),
            "{html}"
        );
    }
}
