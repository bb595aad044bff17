//! The command line: exit codes, `--strict`, the four report formats of
//! `check`, `schema` against the committed schema, and `due`.

use std::process::Command;

use crate::common::schema;
use crate::common::{
    fixture, position_of, procbook, procbook_in, repo_root, run_at, run_command, Checked, Run,
    Site, TODAY, VALID_REGISTER,
};
use serde_json::Value;

/// The valid register with its owner misspelt: one error at a known place.
fn one_error_register() -> String {
    VALID_REGISTER.replace("owner: lead", "owner: laed")
}

// ---------------------------------------------------------------------------
// Exit code 2: the command could not run.

fn assert_could_not_run(run: &Run, words: &[&str]) {
    run.assert_code(2);
    assert!(run.stderr.starts_with("error:"), "stderr: {}", run.stderr);
    for word in words {
        assert!(
            run.stderr.contains(word),
            "stderr lacks {word:?}: {}",
            run.stderr
        );
    }
}

#[test]
fn a_folder_without_a_register_exits_2() {
    let site = Site::empty();
    for command in ["check", "due"] {
        let run = site.run(command, &["--today", TODAY]);
        assert_could_not_run(&run, &["no processes.yaml", "--root"]);
        assert!(run.stdout.is_empty(), "{}", run.stdout);
    }
}

#[test]
fn a_root_that_does_not_exist_exits_2() {
    let site = Site::empty();
    let missing = site.path().join("no-such-folder");
    for command in ["check", "due"] {
        let run = run_at(&missing, command, &[]);
        assert_could_not_run(&run, &["is not a folder"]);
    }
    // A file is not a folder either.
    let site = Site::new(VALID_REGISTER);
    let run = run_at(&site.path().join("processes.yaml"), "check", &[]);
    assert_could_not_run(&run, &["is not a folder"]);
}

#[test]
fn a_bad_today_exits_2() {
    let site = Site::new(VALID_REGISTER);
    for bad in ["01.06.2026", "tomorrow", ""] {
        let run = site.run("check", &["--today", bad]);
        assert_could_not_run(&run, &["--today", "YYYY-MM-DD"]);
    }
    // Written right but no day: say so, not how to write a date.
    for (bad, why) in [
        ("2026-13-01", "there is no month 13"),
        ("2026-02-30", "there is no such day as 2026-02-30"),
    ] {
        let run = site.run("check", &["--today", bad]);
        assert_could_not_run(&run, &["--today", why]);
    }
    let run = site.run("due", &["--today", "2026-6-1"]);
    assert_could_not_run(&run, &["YYYY-MM-DD"]);
}

#[test]
fn an_unknown_flag_or_value_exits_2() {
    let site = Site::new(VALID_REGISTER);
    assert_could_not_run(&site.run("check", &["--bogus"]), &["--bogus"]);
    assert_could_not_run(&site.run("check", &["--format", "xml"]), &["xml"]);
    assert_could_not_run(&site.run("due", &["--format", "csv"]), &["csv"]);
    assert_could_not_run(&procbook(&["frobnicate"]), &["frobnicate"]);
    procbook(&[]).assert_code(2);
}

#[test]
fn help_and_version_exit_0() {
    let run = procbook(&["--help"]);
    run.assert_code(0);
    for command in ["check", "due", "schema"] {
        assert!(run.stdout.contains(command), "{}", run.stdout);
    }
    let run = procbook(&["check", "--help"]);
    run.assert_code(0);
    for flag in ["--root", "--today", "--format", "--strict"] {
        assert!(run.stdout.contains(flag), "{}", run.stdout);
    }
    procbook(&["--version"]).assert_code(0);
}

// ---------------------------------------------------------------------------
// Exit codes 0 and 1, --strict.

#[test]
fn errors_exit_1_and_a_clean_register_exits_0() {
    Site::new(VALID_REGISTER)
        .run("check", &["--today", TODAY])
        .assert_code(0);
    Site::new(&one_error_register())
        .run("check", &["--today", TODAY])
        .assert_code(1);
}

