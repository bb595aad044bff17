//! Hostile input to the real binary: each case ends with a clear error or
//! a safe result, the right exit code, no panic, and within the time guard
//! of `common::KILL_AFTER` (the binary is killed and the test fails after
//! 20 s: a guard against hangs, not a timing assertion).
//!
//! Cases already covered elsewhere are not repeated here:
//! `tests/suite/check_input.rs` has the alias bomb and deep nesting in
//! `processes.yaml`, sparse files over the size limits, invalid UTF-8, BOM
//! and CRLF in `check`, NUL bytes in the register, tabs in the indentation
//! and links in `content/` for `check`; `tests/suite/build_safety.rs` has the
//! refused output folders (`/`, the root, `content/`, `theme/`, a link to
//! the root) and hostile markup in the register and the Markdown;
//! `tests/suite/check_rules.rs` has U+202E in an outcome.
//!
//! Section 4 checks the theme itself: no inline script, event handlers or
//! styles in the templates, and a Content-Security-Policy on every page.

use std::fs;
use std::io::Write;

use crate::common::build;
use crate::common::build::{read_tree, shipped, Work, TODAY};
use crate::common::{repo_root, run_at, Run, Site, VALID_REGISTER};
use crate::harness;

/// `procbook build --root <site> --out <work>/site --today TODAY`; the run
/// must not have panicked whatever it did.
fn build_into(site: &Site, work: &Work) -> Run {
    let run = run_at(
        site.path(),
        "build",
        &[
            "--out",
            work.join("site").to_str().unwrap(),
            "--today",
            TODAY,
        ],
    );
    run.assert_no_panic();
    run
}

/// `procbook check --root <site> --today TODAY`, human output.
fn check(site: &Site) -> Run {
    let run = run_at(site.path(), "check", &["--today", TODAY]);
    run.assert_no_panic();
    run
}

/// Fails unless a build stopped with `code` and wrote nothing.
fn assert_stopped(run: &Run, work: &Work, code: i32) {
    run.assert_code(code);
    assert!(
        !work.join("site").exists(),
        "a stopped build wrote output:\n{}",
        run.stderr
    );
    assert_eq!(
        build::entries(work.path()),
        Vec::<String>::new(),
        "a stopped build left files beside the output"
    );
}

fn assert_mentions(run: &Run, words: &[&str]) {
    let all = format!("{}{}", run.stdout, run.stderr);
    for word in words {
        assert!(all.contains(word), "no {word:?} in:\n{all}");
    }
}

/// The text files of the built site (images such as the icon are binary).
fn output_text(work: &Work) -> Vec<(String, String)> {
    const BINARY: &[&str] = &[
        ".ico", ".xlsx", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".pdf",
    ];
    read_tree(&work.join("site"))
        .into_iter()
        .filter(|(path, _)| !BINARY.iter().any(|ext| path.ends_with(ext)))
        .map(|(path, bytes)| (path, String::from_utf8_lossy(&bytes).into_owned()))
        .collect()
}

/// A valid site whose process `alpha` has a guideline page with `body`.
fn site_with_page(body: &str) -> Site {
    Site::new(VALID_REGISTER).page(
        "processes/alpha.md",
        &format!("---\nprocess: alpha\n---\n{body}"),
    )
}

/// Writes `chunk` repeated to `total` bytes at `rel` under the site.
fn write_repeated(site: &Site, rel: &str, head: &str, chunk: &str, total: usize) {
    let path = site.path().join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    let mut file = std::io::BufWriter::new(fs::File::create(&path).unwrap());
    file.write_all(head.as_bytes()).unwrap();
    let block = chunk.repeat((1 << 20) / chunk.len());
    let mut written = head.len();
    while written < total {
        file.write_all(block.as_bytes()).unwrap();
        written += block.len();
    }
    file.flush().unwrap();
}

// ---------------------------------------------------------------------------
// 1. The register.

#[test]
fn an_alias_bomb_in_goals_stops_the_build_with_a_limit_error() {
    // Each process's goals alias the list of the one before, nine times:
    // 9^8 goals if expanded, all of the right type.
    let mut register = VALID_REGISTER.replace(
        "    goals:\n      - Do alpha things.\n",
        "    goals: &g0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    for n in 1..=8 {
        let aliases = vec![format!("*g{}", n - 1); 9].join(", ");
        register.push_str(&format!(
            "  - id: p{n}\n    name: P{n}\n    goals: &g{n} [{aliases}]\n    outcomes: [done]\n    owner: lead\n    documentation:\n      space: wiki\n"
        ));
    }
    let site = Site::new(&register);
    let work = Work::new();
    let run = build_into(&site, &work);
    assert_stopped(&run, &work, 1);
    assert_mentions(
        &run,
        &["yaml/limit", "processes.yaml", "anchors and aliases"],
    );
}

