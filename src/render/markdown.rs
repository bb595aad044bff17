//! Markdown to safe HTML: pulldown-cmark with tables, footnotes, smart
//! punctuation and heading anchors, then ammonia to strip anything that
//! could run script (raw `<script>`, event handlers, `javascript:` links).

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Turns heading text into an anchor id: lowercase, diacritics kept as
/// letters, everything else a hyphen.
pub(crate) fn slugify(text: &str) -> String {
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
    "directive-text-heading",
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
    let mut next_suffix: HashMap<String, usize> = HashMap::new();
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
            if used.contains(&candidate) {
                // Numbering goes on where the last heading of this text
                // stopped: every lower number is taken, and starting from
                // 1 each time made a page of many equal headings quadratic.
                let n = next_suffix.entry(base.clone()).or_insert(1);
                loop {
                    candidate = format!("{base}-{n}");
                    *n += 1;
                    if !used.contains(&candidate) {
                        break;
                    }
                }
            }
            used.insert(candidate.clone());
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
    pulldown_cmark::html::push_html(&mut html, events.iter().cloned());
    if too_deep(&html) {
        html.clear();
        pulldown_cmark::html::push_html(&mut html, flatten(events));
    }
    sanitise(&table_alignment(&html))
}

/// Elements may nest this deep in a page's HTML before the page is
/// flattened. The sanitiser's HTML parser spends time in proportion to the
/// depth on every tag, so 100,000 nested `>` or `<div>` took minutes to
/// clean; real guidelines nest a few levels.
const MAX_NESTING: usize = 100;
/// Levels of Markdown structure a flattened page keeps; each level writes
/// at most three elements, so a flattened page stays under [`MAX_NESTING`].
const FLAT_NESTING: usize = 30;

/// The events of a page that nests too deep, made shallow: raw HTML is
/// shown as text, and structure below [`FLAT_NESTING`] levels is dropped
/// (its text stays).
fn flatten<'a>(events: Vec<Event<'a>>) -> impl Iterator<Item = Event<'a>> {
    let mut kept: Vec<bool> = Vec::new();
    let mut depth = 0;
    events.into_iter().filter_map(move |event| match event {
        Event::Html(text) | Event::InlineHtml(text) => Some(Event::Text(text)),
        Event::Start(tag) => {
            let keep = depth < FLAT_NESTING;
            kept.push(keep);
            if keep {
                depth += 1;
                Some(Event::Start(tag))
            } else {
                None
            }
        }
        Event::End(tag) => {
            if kept.pop().unwrap_or(false) {
                depth -= 1;
                Some(Event::End(tag))
            } else {
                None
            }
        }
        other => Some(other),
    })
}

/// Whether elements nest deeper than [`MAX_NESTING`] in `html`, counted
/// generously, never shallower than an HTML parser builds them: void
/// elements do not nest, a closing tag ends the innermost element only when
/// it names it, and a `<p>`, `<li>` and the like ends an open one of the
/// same name.
fn too_deep(html: &str) -> bool {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr",
    ];
    const END_THEIR_LIKE: &[&str] = &["p", "li", "dt", "dd", "tr", "td", "th", "option"];
    let bytes = html.as_bytes();
    let mut open: Vec<&str> = Vec::new();
    let mut at = 0;
    while let Some(offset) = html[at..].find('<') {
        at += offset + 1;
        let rest = &html[at..];
        if let Some(comment) = rest.strip_prefix("!--") {
            // `<!-->`, `<!--->`, `-->` and `--!>` all end a comment.
            let end = if comment.starts_with('>') {
                1
            } else if comment.starts_with("->") {
                2
            } else {
                let mut end = comment.len();
                let mut from = 0;
                while let Some(dashes) = comment[from..].find("--").map(|d| from + d) {
                    let after = &comment[dashes + 2..];
                    if after.starts_with('>') {
                        end = dashes + 3;
                        break;
                    }
                    if after.starts_with("!>") {
                        end = dashes + 4;
                        break;
                    }
                    from = dashes + 1;
                }
                end
            };
            at += 3 + end;
            continue;
        }
        let closing = rest.starts_with('/');
        let name_start = at + usize::from(closing);
        if !bytes
            .get(name_start)
            .is_some_and(|b| b.is_ascii_alphabetic())
        {
            continue;
        }
        let name_end = html[name_start..]
            .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
            .map_or(html.len(), |n| name_start + n);
        let name = &html[name_start..name_end];
        at = end_of_tag(bytes, name_end);
        let is = |list: &[&str]| list.iter().any(|known| known.eq_ignore_ascii_case(name));
        if closing {
            if open
                .last()
                .is_some_and(|top| top.eq_ignore_ascii_case(name))
            {
                open.pop();
            }
        } else if !is(VOID) {
            if is(END_THEIR_LIKE)
                && open
                    .last()
                    .is_some_and(|top| top.eq_ignore_ascii_case(name))
            {
                open.pop();
            }
            open.push(name);
            if open.len() > MAX_NESTING {
                return true;
            }
        }
    }
    false
}

