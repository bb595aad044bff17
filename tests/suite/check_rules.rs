//! Every validation rule of `procbook check`, one fixture each: the code,
//! severity, file, line and column of the diagnostic and the exit code.
//! Also: the shipped register, and review deadlines around `--today`. The
//! fixtures are worked out for `common::TODAY` (2026-06-01).

use crate::common::{position_of, repo_root, run_at, Checked, Site, VALID_REGISTER};

/// `VALID_REGISTER` with each `(from, to)` replaced once; `from` must occur.
fn register_with(edits: &[(&str, &str)]) -> String {
    let mut text = VALID_REGISTER.to_string();
    for (from, to) in edits {
        assert!(text.contains(from), "`{from}` is not in the base register");
        text = text.replacen(from, to, 1);
    }
    text
}

/// A second process, appended to the register's `processes:`.
const BETA: &str = "  - id: beta
    name: Beta
    goals:
      - Do beta things.
    outcomes:
      - Beta done.
    owner: lead
    documentation:
      space: wiki
    reviewed_on: 2026-01-10
";

/// The place `marked` points at: `marked` is a unique piece of `text` with
/// `»` just before the character the diagnostic must point to.
fn marked_position(text: &str, marked: &str) -> (u64, u64) {
    let (before, after) = marked
        .split_once('»')
        .unwrap_or_else(|| panic!("`{marked}` has no » marker"));
    let (line, column) = position_of(text, &format!("{before}{after}"));
    match before.rsplit_once('\n') {
        Some((head, tail)) => (
            line + head.matches('\n').count() as u64 + 1,
            tail.chars().count() as u64 + 1,
        ),
        None => (line, column + before.chars().count() as u64),
    }
}

/// A fixture that triggers one rule.
struct Case {
    severity: &'static str,
    register: String,
    /// Pages under `content/`: path below `content/`, text.
    pages: Vec<(&'static str, &'static str)>,
    /// The file the diagnostic points into, and the marked place in it.
    file: &'static str,
    at: &'static str,
    /// Words the message or help must contain.
    mentions: &'static [&'static str],
    /// Other codes the fixture is expected to produce as well.
    also: &'static [&'static str],
}

impl Case {
    fn error(register: String, at: &'static str) -> Case {
        Case {
            severity: "error",
            register,
            pages: Vec::new(),
            file: "processes.yaml",
            at,
            mentions: &[],
            also: &[],
        }
    }

    fn severity(mut self, severity: &'static str) -> Case {
        self.severity = severity;
        self
    }

    fn mentions(mut self, words: &'static [&'static str]) -> Case {
        self.mentions = words;
        self
    }

    fn page(mut self, rel: &'static str, text: &'static str) -> Case {
        self.pages.push((rel, text));
        self
    }

    fn in_file(mut self, file: &'static str) -> Case {
        self.file = file;
        self
    }
}

