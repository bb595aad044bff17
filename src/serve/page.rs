//! What the preview adds to pages: the live-reload script tag, and the
//! page that stands in for the site when it cannot be built.

use std::fmt::Write as _;

use crate::diagnostic::report::Sources;
use crate::diagnostic::{Diagnostic, Summary};
use crate::escape::html as escape;

use super::route::LIVE_SCRIPT_PATH;

/// The script tag that loads the live-reload script. Root-relative, so it
/// works on every page, under the sub-path and on the 404 page at any
/// depth; external and same-origin, so the pages' `script-src 'self'`
/// allows it.
pub fn live_script_tag(version: u64) -> String {
    format!(r#"<script src="{LIVE_SCRIPT_PATH}?v={version}"></script>"#)
}

/// `html` with the live-reload script before its last `</body>` (or at the
/// end when it has none).
pub fn inject_live_script(html: &[u8], version: u64) -> Vec<u8> {
    let tag = live_script_tag(version);
    let at = find_last_ignore_case(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len() + 1);
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.push(b'\n');
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    (0..=haystack.len().checked_sub(needle.len())?)
        .rev()
        .find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

const STYLE: &str = "body{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1a1a1a}\
h1{font-size:1.5rem;color:#a4000f}ol{padding-left:1.25rem}li{margin:0 0 1.25rem}\
.where{font-family:ui-monospace,monospace;font-weight:600}.code{font-family:ui-monospace,monospace;color:#555}\
.error{color:#a4000f}.warning{color:#8a5300}.note{color:#1f4e8c}\
pre{background:#f4f4f4;padding:.5rem .75rem;overflow-x:auto;margin:.25rem 0}.help{margin:.25rem 0}";

/// The page shown instead of the site: `headline`, then `detail` and each
/// diagnostic with its place, code, message, source line and help.
pub fn error_page(
    headline: &str,
    detail: &str,
    diagnostics: &[Diagnostic],
    sources: &Sources,
) -> Vec<u8> {
    let summary = Summary::of(diagnostics);
    let mut html = String::new();
    html.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    html.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    html.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'\">\n");
    let _ = writeln!(
        html,
        "<title>{} — procbook serve</title>\n<style>{STYLE}</style>\n</head>\n<body>",
        escape(headline)
    );
    let _ = writeln!(
        html,
        "<main>\n<h1>{}</h1>\n<p>{}</p>",
        escape(headline),
        escape(detail)
    );
    if !diagnostics.is_empty() {
        let _ = writeln!(
            html,
            "<p>{} error(s), {} warning(s), {} note(s):</p>\n<ol>",
            summary.errors, summary.warnings, summary.notes
        );
        for d in diagnostics {
            html.push_str("<li>");
            if let Some(loc) = &d.location {
                let _ = write!(
                    html,
                    "<span class=\"where\">{}:{}:{}</span> ",
                    escape(&loc.file),
                    loc.line,
                    loc.column
                );
            }
            let class = d.severity.as_str();
            let _ = write!(
                html,
                "<span class=\"{class}\">{class}</span> <span class=\"code\">[{}]</span><br>{}",
                escape(d.code),
                escape(&d.message)
            );
            if let Some(excerpt) = d
                .location
                .as_ref()
                .and_then(|l| excerpt(sources.get(&l.file)?, l.line, l.column))
            {
                let _ = write!(html, "\n<pre tabindex=\"0\">{}</pre>", escape(&excerpt));
            }
            if let Some(help) = &d.help {
                let _ = write!(html, "\n<p class=\"help\">help: {}</p>", escape(help));
            }
            html.push_str("</li>\n");
        }
        html.push_str("</ol>\n");
    }
    html.push_str("</main>\n</body>\n</html>\n");
    html.into_bytes()
}

/// The source line at `line` with a caret under `column`.
fn excerpt(text: &str, line: u32, column: u32) -> Option<String> {
    let source = text
        .lines()
        .nth(usize::try_from(line).ok()?.checked_sub(1)?)?;
    let pad: String = source
        .chars()
        .take(column.saturating_sub(1) as usize)
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    Some(format!("{line:>4} | {source}\n     | {pad}^"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_before_the_last_body_end() {
        let html = b"<p>x</p></BODY></html>";
        let out = String::from_utf8(inject_live_script(html, 7)).unwrap();
        assert_eq!(
            out,
            "<p>x</p><script src=\"/__procbook/live.js?v=7\"></script>\n</BODY></html>"
        );
        assert!(String::from_utf8(inject_live_script(b"plain", 1))
            .unwrap()
            .ends_with("</script>\n"));
    }

    #[test]
    fn error_page_escapes() {
        let d = Diagnostic::error("yaml/syntax", "bad <script>alert(1)</script>")
            .at("processes.yaml", 2, 3)
            .help("use \"quotes\" & <care>");
        let mut sources = Sources::default();
        sources.insert("processes.yaml", "a: 1\nb: <img onerror=x>\n");
        let page =
            String::from_utf8(error_page("Broken", "the <register>", &[d], &sources)).unwrap();
        assert!(!page.contains("<script>alert"), "{page}");
        assert!(!page.contains("<img"), "{page}");
        assert!(page.contains("processes.yaml:2:3"));
        assert!(page.contains("[yaml/syntax]"));
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(page.contains("use &quot;quotes&quot; &amp; &lt;care&gt;"));
        assert!(page.contains("the &lt;register&gt;"));
    }
}
