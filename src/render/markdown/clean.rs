//! Cleaning at the level of pulldown-cmark's events, for pages without raw
//! HTML. pulldown-cmark escapes every text and attribute value it writes,
//! so HTML made from Markdown alone can carry script or a foreign class
//! only through what a page sets itself: a link's or an image's address
//! (`javascript:`), a heading's classes and attributes (`{.badge
//! onclick=…}`) and a code block's language. This pass holds these to the
//! sanitiser's own rules ([`super::sanitise`]) and writes links, images and
//! footnotes itself, so such a page never goes through an HTML parser:
//! ammonia took a quarter of a full build's time.
//!
//! Anything this pass does not know how to make safe — raw HTML above all —
//! sends the whole page to the sanitiser instead ([`needs_sanitiser`]).

use std::collections::HashMap;
use std::fmt::Write as _;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Tag, TagEnd};
use pulldown_cmark_escape::{escape_href, escape_html};

use super::sanitise::{LINK_REL, URL_SCHEMES};

/// Attributes a heading keeps of those written in `{…}` after it: the
/// sanitiser's generic attributes (its `id` is the page's own, set before).
const HEADING_ATTRIBUTES: &[&str] = &["lang", "title"];

/// Whether `events` hold anything this pass leaves to the sanitiser: raw
/// HTML, or output the page's Markdown options never produce (maths, task
/// list boxes, alert quotes, metadata), which writes classes or elements
/// this pass does not check.
pub(super) fn needs_sanitiser(events: &[Event]) -> bool {
    events.iter().any(|event| {
        matches!(
            event,
            Event::Html(_)
                | Event::InlineHtml(_)
                | Event::InlineMath(_)
                | Event::DisplayMath(_)
                | Event::TaskListMarker(_)
                | Event::Start(Tag::MetadataBlock(_) | Tag::BlockQuote(Some(_)))
        )
    })
}

/// Whether an address may stay in a link or an image, by the rules the
/// sanitiser applies: `value` is the attribute's value as a browser reads
/// it (after HTML decoding). An absolute URL needs one of the allowed
/// schemes — the URL parser lowercases the scheme and skips the spaces
/// and controls around it and the tabs and line breaks inside it, as a
/// browser does — a relative one passes, and anything the parser cannot
/// read is dropped.
pub(super) fn url_allowed(value: &str) -> bool {
    match url::Url::parse(value) {
        Ok(url) => URL_SCHEMES.contains(&url.scheme()),
        Err(url::ParseError::RelativeUrlWithoutBase) => true,
        Err(_) => false,
    }
}

/// `name="…"` for an address, as pulldown-cmark writes it (characters
/// that do not belong in a URL percent-encoded), or nothing when the
/// address is not allowed.
fn url_attribute(out: &mut String, name: &str, prefix: &str, dest: &str) {
    let mut written = String::with_capacity(prefix.len() + dest.len() + 8);
    written.push_str(prefix);
    let _ = escape_href(&mut written, dest);
    // `escape_href` writes `&` and `'` as references; the check needs
    // the value a browser decodes.
    let decoded = if written.contains('&') {
        std::borrow::Cow::Owned(written.replace("&#x27;", "'").replace("&amp;", "&"))
    } else {
        std::borrow::Cow::Borrowed(written.as_str())
    };
    if url_allowed(&decoded) {
        let _ = write!(out, " {name}=\"{written}\"");
    }
}

/// ` title="…"` when the title is not empty.
fn title_attribute(out: &mut String, title: &str) {
    if !title.is_empty() {
        out.push_str(" title=\"");
        let _ = escape_html(&mut *out, title);
        out.push('"');
    }
}

/// Footnote numbers in order of first mention, as pulldown-cmark counts
/// them; this pass writes every footnote mark itself, so the numbers in an
/// image's description and in the text agree.
#[derive(Default)]
struct Footnotes<'a> {
    numbers: HashMap<CowStr<'a>, usize>,
}

impl<'a> Footnotes<'a> {
    fn number(&mut self, name: CowStr<'a>) -> usize {
        let next = self.numbers.len() + 1;
        *self.numbers.entry(name).or_insert(next)
    }

    fn reference(&mut self, name: CowStr<'a>) -> String {
        let mut html = String::from("<sup class=\"footnote-reference\"><a href=\"#");
        let _ = escape_html(&mut html, &name);
        let number = self.number(name);
        let _ = write!(html, "\" rel=\"{LINK_REL}\">{number}</a></sup>");
        html
    }

