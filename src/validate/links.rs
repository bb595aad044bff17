//! Links in content pages lead somewhere: to another page (by its `.md`
//! file, or a process or directive by id: `process:<id>`,
//! `directive:<id>`), to an image or PDF beside the pages, and to an
//! `#anchor` the target page has. A missing target is an error at the
//! link, with the nearest existing target as a suggestion.
//!
//! Addresses outside the site are collected for `check --links`, never
//! fetched here.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::load::markdown::{outline, target, Link, Outline, Target, RESERVED_IDS};
use crate::load::REGISTER_FILE;
use crate::model::did_you_mean;
use crate::model::Register;
use crate::model::{Page, PageTarget, Site};

/// Broken links per page that get a "did you mean".
const MAX_SUGGESTIONS: usize = 50;

/// An address outside the site, where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutsideLink {
    /// The address as written.
    pub url: String,
    /// The file it is written in, relative to the site root.
    pub file: String,
    /// Its line in that file.
    pub line: u64,
    /// Its column in that line.
    pub column: u64,
}

/// Lines and columns of offsets in a page's body, asked for in increasing
/// order: each question reads only the text since the last one, so a page
/// of many links on one long line costs no more than its length.
struct Positions<'a> {
    body: &'a str,
    /// Where the last answer was, and its line and column.
    offset: usize,
    line: u64,
    column: u64,
}

impl<'a> Positions<'a> {
    fn new(page: &'a Page) -> Self {
        Positions {
            body: &page.body,
            offset: 0,
            line: page.body_line + 1,
            column: 1,
        }
    }

    /// Line and column (1-based, in characters) of `offset`.
    fn at(&mut self, offset: usize) -> (u64, u64) {
        let offset = offset.min(self.body.len());
        if offset < self.offset {
            // Out of order (not seen from one parse): count from the start.
            self.line -= self.body[..self.offset].matches('\n').count() as u64;
            self.offset = 0;
            self.column = 1;
        }
        if let Some(between) = self.body.get(self.offset..offset) {
            for c in between.chars() {
                if c == '\n' {
                    self.line += 1;
                    self.column = 1;
                } else {
                    self.column += 1;
                }
            }
            self.offset = offset;
        }
        (self.line, self.column)
    }
}

/// `to` written relative to the folder of `from` (both under the root).
fn relative(from: &str, to: &str) -> String {
    let from: Vec<&str> = from.split('/').collect();
    let to: Vec<&str> = to.split('/').collect();
    let dir = &from[..from.len() - 1];
    let common = dir.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts = vec![".."; dir.len() - common];
    parts.extend(&to[common..]);
    parts.join("/")
}

/// What links are checked against.
struct Targets<'a> {
    outlines: HashMap<&'a str, Outline>,
    assets: HashSet<&'a str>,
    /// The page shown as each process's page, and each directive's text.
    process_page: HashMap<&'a str, &'a str>,
    directive_page: HashMap<&'a str, &'a str>,
    processes: HashSet<&'a str>,
    directives: HashSet<&'a str>,
}

impl<'a> Targets<'a> {
    fn new(site: &'a Site, register: &'a Register) -> Self {
        let outlines = site
            .pages
            .par_iter()
            .map(|p| (p.file.as_str(), outline(&p.body)))
            .collect();
        let mut process_page = HashMap::new();
        let mut directive_page = HashMap::new();
        for page in &site.pages {
            match (&page.target, page.part.as_deref()) {
                (PageTarget::Process(id), None | Some("index")) => {
                    process_page.insert(id.as_str(), page.file.as_str());
                }
                (PageTarget::Directive(id), _) => {
                    directive_page.insert(id.as_str(), page.file.as_str());
                }
                _ => {}
            }
        }
        Targets {
            outlines,
            assets: site.assets.iter().map(|a| a.file.as_str()).collect(),
            process_page,
            directive_page,
            processes: register
                .processes
                .iter()
                .map(|p| p.id.value.as_str())
                .collect(),
            directives: register
                .directives
                .iter()
                .map(|d| d.id.value.as_str())
                .collect(),
        }
    }

    /// Whether page `file` (or the template around it) has the id.
    fn has_anchor(&self, file: Option<&str>, anchor: &str) -> bool {
        let anchor = crate::load::markdown::percent_decode(anchor);
        RESERVED_IDS.contains(&anchor.as_str())
            || file
                .and_then(|f| self.outlines.get(f))
                .is_some_and(|o| o.ids.contains(&anchor))
    }