#[test]
fn deep_nesting_in_front_matter_is_a_limit_error_in_the_page() {
    let site = site_with_page("").page(
        "processes/deep.md",
        &format!("---\nprocess: alpha\ntitle: {}\n---\n", "[".repeat(100_000)),
    );
    let run = check(&site);
    run.assert_code(1);
    assert_mentions(&run, &["yaml/limit", "content/processes/deep.md:3:"]);
}

#[test]
fn a_100_mb_register_is_refused_without_reading_it_all() {
    // Real text, not a sparse file: a valid start, then one long list of
    // goals.
    let site = Site::empty();
    write_repeated(
        &site,
        "processes.yaml",
        &VALID_REGISTER.replace("      - Do alpha things.\n", ""),
        "      - A goal that is repeated until the file is very large.\n",
        100 << 20,
    );
    assert!(
        fs::metadata(site.path().join("processes.yaml"))
            .unwrap()
            .len()
            >= 100 << 20
    );
    let work = Work::new();
    let run = build_into(&site, &work);
    assert_stopped(&run, &work, 1);
    assert_mentions(
        &run,
        &["input/too-large", "processes.yaml is larger than 32 MiB"],
    );
}

#[test]
fn a_100_mb_page_is_refused_and_stops_the_build() {
    let site = Site::new(VALID_REGISTER);
    write_repeated(
        &site,
        "content/processes/alpha.md",
        "---\nprocess: alpha\n---\n",
        "<script>alert(1)</script> [x](javascript:alert(1)) ",
        100 << 20,
    );
    let work = Work::new();
    let run = build_into(&site, &work);
    assert_stopped(&run, &work, 1);
    assert_mentions(
        &run,
        &[
            "input/too-large",
            "content/processes/alpha.md is larger than 4 MiB",
        ],
    );
}

#[test]
fn a_one_megabyte_line_is_read_and_published() {
    let goal = "word ".repeat(200_000);
    let site = Site::new(&VALID_REGISTER.replace("Do alpha things.", &goal));
    let run = check(&site);
    run.assert_code(0);
    let work = Work::new();
    build_into(&site, &work).assert_code(0);
    let page = fs::read_to_string(work.join("site/processes/alpha.html")).unwrap();
    assert!(
        page.contains(goal.trim_end()),
        "the long goal is not published"
    );
}

#[test]
fn an_error_at_the_end_of_a_one_megabyte_line_is_reported_there() {
    // A flow list of a million characters with an unclosed quote at its end.
    let long = format!("[{}\"unclosed]", "a, ".repeat(350_000));
    let site = Site::new(&VALID_REGISTER.replace("- Do alpha things.", &format!("- {long}")));
    let run = check(&site);
    run.assert_code(1);
    assert_mentions(&run, &["yaml/syntax", "processes.yaml:"]);
    let work = Work::new();
    assert_stopped(&build_into(&site, &work), &work, 1);
}

#[test]
fn a_cyrillic_a_in_an_id_is_not_a_slug() {
    // "аlpha" with U+0430, which looks exactly like the Latin "a".
    let register = VALID_REGISTER.replace("- id: alpha", "- id: \u{430}lpha");
    let site = Site::new(&register);
    let run = check(&site);
    run.assert_code(1);
    let line = register
        .lines()
        .position(|l| l.contains("\u{430}lpha"))
        .unwrap()
        + 1;
    assert_mentions(
        &run,
        &[
            "identity/bad-slug",
            "\u{430}lpha",
            &format!("processes.yaml:{line}:"),
        ],
    );
    let work = Work::new();
    assert_stopped(&build_into(&site, &work), &work, 1);
}

#[test]
fn a_right_to_left_override_in_a_process_name_is_an_error() {
    let register = VALID_REGISTER.replace("name: Alpha", "name: \"Alpha \u{202E}tnemeganam\"");
    let site = Site::new(&register);
    let run = check(&site);
    run.assert_code(1);
    assert_mentions(
        &run,
        &[
            "text/hidden-character",
            "the name of process `alpha`",
            "U+202E",
        ],
    );
    let work = Work::new();
    assert_stopped(&build_into(&site, &work), &work, 1);
}