#[test]
fn strict_fails_on_warnings_but_not_on_notes() {
    // A review due in 19 days: a warning.
    let warning = Site::new(&VALID_REGISTER.replace("2026-01-10", "2025-06-20"));
    for format in ["human", "json", "github", "junit"] {
        let args = ["--today", TODAY, "--format", format];
        warning.run("check", &args).assert_code(0);
        let mut strict = args.to_vec();
        strict.push("--strict");
        warning.run("check", &strict).assert_code(1);
    }
    // A wiki space without an address: a note.
    let note = Site::new(&VALID_REGISTER.replace("    url: https://wiki.example.org/space\n", ""));
    note.run("check", &["--today", TODAY, "--strict"])
        .assert_code(0);
}

// ---------------------------------------------------------------------------
// --format github

#[test]
fn github_annotations_have_file_line_col_and_title() {
    let run = run_at(
        &repo_root(),
        "check",
        &["--today", "2026-11-25", "--format", "github"],
    );
    run.assert_code(0);
    let register = std::fs::read_to_string(repo_root().join("processes.yaml")).unwrap();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "one line per diagnostic:\n{}", run.stdout);

    let (line, column) = position_of(&register, "- id: seire-ja-sundmusehaldus\n");
    let column = column + "- id: ".len() as u64;
    // The register accepts this warning, so it is a notice with the reason.
    let prefix = format!(
        "::notice file=processes.yaml,line={line},col={column},title=completeness/missing-outcome::"
    );
    assert!(
        lines[0].starts_with(&prefix),
        "{}\nexpected start: {prefix}",
        lines[0]
    );
    assert!(
        lines[0].contains(
            "`seire-ja-sundmusehaldus` (Seire- ja sündmusehaldus) has no outcome%0Aaccepted: "
        ),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with("::notice file=processes.yaml,line="),
        "{}",
        lines[1]
    );
    assert!(lines[1].contains(",title=completeness/no-documentation-url::"));
}

#[test]
fn github_errors_are_error_annotations_with_escaped_properties() {
    let site = Site::new(&one_error_register()).page("x,y:z.md", "no front matter\n");
    let run = site.run("check", &["--today", TODAY, "--format", "github"]);
    run.assert_code(1);
    let (line, column) = position_of(&one_error_register(), "laed");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", run.stdout);
    assert!(
        lines[0].starts_with(
            "::error file=content/x%2Cy%3Az.md,line=1,col=1,title=content/front-matter::"
        ),
        "{}",
        lines[0]
    );
    assert_eq!(
        lines[1],
        format!(
            "::error file=processes.yaml,line={line},col={column},title=ownership/unknown-role::\
             process `alpha` is owned by `laed`, which is not a role in the register%0Ahelp: did you mean `lead`?"
        )
    );
}

#[test]
fn github_output_is_empty_for_a_clean_register() {
    let run = Site::new(VALID_REGISTER).run("check", &["--today", TODAY, "--format", "github"]);
    run.assert_code(0);
    assert_eq!(run.stdout, "");
}

// ---------------------------------------------------------------------------
// --format junit

/// An element of a parsed XML document: name and attributes, in order.
#[derive(Debug)]
struct Element {
    name: String,
    attributes: Vec<(String, String)>,
    /// The names of the enclosing elements, outermost first.
    parents: Vec<String>,
    /// Text directly inside the element, entities resolved.
    text: String,
}

impl Element {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Resolves the five XML entities and character references; fails on a
/// bare `&` or `<`.
fn unescape(text: &str) -> String {
    assert!(!text.contains('<'), "raw `<` in {text:?}");
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let end = rest[at..]
            .find(';')
            .unwrap_or_else(|| panic!("bare & in {text:?}"));
        let entity = &rest[at + 1..at + end];
        out.push(match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            e if e.starts_with("#x") => {
                char::from_u32(u32::from_str_radix(&e[2..], 16).unwrap()).unwrap()
            }
            e if e.starts_with('#') => char::from_u32(e[1..].parse().unwrap()).unwrap(),
            e => panic!("unknown entity &{e}; in {text:?}"),
        });
        rest = &rest[at + end + 1..];
    }
    out.push_str(rest);
    for c in out.chars() {
        let ok = matches!(c, '\t' | '\n' | '\r')
            || ('\u{20}'..='\u{D7FF}').contains(&c)
            || ('\u{E000}'..='\u{FFFD}').contains(&c)
            || c >= '\u{10000}';
        assert!(ok, "character {c:?} is not allowed in XML 1.0");
    }
    out
}

