//! What both checking and rendering need to read the same way from a
//! page's Markdown: the parser's options, the ids its headings get, and the
//! links it holds. Kept in one place so that `check` accepts exactly the
//! `#anchors` the published page has.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The Markdown extensions pages may use.
pub const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_SMART_PUNCTUATION)
    .union(Options::ENABLE_HEADING_ATTRIBUTES);

/// Element ids the default templates use on pages that show Markdown;
/// headings never take them.
pub const RESERVED_IDS: &[&str] = &[
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
    "toc-h",
];

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

/// Gives headings ids unique within a page, in order.
pub struct HeadingIds {
    used: HashSet<String>,
    next_suffix: HashMap<String, usize>,
}

impl Default for HeadingIds {
    fn default() -> Self {
        HeadingIds {
            used: RESERVED_IDS.iter().map(|s| s.to_string()).collect(),
            next_suffix: HashMap::new(),
        }
    }
}

impl HeadingIds {
    /// The id of the next heading: its explicit `{#id}` or its text's
    /// slug, numbered when taken.
    pub fn next(&mut self, explicit: Option<&str>, text: &str) -> String {
        let base = explicit.map_or_else(|| slugify(text), str::to_string);
        let mut candidate = base.clone();
        if self.used.contains(&candidate) {
            // Numbering goes on where the last heading of this text
            // stopped: every lower number is taken, and starting from 1
            // each time made a page of many equal headings quadratic.
            let n = self.next_suffix.entry(base.clone()).or_insert(1);
            loop {
                candidate = format!("{base}-{n}");
                *n += 1;
                if !self.used.contains(&candidate) {
                    break;
                }
            }
        }
        self.used.insert(candidate.clone());
        candidate
    }
}

/// The text of the heading that starts at `events[0]`.
pub fn heading_text(events: &[Event]) -> String {
    let mut text = String::new();
    for event in events.iter().skip(1) {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            _ => {}
        }
    }
    text
}

/// A link or image in a page's Markdown.
#[derive(Debug, Clone)]
pub struct Link {
    /// The address as written.
    pub dest: String,
    /// Where the link is in the Markdown, in bytes.
    pub range: Range<usize>,
    /// An image rather than a link.
    pub image: bool,
}

/// What checking needs from a page: its heading ids and its links.
#[derive(Debug, Default)]
pub struct Outline {
    /// Every heading id, as the published page has them.
    pub ids: HashSet<String>,
    /// The first heading's text.
    pub first_heading: Option<String>,
    /// Links and images, in order.
    pub links: Vec<Link>,
}

/// Reads the outline of `markdown`.
pub fn outline(markdown: &str) -> Outline {
    let mut out = Outline::default();
    let mut ids = HeadingIds::default();
    let (events, ranges): (Vec<Event>, Vec<Range<usize>>) = Parser::new_ext(markdown, OPTIONS)
        .into_offset_iter()
        .unzip();
    for (index, (event, range)) in events.iter().zip(&ranges).enumerate() {
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                let text = heading_text(&events[index..]);
                out.ids.insert(ids.next(id.as_deref(), &text));
                if out.first_heading.is_none() && !text.trim().is_empty() {
                    out.first_heading = Some(text.trim().to_string());
                }
            }
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => {
                out.links.push(Link {
                    dest: dest_url.to_string(),
                    range: range.clone(),
                    image: matches!(event, Event::Start(Tag::Image { .. })),
                });
            }
            _ => {}
        }
    }
    out
}

/// The first heading's text, for a page without a `title`.
pub fn first_heading(markdown: &str) -> Option<String> {
    let events: Vec<Event> = Parser::new_ext(markdown, OPTIONS).collect();
    events.iter().enumerate().find_map(|(index, event)| {
        matches!(event, Event::Start(Tag::Heading { .. }))
            .then(|| heading_text(&events[index..]).trim().to_string())
            .filter(|t| !t.is_empty())
    })
}