/// Where a tag whose attributes start at `at` ends (just after its `>`),
/// read as an HTML tokenizer reads it: a quote opens a value only right
/// after an attribute's `=`.
fn end_of_tag(bytes: &[u8], mut at: usize) -> usize {
    #[derive(PartialEq)]
    enum State {
        BeforeName,
        Name,
        AfterName,
        BeforeValue,
        Unquoted,
    }
    let mut state = State::BeforeName;
    while at < bytes.len() {
        let b = bytes[at];
        if b == b'>' {
            return at + 1;
        }
        let space = b.is_ascii_whitespace();
        state = match state {
            State::BeforeName if space || b == b'/' => State::BeforeName,
            State::BeforeName => State::Name,
            State::Name | State::AfterName if b == b'=' => State::BeforeValue,
            State::Name | State::AfterName if b == b'/' => State::BeforeName,
            State::Name | State::AfterName if space => State::AfterName,
            State::Name | State::AfterName => State::Name,
            State::BeforeValue if space => State::BeforeValue,
            State::BeforeValue if b == b'"' || b == b'\'' => {
                at += 1;
                while at < bytes.len() && bytes[at] != b {
                    at += 1;
                }
                State::BeforeName
            }
            State::BeforeValue => State::Unquoted,
            State::Unquoted if space => State::BeforeName,
            State::Unquoted => State::Unquoted,
        };
        at += 1;
    }
    // An unclosed quoted value runs to the end.
    at.min(bytes.len())
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

/// What footnote labels are prefixed with in ids and links.
const FOOTNOTE_PREFIX: &str = "fn-";

/// The classes a page may carry: those the Markdown renderer writes itself
/// (footnotes, a code block's language) and `note`, for a boxed remark.
/// Any other class could dress guidelines up as the site's own parts (the
/// version banner, a state badge, the skip link), so it is dropped.
fn allowed_classes(value: &str) -> Option<std::borrow::Cow<'_, str>> {
    let kept: Vec<&str> = value
        .split_ascii_whitespace()
        .filter(|class| {
            matches!(
                *class,
                "footnote-reference" | "footnote-definition" | "footnote-definition-label" | "note"
            ) || class.starts_with("language-")
        })
        .collect();
    (!kept.is_empty()).then(|| kept.join(" ").into())
}

/// Removes everything that could run script or load from elsewhere than a
/// plain link: only an allow-list of tags, attributes and URL schemes stays.
pub(crate) fn sanitise(html: &str) -> String {
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
            .attribute_filter(|_, attribute, value| match attribute {
                "id" if RESERVED_IDS.contains(&value) => None,
                "class" => allowed_classes(value),
                _ => Some(value.into()),
            })
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
    fn nesting_is_counted_as_a_parser_would() {
        let deep = |n: usize, open: &str| open.repeat(n);
        assert!(!too_deep("<p>a</p><ul><li>b</li></ul>"));
        assert!(!too_deep(&deep(1000, "<p>x")), "a <p> ends the one before");
        assert!(!too_deep(&deep(1000, "<li>x")));
        assert!(!too_deep(&deep(1000, "<br><img src=x><hr/>")));
        assert!(!too_deep(&deep(1000, "<div>x</div>")));
        assert!(!too_deep(&deep(1000, "<!-- <div> -->")));
        assert!(!too_deep(&deep(1000, "<a title=\"<div>\">x</a>")));
        assert!(too_deep(&deep(MAX_NESTING + 1, "<div>")));
        assert!(
            too_deep(&deep(MAX_NESTING + 1, "<DIV/>")),
            "/> does not close a <div>"
        );
        assert!(too_deep(&deep(MAX_NESTING + 1, "<div></span>")));
        // Tricks that would hide tags from a careless count.
        assert!(too_deep(&format!("<div a\"b>{}", deep(200, "<div>"))));
        assert!(too_deep(&format!("<div =\">{}", deep(200, "<div>"))));
        assert!(too_deep(&format!("<div a=b\"c>{}", deep(200, "<div>"))));
        assert!(too_deep(&format!("<!-- --!>{}", deep(200, "<div>"))));
        assert!(too_deep(&format!("<!-->{}", deep(200, "<div>"))));
        assert!(too_deep(&format!("<!--->{}", deep(200, "<div>"))));
        // An unclosed value runs to the end (found by fuzzing: it overran).
        assert!(!too_deep("<a href=\"x"));
        assert!(!too_deep("<a href='"));
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