/// The fixture for each rule code in `procbook::validate::RULES`.
fn case(code: &str) -> Option<Case> {
    let case = match code {
        "annex/as-signed-mismatch" => Case::error(
            register_with(&[(
                "      space: wiki\n",
                "      space: wiki\n      as_signed: \"Ruum „Viki“\"\n",
            )]),
            "as_signed: »\"Ruum",
        )
        .mentions(&["alpha", "`Wiki`", "word for word"]),
        "reviews/unknown-reviewer" => Case::error(
            register_with(&[(
                "    reviewed_on: 2026-01-10\n",
                "    reviews:\n      - date: 2026-01-10\n        by: laed\n",
            )]),
            "by: »laed",
        )
        .mentions(&["`laed`", "did you mean `lead`?"]),
        "ownership/missing-owner" => Case::error(
            register_with(&[("    owner: lead\n", "")]),
            "- id: »alpha",
        )
        .mentions(&["alpha", "owner"]),
        "ownership/multiple-owners" => Case::error(
            register_with(&[("owner: lead", "owner: [lead, other]")]),
            "owner: »[lead",
        )
        .mentions(&["2 owners", "exactly one"]),
        "ownership/unknown-role" => Case::error(
            register_with(&[("owner: lead", "owner: laed")]),
            "owner: »laed",
        )
        .mentions(&["`laed`", "did you mean `lead`?"]),
        "ownership/unknown-unit" => Case::error(
            register_with(&[("unit: dept", "unit: dpet")]),
            "unit: »dpet",
        )
        .mentions(&["`dpet`", "did you mean `dept`?"]),
        "ownership/unknown-parent" => Case::error(
            register_with(&[(
                "    kind: osakond\n",
                "    kind: osakond\n    parent: domian\n  - id: domain\n    name: Domain\n    kind: valdkond\n",
            )]),
            "parent: »domian",
        )
        .mentions(&["`domian`", "did you mean `domain`?"]),
        "ownership/unit-cycle" => Case::error(
            register_with(&[(
                "    kind: osakond\n",
                "    kind: osakond\n    parent: team\n  - id: team\n    name: Team\n    kind: grupp\n    parent: dept\n",
            )]),
            "parent: »team",
        )
        .mentions(&["dept → team → dept"]),
        "ownership/unit-level" => Case::error(
            register_with(&[(
                "    kind: osakond\n",
                "    kind: osakond\n    parent: team\n  - id: team\n    name: Team\n    kind: grupp\n",
            )]),
            "parent: »team",
        )
        .mentions(&["osakond `dept` is inside grupp `team`", "valdkond > osakond > grupp"]),
        "completeness/missing-name" => Case::error(
            register_with(&[("    name: Alpha\n", "")]),
            "- id: »alpha",
        )
        .mentions(&["`alpha`", "name"]),
        "completeness/missing-goal" => Case::error(
            register_with(&[("    goals:\n      - Do alpha things.\n", "    goals: []\n")]),
            "- id: »alpha",
        )
        .mentions(&["`alpha`", "goal"]),
        "completeness/missing-outcome" => Case::error(
            register_with(&[("    outcomes:\n      - Alpha done.\n", "    outcomes: []\n")]),
            "- id: »alpha",
        )
        .severity("warning")
        .mentions(&["`alpha` (Alpha) has no outcome", "never an invented one"]),
        "completeness/empty-text" => Case::error(
            register_with(&[(
                "      - Do alpha things.\n",
                "      - Do alpha things.\n      - \"  \"\n",
            )]),
            "- »\"  \"",
        )
        .mentions(&["`alpha`", "empty"]),
        "completeness/missing-documentation" => Case::error(
            register_with(&[("    documentation:\n      space: wiki\n", "")]),
            "- id: »alpha",
        )
        .mentions(&["`alpha`", "documentation", "space:"]),
        "completeness/unknown-wiki-space" => Case::error(
            register_with(&[("space: wiki", "space: wikki")]),
            "space: »wikki",
        )
        .mentions(&["`wikki`", "did you mean `wiki`?"]),
        "completeness/bad-url" => Case::error(
            register_with(&[("url: https://", "url: ftp://")]),
            "url: »ftp://",
        )
        .mentions(&["ftp://wiki.example.org/space", "only http and https"]),
        "completeness/no-documentation-url" => Case::error(
            register_with(&[("    url: https://wiki.example.org/space\n", "")]),
            "documentation:\n      space: »wiki",
        )
        .severity("note")
        .mentions(&["`alpha`", "\"Wiki\"", "url:"]),
        "identity/duplicate-id" => Case::error(
            format!(
                "{VALID_REGISTER}{}",
                BETA.replace("id: beta", "id: alpha")
            ),
            "- id: »alpha\n    name: Beta",
        )
        .mentions(&["process id `alpha`", "first on line 22"]),
        "identity/bad-slug" => Case::error(
            register_with(&[("- id: alpha", "- id: Alpha_One")]),
            "- id: »Alpha_One",
        )
        .mentions(&["`Alpha_One`", "lowercase letters a-z", "digits 0-9", "write it as `alpha-one`"]),
        "identity/duplicate-name" => Case::error(
            format!(
                "{VALID_REGISTER}{}",
                BETA.replace("name: Beta", "name: \"ALPHA \"")
            ),
            "name: »\"ALPHA \"",
        )
        .mentions(&["`beta`", "`alpha`"]),
        "directives/none-in-force" => Case::error(
            register_with(&[(
                "    title: Processes\n",
                "    title: Processes\n    repealed_by: dir-2025\n",
            )]),
            "- id: »dir-2025",
        )
        .mentions(&["no edition", "repealed_by"]),
        "directives/several-in-force" => Case::error(
            register_with(&[(
                "    title: Processes\n",
                "    title: Processes\n  - id: dir-2026\n    number: 1/2\n    date: 2026-01-05\n    title: Processes again\n",
            )]),
            "- id: »dir-2026",
        )
        .mentions(&["2 editions are in force", "`dir-2026`"]),
        "directives/unknown-repealer" => Case::error(
            register_with(&[(
                "    title: Processes\n",
                "    title: Processes\n  - id: dir-2020\n    number: 1/0\n    date: 2020-12-17\n    title: Old processes\n    repealed_by: dir-2052\n",
            )]),
            "repealed_by: »dir-2052",
        )
        .mentions(&["`dir-2020`", "`dir-2052`"]),
        "directives/repealed-by-earlier" => Case::error(
            register_with(&[(
                "    title: Processes\n",
                "    title: Processes\n  - id: dir-2030\n    number: 1/9\n    date: 2030-01-01\n    title: Future processes\n    repealed_by: dir-2025\n",
            )]),
            "repealed_by: »dir-2025",
        )
        .mentions(&["01.01.2030", "05.05.2025", "older"]),
        "freshness/missing-review" => Case::error(
            register_with(&[("    reviewed_on: 2026-01-10\n", "")]),
            "- id: »alpha",
        )
        .mentions(&["`alpha`", "reviewed_on: YYYY-MM-DD"]),
        "freshness/overdue" => Case::error(
            register_with(&[("reviewed_on: 2026-01-10", "reviewed_on: 2025-01-10")]),
            "reviewed_on: »2025-01-10",
        )
        .mentions(&["Process lead (`lead`)", "on 2026-01-10", "142 days ago"]),
        "freshness/due-soon" => Case::error(
            register_with(&[("reviewed_on: 2026-01-10", "reviewed_on: 2025-06-20")]),
            "reviewed_on: »2025-06-20",
        )
        .severity("warning")
        .mentions(&["Process lead (`lead`)", "on 2026-06-20", "in 19 days"]),
        "freshness/future-review" => Case::error(
            register_with(&[("reviewed_on: 2026-01-10", "reviewed_on: 2026-07-01")]),
            "reviewed_on: »2026-07-01",
        )
        .mentions(&["2026-07-01", "after today (2026-06-01)"]),
        "content/unknown-process" => Case::error(VALID_REGISTER.to_string(), "process: »alpah")
            .page("processes/alpha.md", "---\nprocess: alpah\n---\n# Alpha\n")
            .in_file("content/processes/alpha.md")
            .mentions(&["`alpah`", "did you mean `alpha`?"]),
        "content/unknown-directive" => {
            Case::error(VALID_REGISTER.to_string(), "directive: »dir-2052")
                .page("directives/d.md", "---\ndirective: dir-2052\n---\nText.\n")
                .in_file("content/directives/d.md")
                .mentions(&["`dir-2052`", "did you mean `dir-2025`?"])
        }
        "content/duplicate-page" => Case::error(VALID_REGISTER.to_string(), "process: »alpha")
            .page("processes/a.md", "---\nprocess: alpha\n---\nOne.\n")
            .page("processes/b.md", "---\ntitle: Two\nprocess: alpha\n---\nTwo.\n")
            .in_file("content/processes/b.md")
            .mentions(&["content/processes/a.md", "content/processes/b.md", "`alpha`"]),
        "text/hidden-character" => Case::error(
            register_with(&[("      - Alpha done.\n", "      - \"Alpha \\u202Eenod\"\n")]),
            "- »\"Alpha \\u202E",
        )
        .mentions(&["an outcome of process `alpha`", "U+202E"]),
        "accept/missing-reason" => Case::error(
            format!("{VALID_REGISTER}accept:\n  - code: completeness/missing-outcome\n    record: alpha\n"),
            "- code: »completeness/missing-outcome",
        )
        .mentions(&["`alpha`", "reason:"]),
        "accept/expired" => Case::error(
            format!("{VALID_REGISTER}accept:\n  - code: completeness/missing-outcome\n    record: alpha\n    reason: The directive sets none.\n    until: 2026-05-31\n"),
            "until: »2026-05-31",
        )
        .severity("warning")
        .mentions(&["`alpha`", "2026-05-31"]),
        "accept/unused" => Case::error(
            format!("{VALID_REGISTER}accept:\n  - code: completeness/missing-outcome\n    record: alpha\n    reason: The directive sets none.\n"),
            "- code: »completeness/missing-outcome",
        )
        .severity("warning")
        .mentions(&["matches nothing", "remove the entry"]),
        "text/line-break" => Case::error(
            register_with(&[("    name: Process lead\n", "    name: \"Process\\n# lead\"\n")]),
            "name: »\"Process",
        )
        .mentions(&["the name of role `lead`", "line break", "one line"]),
        "links/broken" => Case::error(VALID_REGISTER.to_string(), "See »[the rules]")
            .page("processes/alpha/index.md", "# Alpha\n\nSee [the rules](rulse.md).\n")
            .page("processes/alpha/rules.md", "# Rules\n")
            .in_file("content/processes/alpha/index.md")
            .mentions(&["`rulse.md`", "did you mean `rules.md`?"]),
        "links/missing-anchor" => Case::error(VALID_REGISTER.to_string(), "See »[step one]")
            .page("processes/alpha/index.md", "# Alpha\n\nSee [step one](rules.md#step-on).\n")
            .page("processes/alpha/rules.md", "# Rules\n\n## Step one\n")
            .in_file("content/processes/alpha/index.md")
            .mentions(&["`rules.md#step-on`", "did you mean `#step-one`?"]),
        _ => return None,
    };
    Some(case)
}