    fn definition(&mut self, name: CowStr<'a>) -> String {
        let mut html = String::from("<div class=\"footnote-definition\" id=\"");
        let _ = escape_html(&mut html, &name);
        let number = self.number(name);
        let _ = write!(
            html,
            "\"><sup class=\"footnote-definition-label\">{number}</sup>"
        );
        html
    }
}

/// The events of a page without raw HTML ([`needs_sanitiser`] is false),
/// made safe: links, images and footnote marks become HTML written here,
/// with addresses the sanitiser would drop left out; headings lose their
/// classes and all attributes but [`HEADING_ATTRIBUTES`]; a code block's
/// language is its first word.
pub(super) fn clean<'a>(events: impl IntoIterator<Item = Event<'a>>) -> Vec<Event<'a>> {
    let mut events = events.into_iter();
    let mut out = Vec::with_capacity(events.size_hint().0);
    let mut footnotes = Footnotes::default();
    while let Some(event) = events.next() {
        out.push(match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => {
                let mut html = String::from("<a");
                let scheme = if link_type == LinkType::Email {
                    "mailto:"
                } else {
                    ""
                };
                url_attribute(&mut html, "href", scheme, &dest_url);
                title_attribute(&mut html, &title);
                let _ = write!(html, " rel=\"{LINK_REL}\">");
                Event::InlineHtml(html.into())
            }
            Event::End(TagEnd::Link) => Event::InlineHtml("</a>".into()),
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let mut html = String::from("<img");
                url_attribute(&mut html, "src", "", &dest_url);
                html.push_str(" alt=\"");
                alt_text(&mut html, &mut events, &mut footnotes);
                html.push('"');
                title_attribute(&mut html, &title);
                html.push('>');
                Event::InlineHtml(html.into())
            }
            Event::FootnoteReference(name) => Event::InlineHtml(footnotes.reference(name).into()),
            Event::Start(Tag::FootnoteDefinition(name)) => {
                Event::Html(footnotes.definition(name).into())
            }
            Event::End(TagEnd::FootnoteDefinition) => Event::Html("</div>\n".into()),
            Event::Start(Tag::Heading {
                level, id, attrs, ..
            }) => Event::Start(Tag::Heading {
                level,
                id,
                classes: Vec::new(),
                attrs: attrs
                    .into_iter()
                    .filter_map(|(name, value)| {
                        let lower = name.to_ascii_lowercase();
                        HEADING_ATTRIBUTES
                            .contains(&lower.as_str())
                            .then(|| (lower.into(), value))
                    })
                    .collect(),
            }),
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                // pulldown-cmark writes the info string up to its first
                // space as `language-…`; the sanitiser keeps a class only
                // up to any other whitespace.
                let language = info
                    .split(' ')
                    .next()
                    .and_then(|word| word.split_ascii_whitespace().next())
                    .unwrap_or("");
                let info = if language.len() == info.len() {
                    info
                } else {
                    language.to_string().into()
                };
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
            }
            other => other,
        });
    }
    out
}

