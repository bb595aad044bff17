//! Escaping text for HTML and XML output, in one place for every writer
//! (templates, exports, feeds, reports and the live preview's error page).

/// Escapes text for HTML content and quoted attribute values. Unlike
/// Tera's default it leaves `/` alone, so URLs stay readable in the source.
pub(crate) fn html(text: &str) -> String {
    // Every value a template prints passes through here: copy the runs
    // between special characters whole rather than one character at a time.
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut start = 0;
    for (at, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[start..at]);
        out.push_str(entity);
        start = at + 1;
    }
    out.push_str(&text[start..]);
    out
}

/// Whether XML 1.0 cannot carry `c` at all, escaped or not.
fn outside_xml(c: char) -> bool {
    ((c as u32) < 0x20 && !matches!(c, '\n' | '\t' | '\r')) || matches!(c, '\u{fffe}' | '\u{ffff}')
}

/// Escapes text for XML content and attributes. Characters XML 1.0 cannot
/// carry at all (most controls, U+FFFE, U+FFFF) are written as `\u{..}`.
pub(crate) fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if outside_xml(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// `text` with the characters XML 1.0 cannot carry written as `\u{..}`, as
/// [`xml`] does, for a writer that does the entity escaping itself.
pub(crate) fn xml_chars(text: &str) -> String {
    if !text.chars().any(outside_xml) {
        return text.to_string();
    }
    text.chars()
        .map(|c| {
            if outside_xml(c) {
                format!("\\u{{{:x}}}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn html_escapes_markup_but_not_slashes() {
        assert_eq!(
            super::html(r#"<a href="x/y">'&'</a>"#),
            "&lt;a href=&quot;x/y&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn xml_drops_characters_xml_cannot_hold() {
        assert_eq!(super::xml("a\u{1}b\u{fffe}"), "a\\u{1}b\\u{fffe}");
        assert_eq!(super::xml_chars("<a\u{1}\tb>"), "<a\\u{1}\tb>");
    }
}
