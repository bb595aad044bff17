//! What the fuzz targets check, shared with the integration tests:
//! `tests/suite/properties.rs` also replays every file of
//! `fuzz/corpus/<target>/` and `fuzz/regressions/<target>/` through these
//! functions as ordinary tests.
//!
//! Each function takes raw bytes (as libFuzzer hands them over) and panics
//! only when procbook misbehaves: a panic inside procbook, or sanitised HTML
//! that could run script.
#![allow(dead_code)]

use std::collections::HashMap;

use procbook::model::Date;
use procbook::render::markdown::{self, LinkMap};

/// What a fuzz target runs on one input.
pub type Check = fn(&[u8]);

/// The fuzz targets, by name: the folder names under `fuzz/corpus/` and
/// `fuzz/regressions/`.
pub const TARGETS: &[(&str, Check)] = &[
    ("register", register),
    ("page", page),
    ("markdown", markdown),
];

/// Text as the loader would get it: invalid UTF-8 never reaches the
/// parsers (it is an `input/not-utf8` error), so the bytes are made text.
fn text(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}

fn today() -> Date {
    Date::parse("2026-06-01").expect("a valid date")
}

/// `processes.yaml`: parsing never panics, and whatever parses goes
/// through every register rule without panicking.
pub fn register(data: &[u8]) {
    if let Ok(register) = procbook::load::parse_register_text(&text(data)) {
        let mut out = Vec::new();
        procbook::validate::validate_register(&register, today(), &mut out);
    }
}

/// A content page: front matter parsing never panics, and the body of
/// a page that parses renders to safe HTML.
pub fn page(data: &[u8]) {
    if let Ok(page) = procbook::load::parse_page_text("content/processes/fuzz.md", &text(data)) {
        assert_safe(&page.body, &markdown::render(&page.body, None));
    }
}

/// Markdown: rendering never panics and the sanitised HTML is safe, with
/// and without the rewriting of links between content pages; and Markdown
/// cleaned on its events keeps the same links as when a raw-HTML element
/// sends it through the full sanitiser.
pub fn markdown(data: &[u8]) {
    let source = text(data);
    let html = markdown::render(&source, None);
    assert_safe(&source, &html);
    let forced = format!("{RAW_HTML}{source}");
    let sanitised = markdown::render(&forced, None);
    assert_safe(&forced, &sanitised);
    if links(&html) != links(&sanitised) {
        panic!(
            "the two paths keep different links\n--- source:\n{source:?}\n--- cleaned:\n{html}\n--- sanitised:\n{sanitised}"
        );
    }
    let mut pages = HashMap::new();
    pages.insert(
        "content/processes/a.md".to_string(),
        "processes/a.html".to_string(),
    );
    pages.insert(
        "content/directives/d.md".to_string(),
        "directives/d.html".to_string(),
    );
    let links = LinkMap {
        from: "content/processes/a.md",
        pages: &pages,
    };
    assert_safe(&source, &markdown::render(&source, Some(&links)));
}

/// A harmless element of raw HTML, in a paragraph of its own: Markdown
/// after it is read as without it, but the page goes through the full
/// sanitiser.
pub const RAW_HTML: &str = "<span></span>\n\n";

/// The addresses `html` links to or loads (`href`, `src`), decoded as a
/// browser reads them, each once.
pub fn links(html: &str) -> std::collections::BTreeSet<(String, String)> {
    tags(html)
        .iter()
        .flat_map(|tag| {
            tag.attributes
                .iter()
                .filter(|(name, _)| name == "href" || name == "src")
                .map(|(name, value)| (name.clone(), decode_entities(value)))
        })
        .collect()
}

fn assert_safe(source: &str, html: &str) {
    if let Some(problem) = unsafe_markup(html) {
        panic!("unsafe HTML from Markdown: {problem}\n--- source:\n{source:?}\n--- html:\n{html}");
    }
}

/// Elements that must never come out of the sanitiser: they run script,
/// embed other documents or change how the page loads.
const FORBIDDEN_TAGS: &[&str] = &[
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math", "style",
    "link", "meta", "base", "form", "input", "button", "textarea", "select", "template",
];

/// Attributes whose value is a URL.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "poster",
    "background",
    "cite",
    "data",
    "longdesc",
    "srcset",
];