/// An image's description, up to the end of the image, as text for its
/// `alt` attribute (pulldown-cmark's own rules: markup dropped, breaks as
/// spaces, footnote marks as `[n]`).
fn alt_text<'a>(
    out: &mut String,
    events: &mut impl Iterator<Item = Event<'a>>,
    footnotes: &mut Footnotes<'a>,
) {
    let mut nested = 0usize;
    for event in events {
        match event {
            Event::Start(_) => nested += 1,
            Event::End(_) => {
                if nested == 0 {
                    return;
                }
                nested -= 1;
            }
            Event::Text(text)
            | Event::Code(text)
            | Event::InlineMath(text)
            | Event::DisplayMath(text)
            | Event::InlineHtml(text) => {
                let _ = escape_html(&mut *out, &text);
            }
            Event::Html(_) => {}
            Event::SoftBreak | Event::HardBreak | Event::Rule => out.push(' '),
            Event::FootnoteReference(name) => {
                let _ = write!(out, "[{}]", footnotes.number(name));
            }
            Event::TaskListMarker(done) => out.push_str(if done { "[x]" } else { "[ ]" }),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::super::{needs_sanitiser, render};
    use super::*;

    /// Hostile pages with no raw HTML: each takes the event-level path as
    /// it is, and the sanitiser's path behind [`RAW`].
    const HOSTILE: &[&str] = &[
        "[a](javascript:alert(1))",
        "[a](JaVaScRiPt:alert(1))",
        "[a](<javascript:alert(1)>)",
        "[a](<  javascript:alert(1)>)",
        "[a](&#106;avascript:alert(1))",
        "[a](&#x6A;avascript&colon;alert(1))",
        "[a](java&#x09;script:alert(1))",
        "[a](java&#10;script:alert(1))",
        "[a](<java\tscript:alert(1)>)",
        "[a](<\u{1}javascript:alert(1)>)",
        "[a](\u{b}javascript:alert(1))",
        "[a](%6Aavascript:alert(1))",
        "[a](java\\script:alert(1))",
        "[a](vbscript:msgbox(1))",
        "[a](data:text/html;base64,PHNjcmlwdD4=)",
        "[a](DATA:text/html,x)",
        "[a](ftp://example.org/x)",
        "[a](http://[::1)",
        "[a](https:)",
        "[a](//evil.example/x)",
        "[a](https://example.org/?q=javascript:x&b='c'\"d)",
        "[a](mailto:x@example.org) <x@example.org> <https://example.org>",
        "<javascript:alert(1)> <vbscript:x> <data:text/html,x>",
        "[a](#main) [b](other.md) [c](process:alpha#x) [d](../x y.md)",
        "[r]: javascript:alert(1)\n\n[r] [s]\n\n[s]: https://example.org 'ok'",
        "[a](javascript:alert(1) \"t\\\" onmouseover=x\")",
        "![i](javascript:alert(1))",
        "![i](data:image/png;base64,AAAA)",
        "![i *b* `c`\nd](x.png \"t\" ) ![j](https://example.org/x.png)",
        "[a ![i](javascript:x)](https://example.org) [![j](y.png)](javascript:x)",
        "[a[^1]](https://example.org)\n\n[^1]: [n](javascript:x)",
        "![a [^1] b](x.png)\n\nText[^2][^1].\n\n[^1]: one\n[^2]: two",
        "[^main] [^\"onclick=x]\n\n[^main]: m\n[^\"onclick=x]: o",
        "# H {#main .badge .note onclick=alert(1) lang=en TITLE=t style=x}",
        "## x {#\"onclick=y}",
        "```rust\tbadge\nx\n```\n\n```js onload=x\ny\n```\n\n```\nz\n```",
        "| a | [b](javascript:x) |\n|:-|-:|\n| ![c](vbscript:y) | d |",
        "> [a](javascript:x)\n>\n> - [b](data:x)\n> - ![c](https://example.org/c.png)",
    ];

    /// A harmless element of raw HTML that sends a page to the sanitiser.
    const RAW: &str = "<span></span>\n\n";

    /// Every address in links and images of `html`, decoded as a browser
    /// reads it. Both paths write attribute values in double quotes.
    fn links(html: &str) -> BTreeSet<(String, String)> {
        let mut found = BTreeSet::new();
        for attribute in ["href", "src"] {
            let marker = format!(" {attribute}=\"");
            for (at, _) in html.match_indices(&marker) {
                let value = &html[at + marker.len()..];
                let value = &value[..value.find('"').unwrap()];
                let decoded = value
                    .replace("&#x27;", "'")
                    .replace("&quot;", "\"")
                    .replace("&nbsp;", "\u{a0}")
                    .replace("&amp;", "&");
                found.insert((attribute.to_string(), decoded));
            }
        }
        found
    }

    fn assert_safe(source: &str, html: &str) {
        for (attribute, url) in links(html) {
            let url: String = url
                .trim_matches(|c: char| c <= ' ')
                .chars()
                .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                .collect::<String>()
                .to_ascii_lowercase();
            for scheme in ["javascript:", "vbscript:", "data:", "ftp:"] {
                assert!(
                    !url.starts_with(scheme),
                    "{attribute}={url:?} kept from {source:?}:\n{html}"
                );
            }
        }
        for (tag, name, value) in attributes(html) {
            let allowed = match name.as_str() {
                "class" => value
                    .split(' ')
                    .all(|class| class.starts_with("footnote-") || class.starts_with("language-")),
                "href" | "src" | "id" | "title" | "alt" | "rel" | "lang" | "align" | "start" => {
                    true
                }
                _ => false,
            };
            assert!(allowed, "<{tag} {name}={value:?}> from {source:?}:\n{html}");
        }
    }

    /// Every attribute of every start tag in `html`: (tag, name, value).
    fn attributes(html: &str) -> Vec<(String, String, String)> {
        let mut found = Vec::new();
        for tag in html.split('<').skip(1) {
            let name_end = tag.find([' ', '>']).unwrap_or(tag.len());
            let element = &tag[..name_end];
            let mut rest = &tag[name_end..];
            loop {
                rest = rest.trim_start_matches([' ', '/']);
                if rest.is_empty() || rest.starts_with('>') {
                    break;
                }
                let end = rest.find(['=', ' ', '>']).unwrap_or(rest.len());
                let name = rest[..end].to_ascii_lowercase();
                rest = &rest[end..];
                let mut value = "";
                if let Some(quoted) = rest.strip_prefix("=\"") {
                    let close = quoted.find('"').unwrap();
                    value = &quoted[..close];
                    rest = &quoted[close + 1..];
                }
                found.push((element.to_string(), name, value.to_string()));
            }
        }
        found
    }

    #[test]
    fn hostile_markdown_is_cleaned_alike_with_and_without_raw_html() {
        for source in HOSTILE {
            assert!(!needs_sanitiser(source), "{source:?} has raw HTML");
            let forced = format!("{RAW}{source}");
            assert!(needs_sanitiser(&forced), "{forced:?}");
            let cleaned = render(source, None);
            let sanitised = render(&forced, None);
            assert_safe(source, &cleaned);
            assert_safe(&forced, &sanitised);
            assert_eq!(
                links(&cleaned),
                links(&sanitised),
                "the paths keep different links of {source:?}:\n{cleaned}\n---\n{sanitised}"
            );
        }
    }

    #[test]
    fn allowed_links_are_kept_with_their_title_and_rel() {
        let html = render("[a](https://example.org/x?y=1&z=2 \"T & 'u'\")", None);
        assert_eq!(
            html,
            "<p><a href=\"https://example.org/x?y=1&amp;z=2\" title=\"T &amp; &#39;u&#39;\" \
             rel=\"noopener noreferrer\">a</a></p>\n"
        );
        let html = render("[a](javascript:alert(1) \"t\")", None);
        assert_eq!(
            html,
            "<p><a title=\"t\" rel=\"noopener noreferrer\">a</a></p>\n"
        );
        let html = render("![x *y*](javascript:z \"t\")", None);
        assert_eq!(html, "<p><img alt=\"x y\" title=\"t\"></p>\n");
    }

    #[test]
    fn nul_bytes_are_dropped_on_both_paths() {
        let source = "# a\0b {title=c\0d}\n\nt\0u `v\0w` [x\0](y\0 \"z\0\")\n\n```\n\0\n```";
        for source in [source.to_string(), format!("{RAW}{source}")] {
            let html = render(&source, None);
            assert!(!html.contains('\0'), "{html:?}");
            assert!(html.contains("tu"), "{html:?}");
        }
    }

    #[test]
    fn url_rules_are_the_sanitisers() {
        for kept in [
            "https://example.org",
            "HTTP://example.org",
            "mailto:a@example.org",
            "processes/a.html#x",
            "../x%20y.md",
            "#fn-1",
            "//example.org/x",
            "",
            "java%09script:alert(1)",
        ] {
            assert!(url_allowed(kept), "{kept:?}");
        }
        for dropped in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "\u{1}javascript:alert(1)",
            "vbscript:x",
            "data:text/html,x",
            "ftp://example.org",
            "file:///etc/passwd",
            "http://[::1",
        ] {
            assert!(!url_allowed(dropped), "{dropped:?}");
        }
    }

    #[test]
    fn headings_keep_only_their_id_and_generic_attributes() {
        let html = render("# H {#h .badge lang=et onclick=x TITLE=a}", None);
        assert_eq!(html, "<h3 id=\"h\" lang=\"et\" title=\"a\">H</h3>\n");
    }

    #[test]
    fn a_code_block_language_is_its_first_word() {
        let html = render("```rust\tbadge x\nfn\n```", None);
        assert!(
            html.starts_with("<pre><code class=\"language-rust\">"),
            "{html}"
        );
    }

    #[test]
    fn footnotes_are_numbered_in_order_of_mention() {
        let html = render("c[^a][^b][^a]\n\n[^b]: B\n\n[^a]: A", None);
        assert!(
            html.contains("href=\"#fn-a\" rel=\"noopener noreferrer\">1<"),
            "{html}"
        );
        assert!(
            html.contains("href=\"#fn-b\" rel=\"noopener noreferrer\">2<"),
            "{html}"
        );
        assert_eq!(html.matches(">1</a>").count(), 2, "{html}");
        assert!(
            html.contains(
                "<div class=\"footnote-definition\" id=\"fn-b\">\
                 <sup class=\"footnote-definition-label\">2</sup>"
            ),
            "{html}"
        );
        let html = render("![a *b*\nc `d`](x.png)", None);
        assert_eq!(html, "<p><img src=\"x.png\" alt=\"a b c d\"></p>\n");
    }
}