    /// Help for a missing anchor; with `suggest`, the nearest id.
    fn anchor_help(&self, file: Option<&str>, anchor: &str, suggest: bool) -> String {
        let ids = file
            .filter(|_| suggest)
            .and_then(|f| self.outlines.get(f))
            .map(|o| &o.ids);
        match ids.and_then(|ids| did_you_mean(anchor, ids.iter().map(String::as_str))) {
            Some(best) => format!("did you mean `#{best}`?"),
            None => "link to a heading's id: its text in lower case with hyphens, e.g. `#kuidas-alustada` for \"Kuidas alustada\"".to_string(),
        }
    }
}

/// Checks every link in every page; returns the outside addresses found.
pub fn check(site: &Site, register: &Register, out: &mut Vec<Diagnostic>) -> Vec<OutsideLink> {
    let targets = Targets::new(site, register);
    let mut outside = Vec::new();
    let known_files: Vec<&str> = targets
        .outlines
        .keys()
        .copied()
        .chain(targets.assets.iter().copied())
        .collect();
    for page in &site.pages {
        let Some(outline) = targets.outlines.get(page.file.as_str()) else {
            continue;
        };
        let mut positions = Positions::new(page);
        // A suggestion compares with every file: only for the first few
        // broken links of a page, so a page of thousands costs no more
        // than its length.
        let mut suggest = MAX_SUGGESTIONS;
        for link in &outline.links {
            let (line, column) = positions.at(link.range.start);
            let place = Place {
                file: &page.file,
                line,
                column,
                record: match &page.target {
                    PageTarget::Process(id) => Some(id.as_str()),
                    PageTarget::Directive(_) => None,
                },
            };
            match targets.follow(&place, link, &known_files, &mut suggest) {
                Followed::Fine => {}
                Followed::Outside(url) => outside.push(OutsideLink {
                    url,
                    file: page.file.clone(),
                    line,
                    column,
                }),
                Followed::Broken(d) => out.push(d),
            }
        }
    }
    outside
}

/// Where a link is written.
struct Place<'a> {
    file: &'a str,
    line: u64,
    column: u64,
    /// The process whose guidelines hold the link.
    record: Option<&'a str>,
}

impl Place<'_> {
    /// `d` placed here, and about the process whose page this is.
    fn mark(&self, d: Diagnostic) -> Diagnostic {
        let d = d.at(self.file, self.line, self.column);
        match self.record {
            Some(id) => d.record(id),
            None => d,
        }
    }
}

/// What following one link found.
enum Followed {
    Fine,
    Outside(String),
    Broken(Diagnostic),
}