/// A small well-formedness check: one root, balanced tags, quoted unique
/// attributes, escaped text. Returns every element in document order.
fn parse_xml(xml: &str) -> Vec<Element> {
    let mut rest = xml
        .strip_prefix(r#"<?xml version="1.0" encoding="UTF-8"?>"#)
        .expect("an XML declaration first");
    let mut stack: Vec<usize> = Vec::new();
    let mut elements: Vec<Element> = Vec::new();
    let mut roots = 0;
    loop {
        let at = rest.find('<').unwrap_or(rest.len());
        let text = unescape(&rest[..at]);
        match stack.last() {
            Some(&open) => elements[open].text.push_str(&text),
            None => assert!(text.trim().is_empty(), "text outside the root: {text:?}"),
        }
        rest = &rest[at..];
        if rest.is_empty() {
            break;
        }
        let end = rest.find('>').expect("an unclosed tag");
        let tag = &rest[1..end];
        rest = &rest[end + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let open = stack
                .pop()
                .unwrap_or_else(|| panic!("</{name}> closes nothing"));
            assert_eq!(elements[open].name, name.trim(), "mismatched closing tag");
            continue;
        }
        let self_closing = tag.ends_with('/');
        let tag = tag.trim_end_matches('/');
        let (name, mut attrs) = tag.split_once(char::is_whitespace).unwrap_or((tag, ""));
        assert!(
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
            "bad element name {name:?}"
        );
        let mut attributes: Vec<(String, String)> = Vec::new();
        loop {
            attrs = attrs.trim_start();
            if attrs.is_empty() {
                break;
            }
            let (key, after) = attrs
                .split_once("=\"")
                .expect("attributes are key=\"value\"");
            let close = after.find('"').expect("an unclosed attribute value");
            let key = key.trim().to_string();
            assert!(
                attributes.iter().all(|(k, _)| *k != key),
                "duplicate attribute {key}"
            );
            attributes.push((key, unescape(&after[..close])));
            attrs = &after[close + 1..];
        }
        if stack.is_empty() {
            roots += 1;
        }
        let parents = stack.iter().map(|&i| elements[i].name.clone()).collect();
        elements.push(Element {
            name: name.to_string(),
            attributes,
            parents,
            text: String::new(),
        });
        if !self_closing {
            stack.push(elements.len() - 1);
        }
    }
    assert!(stack.is_empty(), "unclosed elements");
    assert_eq!(roots, 1, "exactly one root element");
    elements
}

fn named<'a>(elements: &'a [Element], name: &str) -> Vec<&'a Element> {
    elements.iter().filter(|e| e.name == name).collect()
}

#[test]
fn the_xml_checker_rejects_broken_xml() {
    let decl = r#"<?xml version="1.0" encoding="UTF-8"?>"#;
    for bad in [
        "<a><b></a></b>",
        "<a>x & y</a>",
        "<a b=\"1\" b=\"2\"/>",
        "<a/><b/>",
        "<a>",
        "<a>\u{1}</a>",
    ] {
        let xml = format!("{decl}{bad}");
        let result = std::panic::catch_unwind(|| parse_xml(&xml));
        assert!(result.is_err(), "accepted {bad:?}");
    }
    assert_eq!(
        parse_xml(&format!("{decl}<a x=\"&lt;\"><b/>t&amp;</a>")).len(),
        2
    );
}