/// Runs the fixture of `code` and checks everything about its diagnostic.
fn check_rule(code: &str) {
    let case = case(code).unwrap_or_else(|| panic!("no fixture for rule {code}"));
    let mut site = Site::new(&case.register);
    for (rel, text) in &case.pages {
        site = site.page(rel, text);
    }
    let checked = site.check_json(&[]);

    let mut expected: Vec<&str> = case.also.to_vec();
    expected.push(code);
    expected.sort_unstable();
    let mut got = checked.codes();
    got.sort_unstable();
    assert_eq!(got, expected, "diagnostics:\n{}", checked.listing());

    let d = checked.one(code);
    assert_eq!(d.severity, case.severity, "severity of {code}");
    let text = if case.file == "processes.yaml" {
        case.register.as_str()
    } else {
        let rel = case.file.trim_start_matches("content/");
        case.pages
            .iter()
            .find(|(path, _)| *path == rel)
            .map(|(_, text)| *text)
            .expect("the case's file is one of its pages")
    };
    let (line, column) = marked_position(text, case.at);
    d.assert_at(case.file, line, column);
    let said = format!("{}\n{}", d.message, d.help());
    for word in case.mentions {
        assert!(
            said.contains(word),
            "{code} does not mention {word:?}: {said}"
        );
    }

    // Errors fail the check; warnings only with --strict; notes never.
    let (plain, strict) = match case.severity {
        "error" => (1, 1),
        "warning" => (0, 1),
        _ => (0, 0),
    };
    checked.assert_code(plain);
    site.check_json(&["--strict"]).assert_code(strict);
}

