//! How deep a page's elements nest, and the shallow form of a page that
//! nests too deep. The sanitiser's HTML parser spends time in proportion
//! to the depth on every tag, and a browser builds what it is given.

use pulldown_cmark::Event;

/// Elements may nest this deep in a page's HTML before the page is
/// flattened. The sanitiser's HTML parser spends time in proportion to the
/// depth on every tag, so 100,000 nested `>` or `<div>` took minutes to
/// clean; real guidelines nest a few levels.
pub(super) const MAX_NESTING: usize = 100;
/// Levels of Markdown structure a flattened page keeps; each level writes
/// at most three elements, so a flattened page stays under [`MAX_NESTING`].
const FLAT_NESTING: usize = 30;

/// Whether the cleaned HTML of `events`, which hold no raw HTML, is sure
/// to nest no deeper than [`MAX_NESTING`]: each level of events opens at
/// most three elements, and a footnote mark, closed at once, two more.
pub(super) fn shallow(events: &[Event]) -> bool {
    let mut depth = 0usize;
    let mut deepest = 0usize;
    for event in events {
        match event {
            Event::Start(_) => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest * 3 + 2 <= MAX_NESTING
}

/// The events of a page that nests too deep, made shallow: raw HTML is
/// shown as text, and structure below [`FLAT_NESTING`] levels is dropped
/// (its text stays).
pub(super) fn flatten<'a>(events: Vec<Event<'a>>) -> impl Iterator<Item = Event<'a>> {
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
pub(super) fn too_deep(html: &str) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
