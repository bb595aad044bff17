//! Guidelines kept as a folder: `content/processes/<id>/` holds an
//! `index.md`, further pages and sub-folders, and the images and PDFs they
//! show. Every page in the folder belongs to process `<id>`; its front
//! matter is optional and may give a `title`, a `weight` (pages are ordered
//! by weight, then title) and a `reviewed_on`.
//!
//! Files beside the pages (under `content/processes/` and
//! `content/directives/`) are published as they are, at the same path under
//! the site's `processes/` and `directives/`, if they are of a kind a
//! browser shows without running anything: images and PDF. Elsewhere under
//! `content/` they are left alone, so no file can take the place of one the
//! site makes itself (`assets/`, the favicon). An SVG is
//! shown through `<img>` only, but it is also a file on the site that a
//! reader could open directly, where its script would run on the site's
//! origin; so an SVG that could run script or load anything is refused.

use crate::diagnostic::Diagnostic;
use crate::fs::decode;

/// The folder under `content/` that holds guidelines.
const PROCESSES: &str = "content/processes/";

/// File types published beside the pages, by lower-case extension.
pub(super) const ASSET_TYPES: &[&str] = &["png", "jpg", "jpeg", "gif", "webp", "svg", "pdf"];

/// For a page in a guidelines folder, the process id (the folder's name)
/// and the page's path in the folder without `.md`, e.g.
/// `content/processes/x/juhend/a.md` → `("x", "juhend/a")`.
pub fn folder_page(file: &str) -> Option<(&str, &str)> {
    let rest = file.strip_prefix(PROCESSES)?;
    let (id, part) = rest.split_once('/')?;
    Some((id, part.strip_suffix(".md")?))
}

/// Where files beside the pages are published from.
const ASSET_FOLDERS: &[&str] = &["content/processes/", "content/directives/"];

/// Whether the file at this path (from the site root) is published beside
/// the pages.
pub fn is_asset(file: &str) -> bool {
    ASSET_FOLDERS.iter().any(|folder| file.starts_with(folder)) && is_asset_type(file)
}

/// Whether a file of this name is of a type published beside the pages.
pub fn is_asset_type(file: &str) -> bool {
    extension(file).is_some_and(|e| ASSET_TYPES.contains(&e.as_str()))
}

fn extension(file: &str) -> Option<String> {
    let name = file.rsplit('/').next()?;
    let (_, ext) = name.rsplit_once('.')?;
    Some(ext.to_ascii_lowercase())
}

/// Checks an asset's content; returns why it may not be published.
pub fn check_asset(file: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
    if extension(file).as_deref() != Some("svg") {
        return Ok(());
    }
    let text = decode(bytes.to_vec(), file)?;
    match unsafe_svg(&text) {
        None => Ok(()),
        Some((at, what)) => {
            let before = &text[..at];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            Err(Diagnostic::error(
                "content/unsafe-svg",
                format!("{file} contains {what}, which could run script or load from elsewhere"),
            )
            .at(file, line as u64, column as u64)
            .help("export the drawing again as a plain SVG (no scripts, event handlers, links, entities or embedded content), or as PNG")
            .et(
                format!("{file} sisaldab {what}, mis võiks käivitada skripti või laadida mujalt"),
                "ekspordi joonis uuesti lihtsa SVG-na (ilma skriptide, sündmusekäsitlejate, linkide, olemite ja manustatud sisuta) või PNG-na",
            ))
        }
    }
}