#[test]
fn junit_has_a_failure_per_error() {
    // Two errors (an unknown role, a page without front matter), one
    // warning (a review due soon) and names that need escaping.
    let register = one_error_register()
        .replace("2026-01-10", "2025-06-20")
        .replace("name: Test Agency", "name: \"Test <Agency> & 'Co'\"");
    let site = Site::new(&register).page("a&b.md", "no front matter\n");
    let run = site.run("check", &["--today", TODAY, "--format", "junit"]);
    run.assert_code(1);
    let elements = parse_xml(&run.stdout);

    let suites = named(&elements, "testsuites");
    assert_eq!(suites.len(), 1);
    assert_eq!(suites[0].attr("tests"), Some("3"));
    assert_eq!(suites[0].attr("failures"), Some("2"));
    let suite = named(&elements, "testsuite");
    assert_eq!(suite.len(), 1);
    assert_eq!(suite[0].parents, vec!["testsuites"]);
    assert_eq!(suite[0].attr("failures"), Some("2"));

    let cases = named(&elements, "testcase");
    assert_eq!(cases.len(), 3);
    for case in &cases {
        assert_eq!(case.parents, vec!["testsuites", "testsuite"]);
    }
    let failures = named(&elements, "failure");
    assert_eq!(failures.len(), 2, "{}", run.stdout);
    for failure in &failures {
        assert_eq!(failure.parents, vec!["testsuites", "testsuite", "testcase"]);
    }
    assert_eq!(failures[0].attr("type"), Some("content/front-matter"));
    assert!(
        failures[0]
            .attr("message")
            .unwrap()
            .contains("content/a&b.md has no front matter"),
        "{:?}",
        failures[0].attr("message")
    );
    assert_eq!(failures[1].attr("type"), Some("ownership/unknown-role"));
    assert!(failures[1].text.contains("help: did you mean `lead`?"));

    let (line, _) = position_of(&register, "laed");
    let role_case = cases
        .iter()
        .find(|c| c.attr("classname") == Some("ownership/unknown-role"))
        .expect("a test case for the unknown role");
    assert_eq!(role_case.attr("file"), Some("processes.yaml"));
    assert_eq!(role_case.attr("line"), Some(line.to_string().as_str()));

    // The warning is a passing case with its text as output.
    let outputs = named(&elements, "system-out");
    assert_eq!(outputs.len(), 1);
    assert!(outputs[0]
        .text
        .starts_with("warning: process `alpha` is due for review"));
}

#[test]
fn junit_for_a_clean_register_has_one_passing_case() {
    let run = Site::new(VALID_REGISTER).run("check", &["--today", TODAY, "--format", "junit"]);
    run.assert_code(0);
    let elements = parse_xml(&run.stdout);
    assert_eq!(named(&elements, "testcase").len(), 1);
    assert!(named(&elements, "failure").is_empty());
    assert_eq!(named(&elements, "testsuite")[0].attr("failures"), Some("0"));
}

#[test]
fn junit_stays_well_formed_with_characters_xml_cannot_carry() {
    // Two processes share a name holding U+0001 and U+FFFE, which the
    // duplicate-name message repeats as written.
    let name = "name: \"Al\\u0001ph\\uFFFEa\"";
    let register = format!(
        "{}  - id: beta\n    {name}\n    goals: [x]\n    outcomes: [y]\n    owner: lead\n    documentation: {{space: wiki}}\n    reviewed_on: 2026-01-10\n",
        VALID_REGISTER.replace("name: Alpha", name)
    );
    let checked = Site::new(&register).check_json(&[]);
    let errors = checked.errors as usize;
    assert!(errors >= 1, "{}", checked.listing());
    checked.one("identity/duplicate-name");

    let run = Site::new(&register).run("check", &["--today", TODAY, "--format", "junit"]);
    run.assert_code(1);
    let elements = parse_xml(&run.stdout);
    let failures = named(&elements, "failure");
    assert_eq!(failures.len(), errors, "{}", run.stdout);
    assert!(failures
        .iter()
        .any(|f| f.attr("type") == Some("identity/duplicate-name")));
}

// ---------------------------------------------------------------------------
// Exit code 2 with a machine-readable format: a valid report holding why.

/// Ways the check cannot run, each with a word its reason must contain: the
/// arguments after `check`, given a folder with no register in it.
fn could_not_run_cases(empty: &str, register_folder: &str) -> Vec<(Vec<String>, &'static str)> {
    let owned = |args: &[&str]| args.iter().map(|a| a.to_string()).collect::<Vec<_>>();
    vec![
        (owned(&["--root", empty]), "no processes.yaml"),
        (
            owned(&["--root", &format!("{empty}/missing")]),
            "is not a folder",
        ),
        (
            owned(&["--root", register_folder, "--today", "2026-13-01"]),
            "there is no month 13",
        ),
        (owned(&["--root", register_folder, "--bogus"]), "--bogus"),
    ]
}

fn run_check(format_args: &[&str], args: &[String]) -> Run {
    let mut all = vec!["check"];
    all.extend_from_slice(format_args);
    all.extend(args.iter().map(String::as_str));
    procbook(&all)
}

