//! Guidelines as a folder: pages, order, contents, previous/next links,
//! images beside the pages, and the mistakes an owner can make with them.

use std::path::{Path, PathBuf};

use crate::common::build::{build_ok, main_of, read, read_tree, Work};
use crate::common::{Site, VALID_REGISTER};

/// The valid register with a second process, `beta`.
pub fn two_processes() -> String {
    format!(
        "{VALID_REGISTER}  - id: beta\n    name: Beta\n    goals:\n      - Do beta things.\n    outcomes:\n      - Beta done.\n    owner: lead\n    documentation:\n      space: wiki\n    reviewed_on: 2026-01-10\n"
    )
}

pub const SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><rect width=\"5\" height=\"5\"/></svg>";

/// A site whose process `alpha` has a folder of guidelines.
pub fn folder_site() -> Site {
    folder_site_with(&two_processes())
}

/// [`folder_site`] with another register.
pub fn folder_site_with(register: &str) -> Site {
    let site = Site::new(register)
        .page(
            "processes/alpha/index.md",
            "---\ntitle: Alpha guide\n---\nStart here. See [the steps](steps.md#step-1) and ![the flow](flow.svg).\n\n[The PDF](form.pdf)\n",
        )
        .page(
            "processes/alpha/steps.md",
            "---\nweight: 1\n---\n# Steps\n\n## Step 1\n\nOpen a ticket in Jira; the CAB decides.\n",
        )
        .page("processes/alpha/closing.md", "# Closing\n\nBack to [the start](index.md).\n")
        .page("processes/alpha/agreements.md", "# Agreements\n\nSee [Beta](process:beta), [the directive](directive:dir-2025) and [the steps](steps.md#steps).\n")
        .page("processes/alpha/escalation/index.md", "# Escalation\n")
        .page("processes/alpha/escalation/second-line.md", "# Second line\n\n![again](../flow.svg)\n");
    site.write("content/processes/alpha/flow.svg", SVG);
    site.write_bytes("content/processes/alpha/form.pdf", b"%PDF-1.4\n%%EOF\n");
    site
}

fn build_site(site: &Site) -> (Work, PathBuf) {
    let work = Work::new();
    let out = work.join("site");
    build_ok(site.path(), &out, &["--no-history"]);
    (work, out)
}

/// The titles of the contents on a page, in order.
fn toc_titles(html: &str) -> Vec<String> {
    let toc = crate::common::build::between(html, "<nav class=\"toc\"", "</nav>");
    toc.split("<li").skip(1).map(text_of).collect()
}

/// The text of some HTML, tags removed (and a tag cut at the start).
pub fn text_of(html: &str) -> String {
    let html = &html[html.find('>').map_or(0, |i| i + 1)..];
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.trim().to_string()
}

fn href_of(html: &str, rel: &str) -> String {
    let at = html
        .find(&format!("rel=\"{rel}\""))
        .unwrap_or_else(|| panic!("no rel={rel} link"));
    let rest = &html[at..];
    let href = &rest[rest.find("href=\"").unwrap() + 6..];
    href[..href.find('"').unwrap()].to_string()
}

fn resolve(page: &Path, href: &str) -> PathBuf {
    let mut path = page.parent().unwrap().to_path_buf();
    for part in href.split('#').next().unwrap().split('/') {
        match part {
            ".." => {
                path.pop();
            }
            p => path.push(p),
        }
    }
    path
}

#[test]
fn a_folder_of_guidelines_is_published_in_order_with_contents() {
    let site = folder_site();
    let (_work, out) = build_site(&site);
    for lang in ["", "en/"] {
        for page in [
            "processes/alpha.html",
            "processes/alpha/steps.html",
            "processes/alpha/closing.html",
            "processes/alpha/agreements.html",
            "processes/alpha/escalation/index.html",
            "processes/alpha/escalation/second-line.html",
            "processes/alpha/flow.svg",
            "processes/alpha/form.pdf",
        ] {
            assert!(out.join(lang).join(page).is_file(), "{lang}{page} missing");
        }
    }
    let process = read(&out, "processes/alpha.html");
    // Weight first, then titles; a sub-folder sits in its place by its
    // index's title, with its pages under it.
    assert_eq!(
        toc_titles(&process),
        [
            "Steps",
            "Agreements",
            "Closing",
            "Escalation",
            "Second line"
        ]
    );
    let main = main_of(&process);
    assert!(
        main.contains("Start here."),
        "the index is on the process page"
    );
    assert!(
        main.contains("Alpha guide"),
        "the index's title heads the section"
    );
    assert!(
        main.contains("href=\"../processes/alpha/steps.html#step-1\""),
        "{main}"
    );
    assert!(
        main.contains("<img src=\"../processes/alpha/flow.svg\""),
        "{main}"
    );
    assert!(
        main.contains("href=\"../processes/alpha/form.pdf\""),
        "{main}"
    );
    // An SVG is an image, never inline markup.
    assert!(!main.contains("<svg"), "{main}");
    // A page called by its first heading shows it once, as its <h1>,
    // which keeps the heading's id.
    let steps = read(&out, "processes/alpha/steps.html");
    assert!(steps.contains("<h1 id=\"steps\">Steps</h1>"), "{steps}");
    assert_eq!(steps.matches(">Steps</h").count(), 1, "{steps}");
    assert!(steps.contains("<h2 id=\"step-1\">Step 1</h2>"), "{steps}");
    let agreements = read(&out, "processes/alpha/agreements.html");
    assert!(
        agreements.contains("href=\"../../processes/beta.html\""),
        "process:beta"
    );
    assert!(
        agreements.contains("href=\"../../directives/dir-2025.html\""),
        "directive:"
    );
    let second = read(&out, "en/processes/alpha/escalation/second-line.html");
    assert!(
        second.contains("<img src=\"../../../processes/alpha/flow.svg\""),
        "{second}"
    );
    assert!(second.contains("aria-current=\"page\">Second line</a>"));
    assert!(second.contains("<html lang=\"en\">"));
    assert!(
        crate::common::build::check_links(&out).pages > 0,
        "every link in the site resolves"
    );
}

