//! `procbook build`: what it refuses and what it never publishes.
//!
//! - Atomicity: a failed build leaves the previous output byte-identical
//!   and no temporary folder behind.
//! - Guarded output: a folder procbook did not make is replaced only with
//!   `--force`; `/`, the site root, anything above it and anything inside
//!   `content/` or `theme/` are refused even with `--force`.
//! - Sanitising: markup in the register's texts is escaped, and script,
//!   event handlers, `javascript:`/`data:` links, iframes and SVG in the
//!   Markdown are removed; a `javascript:` documentation address stops the
//!   build.
//!
//! Every test works on copies in temporary folders, so a regression cannot
//! delete anything of the repository.

use std::fs;
use std::path::{Path, PathBuf};

use crate::common::build;
use crate::common::build::{
    assert_no_leftovers, assert_no_leftovers_of, assert_same_tree, build, build_ok, check_links,
    copy_site, entries, override_template, read, read_tree, shipped, Work, TODAY,
};
use crate::common::{fixture, run_at};
use serde_json::Value;

/// A copy of the shipped register in `<work>/src`, built once into
/// `<work>/site`.
fn built_copy() -> (Work, PathBuf, PathBuf) {
    let work = Work::new();
    let root = copy_site(&shipped(), &work, "src");
    let out = work.join("site");
    build_ok(&root, &out, &[]);
    assert_no_leftovers(work.path());
    (work, root, out)
}

/// Replaces the one occurrence of `from` in `<root>/processes.yaml`.
fn edit_register(root: &Path, from: &str, to: &str) {
    let path = root.join("processes.yaml");
    let text = fs::read_to_string(&path).expect("read processes.yaml");
    assert_eq!(
        text.matches(from).count(),
        1,
        "`{from}` is not once in processes.yaml"
    );
    fs::write(&path, text.replacen(from, to, 1)).expect("write processes.yaml");
}

// ---------------------------------------------------------------------------
// 4. Atomicity.

#[test]
fn a_register_with_errors_stops_the_build_and_keeps_the_previous_site() {
    let breakages: [(&str, &str, &str); 3] = [
        // A YAML syntax error.
        ("settings:\n", "settings:\n  - [unclosed\n", "yaml/"),
        // An owner that is not a role.
        (
            "owner: klienditoe-grupijuht",
            "owner: klienditoe-grupijut",
            "ownership/unknown-role",
        ),
        // A process id that is not a slug.
        (
            "- id: intsidendihaldus\n",
            "- id: Intsidendihaldus\n",
            "identity/bad-slug",
        ),
    ];
    for (from, to, code) in breakages {
        let (work, root, out) = built_copy();
        let before = read_tree(&out);
        edit_register(&root, from, to);
        let run = build(&root, &out, &[]);
        run.assert_code(1);
        assert!(
            run.stderr.contains(code),
            "expected {code} on stderr:\n{}",
            run.stderr
        );
        assert!(run.stderr.contains("build stopped"), "{}", run.stderr);
        assert_same_tree(
            &before,
            &read_tree(&out),
            &format!("output after a failed build ({code})"),
        );
        assert_no_leftovers(work.path());
        assert_eq!(
            entries(work.path()),
            [".site.procbook-cache", "site", "src"]
        );
        // --force does not make a broken register publishable either.
        build(&root, &out, &["--force"]).assert_code(1);
        assert_same_tree(
            &before,
            &read_tree(&out),
            "output after a failed build with --force",
        );
        assert_no_leftovers(work.path());
    }
}

#[test]
fn a_broken_theme_template_fails_the_build_and_keeps_the_previous_site() {
    let (work, root, out) = built_copy();
    let before = read_tree(&out);
    override_template(&root, "process.html", "{% if %}");
    let run = build(&root, &out, &[]);
    run.assert_no_panic();
    assert_ne!(
        run.code,
        Some(0),
        "a broken template built:\n{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("theme") || run.stderr.contains("process.html"),
        "{}",
        run.stderr
    );
    assert_same_tree(&before, &read_tree(&out), "output after a theme failure");
    assert_no_leftovers(work.path());
}

