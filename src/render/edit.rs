//! "Edit" links from the site to the forge's web editor, made from
//! `settings.edit_url`: a template with `{path}` (the file, relative to the
//! site root) and `{line}` (1-based), e.g.
//! `https://gitlab.example.org/smit/register/-/edit/main/{path}#L{line}`.
//! A process page links to its entry in `processes.yaml` and to its
//! guidelines file; with no template there are no links.

use std::collections::HashMap;

use serde::Serialize;

use crate::load::REGISTER_FILE;
use crate::model::{edit_url_problem, Register};
use crate::model::{Page, PageTarget};

/// The edit links of one process page.
#[derive(Debug, Clone, Serialize)]
pub(super) struct EditLinks {
    /// The process's entry in `processes.yaml`.
    pub entry: String,
    /// Its guidelines file, when it has one.
    pub guidelines: Option<String>,
}

/// `template` with `{path}` and `{line}` filled in; the path's segments
/// percent-encoded so that any file name makes one valid address.
pub(super) fn fill(template: &str, path: &str, line: u64) -> String {
    let encoded: Vec<String> = path.split('/').map(encode_segment).collect();
    template
        .replace("{path}", &encoded.join("/"))
        .replace("{line}", &line.to_string())
}

fn encode_segment(segment: &str) -> String {
    let mut out = String::new();
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The edit links of every process, by process id; empty without
/// `settings.edit_url`.
pub(super) fn links<'a>(register: &'a Register, pages: &[Page]) -> HashMap<&'a str, EditLinks> {
    let Some(template) = register
        .settings
        .edit_url
        .as_ref()
        .map(|u| u.value.as_str())
    else {
        return HashMap::new();
    };
    // `check` reports a template that makes no address; the site then has
    // no edit links rather than broken ones.
    if edit_url_problem(template).is_some() {
        return HashMap::new();
    }
    let guidelines: HashMap<&str, &str> = pages
        .iter()
        // A folder's `index.md` is the page the process page shows.
        .filter(|page| matches!(page.part.as_deref(), None | Some("index")))
        .filter_map(|page| match &page.target {
            PageTarget::Process(id) => Some((id.as_str(), page.file.as_str())),
            PageTarget::Directive(_) => None,
        })
        .collect();
    register
        .processes
        .iter()
        .map(|process| {
            let id = process.id.value.as_str();
            // The entry starts on the line of its `- id:`.
            let entry = fill(template, REGISTER_FILE, process.id.referenced.line());
            let guidelines = guidelines.get(id).map(|file| fill(template, file, 1));
            (id, EditLinks { entry, guidelines })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_and_encodes() {
        assert_eq!(
            fill(
                "https://f.example/edit/main/{path}#L{line}",
                "content/processes/ä b.md",
                7
            ),
            "https://f.example/edit/main/content/processes/%C3%A4%20b.md#L7"
        );
        assert_eq!(
            fill("https://f.example/{path}", "processes.yaml", 3),
            "https://f.example/processes.yaml"
        );
    }
}
