//! What the preview adds to pages: the live-reload script tag, and the
//! page that stands in for the site when it cannot be built.

use std::fmt::Write as _;

use crate::diagnostic::report::{severity_word, summary_line, Sources};
use crate::diagnostic::{Diagnostic, Lang, Severity, Summary};
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

/// The panel the preview puts at the top of each page's `<main>` when the
/// site builds but has something to say: overdue reviews, warnings. It is
/// a `<details>` open by default, so one click on its summary folds it away
/// (no script needed). `None` when there is nothing to show. Built by the
/// preview only; `build` output never has it.
pub fn notice_panel(diagnostics: &[Diagnostic], lang: Lang) -> Option<String> {
    let shown: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| !d.is_accepted() && d.severity != Severity::Note)
        .collect();
    if shown.is_empty() {
        return None;
    }
    let overdue = shown
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = shown.len() - overdue;
    let mut html = String::from(
        "<div class=\"banner banner-version\" role=\"note\" id=\"procbook-preview-panel\"><div class=\"wrap\"><details open>",
    );
    let summary = match lang {
        Lang::En => format!("procbook serve: {overdue} overdue review(s), {warnings} warning(s) — the site is built; <code>procbook check</code> fails on overdue reviews"),
        Lang::Et => format!("procbook serve: tähtaja ületanud ülevaatamisi {overdue}, hoiatusi {warnings} — sait on ehitatud; <code>procbook check</code> annab tähtaja ületamise pärast vea"),
    };
    let _ = write!(html, "<summary>{summary}</summary><ul>");
    for d in shown {
        html.push_str("<li>");
        if let Some(loc) = &d.location {
            let _ = write!(html, "<code>{}:{}</code> ", escape(&loc.file), loc.line);
        }
        let _ = write!(
            html,
            "{} <code>[{}]</code>: {}",
            severity_word(d.severity, lang),
            escape(d.code),
            escape(&d.message)
        );
        html.push_str("</li>");
    }
    html.push_str("</ul></details></div></div>\n");
    Some(html)
}

/// `html` with `panel` right after its `<main …>` tag (or its `<body …>`
/// tag, or at the start), so it comes after the skip link and the header
/// in reading order.
pub fn inject_panel(html: &[u8], panel: &str) -> Vec<u8> {
    let at = ["<main", "<body"]
        .iter()
        .find_map(|tag| {
            let start = find_first_ignore_case(html, tag.as_bytes())?;
            let end = html[start..].iter().position(|&b| b == b'>')?;
            Some(start + end + 1)
        })
        .unwrap_or(0);
    let mut out = Vec::with_capacity(html.len() + panel.len() + 1);
    out.extend_from_slice(&html[..at]);
    out.push(b'\n');
    out.extend_from_slice(panel.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_first_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    (0..=haystack.len().checked_sub(needle.len())?)
        .find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
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

/// The default theme's icon as a `data:` address.
fn favicon_data_uri() -> String {
    let svg = include_str!("../../themes/default/static/favicon.svg").trim();
    let mut uri = String::from("data:image/svg+xml,");
    for c in svg.chars() {
        match c {
            '%' => uri.push_str("%25"),
            '#' => uri.push_str("%23"),
            '<' => uri.push_str("%3C"),
            '>' => uri.push_str("%3E"),
            '"' => uri.push('\''),
            c => uri.push(c),
        }
    }
    uri
}

/// The page shown instead of the site: `headline`, then `detail` and each
/// diagnostic with its place, code, message, source line and help.
/// The page is in `lang`, and its title names the number of errors only
/// when there are errors.
pub fn error_page(
    headline: &str,
    detail: &str,
    diagnostics: &[Diagnostic],
    sources: &Sources,
    lang: Lang,
) -> Vec<u8> {
    let summary = Summary::of(diagnostics);
    let mut html = String::new();
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n",
        lang.code()
    );
    html.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    html.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src data:; connect-src 'self'\">\n");
    // The icon travels inside the page: while the register is broken every
    // path answers with this page, /favicon.ico included.
    let _ = writeln!(html, "<link rel=\"icon\" href=\"{}\">", favicon_data_uri());
    let title = match (summary.errors, lang) {
        (0, _) => headline.to_string(),
        (n, Lang::En) => format!("{n} error(s) — {headline}"),
        (n, Lang::Et) => format!("vigu {n} — {headline}"),
    };
    let _ = writeln!(
        html,
        "<title>{} — procbook serve</title>\n<style>{STYLE}</style>\n</head>\n<body>",
        escape(&title)
    );
    let _ = writeln!(
        html,
        "<main>\n<h1>{}</h1>\n<p>{}</p>",
        escape(headline),
        escape(detail)
    );
    if !diagnostics.is_empty() {
        let _ = writeln!(html, "<p>{}:</p>\n<ol>", summary_line(&summary, lang));
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
                "<span class=\"{class}\">{}</span> <span class=\"code\">[{}]</span><br>{}",
                severity_word(d.severity, lang),
                escape(d.code),
                escape(&d.message)
            );
            if let Some(excerpt) = d
                .location
                .as_ref()
                .and_then(|l| excerpt(sources, &l.file, l.line, l.column))
            {
                let _ = write!(html, "\n<pre tabindex=\"0\">{}</pre>", escape(&excerpt));
            }
            if let Some(reason) = &d.accepted {
                let _ = write!(
                    html,
                    "\n<p class=\"help\">{}: {}</p>",
                    lang.pick(
                        "processes.yaml aktsepteerib selle",
                        "accepted in processes.yaml"
                    ),
                    escape(reason)
                );
            } else if let Some(help) = &d.help {
                let _ = write!(
                    html,
                    "\n<p class=\"help\">{}: {}</p>",
                    lang.pick("abi", "help"),
                    escape(help)
                );
            }
            html.push_str("</li>\n");
        }
        html.push_str("</ol>\n");
    }
    html.push_str("</main>\n</body>\n</html>\n");
    html.into_bytes()
}

/// The source line at `line` of `file` with a caret under `column`.
fn excerpt(sources: &Sources, file: &str, line: u32, column: u32) -> Option<String> {
    let (_, source) = sources.line(file, line)?;
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
        let page = String::from_utf8(error_page(
            "Broken",
            "the <register>",
            &[d],
            &sources,
            Lang::En,
        ))
        .unwrap();
        assert!(!page.contains("<script>alert"), "{page}");
        assert!(!page.contains("<img"), "{page}");
        assert!(page.contains("processes.yaml:2:3"));
        assert!(page.contains("[yaml/syntax]"));
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(page.contains("use &quot;quotes&quot; &amp; &lt;care&gt;"));
        assert!(page.contains("the &lt;register&gt;"));
    }
}