#[test]
fn a_template_failing_on_a_page_names_the_page_and_every_cause() {
    let (work, root, out) = built_copy();
    let before = read_tree(&out);
    override_template(&root, "owners.html", "{{ no_such.value }}");
    let run = build(&root, &out, &[]);
    run.assert_no_panic();
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    // The page, Tera's error and its cause, outermost first, on one line.
    let line = run
        .stderr
        .lines()
        .find(|l| l.starts_with("error: "))
        .unwrap_or_else(|| panic!("no error line:\n{}", run.stderr));
    let rendering = line.find("rendering owners.html: ");
    let failed = line.find("Failed to render 'owners.html'");
    let cause = line.find("Variable `no_such.value` not found");
    assert!(
        rendering.is_some() && rendering < failed && failed < cause,
        "{line}"
    );
    // What was found before rendering is still reported (the shipped
    // register's one warning, accepted).
    assert!(
        run.stderr.contains("completeness/missing-outcome"),
        "{}",
        run.stderr
    );
    assert_same_tree(&before, &read_tree(&out), "output after a template failure");
    assert_no_leftovers(work.path());
}

#[test]
fn a_missing_register_fails_and_keeps_the_previous_site() {
    let (work, root, out) = built_copy();
    let before = read_tree(&out);
    fs::remove_file(root.join("processes.yaml")).unwrap();
    let run = build(&root, &out, &[]);
    run.assert_code(2);
    assert_same_tree(&before, &read_tree(&out), "output after a load failure");
    assert_no_leftovers(work.path());
}

#[test]
fn a_good_rebuild_replaces_the_output_and_leaves_no_temporary_folders() {
    let (work, root, out) = built_copy();
    fs::write(out.join("stale.html"), "left from an earlier build").unwrap();
    edit_register(
        &root,
        "name: Intsidendihaldus\n",
        "name: Intsidentide haldus\n",
    );
    build_ok(&root, &out, &[]);
    assert!(
        !out.join("stale.html").exists(),
        "a file of the previous build survived the swap"
    );
    assert!(
        read(&out, "index.html").contains("Intsidentide haldus"),
        "the new register was not published"
    );
    assert_no_leftovers(work.path());
    assert_eq!(
        entries(work.path()),
        [".site.procbook-cache", "site", "src"]
    );
}

// ---------------------------------------------------------------------------
// 4. Guarded output.

#[test]
fn a_folder_procbook_did_not_make_is_not_replaced_without_force() {
    let work = Work::new();
    let out = work.join("mine");
    fs::create_dir_all(out.join("notes")).unwrap();
    fs::write(out.join("thesis.txt"), "years of work").unwrap();
    fs::write(out.join("notes/index.html"), "<p>mine</p>").unwrap();
    let before = read_tree(&out);

    let run = build(&shipped(), &out, &[]);
    run.assert_no_panic();
    assert_ne!(run.code, Some(0), "replaced a folder procbook did not make");
    assert!(
        run.stderr.contains("--force"),
        "the message does not mention --force:\n{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(".procbook-site"),
        "the message does not name the marker:\n{}",
        run.stderr
    );
    assert_same_tree(&before, &read_tree(&out), "a folder procbook did not make");
    assert_no_leftovers(work.path());

    // With --force it is replaced by the site.
    build_ok(&shipped(), &out, &["--force"]);
    assert!(
        !out.join("thesis.txt").exists() && !out.join("notes").exists(),
        "old files survived --force"
    );
    assert!(out.join("index.html").is_file());
    assert_no_leftovers(work.path());

    // Now it carries the marker, so the next build needs no --force.
    build_ok(&shipped(), &out, &[]);
    assert_no_leftovers(work.path());
}

#[test]
fn an_empty_folder_or_a_new_path_is_written_without_force() {
    let work = Work::new();
    let empty = work.join("empty");
    fs::create_dir(&empty).unwrap();
    build_ok(&shipped(), &empty, &[]);
    let nested = work.join("a/b/c");
    build_ok(&shipped(), &nested, &[]);
    assert!(nested.join("index.html").is_file());
    assert_no_leftovers(work.path());
    assert_no_leftovers(&work.join("a/b"));
}

#[test]
fn an_output_path_that_is_a_file_is_refused() {
    let work = Work::new();
    let file = work.join("site");
    fs::write(&file, "not a folder").unwrap();
    for extra in [&[][..], &["--force"][..]] {
        let run = build(&shipped(), &file, extra);
        run.assert_no_panic();
        assert_ne!(run.code, Some(0));
        assert_eq!(fs::read_to_string(&file).unwrap(), "not a folder");
    }
    assert_no_leftovers(work.path());
}