#[test]
fn every_rule_has_a_fixture() {
    let missing: Vec<&&str> = procbook::validate::RULES
        .iter()
        .filter(|code| case(code).is_none())
        .collect();
    assert!(missing.is_empty(), "rules without a fixture: {missing:?}");
}

#[test]
fn the_valid_register_has_no_diagnostics() {
    let checked = Site::new(VALID_REGISTER).check_json(&["--strict"]);
    assert!(checked.diagnostics.is_empty(), "{}", checked.listing());
    checked.assert_code(0);
}

macro_rules! rule_tests {
    ($($name:ident => $code:literal,)*) => {
        $(
            #[test]
            fn $name() {
                check_rule($code);
            }
        )*

        #[test]
        fn every_rule_has_a_test() {
            let tested = [$($code),*];
            for code in procbook::validate::RULES {
                assert!(tested.contains(code), "rule {code} has no #[test]");
            }
        }
    };
}

rule_tests! {
    annex_as_signed_mismatch => "annex/as-signed-mismatch",
    reviews_unknown_reviewer => "reviews/unknown-reviewer",
    ownership_missing_owner => "ownership/missing-owner",
    ownership_multiple_owners => "ownership/multiple-owners",
    ownership_unknown_role => "ownership/unknown-role",
    ownership_unknown_unit => "ownership/unknown-unit",
    ownership_unknown_parent => "ownership/unknown-parent",
    ownership_unit_cycle => "ownership/unit-cycle",
    ownership_unit_level => "ownership/unit-level",
    completeness_missing_name => "completeness/missing-name",
    completeness_missing_goal => "completeness/missing-goal",
    completeness_missing_outcome => "completeness/missing-outcome",
    completeness_empty_text => "completeness/empty-text",
    completeness_missing_documentation => "completeness/missing-documentation",
    completeness_unknown_wiki_space => "completeness/unknown-wiki-space",
    completeness_bad_url => "completeness/bad-url",
    completeness_no_documentation_url => "completeness/no-documentation-url",
    identity_duplicate_id => "identity/duplicate-id",
    identity_bad_slug => "identity/bad-slug",
    identity_duplicate_name => "identity/duplicate-name",
    directives_none_in_force => "directives/none-in-force",
    directives_several_in_force => "directives/several-in-force",
    directives_unknown_repealer => "directives/unknown-repealer",
    directives_repealed_by_earlier => "directives/repealed-by-earlier",
    freshness_missing_review => "freshness/missing-review",
    freshness_overdue => "freshness/overdue",
    freshness_due_soon => "freshness/due-soon",
    freshness_future_review => "freshness/future-review",
    content_unknown_process => "content/unknown-process",
    content_unknown_directive => "content/unknown-directive",
    content_duplicate_page => "content/duplicate-page",
    text_hidden_character => "text/hidden-character",
    accept_missing_reason => "accept/missing-reason",
    accept_expired => "accept/expired",
    accept_unused => "accept/unused",
    text_line_break => "text/line-break",
    links_broken => "links/broken",
    links_missing_anchor => "links/missing-anchor",
}