/// Where in an SVG's text something that can run script or fetch appears,
/// and what it is. Conservative: a plain drawing passes, anything that
/// might act is refused, including character references (`&#…;`), which
/// could spell `javascript:` past a simpler check, and entity declarations,
/// which could spell elements.
fn unsafe_svg(text: &str) -> Option<(usize, &'static str)> {
    const DENIED: &[(&str, &str)] = &[
        ("<script", "a <script> element"),
        ("<foreignobject", "a <foreignObject> element"),
        ("<iframe", "an <iframe> element"),
        ("<embed", "an <embed> element"),
        ("<object", "an <object> element"),
        ("<handler", "a <handler> element"),
        ("<listener", "a <listener> element"),
        ("<!entity", "an entity declaration"),
        ("<!doctype", "a document type declaration"),
        ("<?xml-stylesheet", "a style sheet instruction"),
        ("javascript:", "a javascript: address"),
        ("vbscript:", "a vbscript: address"),
        ("data:", "a data: address"),
        ("&#", "a character reference"),
        ("@import", "a style sheet import"),
    ];
    let lower = text.to_ascii_lowercase();
    let mut found: Option<(usize, &str)> = DENIED
        .iter()
        .filter_map(|(needle, what)| lower.find(needle).map(|at| (at, *what)))
        .min_by_key(|(at, _)| *at);
    // Event handler attributes: whitespace, `on`, letters, `=`.
    let bytes = lower.as_bytes();
    for (at, _) in lower.match_indices("on") {
        if at == 0 || !(bytes[at - 1].is_ascii_whitespace() || bytes[at - 1] == b'/') {
            continue;
        }
        let mut end = at + 2;
        while end < bytes.len() && bytes[end].is_ascii_alphabetic() {
            end += 1;
        }
        if end == at + 2 {
            continue;
        }
        while end < bytes.len() && bytes[end].is_ascii_whitespace() {
            end += 1;
        }
        if bytes.get(end) == Some(&b'=') {
            if found.is_none_or(|(f, _)| at < f) {
                found = Some((at, "an event handler attribute"));
            }
            break;
        }
    }
    // `href` may point only inside the drawing (`#id`).
    for (at, _) in lower.match_indices("href") {
        let rest = lower[at + 4..].trim_start();
        let Some(value) = rest.strip_prefix('=') else {
            continue;
        };
        let value = value.trim_start().trim_start_matches(['"', '\'']);
        if !value.starts_with('#') && found.is_none_or(|(f, _)| at < f) {
            found = Some((at, "a link to outside the drawing"));
        }
    }
    // Style may refer only inside the drawing too: `url(#id)`.
    for (at, _) in lower.match_indices("url(") {
        let value = lower[at + 4..].trim_start().trim_start_matches(['"', '\'']);
        if !value.starts_with('#') && found.is_none_or(|(f, _)| at < f) {
            found = Some((at, "a style address outside the drawing"));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_pages_name_their_process() {
        assert_eq!(
            folder_page("content/processes/x/index.md"),
            Some(("x", "index"))
        );
        assert_eq!(
            folder_page("content/processes/x/a/b.md"),
            Some(("x", "a/b"))
        );
        assert_eq!(folder_page("content/processes/x.md"), None);
        assert_eq!(folder_page("content/directives/d/a.md"), None);
    }

    #[test]
    fn plain_drawings_pass_and_active_ones_are_refused() {
        let plain = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><defs><g id=\"a\"/></defs><use href=\"#a\"/><rect width=\"5\" height=\"5\" fill=\"red\"/><text>Sündmus on kõik</text></svg>";
        assert_eq!(unsafe_svg(plain), None, "{plain}");
        let gradient = "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"><linearGradient id=\"g\"/><rect fill=\"url(#g)\" style=\"fill: url( '#g')\"/><use xlink:href=\"#g\"/></svg>";
        assert_eq!(unsafe_svg(gradient), None, "{gradient}");
        for bad in [
            "<svg><script>alert(1)</script></svg>",
            "<svg><SCRIPT>alert(1)</SCRIPT></svg>",
            "<svg onload=\"alert(1)\"></svg>",
            "<svg><rect\nonclick = \"x\"/></svg>",
            "<svg/onload=alert(1)>",
            "<svg><a href=\"javascript:alert(1)\"><text>x</text></a></svg>",
            "<svg><a href=\"&#106;avascript:alert(1)\">x</a></svg>",
            "<svg><use href=\"other.svg#a\"/></svg>",
            "<svg><image xlink:href = 'x.png'/></svg>",
            "<!DOCTYPE svg [<!ENTITY x \"<script>\">]><svg>&x;</svg>",
            "<svg><foreignObject><div/></foreignObject></svg>",
            "<svg><set attributeName=\"href\" to=\"javascript:alert(1)\"/></svg>",
            "<svg><style>@import 'x.css';</style></svg>",
            "<svg><rect style=\"fill: url(https://example.org/x)\"/></svg>",
        ] {
            assert!(unsafe_svg(bad).is_some(), "{bad}");
        }
    }
}