#[test]
fn sources_and_system_folders_are_refused_even_with_force() {
    // The site sits two folders deep in the temporary folder, so its parent
    // and grandparent are temporary too: `--force` is only ever tried on
    // folders this test owns, and a regression could at worst delete those.
    let work = Work::new();
    let outer = work.join("outer");
    let root = copy_site(&shipped(), &work, "outer/inner/src");
    fs::create_dir_all(root.join("theme/static")).unwrap();
    fs::write(root.join("theme/static/extra.css"), "/* site's own */").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&root, work.join("link-to-root")).unwrap();
    let before = read_tree(work.path());
    let root_listing = entries(Path::new("/"));

    let mut destinations: Vec<(&str, PathBuf)> = vec![
        ("the root", root.clone()),
        ("the root with /.", root.join(".")),
        ("content/", root.join("content")),
        ("content/processes", root.join("content/processes")),
        ("a new folder in content/", root.join("content/x")),
        ("a new folder deep in content/", root.join("content/x/y")),
        ("content/.. (the root)", root.join("content/..")),
        ("theme/", root.join("theme")),
        ("a new folder in theme/", root.join("theme/x")),
        ("the root's parent", outer.join("inner")),
        ("the root's grandparent", outer.clone()),
        (
            "the temporary folder above the site",
            work.path().to_path_buf(),
        ),
    ];
    #[cfg(unix)]
    destinations.push(("a link to the root", work.join("link-to-root")));

    let refused = |out: &Path, extra: &[&str], what: &str| {
        let run = build(&root, out, extra);
        run.assert_no_panic();
        assert_eq!(
            run.code,
            Some(2),
            "--out {} ({what}) {extra:?} was not refused:\n{}",
            out.display(),
            run.stderr
        );
        assert!(
            run.stderr.contains("refusing"),
            "--out {} ({what}) {extra:?}: no refusal message:\n{}",
            out.display(),
            run.stderr
        );
        assert!(!run.stderr.contains("wrote "), "{}", run.stderr);
    };
    for (what, out) in &destinations {
        refused(out, &[], what);
        refused(out, &["--force"], what);
    }
    // Outside the temporary folder only without --force: `/` and the
    // system's temporary folder are refused before anything is read.
    refused(Path::new("/"), &[], "/");
    if let Some(system_tmp) = work.path().parent() {
        refused(system_tmp, &[], "the folder holding the test's folder");
        let name = work.path().file_name().unwrap().to_string_lossy();
        assert_no_leftovers_of(system_tmp, &name);
    }

    assert_same_tree(
        &before,
        &read_tree(work.path()),
        "the sources after refused builds",
    );
    assert_eq!(entries(Path::new("/")), root_listing, "/ changed");
    assert_no_leftovers(work.path());
    assert_no_leftovers(&outer);
    assert_no_leftovers(&outer.join("inner"));
    assert_no_leftovers(&root);
}

#[test]
fn the_default_output_folder_is_public_under_the_root() {
    let work = Work::new();
    let root = copy_site(&shipped(), &work, "src");
    let run = run_at(&root, "build", &["--today", TODAY]);
    run.assert_code(0);
    assert!(root.join("public/index.html").is_file());
    assert!(root.join("public/.procbook-site").is_file());
    assert!(root.join("processes.yaml").is_file() && root.join("content/processes").is_dir());
    assert_no_leftovers(&root);
}

// ---------------------------------------------------------------------------
// 5. Sanitising.