// ---------------------------------------------------------------------------
// More shapes of some rules.

#[test]
fn no_directives_at_all_is_none_in_force_without_a_place() {
    let register = register_with(&[(
        "directives:\n  - id: dir-2025\n    number: 1/1\n    date: 2025-05-05\n    title: Processes\n",
        "",
    )]);
    let checked = Site::new(&register).check_json(&[]);
    let d = checked.one("directives/none-in-force");
    assert_eq!(d.severity, "error");
    assert_eq!((d.file.as_deref(), d.line, d.column), (None, None, None));
    checked.assert_code(1);
}

#[test]
fn a_blank_name_is_a_missing_name() {
    let register = register_with(&[("name: Alpha", "name: \"   \"")]);
    let checked = Site::new(&register).check_json(&[]);
    let d = checked.one("completeness/missing-name");
    let (line, column) = marked_position(&register, "- id: »alpha");
    d.assert_at("processes.yaml", line, column);
}

#[test]
fn an_owner_list_of_one_is_one_owner() {
    let register = register_with(&[("owner: lead", "owner: [lead]")]);
    let checked = Site::new(&register).check_json(&["--strict"]);
    assert!(checked.diagnostics.is_empty(), "{}", checked.listing());
    checked.assert_code(0);
}

#[test]
fn only_absolute_http_addresses_are_accepted() {
    for bad in [
        "javascript:alert(1)",
        "/spaces/PHIP",
        "wiki.example.org/space",
        "https://",
        "\"https://wiki.example.org/a page\"",
        "mailto:owner@example.org",
    ] {
        let register = register_with(&[(
            "url: https://wiki.example.org/space",
            &format!("url: {bad}"),
        )]);
        let checked = Site::new(&register).check_json(&[]);
        let d = checked.one("completeness/bad-url");
        let (line, column) = position_of(&register, bad);
        d.assert_at("processes.yaml", line, column);
        checked.assert_code(1);
    }
    for good in [
        "https://wiki.example.org/space",
        "http://wiki.smit.sise/spaces/PHIP/pages/54826841/P%C3%B5hiprotsess",
        "HTTPS://WIKI.EXAMPLE.ORG/",
    ] {
        let register = register_with(&[(
            "url: https://wiki.example.org/space",
            &format!("url: {good}"),
        )]);
        let checked = Site::new(&register).check_json(&[]);
        assert!(
            checked.diagnostics.is_empty(),
            "{good}: {}",
            checked.listing()
        );
    }
}