/// What a link in a page points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target<'a> {
    /// Another address (`https:`, `mailto:`, …), left as it is.
    Outside(&'a str),
    /// A process by id: `process:<id>`.
    Process(&'a str, Option<&'a str>),
    /// A directive edition by id: `directive:<id>`.
    Directive(&'a str, Option<&'a str>),
    /// An anchor on the same page: `#<id>`.
    Anchor(&'a str),
    /// A file under the site root (a page or an image), resolved from the
    /// linking page's folder, with the fragment.
    File(String, Option<&'a str>),
    /// A path that leaves the site root or starts at `/`.
    Escapes(&'a str),
}

/// Reads the link `dest` written in the page `from` (a path relative to
/// the site root).
pub fn target<'a>(from: &str, dest: &'a str) -> Target<'a> {
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (dest, None),
    };
    if let Some(id) = path.strip_prefix("process:") {
        return Target::Process(id, fragment);
    }
    if let Some(id) = path.strip_prefix("directive:") {
        return Target::Directive(id, fragment);
    }
    if path.is_empty() {
        return match fragment {
            Some(f) => Target::Anchor(f),
            None => Target::Outside(dest),
        };
    }
    if path.contains(':') || path.starts_with("//") {
        return Target::Outside(dest);
    }
    if path.starts_with('/') {
        return Target::Escapes(dest);
    }
    let path = path.split('?').next().unwrap_or(path);
    let mut parts: Vec<String> = from.split('/').map(str::to_string).collect();
    parts.pop();
    for segment in path.split('/') {
        match segment {
            "." | "" => {}
            ".." => {
                // Never above `content/`: the site root's own files are
                // not pages.
                if parts.len() <= 1 {
                    return Target::Escapes(dest);
                }
                parts.pop();
            }
            s => parts.push(percent_decode(s)),
        }
    }
    Target::File(parts.join("/"), fragment)
}

/// A path as written in a link: characters that mean something in an
/// address (`#`, `?`, `%`, space, quotes, brackets) or are not allowed in
/// one are percent-encoded; letters, including non-ASCII ones, stay.
pub fn url_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        let plain = !c.is_ascii()
            || c.is_ascii_alphanumeric()
            || matches!(
                c,
                '/' | '-'
                    | '_'
                    | '.'
                    | '~'
                    | '!'
                    | '$'
                    | '&'
                    | '\''
                    | '('
                    | ')'
                    | '*'
                    | '+'
                    | ','
                    | ';'
                    | '='
                    | ':'
                    | '@'
            );
        if plain && !c.is_control() {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// Decodes `%XX` escapes; anything that is not a valid escape stays.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_read_relative_to_their_page() {
        let from = "content/processes/x/index.md";
        assert_eq!(
            target(from, "a.md#b"),
            Target::File("content/processes/x/a.md".into(), Some("b"))
        );
        assert_eq!(
            target(from, "../../directives/d.md"),
            Target::File("content/directives/d.md".into(), None)
        );
        assert_eq!(
            target(from, "pilt%201.png"),
            Target::File("content/processes/x/pilt 1.png".into(), None)
        );
        assert_eq!(
            target(from, "../../../processes.yaml"),
            Target::Escapes("../../../processes.yaml")
        );
        assert_eq!(target(from, "/etc/passwd"), Target::Escapes("/etc/passwd"));
        assert_eq!(target(from, "#x"), Target::Anchor("x"));
        assert_eq!(target(from, "process:y#z"), Target::Process("y", Some("z")));
        assert_eq!(target(from, "directive:d"), Target::Directive("d", None));
        assert_eq!(
            target(from, "https://wiki.example.org/x"),
            Target::Outside("https://wiki.example.org/x")
        );
        assert_eq!(percent_decode("%C3%B5%2"), "õ%2");
        assert_eq!(url_path("x/a#b c?%.md"), "x/a%23b%20c%3F%25.md");
        assert_eq!(url_path("sõna/ü.png"), "sõna/ü.png");
        assert_eq!(
            percent_decode(&url_path("a#b c?%\"<>.md")),
            "a#b c?%\"<>.md"
        );
    }

    #[test]
    fn outline_has_the_ids_rendering_gives() {
        let o = outline("# Main\n\n## Ülevaade\n\n## Ülevaade\n\n[a](b.md) ![c](d.png)\n");
        for id in ["main-1", "ülevaade", "ülevaade-1"] {
            assert!(o.ids.contains(id), "{id} missing from {:?}", o.ids);
        }
        assert_eq!(o.first_heading.as_deref(), Some("Main"));
        let dests: Vec<&str> = o.links.iter().map(|l| l.dest.as_str()).collect();
        assert_eq!(dests, ["b.md", "d.png"]);
        assert!(o.links[1].image);
    }
}
