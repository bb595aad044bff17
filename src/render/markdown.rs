//! Markdown to safe HTML: pulldown-cmark with tables, footnotes, smart
//! punctuation and heading anchors, then ammonia to strip anything that
//! could run script (raw `<script>`, event handlers, `javascript:` links).

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Turns heading text into an anchor id: lowercase, diacritics kept as
/// letters, everything else a hyphen.
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.is_empty() {
        slug.push_str("section");
    }
    slug
}

/// Element ids the default templates use on pages that show Markdown.
const RESERVED_IDS: &[&str] = &[
    "main",
    "goals-h",
    "guidelines-h",
    "history-h",
    "site-search",
    "search-q",
    "search-status",
    "search-results",
    "annex-table",
    "versions",
];

/// How Markdown links between content pages are rewritten: a link to
/// another page's `.md` file becomes a link to its published page.
pub struct LinkMap<'a> {
    /// Content path of the page being rendered, e.g. `content/processes/x.md`.
    pub from: &'a str,
    /// Published path (from the language root) of each content page.
    pub pages: &'a HashMap<String, String>,
}

impl LinkMap<'_> {
    fn rewrite(&self, dest: &str) -> Option<String> {
        if dest.contains(':') || dest.starts_with('/') || dest.starts_with('#') {
            return None;
        }
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (dest, None),
        };
        if !path.ends_with(".md") {
            return None;
        }
        let mut parts: Vec<&str> = self.from.split('/').collect();
        parts.pop();
        for segment in path.split('/') {
            match segment {
                "." | "" => {}
                ".." => {
                    parts.pop();
                }
                s => parts.push(s),
            }
        }
        let target = self.pages.get(&parts.join("/"))?;
        let from_out = self.pages.get(self.from)?;
        let depth = from_out.matches('/').count();
        let mut link = "../".repeat(depth);
        link.push_str(target);
        if let Some(f) = fragment {
            link.push('#');
            link.push_str(f);
        }
        Some(link)
    }
}

/// Renders `markdown` to sanitised HTML.
pub fn render(markdown: &str, links: Option<&LinkMap>) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut events: Vec<Event> = Parser::new_ext(markdown, options).collect();

    // Give every heading an id from its text, unique within the page.
    // Ids the page templates use themselves are taken from the start, so a
    // heading called "Main" cannot steal the skip link's target.
    let mut used: HashSet<String> = RESERVED_IDS.iter().map(|s| s.to_string()).collect();
    let mut index = 0;
    while index < events.len() {
        if let Event::Start(Tag::Heading { id, .. }) = &events[index] {
            let explicit = id.as_ref().map(|i| i.to_string());
            let mut text = String::new();
            for event in &events[index + 1..] {
                match event {
                    Event::End(TagEnd::Heading(_)) => break,
                    Event::Text(t) | Event::Code(t) => text.push_str(t),
                    _ => {}
                }
            }
            let base = explicit.unwrap_or_else(|| slugify(&text));
            let mut candidate = base.clone();
            let mut n = 1;
            while !used.insert(candidate.clone()) {
                candidate = format!("{base}-{n}");
                n += 1;
            }
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[index] {
                *id = Some(CowStr::from(candidate));
            }
        }
        if let (Some(map), Event::Start(Tag::Link { dest_url, .. })) = (links, &mut events[index]) {
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
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    sanitise(&table_alignment(&html))
}

/// pulldown-cmark aligns table cells with `style="text-align: …"`, which
/// the sanitiser (and the pages' Content-Security-Policy) drop; the `align`
/// attribute says the same and survives both.
fn table_alignment(html: &str) -> String {
    if !html.contains(" style=\"text-align: ") {
        return html.to_string();
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

/// Removes everything that could run script or load from elsewhere than a
/// plain link: only an allow-list of tags, attributes and URL schemes stays.
pub fn sanitise(html: &str) -> String {
    // The allow-list is the same for every page: build it once. Building it
    // costs as much as cleaning a page.
    static SANITISER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    let builder = SANITISER.get_or_init(|| {
        let mut builder = ammonia::Builder::default();
        builder
            .add_generic_attributes(["id"])
            .add_tag_attributes("code", ["class"])
            .add_tag_attributes("ol", ["start"])
            .add_tag_attributes("th", ["align", "scope"])
            .add_tag_attributes("td", ["align"])
            .add_tag_attributes("sup", ["class"])
            .add_tag_attributes("div", ["class"])
            .url_schemes(["http", "https", "mailto"].into_iter().collect())
            .link_rel(Some("noopener noreferrer"))
            .id_prefix(None);
        builder
    });
    // Serialised straight into a buffer; `to_string` would serialise into
    // one and then copy it. Writing to memory cannot fail, and html5ever
    // writes UTF-8 only.
    let mut out = Vec::with_capacity(html.len() + html.len() / 8);
    match builder.clean(html).write_to(&mut out) {
        Ok(()) => String::from_utf8(out)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
        Err(_) => String::new(),
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