#[test]
fn a_documentation_url_is_checked_and_silences_the_note() {
    let without_space_url = register_with(&[("    url: https://wiki.example.org/space\n", "")]);
    let register = without_space_url.replace(
        "      space: wiki\n",
        "      space: wiki\n      url: https://wiki.example.org/space/alpha\n",
    );
    let checked = Site::new(&register).check_json(&[]);
    assert!(checked.diagnostics.is_empty(), "{}", checked.listing());

    let register = without_space_url.replace(
        "      space: wiki\n",
        "      space: wiki\n      url: wiki/alpha\n",
    );
    let checked = Site::new(&register).check_json(&[]);
    let d = checked.one("completeness/bad-url");
    let (line, column) = position_of(&register, "wiki/alpha");
    d.assert_at("processes.yaml", line, column);
    assert!(d.message.contains("the documentation of process `alpha`"));
}

#[test]
fn duplicate_ids_are_found_in_every_kind_of_record() {
    let register = register_with(&[
        (
            "    kind: osakond\n",
            "    kind: osakond\n  - id: dept\n    name: Other department\n    kind: osakond\n",
        ),
        (
            "    unit: dept\n",
            "    unit: dept\n  - id: lead\n    name: Other lead\n    unit: dept\n",
        ),
    ]);
    let checked = Site::new(&register).check_json(&[]);
    let found = checked.all("identity/duplicate-id");
    assert_eq!(found.len(), 2, "{}", checked.listing());
    assert!(
        found[0].message.starts_with("unit id `dept`"),
        "{}",
        found[0].message
    );
    assert!(
        found[1].message.starts_with("role id `lead`"),
        "{}",
        found[1].message
    );
    let (line, column) = marked_position(&register, "- id: »dept\n    name: Other");
    found[0].assert_at("processes.yaml", line, column);
    checked.assert_code(1);
}

// ---------------------------------------------------------------------------
// The shipped register.