#[test]
fn previous_and_next_links_walk_the_pages_in_order() {
    let site = folder_site();
    let (_work, out) = build_site(&site);
    let mut page = out.join("processes/alpha.html");
    let mut titles = Vec::new();
    loop {
        let html = std::fs::read_to_string(&page).unwrap();
        let h1 = text_of(crate::common::build::between(&html, "<h1", "</h1>"));
        titles.push(h1);
        if !html.contains("rel=\"next\"") {
            break;
        }
        let next = resolve(&page, &href_of(&html, "next"));
        // And back again.
        let back = std::fs::read_to_string(&next).unwrap();
        assert_eq!(resolve(&next, &href_of(&back, "prev")), page);
        page = next;
        assert!(titles.len() < 10, "the chain loops");
    }
    assert_eq!(
        titles,
        [
            "Alpha",
            "Steps",
            "Agreements",
            "Closing",
            "Escalation",
            "Second line"
        ]
    );
}

#[test]
fn the_one_file_form_and_a_folder_cannot_both_be_the_process_page() {
    let site = folder_site().page(
        "processes/alpha.md",
        "---\nprocess: alpha\n---\nOld page.\n",
    );
    let checked = site.check_json(&[]);
    let d = checked.one("content/duplicate-page");
    assert!(d.message.contains("alpha"), "{}", d.message);
    checked.assert_code(1);
    // The one-file form alone works as before.
    let site = Site::new(VALID_REGISTER).page(
        "processes/alpha.md",
        "---\nprocess: alpha\n---\nOld page.\n",
    );
    let (_work, out) = build_site(&site);
    assert!(read(&out, "processes/alpha.html").contains("Old page."));
}

#[test]
fn a_folder_page_naming_another_process_is_an_error_at_the_line() {
    let site = folder_site().page(
        "processes/alpha/wrong.md",
        "---\ntitle: Wrong\nprocess: beta\n---\nx\n",
    );
    let checked = site.check_json(&[]);
    let d = checked.one("content/front-matter");
    d.assert_at("content/processes/alpha/wrong.md", 3, 10);
    assert!(
        d.help().contains("content/processes/alpha/"),
        "{}",
        d.help()
    );
}

#[test]
fn unsafe_svg_is_refused_and_other_files_are_not_published() {
    let site = folder_site();
    site.write(
        "content/processes/alpha/bad.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\">\n  <rect onclick=\"alert(1)\"/>\n</svg>\n",
    );
    site.write("content/processes/alpha/notes.docx", "x");
    let checked = site.check_json(&[]);
    checked
        .one("content/unsafe-svg")
        .assert_at("content/processes/alpha/bad.svg", 2, 9);
    assert_eq!(checked.diagnostics.len(), 1, "{}", checked.listing());
    checked.assert_code(1);
    site.write("content/processes/alpha/bad.svg", SVG);
    let (_work, out) = build_site(&site);
    assert!(out.join("processes/alpha/bad.svg").is_file());
    assert!(
        !out.join("processes/alpha/notes.docx").exists(),
        "only images and PDFs are published"
    );
}

#[test]
fn an_image_over_the_page_limit_is_an_error() {
    let site = folder_site();
    site.write_bytes(
        "content/processes/alpha/huge.png",
        &vec![0u8; 4 * 1024 * 1024 + 1],
    );
    let checked = site.check_json(&[]);
    checked
        .one("input/too-large")
        .assert_at("content/processes/alpha/huge.png", 1, 1);
}

#[test]
fn a_folder_site_builds_the_same_bytes_twice() {
    let site = folder_site();
    let (_a, a) = build_site(&site);
    let (_b, b) = build_site(&site);
    crate::common::build::assert_same_tree(&read_tree(&a), &read_tree(&b), "two builds");
}

