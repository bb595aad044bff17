//! Bad input to `procbook check`: broken YAML, hostile YAML, wrong
//! encodings, broken front matter and links in `content/`. Each gives a
//! clear diagnostic at the right place and the right exit code, and never a
//! panic.

use crate::common::{fixture, position_of, run_at, Checked, Diag, Site, TODAY, VALID_REGISTER};

/// Checks `register` and returns its one diagnostic, which must be an error
/// with `code`; the run must exit 1.
fn only_error(register: &str, code: &str) -> Diag {
    only_error_of(&Site::new(register), code)
}

fn only_error_of(site: &Site, code: &str) -> Diag {
    let checked = site.check_json(&[]);
    assert_eq!(checked.codes(), vec![code], "{}", checked.listing());
    let d = checked.one(code).clone();
    assert_eq!(d.severity, "error");
    assert!(!d.message.is_empty());
    assert!(!d.help().is_empty());
    checked.assert_code(1);
    d
}

fn assert_mentions(d: &Diag, words: &[&str]) {
    let said = format!("{}\n{}", d.message, d.help());
    for word in words {
        assert!(
            said.contains(word),
            "{} does not mention {word:?}: {said}",
            d.code
        );
    }
}

// ---------------------------------------------------------------------------
// YAML that does not parse.

#[test]
fn an_unclosed_quote_is_a_syntax_error() {
    let d = only_error("organisation:\n  name: \"Test Agency\n", "yaml/syntax");
    d.assert_at("processes.yaml", 2, 9);
    assert_mentions(&d, &["unclosed quote", "fix the YAML syntax"]);
}

#[test]
fn a_misindented_key_is_a_syntax_error() {
    let d = only_error(
        "organisation:\n  name: Test Agency\n bad: [1, 2\n",
        "yaml/syntax",
    );
    d.assert_at("processes.yaml", 3, 2);
    assert_mentions(&d, &["did not find expected key"]);
}

#[test]
fn a_tab_in_the_indentation_is_a_syntax_error() {
    let d = only_error("organisation:\n\tname: Test Agency\n", "yaml/syntax");
    d.assert_at("processes.yaml", 2, 2);
    assert_mentions(&d, &["tabs"]);
}

#[test]
fn an_alias_to_no_anchor_is_a_syntax_error() {
    let d = only_error("organisation:\n  name: *agency\n", "yaml/syntax");
    d.assert_at("processes.yaml", 2, 9);
    assert_mentions(&d, &["unknown"]);
}

#[test]
fn a_second_document_is_a_syntax_error() {
    let register = format!("{VALID_REGISTER}---\norganisation:\n  name: Other\n");
    let d = only_error(&register, "yaml/syntax");
    // At the first node of the second document, just below its `---`.
    let (line, column) = position_of(&register, "---\norganisation");
    d.assert_at("processes.yaml", line + 1, column);
    assert_mentions(&d, &["multiple"]);
    assert!(!d.message.contains("from_str"), "{}", d.message);
}

#[test]
fn an_empty_register_is_reported() {
    let d = only_error("", "yaml/syntax");
    d.assert_at("processes.yaml", 1, 1);
    assert_mentions(&d, &["end of file"]);
}

#[test]
fn a_syntax_error_after_a_type_error_is_reported_as_syntax() {
    // The first key is wrong, but the file is not YAML at all further down.
    let register = "organisation:\n  name: [Test Agency\nunits: {\n";
    let d = only_error(register, "yaml/syntax");
    d.assert_at("processes.yaml", 3, 6);
}

#[test]
fn a_duplicate_key_is_an_error_at_the_second_key() {
    let register = VALID_REGISTER.replace(
        "    owner: lead\n",
        "    owner: lead\n    goals:\n      - Again.\n",
    );
    let d = only_error(&register, "yaml/duplicate-key");
    let (line, column) = position_of(&register, "goals:\n      - Again.");
    d.assert_at("processes.yaml", line, column);
    assert_mentions(&d, &["`goals`", "once"]);

    let register = VALID_REGISTER.replace(
        "  name: Test Agency\n",
        "  name: Test Agency\n  name: Test Agency\n",
    );
    let d = only_error(&register, "yaml/duplicate-key");
    d.assert_at("processes.yaml", 4, 3);
}