#[test]
fn the_shipped_register_has_one_accepted_warning_and_one_note() {
    let root = repo_root();
    let checked = Checked::from(run_at(
        &root,
        "check",
        &["--format", "json", "--today", "2026-11-25"],
    ));
    assert_eq!(
        (checked.errors, checked.warnings, checked.notes),
        (0, 0, 1),
        "{}",
        checked.listing()
    );
    let register = std::fs::read_to_string(root.join("processes.yaml")).unwrap();

    // The directive gives process 4 no outcome; the register accepts that.
    let warning = checked.one("completeness/missing-outcome");
    assert_eq!(warning.severity, "warning");
    assert!(warning.accepted.is_some(), "the gap is not accepted");
    assert!(
        warning.message.contains("`seire-ja-sundmusehaldus`"),
        "{}",
        warning.message
    );
    let (line, column) = marked_position(&register, "- id: »seire-ja-sundmusehaldus");
    warning.assert_at("processes.yaml", line, column);

    let note = checked.one("completeness/no-documentation-url");
    assert_eq!(note.severity, "note");
    assert!(
        note.message.contains("`ikt-arendusprotsess`"),
        "{}",
        note.message
    );
    let (line, column) = marked_position(&register, "space: »ikt-arendustoode-korraldus");
    note.assert_at("processes.yaml", line, column);

    checked.assert_code(0);
    let strict = run_at(
        &root,
        "check",
        &["--format", "json", "--today", "2026-11-25", "--strict"],
    );
    strict.assert_code(0);
}

// ---------------------------------------------------------------------------
// Review deadlines around --today.

/// `check` of `register` as seen on `today`.
fn freshness_on(register: &str, today: &str) -> Checked {
    Checked::from(Site::new(register).run("check", &["--format", "json", "--today", today]))
}

#[test]
fn a_deadline_moves_from_current_to_due_soon_to_overdue() {
    // Reviewed 2026-01-10, due 2027-01-10; due_soon_days 30.
    let current = freshness_on(VALID_REGISTER, "2026-12-10");
    assert_eq!(current.codes(), Vec::<&str>::new(), "{}", current.listing());
    current.assert_code(0);

    let soon = freshness_on(VALID_REGISTER, "2026-12-11");
    let d = soon.one("freshness/due-soon");
    assert_eq!(d.severity, "warning");
    assert!(
        d.message.contains("on 2027-01-10 (in 30 days)"),
        "{}",
        d.message
    );
    soon.assert_code(0);

    let last_day = freshness_on(VALID_REGISTER, "2027-01-10");
    let d = last_day.one("freshness/due-soon");
    assert!(d.message.contains("(in 0 days)"), "{}", d.message);
    last_day.assert_code(0);

    let overdue = freshness_on(VALID_REGISTER, "2027-01-11");
    let d = overdue.one("freshness/overdue");
    assert_eq!(d.severity, "error");
    assert!(
        d.message
            .contains("by Process lead (`lead`) on 2027-01-10 (1 days ago)"),
        "{}",
        d.message
    );
    assert!(d.help().contains("reviewed_on"));
    overdue.assert_code(1);

    let future = freshness_on(VALID_REGISTER, "2026-01-09");
    let d = future.one("freshness/future-review");
    assert_eq!(d.severity, "error");
    assert!(
        d.message.contains("after today (2026-01-09)"),
        "{}",
        d.message
    );
    future.assert_code(1);

    let same_day = freshness_on(VALID_REGISTER, "2026-01-10");
    assert_eq!(
        same_day.codes(),
        Vec::<&str>::new(),
        "{}",
        same_day.listing()
    );
}

#[test]
fn an_overdue_process_without_a_known_owner_still_reports() {
    let register = register_with(&[
        ("owner: lead", "owner: nobody"),
        ("reviewed_on: 2026-01-10", "reviewed_on: 2024-01-10"),
    ]);
    let checked = Site::new(&register).check_json(&[]);
    let d = checked.one("freshness/overdue");
    assert!(
        d.message.contains("by `nobody` on 2025-01-10"),
        "{}",
        d.message
    );
    checked.one("ownership/unknown-role");
}

#[test]
fn a_process_interval_overrides_the_default() {
    // Reviewed 2026-01-10; with 3 months it was due 2026-04-10.
    let register = register_with(&[(
        "    reviewed_on: 2026-01-10\n",
        "    reviewed_on: 2026-01-10\n    review_interval_months: 3\n",
    )]);
    let checked = Site::new(&register).check_json(&[]);
    let d = checked.one("freshness/overdue");
    assert!(
        d.message.contains("on 2026-04-10 (52 days ago)"),
        "{}",
        d.message
    );
    let (line, column) = marked_position(&register, "reviewed_on: »2026-01-10");
    d.assert_at("processes.yaml", line, column);
    checked.assert_code(1);

    // A longer interval keeps a process current that the default would not.
    let register = register_with(&[(
        "    reviewed_on: 2026-01-10\n",
        "    reviewed_on: 2024-01-10\n    review_interval_months: 36\n",
    )]);
    let checked = Site::new(&register).check_json(&[]);
    assert!(checked.diagnostics.is_empty(), "{}", checked.listing());
}