/// A start tag as the sanitiser (or a template) wrote it.
#[derive(Debug)]
pub struct Tag {
    /// The element name, lowercase.
    pub name: String,
    /// Attribute names (lowercase) and values (as written, not decoded).
    pub attributes: Vec<(String, String)>,
    /// The byte just after the tag's `>`.
    pub end: usize,
}

impl Tag {
    /// The value of attribute `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The start tags of serialised HTML, in order. Text has `<`, `>` and `&`
/// escaped, so every `<` starts a tag (or, in an attribute value, is
/// skipped over with the value); comments and end tags are passed over.
pub fn tags(html: &str) -> Vec<Tag> {
    let bytes = html.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        i += 1;
        if html[i..].starts_with("!--") {
            i = html[i..].find("-->").map_or(bytes.len(), |end| i + end + 3);
            continue;
        }
        let closing = bytes.get(i) == Some(&b'/');
        if closing {
            i += 1;
        }
        let name_end = html[i..]
            .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
            .map_or(bytes.len(), |n| i + n);
        let name = html[i..name_end].to_ascii_lowercase();
        i = name_end;
        let mut attributes = Vec::new();
        loop {
            while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
                i += 1;
            }
            if i >= bytes.len() || bytes[i] == b'>' {
                i += 1;
                break;
            }
            let attr_end = html[i..]
                .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '>' || c == '/')
                .map_or(bytes.len(), |n| i + n);
            let attr = html[i..attr_end].to_ascii_lowercase();
            i = attr_end;
            let mut value = String::new();
            if bytes.get(i) == Some(&b'=') {
                i += 1;
                match bytes.get(i) {
                    Some(&quote) if quote == b'"' || quote == b'\'' => {
                        let end = html[i + 1..]
                            .find(quote as char)
                            .map_or(bytes.len(), |n| i + 1 + n);
                        value = html[i + 1..end.min(bytes.len())].to_string();
                        i = end + 1;
                    }
                    _ => {
                        let end = html[i..]
                            .find(|c: char| c.is_ascii_whitespace() || c == '>')
                            .map_or(bytes.len(), |n| i + n);
                        value = html[i..end].to_string();
                        i = end;
                    }
                }
            }
            attributes.push((attr, value));
        }
        if !closing && !name.is_empty() {
            found.push(Tag {
                name,
                attributes,
                end: i.min(bytes.len()),
            });
        }
    }
    found
}

/// An attribute of `tag` that could run script or load a document: an
/// event handler (`on…`), `style`, `srcdoc`, or a `javascript:`,
/// `vbscript:` or `data:` URL.
pub fn unsafe_attribute(tag: &Tag) -> Option<String> {
    let name = &tag.name;
    for (attr, value) in &tag.attributes {
        if attr.starts_with("on") || attr == "style" || attr == "srcdoc" {
            return Some(format!("a `{attr}` attribute on <{name}>"));
        }
        if URL_ATTRIBUTES.contains(&attr.as_str()) {
            // As a browser reads a URL: C0 controls and spaces around it
            // and tabs and line breaks inside it do not count.
            let url: String = decode_entities(value)
                .trim_matches(|c: char| c <= ' ')
                .chars()
                .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                .collect::<String>()
                .to_ascii_lowercase();
            for scheme in ["javascript:", "vbscript:", "data:"] {
                if url.starts_with(scheme) {
                    return Some(format!("a {scheme} URL in `{attr}` on <{name}>"));
                }
            }
        }
    }
    None
}

/// The first thing in sanitised `html` that could run script or load a
/// document: a forbidden element or an unsafe attribute.
pub fn unsafe_markup(html: &str) -> Option<String> {
    tags(html).iter().find_map(|tag| {
        if FORBIDDEN_TAGS.contains(&tag.name.as_str()) {
            Some(format!("a <{}> element", tag.name))
        } else {
            unsafe_attribute(tag)
        }
    })
}

/// Decodes the character references a serialiser writes in attribute
/// values (named ones for `&`, `"`, `'`, `<`, `>`, the rest numeric).
fn decode_entities(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(end) = rest.find(';').filter(|&e| e <= 12) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "nbsp" => Some('\u{a0}'),
            "colon" => Some(':'),
            "Tab" | "NewLine" => Some(' '),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}