#[test]
fn an_unknown_field_suggests_the_known_one() {
    let register = VALID_REGISTER.replace("    name: Alpha\n", "    nmae: Alpha\n");
    let d = only_error(&register, "yaml/unknown-field");
    let (line, column) = position_of(&register, "nmae");
    d.assert_at("processes.yaml", line, column);
    assert_mentions(&d, &["`nmae`", "did you mean `name`?"]);

    let register = VALID_REGISTER.replace("processes:\n", "procesess:\n");
    let d = only_error(&register, "yaml/unknown-field");
    let (line, column) = position_of(&register, "procesess");
    d.assert_at("processes.yaml", line, column);
    assert_mentions(&d, &["did you mean `processes`?"]);

    let register = VALID_REGISTER.replace("    reviewed_on:", "    reviewd_on:");
    let d = only_error(&register, "yaml/unknown-field");
    assert_mentions(&d, &["did you mean `reviewed_on`?"]);
}

#[test]
fn an_unknown_field_unlike_any_other_gets_no_guess() {
    let register =
        VALID_REGISTER.replace("    name: Alpha\n", "    name: Alpha\n    colour: blue\n");
    let d = only_error(&register, "yaml/unknown-field");
    let (line, column) = position_of(&register, "colour");
    d.assert_at("processes.yaml", line, column);
    assert!(!d.help().contains("did you mean"), "{}", d.help());
    assert_mentions(&d, &["spelling"]);
}

#[test]
fn a_value_of_the_wrong_type_is_an_error_at_the_value() {
    let cases: &[(&str, &str, &str, &[&str])] = &[
        (
            "    reviewed_on: 2026-01-10\n",
            "    reviewed_on: 2026-01-10\n    review_interval_months: twelve\n",
            "twelve",
            &["u32", "schema"],
        ),
        (
            "reviewed_on: 2026-01-10",
            "reviewed_on: 10.01.2026",
            "10.01.2026",
            &["not a date", "YYYY-MM-DD"],
        ),
        (
            "kind: osakond",
            "kind: division",
            "division",
            &["`division`", "valdkond, osakond, grupp"],
        ),
        (
            "    goals:\n      - Do alpha things.\n",
            "    goals: {first: Do alpha things.}\n",
            "{first",
            &["schema"],
        ),
        (
            "owner: lead",
            "owner: {role: lead}",
            "{role",
            &["`owner` must be one role id"],
        ),
    ];
    for (from, to, at, words) in cases {
        let register = VALID_REGISTER.replace(from, to);
        assert_ne!(register, VALID_REGISTER);
        let d = only_error(&register, "yaml/wrong-type");
        let (line, column) = position_of(&register, at);
        d.assert_at("processes.yaml", line, column);
        assert_mentions(&d, words);
    }
}

#[test]
fn a_missing_required_field_is_named() {
    let register = VALID_REGISTER.replace("organisation:\n  name: Test Agency\n", "");
    let d = only_error(&register, "yaml/missing-field");
    assert_eq!(d.file.as_deref(), Some("processes.yaml"));
    assert_mentions(&d, &["`organisation`", "schema/processes.schema.json"]);

    let register = VALID_REGISTER.replace("    number: 1/1\n", "");
    let d = only_error(&register, "yaml/missing-field");
    assert_mentions(&d, &["`number`"]);
    // Reported within the directive's entry.
    let line = d.line.expect("a line");
    let (first, _) = position_of(&register, "- id: dir-2025");
    let (last, _) = position_of(&register, "    title: Processes");
    assert!((first..=last).contains(&line), "line {line}");
}