#[test]
fn the_settings_set_the_default_interval_and_the_warning_window() {
    let register =
        format!("settings:\n  review_interval_months: 4\n  due_soon_days: 60\n{VALID_REGISTER}");
    // Due 2026-05-10: overdue on TODAY.
    let checked = Site::new(&register).check_json(&[]);
    let d = checked.one("freshness/overdue");
    assert!(d.message.contains("on 2026-05-10"), "{}", d.message);

    // Due 2026-07-25 with a 60-day window: due soon on TODAY.
    let register = format!(
        "settings:\n  due_soon_days: 60\n{}",
        register_with(&[("reviewed_on: 2026-01-10", "reviewed_on: 2025-07-25")])
    );
    let checked = Site::new(&register).check_json(&[]);
    let d = checked.one("freshness/due-soon");
    assert!(
        d.message.contains("on 2026-07-25 (in 54 days)"),
        "{}",
        d.message
    );
    checked.assert_code(0);
}

#[test]
fn guideline_pages_are_checked_for_review_too() {
    let page =
        |reviewed: &str| format!("---\nprocess: alpha\nreviewed_on: {reviewed}\n---\n# Alpha\n");
    let file = "content/processes/alpha.md";

    let overdue = Site::new(VALID_REGISTER)
        .page("processes/alpha.md", &page("2025-01-10"))
        .check_json(&[]);
    let d = overdue.one("freshness/overdue");
    d.assert_at(file, 3, 14);
    assert!(d.message.contains(file), "{}", d.message);
    assert!(
        d.message.contains("by Process lead (`lead`) on 2026-01-10"),
        "{}",
        d.message
    );
    assert_eq!(overdue.codes(), vec!["freshness/overdue"]);
    overdue.assert_code(1);

    let soon = Site::new(VALID_REGISTER)
        .page("processes/alpha.md", &page("2025-06-20"))
        .check_json(&[]);
    let d = soon.one("freshness/due-soon");
    d.assert_at(file, 3, 14);
    soon.assert_code(0);

    let future = Site::new(VALID_REGISTER)
        .page("processes/alpha.md", &page("2026-06-02"))
        .check_json(&[]);
    future.one("freshness/future-review").assert_at(file, 3, 14);
    future.assert_code(1);

    let current = Site::new(VALID_REGISTER)
        .page("processes/alpha.md", &page("2026-05-01"))
        .check_json(&["--strict"]);
    assert!(current.diagnostics.is_empty(), "{}", current.listing());
    current.assert_code(0);
}

#[test]
fn guideline_pages_use_the_process_interval() {
    let register = register_with(&[(
        "    reviewed_on: 2026-01-10\n",
        "    reviewed_on: 2026-05-10\n    review_interval_months: 2\n",
    )]);
    let checked = Site::new(&register)
        .page(
            "processes/alpha.md",
            "---\nprocess: alpha\nreviewed_on: 2026-03-01\n---\n",
        )
        .check_json(&[]);
    let d = checked.one("freshness/overdue");
    d.assert_at("content/processes/alpha.md", 3, 14);
    assert!(d.message.contains("on 2026-05-01"), "{}", d.message);
}

#[test]
fn today_is_the_default_day() {
    // Without --today the check uses the clock; a review dated far in the
    // future is an error whatever the day.
    let register = register_with(&[("reviewed_on: 2026-01-10", "reviewed_on: 2999-01-01")]);
    let run = Site::new(&register).run("check", &["--format", "json"]);
    let checked = Checked::from(run);
    checked.one("freshness/future-review");
    checked.assert_code(1);
}
