//! The full sanitiser, for pages that hold raw HTML: ammonia parses the
//! HTML pulldown-cmark wrote and keeps only an allow-list of tags,
//! attributes and URL schemes.

use std::sync::OnceLock;

use crate::load::markdown::RESERVED_IDS;

/// The URL schemes links and images may use; any other absolute URL is
/// dropped, relative ones stay. Shared with the event-level cleaning
/// ([`super::clean`]), so both paths keep the same links.
pub(super) const URL_SCHEMES: &[&str] = &["http", "https", "mailto"];

/// The `rel` every link gets: a page opened from it cannot reach back
/// into the site through `window.opener`, nor learn where it came from.
pub(super) const LINK_REL: &str = "noopener noreferrer";

/// The classes a page may carry: those the Markdown renderer writes itself
/// (footnotes, a code block's language) and `note`, for a boxed remark.
/// Any other class could dress guidelines up as the site's own parts (the
/// version banner, a state badge, the skip link), so it is dropped.
pub(super) fn allowed_classes(value: &str) -> Option<std::borrow::Cow<'_, str>> {
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
            .url_schemes(URL_SCHEMES.iter().copied().collect())
            .link_rel(Some(LINK_REL))
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
