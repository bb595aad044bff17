//! Class 9: text rules on every published field. Hidden characters and
//! line breaks are caught wherever text is published, names are compared
//! after Unicode normalisation, `due`'s Markdown shows names as text, and
//! guidelines cannot take the templates' ids or dress up as the site.

use super::git::GitRepo;
use crate::common::build::{between, read, Work};
use crate::common::{Site, TODAY, VALID_REGISTER};

/// `VALID_REGISTER` with `from` replaced by `to` (which must be there).
fn register_with(from: &str, to: &str) -> String {
    assert!(VALID_REGISTER.contains(from), "{from:?}");
    VALID_REGISTER.replacen(from, to, 1)
}

/// Registers whose field at `what` holds `text` (a YAML double-quoted body).
fn variants(text: &str) -> Vec<(&'static str, String)> {
    let q = |s: &str| format!("\"{s}\"");
    vec![
        (
            "the organisation's name",
            register_with("  name: Test Agency", &format!("  name: {}", q(text))),
        ),
        (
            "the organisation's short name",
            register_with(
                "  name: Test Agency\n",
                &format!("  name: Test Agency\n  short_name: {}\n", q(text)),
            ),
        ),
        (
            "the title of edition `dir-2025`",
            register_with("    title: Processes", &format!("    title: {}", q(text))),
        ),
        (
            "the number of edition `dir-2025`",
            register_with("    number: 1/1", &format!("    number: {}", q(text))),
        ),
        (
            "the name of unit `dept`",
            register_with("    name: Department", &format!("    name: {}", q(text))),
        ),
        (
            "the name of role `lead`",
            register_with("    name: Process lead", &format!("    name: {}", q(text))),
        ),
        (
            "the name of wiki space `wiki`",
            register_with("    name: Wiki", &format!("    name: {}", q(text))),
        ),
        (
            "the name of process `alpha`",
            register_with("    name: Alpha", &format!("    name: {}", q(text))),
        ),
        (
            "the English name (name_en) of process `alpha`",
            register_with(
                "    name: Alpha\n",
                &format!("    name: Alpha\n    name_en: {}\n", q(text)),
            ),
        ),
    ]
}

#[test]
fn hidden_characters_are_caught_in_every_published_field() {
    for c in [
        "\\u202E", "\\u2066", "\\u200F", "\\u200B", "\\uFEFF", "\\u0007", "\\u061C",
    ] {
        for (what, register) in variants(&format!("Agency{c}ycnega")) {
            let checked = Site::new(&register).check_json(&[]);
            let found = checked
                .all("text/hidden-character")
                .into_iter()
                .any(|d| d.message.contains(what));
            assert!(found, "{c} in {what}:\n{}", checked.listing());
            checked.assert_code(1);
        }
    }
}

#[test]
fn line_breaks_are_refused_in_single_line_fields() {
    for c in [
        "\\n",
        "\\r",
        "\\u2028",
        "\\u2029",
        "\\u0085",
        "\\n# Heading\\n[x](https://evil.example)",
    ] {
        for (what, register) in variants(&format!("One{c}two")) {
            let checked = Site::new(&register).check_json(&[]);
            let found = checked
                .all("text/line-break")
                .into_iter()
                .any(|d| d.message.contains(what));
            assert!(found, "{c:?} in {what}:\n{}", checked.listing());
        }
    }
    // A block scalar keeps its line breaks too.
    let site = Site::new(&register_with(
        "    name: Alpha",
        "    name: |\n      Alpha\n      # Beta",
    ));
    assert!(!site.check_json(&[]).all("text/line-break").is_empty());
}

#[test]
fn a_front_matter_title_is_held_to_the_same_rules() {
    for (title, code) in [
        ("\"Guide\\u202Eediug\"", "text/hidden-character"),
        ("\"Guide\\n# Injected\"", "text/line-break"),
    ] {
        let site = Site::new(VALID_REGISTER).page(
            "processes/alpha.md",
            &format!("---\nprocess: alpha\ntitle: {title}\n---\nText.\n"),
        );
        let checked = site.check_json(&[]);
        checked
            .one(code)
            .assert_at("content/processes/alpha.md", 3, 8);
    }
}

#[test]
fn names_that_differ_only_in_unicode_composition_are_duplicates() {
    let nfc = "M\u{00FC}\u{00FC}k";
    let nfd = "Mu\u{0308}u\u{0308}k";
    let register = format!(
        "{}{}",
        register_with("    name: Alpha", &format!("    name: {nfc}")),
        "  - id: beta\n    name: NAME\n    goals: [Do.]\n    outcomes: [Done.]\n    owner: lead\n    documentation:\n      space: wiki\n    reviewed_on: 2026-01-10\n"
            .replace("NAME", nfd)
    );
    let checked = Site::new(&register).check_json(&[]);
    checked.one("identity/duplicate-name");
}