// ---------------------------------------------------------------------------
// Hostile YAML: it must stop quickly, with yaml/limit.

const BILLION_LAUGHS: &str = r#"a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"#;

#[test]
fn an_alias_bomb_stops_with_a_limit_error() {
    // `procbook` is killed (and the test fails) if it runs for 20 s.
    let d = only_error(BILLION_LAUGHS, "yaml/limit");
    assert_eq!(d.file.as_deref(), Some("processes.yaml"));
    assert_mentions(&d, &["anchors and aliases"]);
}

#[test]
fn an_alias_bomb_inside_valid_fields_stops_with_a_limit_error() {
    // Here the bomb sits in fields of the right kind, so only expanding it
    // shows what it is.
    let mut register = String::from(
        "organisation:\n  name: Test Agency\ndirectives:\n  - id: d0\n    number: '0'\n    date: 2025-05-05\n    title: T\n    points: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n",
    );
    let mut previous = 'a';
    for (n, anchor) in "bcdefghi".chars().enumerate() {
        let aliases = vec![format!("*{previous}"); 9].join(",");
        register.push_str(&format!(
            "  - id: d{}\n    number: '{}'\n    date: 2025-05-05\n    title: T\n    points: &{anchor} [{aliases}]\n",
            n + 1,
            n + 1
        ));
        previous = anchor;
    }
    let d = only_error(&register, "yaml/limit");
    assert_eq!(d.file.as_deref(), Some("processes.yaml"));
}