impl Targets<'_> {
    /// Follows `link`, written at `place`; `suggest` is how many more
    /// "did you mean" among files this page may have.
    fn follow(
        &self,
        place: &Place,
        link: &Link,
        known_files: &[&str],
        suggest: &mut usize,
    ) -> Followed {
        let broken = |message: String, help: String, message_et: String, help_et: String| {
            Followed::Broken(
                place.mark(
                    Diagnostic::error("links/broken", message)
                        .help(help)
                        .et(message_et, help_et),
                ),
            )
        };
        let anchor_in = |file: Option<&str>, anchor: &str, suggest: &mut usize| {
            if self.has_anchor(file, anchor) {
                Followed::Fine
            } else {
                let help = self.anchor_help(file, anchor, take_suggestion(suggest));
                Followed::Broken(missing_anchor(place, &link.dest, help))
            }
        };
        let what = if link.image { "image" } else { "link" };
        let what_et = if link.image { "pilt" } else { "link" };
        match target(place.file, &link.dest) {
            Target::Outside(url) if url.starts_with("http://") || url.starts_with("https://") => {
                Followed::Outside(url.to_string())
            }
            Target::Outside(_) => Followed::Fine,
            Target::Escapes(dest) => broken(
                format!("the {what} `{dest}` leads outside content/"),
                "link to pages and files under content/ with a relative path, or to a process or directive by id (`process:<id>`, `directive:<id>`)".to_string(),
                format!("{what_et} `{dest}` viib content/ kaustast välja"),
                "viita content/ all olevatele lehtedele ja failidele suhtelise teega või protsessile või käskkirjale id järgi (`process:<id>`, `directive:<id>`)".to_string(),
            ),
            Target::Anchor(anchor) => anchor_in(Some(place.file), anchor, suggest),
            Target::Process(id, anchor) | Target::Directive(id, anchor) => {
                let (known, pages, kind) = if link.dest.starts_with("process:") {
                    (&self.processes, &self.process_page, "process")
                } else {
                    (&self.directives, &self.directive_page, "directive")
                };
                if !known.contains(id) {
                    let nearest = take_suggestion(suggest)
                        .then(|| did_you_mean(id, known.iter().copied()))
                        .flatten();
                    let kind_et = if kind == "process" { "protsessi" } else { "käskkirja" };
                    let (help, help_et) = match nearest {
                        Some(best) => (
                            format!("did you mean `{kind}:{best}`?"),
                            format!("kas mõtlesid `{kind}:{best}`?"),
                        ),
                        None => (
                            format!("use the id of a {kind} in {REGISTER_FILE}"),
                            format!("kasuta {kind_et} id-d failist {REGISTER_FILE}"),
                        ),
                    };
                    return broken(
                        format!("the {what} `{}` names {kind} `{id}`, which is not in the register", link.dest),
                        help,
                        format!("{what_et} `{}` nimetab {kind_et} `{id}`, keda registris ei ole", link.dest),
                        help_et,
                    );
                }
                match anchor {
                    Some(anchor) => anchor_in(pages.get(id).copied(), anchor, suggest),
                    None => Followed::Fine,
                }
            }
            Target::File(file, anchor) => {
                let is_page = self.outlines.contains_key(file.as_str());
                if !is_page && !self.assets.contains(file.as_str()) {
                    let nearest = take_suggestion(suggest)
                        .then(|| did_you_mean(&file, known_files.iter().copied()))
                        .flatten();
                    let (help, help_et) = match nearest {
                        Some(best) => (
                            format!("did you mean `{}`?", relative(place.file, best)),
                            format!("kas mõtlesid `{}`?", relative(place.file, best)),
                        ),
                        None => (
                            "link to a Markdown page or an image or PDF under content/ (the path is relative to this page's folder)".to_string(),
                            "viita Markdown-lehele, pildile või PDF-ile content/ all (tee on suhteline selle lehe kausta suhtes)".to_string(),
                        ),
                    };
                    return broken(
                        format!("the {what} `{}` leads to {file}, which is not a page or published file", link.dest),
                        help,
                        format!("{what_et} `{}` viib failini {file}, mis ei ole leht ega avaldatav fail", link.dest),
                        help_et,
                    );
                }
                match (is_page, anchor) {
                    (true, Some(anchor)) => anchor_in(Some(&file), anchor, suggest),
                    _ => Followed::Fine,
                }
            }
        }
    }
}

/// Whether one more "did you mean" may be computed, counting it.
fn take_suggestion(left: &mut usize) -> bool {
    match left.checked_sub(1) {
        Some(rest) => {
            *left = rest;
            true
        }
        None => false,
    }
}

fn missing_anchor(place: &Place, dest: &str, help: String) -> Diagnostic {
    // The help names headings and ids, which read the same in Estonian.
    let help_et = match help.strip_prefix("did you mean ") {
        Some(rest) => format!("kas mõtlesid {rest}"),
        None => "viita pealkirja id-le: selle tekst väiketähtedega ja sidekriipsudega, nt `#kuidas-alustada` pealkirjale „Kuidas alustada“".to_string(),
    };
    place.mark(
        Diagnostic::error(
            "links/missing-anchor",
            format!("the link `{dest}` points at an anchor its page does not have"),
        )
        .help(help)
        .et(
            format!("link `{dest}` viitab ankrule, mida tema lehel ei ole"),
            help_et,
        ),
    )
}

/// Every outside address: in the pages (found by [`check`]) and the
/// register's documentation addresses, in file order.
pub fn outside_links(site: &Site, register: &Register) -> Vec<OutsideLink> {
    let mut ignored = Vec::new();
    let mut links = check(site, register, &mut ignored);
    let spaces = register.wiki_spaces.iter().filter_map(|s| s.url.as_ref());
    let docs = register
        .processes
        .iter()
        .filter_map(|p| p.documentation.as_ref().and_then(|d| d.url.as_ref()));
    for url in spaces.chain(docs) {
        if url.value.starts_with("http://") || url.value.starts_with("https://") {
            links.push(OutsideLink {
                url: url.value.clone(),
                file: REGISTER_FILE.to_string(),
                line: url.referenced.line(),
                column: url.referenced.column(),
            });
        }
    }
    links.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    links
}