#[test]
fn due_markdown_shows_names_as_text() {
    // `due` reads a register that check would refuse: its Markdown must
    // still hold no heading, link, HTML or table cell that the name made.
    let hostile = "Alpha\\n# Injected heading\\n[click](https://evil.example) <b>x</b> | cell";
    let register = register_with("    name: Alpha", &format!("    name: \"{hostile}\"")).replace(
        "    name: Process lead",
        "    name: \"Lead\\r\\n## Fake owner\"",
    );
    let site = Site::new(&register);
    let run = site.run("due", &["--today", "2027-06-01"]);
    run.assert_code(0);
    let headings: Vec<&str> = run.stdout.lines().filter(|l| l.starts_with('#')).collect();
    assert_eq!(headings.len(), 2, "{}", run.stdout);
    assert!(!run.stdout.contains("Injected heading\n"), "{}", run.stdout);
    assert!(run.stdout.contains("\\[click\\]"), "{}", run.stdout);
    assert!(run.stdout.contains("\\<b\\>"), "{}", run.stdout);
    assert!(run.stdout.contains("\\| cell"), "{}", run.stdout);
    let rows: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("| Alpha"))
        .collect();
    assert_eq!(rows.len(), 1, "{}", run.stdout);
    assert_eq!(rows[0].matches(" | ").count(), 4, "{}", rows[0]);
}

#[test]
fn guidelines_cannot_take_template_ids_or_the_sites_classes() {
    let body = "\
<a id=\"site-search\">x</a> <span id=\"main\">y</span>

## Heading {#search-q}

Text with a note.[^main]

[^main]: The note.

<div class=\"banner banner-version note\" role=\"note\"><p>This is an old version</p></div>
<p class=\"skip-link state-overdue\">fake</p>
";
    let site = Site::new(VALID_REGISTER).page(
        "processes/alpha.md",
        &format!("---\nprocess: alpha\n---\n{body}"),
    );
    let work = Work::new();
    let out = work.join("site");
    crate::common::build::build_ok(site.path(), &out, &["--no-history"]);
    let page = read(&out, "processes/alpha.html");
    for id in ["main", "site-search", "search-q"] {
        let count = page.matches(&format!("id=\"{id}\"")).count();
        let in_template = include_str!("../../../themes/default/templates/base.html")
            .matches(&format!("id=\"{id}\""))
            .count();
        assert!(
            count <= in_template.max(1),
            "id {id} repeated {count} times"
        );
    }
    let prose = between(&page, "<div class=\"prose\">", "</section>");
    assert!(!prose.contains("banner"), "{prose}");
    assert!(
        !prose.contains("skip-link") && !prose.contains("state-overdue"),
        "{prose}"
    );
    assert!(prose.contains("class=\"note\""), "{prose}");
    // The footnote still links to its own definition.
    assert!(
        prose.contains("href=\"#fn-main\"") && prose.contains("id=\"fn-main\""),
        "{prose}"
    );
}

#[test]
fn commit_summaries_and_authors_are_published_without_hidden_characters() {
    let mut git = GitRepo::init();
    git.put("processes.yaml", VALID_REGISTER);
    git.commit(
        "Mari\u{202E}iraM",
        "Add alpha\u{202E}ahpla\u{200B} \u{0007}",
    );
    git.put(
        "processes.yaml",
        &VALID_REGISTER.replace("Do alpha things.", "Do more."),
    );
    git.commit("Jaan\u{2066}Tamm", "Change goals\u{2067}");
    let work = Work::new();
    let out = work.join("site");
    let run = crate::common::run_at(
        git.root(),
        "build",
        &["--today", TODAY, "--out", out.to_str().unwrap()],
    );
    run.assert_code(0);
    for file in [
        "changes.html",
        "processes/alpha.html",
        "api/changes.json",
        "changes.xml",
    ] {
        let Ok(text) = std::fs::read_to_string(out.join(file)) else {
            continue;
        };
        for c in ['\u{202E}', '\u{2066}', '\u{2067}', '\u{200B}', '\u{0007}'] {
            assert!(!text.contains(c), "{file} holds U+{:04X}", c as u32);
        }
    }
    assert!(read(&out, "changes.html").contains("Change goals"));
}