#[test]
fn json_junit_and_github_reports_say_why_the_check_could_not_run() {
    let empty = Site::empty();
    // A folder holding a folder named processes.yaml: not a readable file.
    let odd = Site::empty();
    std::fs::create_dir(odd.path().join("processes.yaml")).unwrap();
    let valid = Site::new(VALID_REGISTER);
    let mut cases = could_not_run_cases(
        empty.path().to_str().unwrap(),
        valid.path().to_str().unwrap(),
    );
    cases.push((
        vec![
            "--root".to_string(),
            odd.path().to_str().unwrap().to_string(),
        ],
        "processes.yaml",
    ));
    for (args, reason) in &cases {
        for format_args in [&["--format", "json"][..], &["--format=json"][..]] {
            let run = run_check(format_args, args);
            assert_could_not_run(&run, &[reason]);
            let report: Value = serde_json::from_str(&run.stdout)
                .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {}", run.stdout));
            let list = report["diagnostics"]
                .as_array()
                .expect("a diagnostics list");
            assert_eq!(list.len(), 1, "{}", run.stdout);
            assert_eq!(list[0]["code"], "check/could-not-run");
            assert_eq!(list[0]["severity"], "error");
            assert!(
                list[0]["message"].as_str().unwrap().contains(reason),
                "{}",
                run.stdout
            );
            assert_eq!(report["summary"]["errors"], 1);
        }

        let run = run_check(&["--format", "junit"], args);
        assert_could_not_run(&run, &[reason]);
        let elements = parse_xml(&run.stdout);
        let failures = named(&elements, "failure");
        assert_eq!(failures.len(), 1, "{}", run.stdout);
        assert!(
            failures[0].attr("message").unwrap().contains(reason),
            "{}",
            run.stdout
        );
        assert_eq!(
            named(&elements, "testsuites")[0].attr("failures"),
            Some("1")
        );

        let run = run_check(&["--format", "github"], args);
        assert_could_not_run(&run, &[reason]);
        let lines: Vec<&str> = run.stdout.lines().collect();
        assert_eq!(lines.len(), 1, "{}", run.stdout);
        assert!(
            lines[0].starts_with("::error title=check/could-not-run::"),
            "{}",
            run.stdout
        );
        assert!(lines[0].contains(reason), "{}", run.stdout);

        // People read the reason on standard error; the human report adds
        // nothing to standard output.
        let run = run_check(&["--format", "human"], args);
        assert_could_not_run(&run, &[reason]);
        assert!(run.stdout.is_empty(), "{}", run.stdout);
    }
}

#[test]
fn a_usage_error_without_a_machine_format_prints_no_report() {
    let site = Site::new(VALID_REGISTER);
    // The format itself is what is wrong: nothing to print it in.
    let run = site.run("check", &["--format", "xml"]);
    assert_could_not_run(&run, &["xml"]);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    // Another command's usage error is no check report either.
    let run = site.run("due", &["--today", "tomorrow", "--format", "json"]);
    assert_could_not_run(&run, &["YYYY-MM-DD"]);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}

// ---------------------------------------------------------------------------
// --format human

#[test]
fn human_output_shows_the_place_the_line_a_caret_and_help() {
    let register = one_error_register();
    let site = Site::new(&register);
    let (line, column) = position_of(&register, "laed");
    for no_color in [None, Some("1")] {
        let mut command = Command::new(env!("CARGO_BIN_EXE_procbook"));
        command
            .args(["check", "--today", TODAY, "--root"])
            .arg(site.path());
        match no_color {
            Some(value) => command.env("NO_COLOR", value),
            None => command.env_remove("NO_COLOR"),
        };
        let run = run_command(command);
        run.assert_code(1);
        let out = &run.stdout;
        assert!(
            !out.contains('\u{1b}'),
            "ANSI escape codes (NO_COLOR={no_color:?}):\n{out}"
        );
        assert!(
            out.contains("error[ownership/unknown-role]: process `alpha` is owned by `laed`"),
            "{out}"
        );
        assert!(
            out.contains(&format!("processes.yaml:{line}:{column}")),
            "{out}"
        );
        let source_line = format!("{line} │     owner: laed");
        assert!(
            out.contains(&source_line),
            "no source line {source_line:?}:\n{out}"
        );
        let caret = out
            .lines()
            .find(|l| l.contains('^'))
            .unwrap_or_else(|| panic!("no caret:\n{out}"));
        // The caret sits under the value: same column as in the source line.
        let source = out.lines().find(|l| l.contains("owner: laed")).unwrap();
        let value_at = source[..source.find("laed").unwrap()].chars().count();
        assert_eq!(
            caret.chars().position(|c| c == '^'),
            Some(value_at),
            "caret not under `laed`:\n{out}"
        );
        assert!(
            caret.contains("^^^^"),
            "the caret underlines the value: {caret}"
        );
        assert!(out.contains("help: did you mean `lead`?"), "{out}");
        assert!(
            out.ends_with("1 error(s), 0 warning(s), 0 note(s)\n"),
            "{out}"
        );
    }
}