// ---------------------------------------------------------------------------
// 2. Markdown pages.

#[test]
fn nul_bytes_in_a_page_are_not_published() {
    let site = site_with_page("# Step\0one\n\nText\0with\0NULs.\n");
    let work = Work::new();
    build_into(&site, &work).assert_code(0);
    for (path, text) in output_text(&work) {
        assert!(!text.contains('\0'), "{path} holds a NUL byte");
    }
    let page = fs::read_to_string(work.join("site/processes/alpha.html")).unwrap();
    assert!(
        page.contains("NULs."),
        "the text around the NULs is published"
    );
}

#[test]
fn a_page_with_a_bom_and_crlf_line_ends_is_published_without_them() {
    let site = Site::new(VALID_REGISTER);
    site.write_bytes(
        "content/processes/alpha.md",
        b"\xef\xbb\xbf---\r\nprocess: alpha\r\ntitle: Steps\r\n---\r\n# First step\r\n\r\nDo it.\r\n",
    );
    let work = Work::new();
    build_into(&site, &work).assert_code(0);
    let page = fs::read_to_string(work.join("site/processes/alpha.html")).unwrap();
    assert!(page.contains(">First step</h3>"), "{page}");
    assert!(!page.contains('\u{feff}') && !page.contains('\r'));
}

#[test]
fn deeply_nested_markdown_and_html_build_without_hanging() {
    // Each of these took minutes before the nesting guard (the sanitiser's
    // parser works in proportion to depth × tags); now the page is
    // flattened and the text still published.
    for (what, body) in [
        (
            "50,000 nested quotes",
            format!("{} deep-end", ">".repeat(50_000)),
        ),
        (
            "50,000 nested lists",
            format!("{}deep-end", "- ".repeat(50_000)),
        ),
        (
            "100,000 open <div>s",
            format!("{}deep-end", "<div>".repeat(100_000)),
        ),
        (
            "nesting hidden behind a broken attribute",
            format!("<div =\">{}deep-end", "<div>".repeat(100_000)),
        ),
    ] {
        let site = site_with_page(&body);
        let work = Work::new();
        let run = build_into(&site, &work);
        assert_eq!(run.code, Some(0), "{what}:\n{}", run.stderr);
        let page = fs::read_to_string(work.join("site/processes/alpha.html")).unwrap();
        assert!(page.contains("deep-end"), "{what}: the text is lost");
        assert_eq!(harness::unsafe_markup(section(&page)), None, "{what}");
    }
}