#[test]
fn a_page_beside_a_sub_folder_of_the_same_name_does_not_describe_it() {
    let site = folder_site().page(
        "processes/alpha/escalation.md",
        "---\nweight: -5\n---\n# Zulu\n",
    );
    let (_work, out) = build_site(&site);
    assert_eq!(
        toc_titles(&read(&out, "processes/alpha.html")),
        [
            "Zulu",
            "Steps",
            "Agreements",
            "Closing",
            "Escalation",
            "Second line"
        ]
    );
    assert!(out.join("processes/alpha/escalation.html").is_file());
    assert!(out.join("processes/alpha/escalation/index.html").is_file());
}

#[test]
fn a_folder_of_thousands_of_pages_builds_and_long_contents_are_cut_on_each_page() {
    let site = Site::new(VALID_REGISTER);
    for i in 0..1000 {
        site.write(
            &format!("content/processes/alpha/p{i:04}.md"),
            &format!("# Page {i:04}\n\nSee [the first](p0000.md) and [this](#page-{i:04}).\n"),
        );
    }
    let (_work, out) = build_site(&site);
    let process = read(&out, "processes/alpha.html");
    assert_eq!(
        toc_titles(&process).len(),
        1000,
        "the process page lists all"
    );
    let page = read(&out, "processes/alpha/p0500.html");
    let titles = toc_titles(&page);
    assert_eq!(titles.len(), 51, "25 on each side of the page");
    assert_eq!(titles[0], "Page 0475");
    assert!(
        page.contains("href=\"../../processes/alpha.html#toc-h\""),
        "a link to all"
    );
    let first = toc_titles(&read(&out, "processes/alpha/p0000.html"));
    assert_eq!((first.len(), first[0].as_str()), (51, "Page 0000"));
}

#[test]
fn file_names_with_address_characters_are_linked_encoded() {
    let site = Site::new(VALID_REGISTER)
        .page(
            "processes/alpha/index.md",
            "# Odd\n\nSee [odd](a%23b%20c.md#odd-page), ![img](x%20y%25.png) and [õ](sõna.md).\n",
        )
        .page("processes/alpha/a#b c.md", "# Odd page\n")
        .page("processes/alpha/sõna.md", "# Sõna\n");
    site.write_bytes("content/processes/alpha/x y%.png", b"\x89PNG");
    let (_work, out) = build_site(&site);
    assert!(out.join("processes/alpha/a#b c.html").is_file());
    let process = read(&out, "processes/alpha.html");
    assert!(process.contains("href=\"../processes/alpha/a%23b%20c.html#odd-page\""));
    assert!(process.contains("src=\"../processes/alpha/x%20y%25.png\""));
    assert!(process.contains("<a href=\"../processes/alpha/a%23b%20c.html\">Odd page</a>"));
    // Every link of the site, decoded, leads to a file that exists.
    crate::common::build::check_links(&out);
    // The sitemap (made only with the site's address) encodes them too.
    let work = Work::new();
    let out = work.join("site");
    build_ok(
        site.path(),
        &out,
        &["--no-history", "--base-url", "https://example.org/r/"],
    );
    assert!(read(&out, "sitemap.xml")
        .contains("<loc>https://example.org/r/processes/alpha/a%23b%20c.html</loc>"));
}

#[test]
fn files_elsewhere_in_content_cannot_replace_the_sites_own() {
    let site = Site::new(VALID_REGISTER);
    site.write("content/assets/favicon.svg", SVG);
    site.write("content/assets/search.js.png", "x");
    site.write("content/processes/alpha/flow.svg", SVG);
    let (_work, out) = build_site(&site);
    assert_ne!(
        read(&out, "assets/favicon.svg"),
        SVG,
        "the theme's icon stays"
    );
    assert!(!out.join("assets/search.js.png").exists());
    assert!(out.join("processes/alpha/flow.svg").is_file());
}

/// In a folder, the page reviewed longest ago sets the guidelines'
/// deadline, on the process page as in the overview: a sub-page left
/// unreviewed is not hidden by a fresh `index.md`.
#[test]
fn the_oldest_review_in_a_folder_sets_the_guidelines_deadline() {
    let state_of = |steps_reviewed: &str| {
        let site = Site::new(VALID_REGISTER)
            .page(
                "processes/alpha/index.md",
                "---\nreviewed_on: 2026-10-01\n---\nStart here.\n",
            )
            .page(
                "processes/alpha/steps.md",
                &format!("---\nreviewed_on: {steps_reviewed}\n---\n# Steps\n\nOpen a ticket.\n"),
            );
        let work = Work::new();
        let out = work.join("site");
        build_ok(site.path(), &out, &["--no-history"]);
        let page = read(&out, "processes/alpha.html");
        let overview = read(&out, "overview.html");
        let state = |html: &str, state: &str| html.contains(&format!("state-{state}"));
        (state(&page, "overdue"), state(&overview, "overdue"))
    };
    // Steps reviewed over a year ago: the guidelines are overdue.
    assert_eq!(state_of("2025-06-01"), (true, true));
    // Reviewed recently: nothing is overdue.
    assert_eq!(state_of("2026-09-01"), (false, false));
}