#[test]
fn deep_nesting_stops_with_a_limit_error() {
    let open = "[".repeat(10_000);
    let d = only_error(&open, "yaml/limit");
    assert_eq!(d.line, Some(1));
    // It stops long before the end of the line.
    assert!(d.column.unwrap() < 1_000, "{}", d.place());

    let closed = format!(
        "organisation:\n  name: Test Agency\nunits: {}{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let d = only_error(&closed, "yaml/limit");
    assert_eq!(d.line, Some(3));

    let mappings = format!("organisation: {}\n", "{a: ".repeat(10_000));
    only_error(&mappings, "yaml/limit");
}

#[test]
fn a_register_over_the_size_limit_is_refused_unread() {
    assert_eq!(procbook::load::MAX_REGISTER_BYTES, 32 * 1024 * 1024);
    let site = Site::empty();
    let file = std::fs::File::create(site.path().join("processes.yaml")).unwrap();
    // Sparse: quick to create, zeros when read.
    file.set_len(procbook::load::MAX_REGISTER_BYTES + 1)
        .unwrap();
    drop(file);
    let d = only_error_of(&site, "input/too-large");
    d.assert_at("processes.yaml", 1, 1);
    assert_mentions(&d, &["processes.yaml is larger than 32 MiB"]);
}

#[test]
fn a_page_over_the_size_limit_is_refused_unread() {
    let site = Site::new(VALID_REGISTER);
    std::fs::create_dir_all(site.path().join("content")).unwrap();
    let file = std::fs::File::create(site.path().join("content/big.md")).unwrap();
    file.set_len(procbook::load::MAX_PAGE_BYTES + 1).unwrap();
    drop(file);
    let d = only_error_of(&site, "input/too-large");
    d.assert_at("content/big.md", 1, 1);
    assert_mentions(&d, &["content/big.md is larger than 4 MiB"]);
}

// ---------------------------------------------------------------------------
// Encodings.

#[test]
fn non_utf8_bytes_are_reported_where_they_are() {
    // Latin-1 "Ä" (0xC4) for the "A" of "Agency", after "  name: Test " on
    // line 3.
    let mut bytes = VALID_REGISTER.as_bytes().to_vec();
    let at = VALID_REGISTER.find("Agency").unwrap();
    bytes[at] = 0xC4;
    let site = Site::with_bytes(&bytes);
    let d = only_error_of(&site, "input/not-utf8");
    d.assert_at("processes.yaml", 3, 14);
    assert_mentions(&d, &["processes.yaml is not valid UTF-8", "UTF-8"]);
}

#[test]
fn the_column_of_bad_bytes_counts_characters() {
    // "õ" and "ä" are two bytes each but one column each.
    let mut bytes = b"organisation:\n  name: P\xc3\xb5hi\xc3\xa4 ".to_vec();
    bytes.push(0xFF);
    bytes.push(b'\n');
    let d = only_error_of(&Site::with_bytes(&bytes), "input/not-utf8");
    d.assert_at("processes.yaml", 2, 15);
}

#[test]
fn non_utf8_pages_are_reported_where_they_are() {
    let site = Site::new(VALID_REGISTER);
    site.write_bytes(
        "content/processes/alpha.md",
        b"---\nprocess: alpha\n---\nabc \xff\n",
    );
    let d = only_error_of(&site, "input/not-utf8");
    d.assert_at("content/processes/alpha.md", 4, 5);
}

#[test]
fn a_byte_order_mark_and_crlf_line_ends_are_accepted() {
    let crlf = VALID_REGISTER.replace('\n', "\r\n");
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(crlf.as_bytes());
    let site = Site::with_bytes(&bytes);
    site.write_bytes(
        "content/processes/alpha.md",
        b"\xef\xbb\xbf---\r\nprocess: alpha\r\nreviewed_on: 2026-05-01\r\n---\r\n# Alpha\r\n",
    );
    let checked = site.check_json(&["--strict"]);
    assert!(checked.diagnostics.is_empty(), "{}", checked.listing());
    checked.assert_code(0);
}

#[test]
fn positions_in_a_crlf_file_with_a_bom_are_not_shifted() {
    let register = VALID_REGISTER.replace("owner: lead", "owner: laed");
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(register.replace('\n', "\r\n").as_bytes());
    let checked = Site::with_bytes(&bytes).check_json(&[]);
    let d = checked.one("ownership/unknown-role");
    let (line, column) = position_of(&register, "laed");
    d.assert_at("processes.yaml", line, column);
}

#[test]
fn a_nul_byte_is_an_error() {
    let register = VALID_REGISTER.replace("name: Test Agency", "name: Test\0Agency");
    let d = only_error(&register, "yaml/syntax");
    d.assert_at("processes.yaml", 3, 13);
    assert_mentions(&d, &["NUL"]);

    let site = Site::new(VALID_REGISTER).page("processes/alpha.md", "---\nprocess: al\0pha\n---\n");
    let checked = site.check_json(&[]);
    let d = checked.one("yaml/syntax");
    d.assert_at("content/processes/alpha.md", 2, 12);
    checked.assert_code(1);
}

// ---------------------------------------------------------------------------
// Pages under content/.

#[test]
fn the_minimal_fixture_is_valid() {
    let checked = Checked::from(run_at(
        &fixture("minimal"),
        "check",
        &["--format", "json", "--today", TODAY, "--strict"],
    ));
    assert!(checked.diagnostics.is_empty(), "{}", checked.listing());
    checked.assert_code(0);
}

#[test]
fn every_broken_page_of_the_content_errors_fixture_is_reported() {
    let checked = Checked::from(run_at(
        &fixture("content-errors"),
        "check",
        &["--format", "json", "--today", TODAY],
    ));
    let got: Vec<(&str, &str, u64, u64)> = checked
        .diagnostics
        .iter()
        .map(|d| {
            assert_eq!(d.severity, "error", "{}", d.code);
            (
                d.code.as_str(),
                d.file.as_deref().unwrap_or("-"),
                d.line.unwrap_or(0),
                d.column.unwrap_or(0),
            )
        })
        .collect();
    let expected = vec![
        ("content/front-matter", "content/directives/h-both.md", 2, 1),
        (
            "content/front-matter",
            "content/processes/a-no-front-matter.md",
            1,
            1,
        ),
        (
            "content/front-matter",
            "content/processes/b-not-closed.md",
            1,
            1,
        ),
        (
            "yaml/unknown-field",
            "content/processes/c-unknown-field.md",
            3,
            1,
        ),
        (
            "content/unknown-process",
            "content/processes/d-unknown-process.md",
            3,
            10,
        ),
        (
            "content/duplicate-page",
            "content/processes/f-alpha-again.md",
            2,
            10,
        ),
        (
            "content/front-matter",
            "content/processes/g-neither.md",
            2,
            1,
        ),
    ];
    assert_eq!(got, expected, "{}", checked.listing());

    let p = "content/processes/";
    let by_file = |name: &str| {
        checked
            .diagnostics
            .iter()
            .find(|d| d.file.as_deref() == Some(&format!("{p}{name}")))
            .unwrap()
    };
    assert_mentions(
        by_file("a-no-front-matter.md"),
        &["has no front matter", "process:"],
    );
    assert_mentions(by_file("b-not-closed.md"), &["is not closed", "`---`"]);
    assert_mentions(
        by_file("c-unknown-field.md"),
        &[
            "`reviewd_on`",
            "did you mean `reviewed_on`?",
            "front matter takes",
        ],
    );
    assert_mentions(
        by_file("d-unknown-process.md"),
        &["`alpah`", "did you mean `alpha`?"],
    );
    assert_mentions(
        by_file("f-alpha-again.md"),
        &[&format!("{p}e-alpha.md"), &format!("{p}f-alpha-again.md")],
    );
    assert_mentions(
        by_file("g-neither.md"),
        &["exactly one of `process` or `directive`"],
    );
    checked.assert_code(1);
}

#[test]
fn front_matter_with_a_wrong_value_is_an_error_at_the_value() {
    let site = Site::new(VALID_REGISTER).page(
        "processes/alpha.md",
        "---\nprocess: alpha\nreviewed_on: 1.3.2026\n---\n",
    );
    let d = only_error_of(&site, "yaml/wrong-type");
    d.assert_at("content/processes/alpha.md", 3, 14);
    assert_mentions(&d, &["YYYY-MM-DD"]);
}

#[test]
fn front_matter_that_is_not_yaml_is_a_syntax_error_in_the_page() {
    let site = Site::new(VALID_REGISTER)
        .page("processes/alpha.md", "---\nprocess: [alpha\n---\n# Alpha\n");
    let d = only_error_of(&site, "yaml/syntax");
    assert_eq!(d.file.as_deref(), Some("content/processes/alpha.md"));
    assert_eq!(d.line, Some(2));
}

#[test]
fn a_broken_register_still_reports_broken_pages() {
    let site = Site::new("organisation: [\n").page("processes/alpha.md", "# no front matter\n");
    let checked = site.check_json(&[]);
    checked.one("yaml/syntax");
    checked
        .one("content/front-matter")
        .assert_at("content/processes/alpha.md", 1, 1);
    checked.assert_code(1);
}

#[test]
fn other_files_in_content_are_not_pages() {
    let site = Site::new(VALID_REGISTER);
    site.write("content/processes/notes.txt", "no front matter\n");
    site.write("content/images/diagram.svg", "<svg/>\n");
    let checked = site.check_json(&["--strict"]);
    assert!(checked.diagnostics.is_empty(), "{}", checked.listing());
}

#[cfg(unix)]
mod symlinks {
    use super::*;
    use std::os::unix::fs::symlink;

    /// A page outside the site that, if read, would be an error.
    fn outside() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("secret.md"),
            "---\nprocess: not-here\n---\n",
        )
        .unwrap();
        dir
    }

    fn assert_symlink_warning(site: &Site, file: &str) {
        let checked = site.check_json(&[]);
        assert_eq!(
            checked.codes(),
            vec!["content/symlink"],
            "the link must not be followed:\n{}",
            checked.listing()
        );
        let d = checked.one("content/symlink");
        assert_eq!(d.severity, "warning");
        d.assert_at(file, 1, 1);
        assert!(d.message.contains("is not published"), "{}", d.message);
        assert!(d.help().contains("copy the file"), "{}", d.help());
        checked.assert_code(0);
        site.check_json(&["--strict"]).assert_code(1);
    }

    /// A link that leaves the site root is an error at the link, and what
    /// it leads to is not read.
    fn assert_outside_error(site: &Site, file: &str) {
        let checked = site.check_json(&[]);
        assert_eq!(
            checked.codes(),
            vec!["input/outside-root"],
            "the link must not be followed:\n{}",
            checked.listing()
        );
        let d = checked.one("input/outside-root");
        assert_eq!(d.severity, "error");
        d.assert_at(file, 1, 1);
        assert!(d.message.contains("leaves the site root"), "{}", d.message);
        assert!(d.help().contains("copy the file"), "{}", d.help());
        checked.assert_code(1);
    }

    #[test]
    fn a_page_linked_to_outside_the_root_is_an_error_and_not_read() {
        let outside = outside();
        let site = Site::new(VALID_REGISTER);
        std::fs::create_dir_all(site.path().join("content/processes")).unwrap();
        symlink(
            outside.path().join("secret.md"),
            site.path().join("content/processes/alpha.md"),
        )
        .unwrap();
        assert_outside_error(&site, "content/processes/alpha.md");
    }

    #[test]
    fn a_page_linked_within_the_root_is_a_warning_and_not_read() {
        let site = Site::new(VALID_REGISTER);
        site.write("notes/secret.md", "---\nprocess: not-here\n---\n");
        std::fs::create_dir_all(site.path().join("content/processes")).unwrap();
        symlink(
            "../../notes/secret.md",
            site.path().join("content/processes/alpha.md"),
        )
        .unwrap();
        assert_symlink_warning(&site, "content/processes/alpha.md");
    }

    #[test]
    fn a_folder_linked_to_outside_the_root_is_an_error_and_not_entered() {
        let outside = outside();
        let site = Site::new(VALID_REGISTER);
        std::fs::create_dir_all(site.path().join("content")).unwrap();
        symlink(outside.path(), site.path().join("content/processes")).unwrap();
        assert_outside_error(&site, "content/processes");
    }

    #[test]
    fn a_content_folder_linked_to_outside_the_root_is_an_error_and_not_entered() {
        let outside = outside();
        let site = Site::new(VALID_REGISTER);
        symlink(outside.path(), site.path().join("content")).unwrap();
        assert_outside_error(&site, "content");
    }

    #[test]
    fn a_register_linked_from_outside_the_root_is_refused() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("processes.yaml"), VALID_REGISTER).unwrap();
        let site = Site::empty();
        symlink(
            outside.path().join("processes.yaml"),
            site.path().join("processes.yaml"),
        )
        .unwrap();
        let run = site.run("check", &["--today", TODAY]);
        run.assert_code(2);
        assert!(
            run.stderr.contains("outside the site root"),
            "{}",
            run.stderr
        );
        assert!(run.stdout.is_empty(), "{}", run.stdout);
    }

    #[test]
    fn a_register_linked_within_the_root_is_read() {
        let site = Site::empty();
        site.write("data/register.yaml", VALID_REGISTER);
        symlink("data/register.yaml", site.path().join("processes.yaml")).unwrap();
        let checked = site.check_json(&["--strict"]);
        assert!(checked.diagnostics.is_empty(), "{}", checked.listing());
        checked.assert_code(0);
    }

    #[test]
    fn a_dangling_link_is_a_warning() {
        let site = Site::new(VALID_REGISTER);
        std::fs::create_dir_all(site.path().join("content")).unwrap();
        symlink("/nonexistent/page.md", site.path().join("content/gone.md")).unwrap();
        assert_symlink_warning(&site, "content/gone.md");
    }
}