#[test]
fn a_page_of_many_equal_headings_builds_without_hanging() {
    // Numbering the ids was quadratic: 100,000 headings took many minutes.
    let site = site_with_page(&"# Step\n".repeat(100_000));
    let work = Work::new();
    build_into(&site, &work).assert_code(0);
    let page = fs::read_to_string(work.join("site/processes/alpha.html")).unwrap();
    assert!(page.contains(r#"id="step-99999""#));
}

#[test]
fn a_page_just_under_the_limit_of_hostile_markdown_builds() {
    // Four MiB of the constructs that cost the most per byte.
    let chunk = "<img src=x onerror=alert(1)>[a](javascript:x)*b* _c_ `d` <b><i>e</i></b> [^f]\n";
    let site = Site::new(VALID_REGISTER);
    write_repeated(
        &site,
        "content/processes/alpha.md",
        "---\nprocess: alpha\n---\n",
        chunk,
        procbook::load::MAX_PAGE_BYTES as usize - 2 * chunk.len() - (1 << 20),
    );
    let work = Work::new();
    build_into(&site, &work).assert_code(0);
    let page = fs::read_to_string(work.join("site/processes/alpha.html")).unwrap();
    assert_eq!(harness::unsafe_markup(section(&page)), None);
}

/// The part of a process page that holds the rendered Markdown.
fn section(page: &str) -> &str {
    let start = page.find("<main").expect("a <main> element");
    let end = page.rfind("</main>").expect("an end of <main>");
    &page[start..end]
}

// ---------------------------------------------------------------------------
// 3. Files outside the site.

#[cfg(unix)]
mod links {
    use super::*;
    use std::os::unix::fs::symlink;

    /// A link at `rel` in `site` (its folders made) to `target`.
    fn link(site: &Site, rel: &str, target: impl AsRef<std::path::Path>) {
        let at = site.path().join(rel);
        if let Some(parent) = at.parent() {
            fs::create_dir_all(parent).unwrap();
        }
        symlink(target, at).unwrap();
    }

    /// A folder outside the site with files that must never be published.
    fn outside() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        fs::write(
            dir.path().join("secret.md"),
            "---\nprocess: alpha\n---\nOUTSIDE-SECRET-TEXT\n",
        )
        .unwrap();
        fs::write(
            dir.path().join("processes.yaml"),
            format!("# OUTSIDE-SECRET-TEXT\n{VALID_REGISTER}"),
        )
        .unwrap();
        fs::write(dir.path().join("base.html"), "OUTSIDE-SECRET-TEXT {{ x }}").unwrap();
        dir
    }

    #[test]
    fn a_page_linked_to_outside_stops_the_build_unread() {
        let outside = outside();
        let site = Site::new(VALID_REGISTER);
        link(
            &site,
            "content/processes/alpha.md",
            outside.path().join("secret.md"),
        );
        let work = Work::new();
        let run = build_into(&site, &work);
        assert_stopped(&run, &work, 1);
        assert_mentions(&run, &["input/outside-root", "leaves the site root"]);
        assert!(!run.stderr.contains("OUTSIDE-SECRET-TEXT"));
    }

    #[test]
    fn a_content_folder_linked_to_outside_stops_the_build_unread() {
        let outside = outside();
        let site = Site::new(VALID_REGISTER);
        link(&site, "content", outside.path());
        let work = Work::new();
        let run = build_into(&site, &work);
        assert_stopped(&run, &work, 1);
        assert_mentions(&run, &["input/outside-root", "leaves the site root"]);
        assert!(!run.stderr.contains("OUTSIDE-SECRET-TEXT"));
    }

    #[test]
    fn a_register_linked_from_outside_is_refused_unread() {
        let outside = outside();
        let site = Site::empty();
        link(
            &site,
            "processes.yaml",
            outside.path().join("processes.yaml"),
        );
        let run = check(&site);
        run.assert_code(2);
        assert_mentions(&run, &["outside the site root"]);
        assert!(!run.stdout.contains("OUTSIDE-SECRET") && !run.stderr.contains("OUTSIDE-SECRET"));
        let work = Work::new();
        let run = build_into(&site, &work);
        assert_stopped(&run, &work, 2);
        assert!(!run.stdout.contains("OUTSIDE-SECRET") && !run.stderr.contains("OUTSIDE-SECRET"));
    }

    #[test]
    fn a_theme_asset_linked_to_a_system_file_stops_the_build_unread() {
        let site = Site::new(VALID_REGISTER);
        link(&site, "theme/static/passwd", "/etc/passwd");
        site.write("theme/static/logo.txt", "the site's own asset");
        let work = Work::new();
        let run = build_into(&site, &work);
        assert_stopped(&run, &work, 1);
        assert_mentions(&run, &["input/outside-root", "theme/static/passwd"]);
        assert!(!run.stderr.contains("root:"), "{}", run.stderr);
    }

    #[test]
    fn a_theme_override_linked_to_a_system_file_is_refused() {
        let site = Site::new(VALID_REGISTER);
        link(&site, "theme/static/style.css", "/etc/passwd");
        let work = Work::new();
        let run = build_into(&site, &work);
        assert_stopped(&run, &work, 1);
        assert_mentions(
            &run,
            &["theme/static/style.css is a link that leaves the site root"],
        );
        assert!(!run.stderr.contains("root:"), "{}", run.stderr);
    }

    #[test]
    fn a_theme_template_linked_from_outside_is_refused() {
        let outside = outside();
        let site = Site::new(VALID_REGISTER);
        link(
            &site,
            "theme/templates/base.html",
            outside.path().join("base.html"),
        );
        let work = Work::new();
        let run = build_into(&site, &work);
        assert_stopped(&run, &work, 1);
        assert_mentions(&run, &["leaves the site root"]);
        assert!(!run.stderr.contains("OUTSIDE-SECRET"));
    }
}

// ---------------------------------------------------------------------------
// 4. The theme: no inline script, handlers or styles; CSP on every page.

/// `on…=` preceded by what can stand before an attribute name.
fn inline_handler(text: &str) -> Option<&str> {
    let lower = text.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let mut from = 0;
    while let Some(at) = lower[from..].find("on").map(|a| from + a) {
        from = at + 2;
        let before_ok = at == 0
            || matches!(
                bytes[at - 1],
                b' ' | b'\t' | b'\n' | b'"' | b'\'' | b'}' | b'/'
            );
        let name_end = lower[at + 2..]
            .find(|c: char| !c.is_ascii_lowercase())
            .map_or(lower.len(), |n| at + 2 + n);
        let after = lower[name_end..].trim_start();
        if before_ok && name_end > at + 2 && after.starts_with('=') {
            return Some(&text[at..name_end]);
        }
    }
    None
}

#[test]
fn templates_have_no_inline_script_handlers_or_styles() {
    let dir = repo_root().join("themes/default/templates");
    let mut checked = 0;
    for entry in fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("html") {
            continue;
        }
        checked += 1;
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = fs::read_to_string(&path).unwrap();
        let lower = text.to_ascii_lowercase();
        if let Some(handler) = inline_handler(&text) {
            panic!("{name}: inline event handler `{handler}=`");
        }
        for word in [" style=", "\tstyle=", "\nstyle=", "<style", "javascript:"] {
            assert!(!lower.contains(word), "{name}: `{}`", word.trim());
        }
        // Every <script> loads a file and has no body.
        let mut rest = lower.as_str();
        while let Some(at) = rest.find("<script") {
            let tag_end = rest[at..].find('>').expect("a closed <script> tag") + at;
            assert!(
                rest[at..tag_end].contains(" src="),
                "{name}: a <script> without src"
            );
            assert!(
                rest[tag_end + 1..].starts_with("</script>"),
                "{name}: an inline <script> body"
            );
            rest = &rest[tag_end..];
        }
    }
    assert!(
        checked >= 8,
        "only {checked} templates found in {}",
        dir.display()
    );
}