/// Names of the attributes of every tag in `html` (not of text that only
/// looks like a tag: escaped text starts with `&lt;`), with the tag name.
fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let bytes = html.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'<' || i + 1 >= bytes.len() || !bytes[i + 1].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'-') {
            j += 1;
        }
        let name = html[i + 1..j].to_ascii_lowercase();
        let mut attributes = Vec::new();
        loop {
            while j < bytes.len() && (bytes[j].is_ascii_whitespace() || bytes[j] == b'/') {
                j += 1;
            }
            if j >= bytes.len() || bytes[j] == b'>' {
                break;
            }
            let start = j;
            while j < bytes.len() && !bytes[j].is_ascii_whitespace() && !b"=>/".contains(&bytes[j])
            {
                j += 1;
            }
            let attribute = html[start..j].to_ascii_lowercase();
            let mut value = String::new();
            if j < bytes.len() && bytes[j] == b'=' {
                j += 1;
                if j < bytes.len() && (bytes[j] == b'"' || bytes[j] == b'\'') {
                    let quote = bytes[j];
                    let from = j + 1;
                    j = from;
                    while j < bytes.len() && bytes[j] != quote {
                        j += 1;
                    }
                    value = html[from..j.min(bytes.len())].to_string();
                    j += 1;
                } else {
                    let from = j;
                    while j < bytes.len() && !bytes[j].is_ascii_whitespace() && bytes[j] != b'>' {
                        j += 1;
                    }
                    value = html[from..j].to_string();
                }
            }
            if attribute.is_empty() {
                j += 1;
            } else {
                attributes.push((attribute, build::unescape(&value)));
            }
        }
        found.push((name, attributes));
        i = j;
    }
    found
}

/// Fails if any tag of `html` could run script or load active content.
fn assert_inert(page: &str, html: &str) {
    for (name, attributes) in tags(html) {
        // procbook's own pictures (the review overview) are SVG of class
        // `chart …`; any other <svg> came from the input.
        let own_picture = name == "svg"
            && attributes
                .iter()
                .any(|(a, v)| a == "class" && v.starts_with("chart "));
        assert!(
            own_picture
                || ![
                    "iframe", "svg", "object", "embed", "style", "math", "base", "frame",
                    "frameset"
                ]
                .contains(&name.as_str()),
            "{page}: a <{name}> element survived"
        );
        if name == "meta" {
            assert!(
                !attributes
                    .iter()
                    .any(|(a, v)| a == "http-equiv" && v.eq_ignore_ascii_case("refresh")),
                "{page}: a meta refresh survived"
            );
        }
        if name == "form" {
            for (a, v) in &attributes {
                assert!(
                    !(a == "action" && v.contains("evil")),
                    "{page}: a form to elsewhere survived"
                );
            }
        }
        if name == "script" {
            // Only the theme's own scripts, loaded from the site's assets.
            let src = attributes
                .iter()
                .find(|(a, _)| a == "src")
                .map(|(_, v)| v.as_str());
            assert!(
                src.is_some_and(|s| s.ends_with(".js")
                    && s.contains("assets/")
                    && !s.contains(':')),
                "{page}: a <script> that is not the theme's: {attributes:?}"
            );
        }
        for (attribute, value) in &attributes {
            assert!(
                !attribute.starts_with("on"),
                "{page}: <{name} {attribute}=…> survived"
            );
            assert!(
                attribute != "style",
                "{page}: a style attribute survived on <{name}>"
            );
            if [
                "href",
                "src",
                "action",
                "formaction",
                "data",
                "xlink:href",
                "poster",
                "srcset",
            ]
            .contains(&attribute.as_str())
            {
                let lower = value.trim().to_ascii_lowercase();
                assert!(
                    !lower.starts_with("javascript:")
                        && !lower.starts_with("data:")
                        && !lower.starts_with("vbscript:"),
                    "{page}: <{name} {attribute}=\"{value}\"> survived"
                );
            }
        }
    }
}

