//! `assets/search-index.js`: what the search page searches. A script rather
//! than JSON so that the page works when opened from disk, where browsers
//! refuse to fetch files.
//!
//! Each process carries its names, owner, goals and outcomes, and the title
//! and address of each page of its guidelines. The plain text of those
//! pages (Markdown removed, spaces collapsed), which is most of the bytes,
//! is in separate scripts, `assets/search-text-<n>.js`, of [`SHARD`]
//! processes each, which the search page loads on the first search only;
//! so the page itself stays light however long the guidelines are. With
//! the text, a result can say on which page a word was found and show it
//! in context. Folding (lower case, no diacritics) is left to the script:
//! storing folded copies would double the text.

use std::collections::BTreeMap;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde::Serialize;

use super::guides::{page_title, published_path};
use super::views::ProcessView;
use super::{paths, OutputFile};
use crate::load::markdown::{url_path, OPTIONS};
use crate::model::Page;

/// Processes per file of guideline text.
pub const SHARD: usize = 250;

/// One page of a process's guidelines, in the index.
#[derive(Serialize)]
struct IndexedPage {
    /// Title.
    t: String,
    /// Address from the language root.
    u: String,
}

/// One process in the index.
#[derive(Serialize)]
struct Entry<'a> {
    id: &'a str,
    name: &'a str,
    name_en: Option<&'a str>,
    owner: Option<String>,
    url: &'a str,
    /// Goals and outcomes.
    text: String,
    /// Its guidelines, the process page's own first.
    pages: Vec<IndexedPage>,
    /// The file of guideline text (`search-text-<s>.js`) holding its pages'
    /// text, under its id, in the same order; absent when it has no
    /// guidelines.
    #[serde(skip_serializing_if = "Option::is_none")]
    s: Option<usize>,
}

/// The plain text of Markdown: text and code, blocks separated by a space,
/// runs of white space made one space.
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    // Whether the text so far ends in a space (or is empty): white space
    // is collapsed as it is written, rather than split and joined after.
    let mut spaced = true;
    fn space(out: &mut String, spaced: &mut bool) {
        if !*spaced {
            out.push(' ');
            *spaced = true;
        }
    }
    for event in Parser::new_ext(markdown, OPTIONS) {
        match event {
            Event::Text(t) | Event::Code(t) => {
                for (n, word) in t.split_whitespace().enumerate() {
                    if n > 0 || t.starts_with(char::is_whitespace) {
                        space(&mut out, &mut spaced);
                    }
                    out.push_str(word);
                    spaced = false;
                }
                if t.ends_with(char::is_whitespace) {
                    space(&mut out, &mut spaced);
                }
            }
            Event::SoftBreak | Event::HardBreak | Event::Rule => space(&mut out, &mut spaced),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell,
            )
            | Event::Start(Tag::Item) => space(&mut out, &mut spaced),
            _ => {}
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// The index of `processes` (views in one language) and the files of
/// guideline text; `pages_of` gives the guideline pages of a process in the
/// order the site shows them.
pub fn search_index<'a>(
    processes: &[ProcessView],
    pages_of: impl Fn(&str) -> Vec<&'a Page>,
) -> Vec<OutputFile> {
    // The text of each shard's pages, by process id.
    let mut texts: Vec<BTreeMap<&str, Vec<String>>> = Vec::new();
    let entries: Vec<Entry> = processes
        .iter()
        .enumerate()
        .map(|(n, p)| {
            let mut text: Vec<&str> = p.goals.iter().map(String::as_str).collect();
            text.extend(p.outcomes.iter().map(String::as_str));
            let (guideline_pages, page_texts): (Vec<IndexedPage>, Vec<String>) = pages_of(&p.id)
                .into_iter()
                .map(|page| {
                    let indexed = IndexedPage {
                        t: page_title(page),
                        u: url_path(&published_path(&p.id, page.part.as_deref())),
                    };
                    (indexed, plain_text(&page.body))
                })
                .filter(|(_, text)| !text.is_empty())
                .unzip();
            let shard = n / SHARD;
            let s = (!page_texts.is_empty()).then_some(shard);
            if s.is_some() {
                if texts.len() <= shard {
                    texts.resize_with(shard + 1, BTreeMap::new);
                }
                texts[shard].insert(&p.id, page_texts);
            }
            Entry {
                id: &p.id,
                name: &p.name,
                name_en: p.name_en.as_deref(),
                owner: p
                    .owner
                    .as_ref()
                    .map(|o| format!("{} {}", o.name, o.unit_label)),
                url: &p.url,
                text: text.join(" "),
                pages: guideline_pages,
                s,
            }
        })
        .collect();
    let json = serde_json::to_string(&entries).unwrap_or_else(|_| "[]".to_string());
    let mut files = vec![OutputFile {
        path: paths::SEARCH_INDEX.to_string(),
        bytes: format!("window.procbookSearchIndex = {json};\n").into_bytes(),
    }];
    // A file only where some process of the shard has guidelines.
    for (n, shard) in texts.iter().enumerate() {
        if shard.is_empty() {
            continue;
        }
        let json = serde_json::to_string(shard).unwrap_or_else(|_| "[]".to_string());
        files.push(OutputFile {
            path: paths::search_text(n),
            bytes: format!(
                "(window.procbookSearchText = window.procbookSearchText || {{}})[{n}] = {json};\n"
            )
            .into_bytes(),
        });
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_plain_text() {
        assert_eq!(
            plain_text("# Pealkiri\n\nEsimene *rõhutatud* lõik\nja `kood`.\n\n- üks\n- kaks\n\n[Link](x.md) siin."),
            "Pealkiri Esimene rõhutatud lõik ja kood. üks kaks Link siin."
        );
        // White space of every kind, at the edges and in runs, is one
        // space between words, as `split_whitespace` and `join` made it.
        for source in [
            "",
            "   ",
            "\u{a0}a\u{2003}\u{2003}b\u{a0}",
            "a `  b  ` c",
            "# x\n\n\n- y\n-  z  \n\n| a | b |\n|-|-|\n|  1 | 2  |\n",
            "a  \nb\\\nc\n\n---\n\nd",
            "*a*b **c** d_e_ [f](g)h\u{3000}",
        ] {
            // The former implementation: all text, then split and joined.
            let joined = {
                let mut loose = String::new();
                for event in Parser::new_ext(source, OPTIONS) {
                    match event {
                        Event::Text(t) | Event::Code(t) => loose.push_str(&t),
                        Event::SoftBreak | Event::HardBreak | Event::Rule => loose.push(' '),
                        Event::End(
                            TagEnd::Paragraph
                            | TagEnd::Heading(_)
                            | TagEnd::Item
                            | TagEnd::TableCell,
                        )
                        | Event::Start(Tag::Item) => loose.push(' '),
                        _ => {}
                    }
                }
                loose.split_whitespace().collect::<Vec<_>>().join(" ")
            };
            assert_eq!(plain_text(source), joined, "{source:?}");
        }
    }
}