/// Runs `check` on a pseudo-terminal through util-linux `script`, so that
/// colour can be seen to switch on and off; `None` where `script` is missing.
fn check_on_a_terminal(site: &Site, no_color: Option<&str>) -> Option<String> {
    let available = Command::new("script").arg("--version").output();
    if !available.is_ok_and(|o| o.status.success()) {
        eprintln!("skipped: util-linux `script` is not installed");
        return None;
    }
    let inner = format!(
        "'{}' check --today {TODAY} --root '{}'",
        env!("CARGO_BIN_EXE_procbook"),
        site.path().display()
    );
    let mut command = Command::new("script");
    command.args(["-qec", &inner, "/dev/null"]);
    match no_color {
        Some(value) => command.env("NO_COLOR", value),
        None => command.env_remove("NO_COLOR"),
    };
    let run = run_command(command);
    assert_eq!(run.code, Some(1), "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("ownership/unknown-role"),
        "{}",
        run.stdout
    );
    Some(run.stdout)
}

#[test]
fn colour_only_on_a_terminal_and_never_with_no_color() {
    let site = Site::new(&one_error_register());
    if let Some(out) = check_on_a_terminal(&site, None) {
        assert!(out.contains("\u{1b}["), "no colour on a terminal:\n{out}");
    }
    if let Some(out) = check_on_a_terminal(&site, Some("1")) {
        assert!(!out.contains('\u{1b}'), "colour despite NO_COLOR=1:\n{out}");
        assert!(out.contains("help: did you mean `lead`?"), "{out}");
    }
}

#[test]
fn without_root_the_current_folder_is_the_site() {
    let run = procbook_in(
        &fixture("minimal"),
        &["check", "--today", TODAY, "--strict"],
    );
    run.assert_code(0);
    assert_eq!(run.stdout, "0 error(s), 0 warning(s), 0 note(s)\n");

    let checked = Checked::from(procbook_in(
        &fixture("content-errors"),
        &["check", "--today", TODAY, "--format", "json"],
    ));
    assert!(!checked.diagnostics.is_empty());
    for d in &checked.diagnostics {
        let file = d.file.as_deref().unwrap_or_default();
        assert!(
            file.starts_with("content/processes/") || file.starts_with("content/directives/"),
            "{file}"
        );
    }
    checked.assert_code(1);
}

#[test]
fn human_output_of_a_clean_register_is_a_summary() {
    let run = Site::new(VALID_REGISTER).run("check", &["--today", TODAY]);
    run.assert_code(0);
    assert_eq!(run.stdout, "0 error(s), 0 warning(s), 0 note(s)\n");
}