#[test]
fn the_template_check_catches_handlers() {
    assert_eq!(inline_handler(r#"<a onclick="x">"#), Some("onclick"));
    assert_eq!(inline_handler("<img src=x\nONERROR = y>"), Some("ONERROR"));
    assert_eq!(
        inline_handler(r#"<p class="a"{% if x %} onload=y{% endif %}>"#),
        Some("onload")
    );
    assert_eq!(
        inline_handler(r#"<form action="search.html" role="x">"#),
        None
    );
    assert_eq!(inline_handler("<p>Carry on = go ahead</p>"), None);
    assert_eq!(inline_handler("{{ section.content }}"), None);
}

/// What the policy of every page must say.
const CSP_DIRECTIVES: &[&str] = &[
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
];

#[test]
fn every_built_page_carries_the_csp_and_no_inline_script_or_style() {
    let work = Work::new();
    let out = work.join("site");
    let run = run_at(
        &shipped(),
        "build",
        &["--out", out.to_str().unwrap(), "--today", TODAY],
    );
    run.assert_code(0);
    let mut pages = 0;
    for (path, bytes) in read_tree(&out) {
        if !path.ends_with(".html") {
            continue;
        }
        pages += 1;
        let html = String::from_utf8(bytes).unwrap();
        let head = &html[..html
            .find("</head>")
            .unwrap_or_else(|| panic!("{path}: no </head>"))];
        let policy = harness::tags(head)
            .into_iter()
            .find(|t| t.get("http-equiv") == Some("Content-Security-Policy"))
            .and_then(|t| t.get("content").map(str::to_string))
            .unwrap_or_else(|| panic!("{path}: no Content-Security-Policy in <head>"));
        for directive in CSP_DIRECTIVES {
            assert!(
                policy.split(';').any(|d| d.trim() == *directive),
                "{path}: the policy lacks {directive}: {policy}"
            );
        }
        for weak in ["unsafe-inline", "unsafe-eval", "*", "http:", "https:"] {
            assert!(!policy.contains(weak), "{path}: the policy allows {weak}");
        }
        for tag in harness::tags(&html) {
            if let Some(problem) = harness::unsafe_attribute(&tag) {
                panic!("{path}: {problem}");
            }
            match tag.name.as_str() {
                "script" => {
                    assert!(tag.get("src").is_some(), "{path}: <script> without src");
                    assert!(
                        html[tag.end..].starts_with("</script>"),
                        "{path}: an inline <script> body"
                    );
                }
                "iframe" | "frame" | "object" | "embed" | "style" | "base" => {
                    panic!("{path}: a <{}> element", tag.name)
                }
                "meta" => assert!(
                    tag.get("http-equiv")
                        .is_none_or(|h| h.eq_ignore_ascii_case("content-security-policy")),
                    "{path}: <meta http-equiv={:?}>",
                    tag.get("http-equiv")
                ),
                _ => {}
            }
        }
    }
    assert!(pages >= 20, "only {pages} pages built");
}