#[test]
fn markup_in_the_register_and_the_markdown_is_escaped_or_removed() {
    let work = Work::new();
    let out = work.join("site");
    build_ok(&fixture("build-hostile"), &out, &[]);
    let tree = read_tree(&out);
    let mut pages = 0;
    for (page, bytes) in &tree {
        if !page.ends_with(".html") {
            continue;
        }
        pages += 1;
        let html = String::from_utf8(bytes.clone()).unwrap();
        let lower = html.to_ascii_lowercase();
        for needle in [
            "<script>alert",
            "javascript:",
            "vbscript:",
            "<iframe",
            "<object",
            "<embed",
            "<style",
        ] {
            assert!(!lower.contains(needle), "{page} contains `{needle}`");
        }
        // The only SVG is procbook's own pictures (the review overview),
        // whose texts are escaped like everything else.
        assert_eq!(
            lower.matches("<svg").count(),
            lower.matches("<svg class=\"chart ").count(),
            "{page} contains an `<svg` that is not procbook's"
        );
        // The Markdown's raw `<img src=x onerror=alert(1)>` lost its handler.
        assert!(
            !html.contains("onerror=alert(1)"),
            "{page}: the Markdown's onerror survived"
        );
        assert!(!html.contains("onload="), "{page}: an onload survived");
        assert!(!html.contains("onclick="), "{page}: an onclick survived");
        assert!(
            !html.contains("onmouseover="),
            "{page}: an onmouseover survived"
        );
        // The register's `"><img src=y onerror=...>` is text, never a tag.
        assert!(
            !html.contains("<img src=y"),
            "{page}: the register's <img> became a tag"
        );
        assert!(
            !html.contains("=\"data:") && !html.contains("='data:"),
            "{page}: a data: address survived"
        );
        assert!(
            !html.contains("evil.example"),
            "{page}: an iframe/object/form address survived"
        );
        assert_inert(page, &html);
    }
    assert!(pages >= 2 * 7, "only {pages} pages were written");

    // The register's texts appear, escaped, where they belong.
    for lang in ["", "en/"] {
        let index = read(&out, &format!("{lang}index.html"));
        assert!(
            index.contains("X &lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt;"),
            "{lang}index.html: the process name is not shown escaped"
        );
        assert!(
            index.contains("&lt;script&gt;"),
            "{lang}index.html has no escaped <script>"
        );
        let process = read(&out, &format!("{lang}processes/x.html"));
        for escaped in [
            "<title>X &lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt; —",
            "Goal &quot;&gt;&lt;img src=y onerror=alert(&quot;goal&quot;)&gt;",
            "Outcome &lt;script&gt;alert(&quot;outcome&quot;)&lt;/script&gt;",
            "Lead &quot;&gt;&lt;img src=y onerror=alert(&quot;role&quot;)&gt;",
            "Dept &lt;script&gt;alert(&quot;unit&quot;)&lt;/script&gt;",
            "Wiki &lt;script&gt;alert(&quot;space&quot;)&lt;/script&gt;",
            "Page &quot;&gt;&lt;img src=y onerror=alert(&quot;page&quot;)&gt;",
            "Guidelines &lt;script&gt;alert(&quot;front matter&quot;)&lt;/script&gt;",
            "Agency &lt;script&gt;alert(&quot;org&quot;)&lt;/script&gt;",
            // The wiki address keeps its query, escaped inside the attribute.
            "href=\"https://wiki.example.org/space?a=1&amp;b=&quot;2&quot;\"",
        ] {
            assert!(
                process.contains(escaped),
                "{lang}processes/x.html lacks `{escaped}`"
            );
        }
        // The harmless parts of the Markdown are kept.
        assert!(process.contains(
            "<a href=\"https://example.org/\" rel=\"noopener noreferrer\">fine link</a>"
        ));
        assert!(process.contains(">styled</p>"));
        let owners = read(&out, &format!("{lang}owners.html"));
        assert!(owners.contains("Lead &quot;&gt;&lt;img src=y onerror=alert(&quot;role&quot;)&gt;"));
        let directive = read(&out, &format!("{lang}directives/dir-2025.html"));
        assert!(directive
            .contains("Rules &quot;&gt;&lt;img src=y onerror=alert(&quot;title&quot;)&gt;"));
    }

    // The exports carry the texts as data, unchanged.
    let json: Value =
        serde_json::from_str(&read(&out, "api/register.json")).expect("register.json parses");
    assert_eq!(
        json["processes"][0]["name"],
        "X <script>alert(\"name\")</script>"
    );
    assert_eq!(
        json["organisation"]["name"],
        "Agency <script>alert(\"org\")</script>"
    );
    let index_js = read(&out, "assets/search-index.js");
    let body = index_js
        .strip_prefix("window.procbookSearchIndex = ")
        .and_then(|s| s.trim_end().strip_suffix(';'))
        .expect("search-index.js assigns one JSON value");
    let entries: Value = serde_json::from_str(body).expect("the search index is JSON");
    assert_eq!(entries[0]["name"], "X <script>alert(\"name\")</script>");
    // A goal that a spreadsheet would run as a formula is defused.
    let csv = build::parse_csv(&read(&out, "processes.csv"));
    let goals = csv[0]
        .iter()
        .position(|h| h == "goals")
        .expect("goals column");
    assert!(
        csv[1][goals].starts_with("'=HYPERLINK("),
        "the formula is not defused: {:?}",
        csv[1][goals]
    );
}