#[cfg(test)]
mod tests {
    use super::{check, relative, Positions};
    use crate::diagnostic::Diagnostic;
    use crate::load::parse_page_text;
    use crate::model::{Asset, Page, PageTarget, Site};
    use crate::validate::testing::{codes, register, VALID};

    /// The valid register with `pages` (file, text) and the asset
    /// `content/processes/flow.svg`; the diagnostics and outside links.
    fn found(pages: &[(&str, &str)]) -> (Vec<Diagnostic>, Vec<String>) {
        let register = register(VALID);
        let site = Site {
            root: ".".into(),
            register: None,
            pages: pages
                .iter()
                .map(|(file, text)| parse_page_text(file, text).expect("the page parses"))
                .collect(),
            assets: vec![Asset {
                file: "content/processes/flow.svg".into(),
                bytes: b"<svg/>".to_vec(),
            }],
            sources: Default::default(),
        };
        let mut out = Vec::new();
        let outside = check(&site, &register, &mut out);
        (out, outside.into_iter().map(|o| o.url).collect())
    }

    const GUIDE: &str = "content/processes/alpha.md";

    fn guide(body: &str) -> String {
        format!("---\nprocess: alpha\n---\n# Steps\n\n{body}\n")
    }

    #[test]
    fn links_to_pages_ids_assets_and_anchors_that_exist_pass() {
        let text = guide(
            "[a](#steps) [b](process:alpha#steps) [c](directive:dir-2025) \
             [d](alpha.md) ![e](flow.svg) [f](https://example.org/x)",
        );
        let (found, outside) = found(&[(GUIDE, &text)]);
        assert!(found.is_empty(), "{found:?}");
        assert_eq!(outside, ["https://example.org/x"]);
    }

    #[test]
    fn a_missing_target_or_anchor_is_an_error_at_the_link() {
        for (link, code, suggestion) in [
            ("[x](process:alpah)", "links/broken", "process:alpha"),
            (
                "[x](directive:dir-2052)",
                "links/broken",
                "directive:dir-2025",
            ),
            ("[x](alhpa.md)", "links/broken", "alpha.md"),
            ("![x](flwo.svg)", "links/broken", "flow.svg"),
            ("[x](#stpes)", "links/missing-anchor", "#steps"),
            ("[x](process:alpha#stpes)", "links/missing-anchor", "#steps"),
        ] {
            let (found, _) = found(&[(GUIDE, &guide(link))]);
            assert_eq!(codes(&found), [code], "{link}: {found:?}");
            let at = found[0].location.as_ref().unwrap();
            assert_eq!(
                (at.file.as_str(), at.line, at.column),
                (GUIDE, 6, 1),
                "{link}"
            );
            let help = found[0].help.as_deref().unwrap_or_default();
            assert!(help.contains(suggestion), "{link}: {help}");
        }
    }

    #[test]
    fn positions_count_lines_and_characters_in_any_order() {
        let page = Page {
            file: "content/processes/a.md".into(),
            target: PageTarget::Process("a".into()),
            target_at: (2, 10),
            title: None,
            reviewed_on: None,
            body: "ab\nõü [x](y)\n\nz".into(),
            body_line: 3,
            weight: None,
            part: None,
        };
        let mut at = Positions::new(&page);
        assert_eq!(at.at(0), (4, 1));
        assert_eq!(at.at(page.body.find('[').unwrap()), (5, 4));
        assert_eq!(at.at(page.body.find('z').unwrap()), (7, 1));
        assert_eq!(at.at(1), (4, 2), "backwards");
    }

    #[test]
    fn suggestions_are_written_from_the_linking_page() {
        assert_eq!(
            relative("content/processes/x/a.md", "content/processes/x/b.md"),
            "b.md"
        );
        assert_eq!(
            relative("content/processes/x/s/a.md", "content/processes/y.md"),
            "../../y.md"
        );
    }
}