#[test]
fn human_output_names_places_in_files_it_could_not_show() {
    let site = Site::new(VALID_REGISTER);
    site.write_bytes("content/bad.md", b"---\nprocess: alpha\n---\n\xff\n");
    let run = site.run("check", &["--today", TODAY]);
    run.assert_code(1);
    assert!(
        run.stdout.contains("error[input/not-utf8]"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("at content/bad.md:4:1"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("help: save the file as UTF-8"),
        "{}",
        run.stdout
    );
}

#[test]
fn human_output_shows_page_lines_too() {
    let site = Site::new(VALID_REGISTER).page("processes/alpha.md", "---\nprocess: alpah\n---\n");
    let run = site.run("check", &["--today", TODAY]);
    run.assert_code(1);
    assert!(
        run.stdout.contains("content/processes/alpha.md:2:10"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("2 │ process: alpah"), "{}", run.stdout);
}

// ---------------------------------------------------------------------------
// procbook schema

#[test]
fn the_committed_schema_is_up_to_date() {
    let run = procbook(&["schema"]);
    run.assert_code(0);
    let committed = std::fs::read_to_string(repo_root().join("schema/processes.schema.json"))
        .expect("schema/processes.schema.json is committed");
    assert!(
        run.stdout == committed,
        "schema/processes.schema.json is out of date with the model; \
         run `cargo run -- schema > schema/processes.schema.json` and commit the result"
    );
    let schema: Value = serde_json::from_str(&run.stdout).expect("the schema is JSON");
    assert_eq!(schema["type"], "object");
    for field in ["organisation", "directives", "processes", "roles", "units"] {
        assert!(
            schema["properties"][field].is_object(),
            "no `{field}` in the schema"
        );
    }
    assert!(schema["required"]
        .as_array()
        .unwrap()
        .contains(&Value::from("organisation")));
}

#[test]
fn the_committed_schemas_of_the_exports_are_up_to_date() {
    for (which, file) in [
        ("register", "schema/register.schema.json"),
        ("changes", "schema/changes.schema.json"),
    ] {
        let run = procbook(&["schema", which]);
        run.assert_code(0);
        let committed = std::fs::read_to_string(repo_root().join(file))
            .unwrap_or_else(|e| panic!("{file} is committed: {e}"));
        assert!(
            run.stdout == committed,
            "{file} is out of date with the export types; \
             run `cargo run -- schema {which} > {file}` and commit the result"
        );
        let schema: Value = serde_json::from_str(&run.stdout).expect("the schema is JSON");
        assert_eq!(schema["additionalProperties"], false, "{file}");
        assert!(schema["required"]
            .as_array()
            .unwrap()
            .contains(&Value::from("format")));
        // The checker the build tests use finds what is wrong.
        let wrong = serde_json::json!({ "format": 1, "extra": true });
        let found = schema::violations(&schema, &wrong);
        assert!(
            found
                .iter()
                .any(|v| v.contains("`extra` is not in the schema"))
                && found.iter().any(|v| v.contains("$.format"))
                && found.iter().any(|v| v.contains("is missing")),
            "{found:#?}"
        );
    }
    let run = procbook(&["schema", "nonsense"]);
    run.assert_code(2);
}

#[test]
fn the_register_points_editors_at_the_schema() {
    let register = std::fs::read_to_string(repo_root().join("processes.yaml")).unwrap();
    assert_eq!(
        register.lines().next(),
        Some("# yaml-language-server: $schema=./schema/processes.schema.json")
    );
}

// ---------------------------------------------------------------------------
// procbook due

/// Two owners in a unit tree; on TODAY gamma is overdue, beta due soon,
/// alpha current, and alpha's guidelines current.
const DUE_REGISTER: &str = "\
organisation:
  name: Test Agency
directives:
  - id: dir-2025
    number: 1/1
    date: 2025-05-05
    title: Processes
units:
  - id: domain
    name: Domain
    kind: valdkond
  - id: dept
    name: Department
    kind: osakond
    parent: domain
roles:
  - id: lead
    name: Process lead
    unit: dept
  - id: chief
    name: Chief
    unit: domain
wiki_spaces:
  - id: wiki
    name: Wiki
    url: https://wiki.example.org/space
processes:
  - id: alpha
    name: Alpha
    goals: [A goal.]
    outcomes: [An outcome.]
    owner: lead
    documentation: {space: wiki}
    reviewed_on: 2026-01-10
  - id: beta
    name: Beta | with a pipe
    goals: [A goal.]
    outcomes: [An outcome.]
    owner: lead
    documentation: {space: wiki}
    reviewed_on: 2025-06-20
  - id: gamma
    name: Gamma
    goals: [A goal.]
    outcomes: [An outcome.]
    owner: chief
    documentation: {space: wiki}
    reviewed_on: 2025-04-10
    review_interval_months: 9
";

fn due_site() -> Site {
    Site::new(DUE_REGISTER).page(
        "processes/alpha.md",
        "---\nprocess: alpha\nreviewed_on: 2026-03-01\n---\n# Alpha\n",
    )
}

#[test]
fn due_lists_each_owner_with_processes_and_dates_in_markdown() {
    let run = due_site().run("due", &["--today", TODAY]);
    run.assert_code(0);
    let expected = "\
# Reviews due (as of 2026-06-01)

1 overdue, 1 due soon, 1 current.

## Chief — Domain

1 overdue, 0 due soon, 0 current.

| Process | What | Reviewed on | Due by | State |
|---|---|---|---|---|
| Gamma (`gamma`) | process | 2025-04-10 | 2026-01-10 | overdue |

## Process lead — Domain, Department

0 overdue, 1 due soon, 1 current.

| Process | What | Reviewed on | Due by | State |
|---|---|---|---|---|
| Beta \\| with a pipe (`beta`) | process | 2025-06-20 | 2026-06-20 | due soon |
| Alpha (`alpha`) | process | 2026-01-10 | 2027-01-10 | current |
";
    assert_eq!(run.stdout, expected);
}

#[test]
fn due_lists_each_owner_with_processes_and_dates_in_json() {
    let run = due_site().run("due", &["--today", TODAY, "--format", "json"]);
    run.assert_code(0);
    let json: Value = serde_json::from_str(&run.stdout).expect("due --format json prints JSON");
    assert_eq!(json["today"], TODAY);
    let reviews = json["reviews"].as_array().expect("`reviews` is a list");
    let rows: Vec<(&str, &str, &str, &str, &str)> = reviews
        .iter()
        .map(|r| {
            (
                r["owner"].as_str().unwrap(),
                r["process"].as_str().unwrap(),
                r["what"].as_str().unwrap(),
                r["due"].as_str().unwrap(),
                r["state"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            ("chief", "gamma", "process", "2026-01-10", "overdue"),
            ("lead", "beta", "process", "2026-06-20", "due_soon"),
            // One row per process: its guidelines' later deadline is not
            // the one that counts.
            ("lead", "alpha", "process", "2027-01-10", "current"),
        ]
    );
    assert_eq!(reviews[0]["owner_name"], "Chief");
    assert_eq!(reviews[1]["unit"], "Domain, Department");
    assert_eq!(reviews[1]["process_name"], "Beta | with a pipe");
    assert_eq!(reviews[1]["reviewed_on"], "2025-06-20");
    assert_eq!(reviews[1]["file"], Value::Null);
    assert_eq!(reviews[2]["file"], Value::Null);
}

#[test]
fn due_filters_by_owner() {
    let site = due_site();
    let run = site.run(
        "due",
        &["--today", TODAY, "--owner", "chief", "--format", "json"],
    );
    run.assert_code(0);
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    let owners: Vec<&str> = json["reviews"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["owner"].as_str().unwrap())
        .collect();
    assert_eq!(owners, vec!["chief"]);

    let run = site.run("due", &["--today", TODAY, "--owner", "lead"]);
    run.assert_code(0);
    assert!(run.stdout.contains("## Process lead"), "{}", run.stdout);
    assert!(!run.stdout.contains("Chief"), "{}", run.stdout);
    assert!(!run.stdout.contains("gamma"), "{}", run.stdout);
}

#[test]
fn due_for_an_owner_with_nothing_says_so() {
    let register = DUE_REGISTER.replace(
        "roles:\n",
        "roles:\n  - id: idle\n    name: Idle role\n    unit: dept\n",
    );
    let run = Site::new(&register).run("due", &["--today", TODAY, "--owner", "idle"]);
    run.assert_code(0);
    assert_eq!(
        run.stdout,
        "# Reviews due (as of 2026-06-01)\n\n0 overdue, 0 due soon, 0 current.\n\nNothing to review.\n"
    );
}

#[test]
fn due_for_an_unknown_owner_exits_2() {
    let run = due_site().run("due", &["--today", TODAY, "--owner", "nobody"]);
    assert_could_not_run(&run, &["`nobody` is not a role"]);
    assert!(run.stdout.is_empty());
}

#[test]
fn due_on_a_broken_register_exits_2() {
    let run = Site::new("organisation: [\n").run("due", &["--today", TODAY]);
    assert_could_not_run(&run, &["procbook check"]);
}

#[test]
fn due_on_the_shipped_register_lists_every_process() {
    let run = run_at(
        &repo_root(),
        "due",
        &["--today", "2026-11-25", "--format", "json"],
    );
    run.assert_code(0);
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    let reviews = json["reviews"].as_array().unwrap();
    let processes: std::collections::BTreeSet<&str> = reviews
        .iter()
        .filter(|r| r["what"] == "process")
        .map(|r| r["process"].as_str().unwrap())
        .collect();
    assert_eq!(processes.len(), 8, "{processes:?}");
    for r in reviews {
        assert_eq!(r["state"], "current", "{r}");
    }
    let portfolio: Vec<&str> = reviews
        .iter()
        .filter(|r| r["owner"] == "teenuste-portfellijuht" && r["what"] == "process")
        .map(|r| r["process"].as_str().unwrap())
        .collect();
    assert_eq!(
        portfolio.len(),
        2,
        "the portfolio manager owns two processes"
    );
}