#[test]
fn a_javascript_documentation_address_is_a_check_error_and_stops_the_build() {
    for bad in [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "vbscript:msgbox(1)",
    ] {
        let work = Work::new();
        let root = copy_site(&fixture("build-markdown"), &work, "src");
        let out = work.join("site");
        // A previous good build, which must survive.
        build_ok(&root, &out, &[]);
        let before = read_tree(&out);
        edit_register(
            &root,
            "      space: wiki\n    reviewed_on: 2026-06-01\n  - id: beta",
            &format!("      space: wiki\n      url: \"{bad}\"\n    reviewed_on: 2026-06-01\n  - id: beta"),
        );
        let check = run_at(&root, "check", &["--today", TODAY]);
        check.assert_code(1);
        let all = format!("{}{}", check.stdout, check.stderr);
        assert!(
            all.contains("completeness/bad-url"),
            "check does not report {bad}:\n{all}"
        );

        let run = build(&root, &out, &[]);
        run.assert_code(1);
        assert!(
            run.stderr.contains("completeness/bad-url"),
            "{}",
            run.stderr
        );
        assert_same_tree(
            &before,
            &read_tree(&out),
            "output after a bad documentation address",
        );
        assert_no_leftovers(work.path());

        // Into a new folder nothing is written at all.
        let fresh = work.join("fresh");
        build(&root, &fresh, &[]).assert_code(1);
        assert!(
            !fresh.exists(),
            "a build with {bad} wrote {}",
            fresh.display()
        );
        assert_no_leftovers(work.path());
    }
}

#[test]
fn a_javascript_wiki_space_address_stops_the_build() {
    let work = Work::new();
    let root = copy_site(&fixture("build-markdown"), &work, "src");
    edit_register(
        &root,
        "url: https://wiki.example.org/space",
        "url: javascript:alert(1)",
    );
    let out = work.join("site");
    let run = build(&root, &out, &[]);
    run.assert_code(1);
    assert!(
        run.stderr.contains("completeness/bad-url"),
        "{}",
        run.stderr
    );
    assert!(!out.exists());
    assert_no_leftovers(work.path());
}

// ---------------------------------------------------------------------------
// The link checker the site tests rely on must itself catch broken links.

#[test]
fn the_link_checker_catches_absolute_missing_and_escaping_links() {
    let cases = [
        ("<a href=\"/index.html\">x</a>", "absolute"),
        ("<a href=\"missing.html\">x</a>", "does not exist"),
        ("<a href=\"../outside.html\">x</a>", "leaves the output"),
        ("<img src=\"x\">", "does not exist"),
        ("<a href=\"index.html#nowhere\">x</a>", "no id"),
        ("<a href=\"sub/\">x</a>", "folder"),
        ("<a href=\"javascript:alert(1)\">x</a>", "scheme"),
    ];
    for (html, expected) in cases {
        let work = Work::new();
        fs::write(
            work.join("index.html"),
            format!("<main id=\"main\">{html}</main>"),
        )
        .unwrap();
        fs::create_dir(work.join("sub")).unwrap();
        fs::write(
            work.join("sub/page.html"),
            "<a href=\"../index.html#main\">ok</a>",
        )
        .unwrap();
        let path = work.path().to_path_buf();
        let result = std::panic::catch_unwind(move || check_links(&path));
        let message = match result {
            Ok(report) => panic!("the link checker accepted {html}: {report:?}"),
            Err(payload) => payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default(),
        };
        assert!(
            message.contains(expected),
            "{html}: expected `{expected}` in: {message}"
        );
    }
    // And accepts good ones.
    let work = Work::new();
    fs::write(
        work.join("index.html"),
        "<main id=\"main\"><a href=\"sub/page.html\">x</a></main>",
    )
    .unwrap();
    fs::create_dir(work.join("sub")).unwrap();
    fs::write(
        work.join("sub/page.html"),
        "<a href=\"../index.html#main\">ok</a><a href=\"https://e.org/\">e</a>",
    )
    .unwrap();
    let report = check_links(work.path());
    assert_eq!((report.pages, report.internal, report.external), (2, 2, 1));
}
