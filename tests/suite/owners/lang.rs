//! Messages in Estonian: every diagnostic, `due`, the preview; the
//! language from `--lang`, else the locale, else English; JSON codes the
//! same in both. YAML mistakes explained in the owner's terms.

use std::fs;
use std::process::Command;

use serde_json::Value;

use crate::common::build::{copy_site, shipped, Work};
use crate::common::{procbook_with_env, Site, TODAY, VALID_REGISTER};

/// A register that breaks as many rules at once as one file can.
const BROKEN: &str = "\
organisation:
  name: Test Agency
directives:
  - id: dir-2025
    number: 1/1
    date: 2025-05-05
    title: Processes
  - id: dir-2024
    number: 1/0
    date: 2024-05-05
    title: Processes
  - id: dir-old
    number: 0/9
    date: 2023-01-01
    title: Old
    repealed_by: dir-nope
units:
  - id: dept
    name: Department
    kind: osakond
    parent: nowhere
  - id: Dept-2
    name: Loop
    kind: grupp
    parent: Dept-2
roles:
  - id: lead
    name: Process lead
    unit: dpet
  - id: lead
    name: Again
    unit: dept
wiki_spaces:
  - id: wiki
    name: Wiki
  - id: site
    name: Site
    url: ftp://example.org/x
processes:
  - id: alpha
    name: Alpha
    goals:
      - Do alpha things.
    outcomes:
      - \"\"
    owner: laed
    documentation:
      space: wiik
    reviewed_on: 2025-01-10
  - id: beta
    name: \"Alpha\"
    goals: []
    outcomes: []
    owner: [lead, other]
    reviewed_on: 2025-06-20
  - id: gamma
    name: \"Gamma \\u202E\"
    goals: [G.]
    outcomes: [O.]
    reviewed_on: 2026-07-01
    documentation:
      space: wiki
  - id: delta
    goals: [D.]
    outcomes: [O.]
    owner: lead
    documentation:
      space: wiki
      url: not a url
accept:
  - code: completeness/missing-outcom
    record: alpha
    reason: Typo.
  - code: completeness/missing-goal
    record: beta
  - code: completeness/missing-outcome
    record: beta
    reason: Old.
    until: 2026-01-01
";

fn check(site: &Site, lang: &str) -> Value {
    let run = site.run(
        "check",
        &["--format", "json", "--today", TODAY, "--lang", lang],
    );
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

fn diagnostics(json: &Value) -> &Vec<Value> {
    json["diagnostics"].as_array().unwrap()
}

#[test]
fn every_diagnostic_has_estonian_words_and_the_same_code() {
    let site = Site::new(BROKEN).page("processes/x.md", "---\nprocess: alpah\n---\n# X\n");
    let en = check(&site, "en");
    let et = check(&site, "et");
    let (en, et) = (diagnostics(&en), diagnostics(&et));
    assert!(
        en.len() >= 20,
        "the fixture breaks fewer rules than meant: {en:#?}"
    );
    assert_eq!(en.len(), et.len());
    let mut codes = std::collections::BTreeSet::new();
    for (e, t) in en.iter().zip(et) {
        assert_eq!(e["code"], t["code"]);
        assert_eq!((&e["line"], &e["column"]), (&t["line"], &t["column"]));
        assert_ne!(
            e["message"], t["message"],
            "{} has no Estonian message",
            e["code"]
        );
        if !e["help"].is_null() {
            assert_ne!(e["help"], t["help"], "{} has no Estonian help", e["code"]);
        }
        codes.insert(e["code"].as_str().unwrap().to_string());
    }
    // The fixture covers most rule families.
    for family in [
        "ownership/",
        "completeness/",
        "identity/",
        "directives/",
        "freshness/",
        "content/",
        "text/",
        "accept/",
    ] {
        assert!(
            codes.iter().any(|c| c.starts_with(family)),
            "no {family} rule in {codes:?}"
        );
    }
}

#[test]
fn the_language_follows_the_flag_then_the_locale_then_english() {
    let site = Site::new(&VALID_REGISTER.replace("    owner: lead\n", ""));
    let root = site.path().to_str().unwrap().to_string();
    let run = |args: &[&str], env: &[(&str, &str)]| {
        let mut all = vec!["check", "--root", &root, "--today", TODAY];
        all.extend_from_slice(args);
        procbook_with_env(&all, env).stdout
    };
    let estonian = "protsessil `alpha` puudub omanik";
    let english = "process `alpha` has no owner";
    assert!(run(&[], &[]).contains(english));
    assert!(run(&[], &[("LANG", "et_EE.UTF-8")]).contains(estonian));
    assert!(run(&[], &[("LC_ALL", "et_EE.UTF-8"), ("LANG", "en_GB.UTF-8")]).contains(estonian));
    assert!(run(&[], &[("LC_ALL", "C"), ("LANG", "et_EE.UTF-8")]).contains(english));
    assert!(run(&["--lang", "en"], &[("LANG", "et_EE.UTF-8")]).contains(english));
    let et = run(&["--lang", "et"], &[]);
    assert!(et.contains(estonian), "{et}");
    assert!(et.contains("abi: lisa `owner: <rolli id>`"), "{et}");
    assert!(et.contains("vigu 1, hoiatusi 0, märkusi 0"), "{et}");
}

/// The one YAML diagnostic of `register`, in `lang`.
fn yaml_error(register: &str, lang: &str) -> Value {
    let json = check(&Site::new(register), lang);
    let list = diagnostics(&json);
    let errors: Vec<&Value> = list.iter().filter(|d| d["severity"] == "error").collect();
    assert_eq!(errors.len(), 1, "{list:#?}");
    errors[0].clone()
}

#[test]
fn yaml_mistakes_are_explained_in_the_owners_terms() {
    let cases: &[(&str, &str, &str, &str, &str)] = &[
        // A colon inside a list item's text, and inside a field's value.
        (
            "      - Do alpha things.\n",
            "      - Do alpha: things.\n",
            "yaml/wrong-type",
            "put the whole text in quotes",
            "pane kogu tekst jutumärkidesse",
        ),
        (
            "    name: Alpha\n",
            "    name: Alpha: the first\n",
            "yaml/syntax",
            "put the whole text in quotes",
            "pane kogu tekst jutumärkidesse",
        ),
        // A list left empty.
        (
            "    goals:\n      - Do alpha things.\n",
            "    goals:\n",
            "yaml/wrong-type",
            "`goals:` has no items",
            "`goals:` all pole ühtegi rida",
        ),
        // A tab.
        (
            "      - Alpha done.\n",
            "\t- Alpha done.\n",
            "yaml/syntax",
            "indented with a tab",
            "tabulaatoriga",
        ),
        // An item deeper than the one above: YAML would join them.
        (
            "      - Do alpha things.\n",
            "      - Do alpha things.\n        - Do more.\n",
            "yaml/deeper-item",
            "the lines under `goals:` must each start with `- ` at the same depth",
            "`goals:` all olevad read peavad kõik algama `- `-ga samal sügavusel",
        ),
        // An item shallower than the one above.
        (
            "      - Do alpha things.\n",
            "      - Do alpha things.\n     - Do more.\n",
            "yaml/syntax",
            "the lines under `goals:` must each start with `- ` at the same depth",
            "samal sügavusel",
        ),
    ];
    for (from, to, code, en, et) in cases {
        assert!(VALID_REGISTER.contains(from));
        let register = VALID_REGISTER.replacen(from, to, 1);
        let d = yaml_error(&register, "en");
        assert_eq!(d["code"], *code, "{to:?}: {d}");
        assert!(d["help"].as_str().unwrap().contains(en), "{to:?}: {d}");
        let d = yaml_error(&register, "et");
        assert_eq!(d["code"], *code);
        assert!(d["help"].as_str().unwrap().contains(et), "{to:?}: {d}");
    }
}

#[test]
fn a_day_that_does_not_exist_says_so() {
    for (date, en, et) in [
        (
            "2026-02-30",
            "there is no such day as 2026-02-30: that month has 28 days",
            "kuupäeva 2026-02-30 ei ole olemas: selles kuus on 28 päeva",
        ),
        (
            "2024-02-30",
            "that month has 29 days",
            "selles kuus on 29 päeva",
        ),
        (
            "2026-04-31",
            "that month has 30 days",
            "selles kuus on 30 päeva",
        ),
        ("2026-13-01", "there is no month 13", "kuud 13 ei ole"),
    ] {
        let register =
            VALID_REGISTER.replace("reviewed_on: 2026-01-10", &format!("reviewed_on: {date}"));
        let d = yaml_error(&register, "en");
        assert!(d["message"].as_str().unwrap().contains(en), "{d}");
        assert!(
            !d["message"].as_str().unwrap().contains("YYYY-MM-DD"),
            "{d}"
        );
        let d = yaml_error(&register, "et");
        assert!(d["message"].as_str().unwrap().contains(et), "{d}");
    }
    // A text that is no date at all still gets the format.
    let register = VALID_REGISTER.replace("reviewed_on: 2026-01-10", "reviewed_on: 10.01.2026");
    assert!(yaml_error(&register, "en")["message"]
        .as_str()
        .unwrap()
        .contains("YYYY-MM-DD"));
}

fn git(dir: &std::path::Path, args: &[&str]) {
    let status = Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=t@example.org"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(
        status.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

#[test]
fn deleting_only_the_outcomes_line_is_caught_against_the_last_commit() {
    let work = Work::new();
    let root = copy_site(&shipped(), &work, "src");
    git(&root, &["init", "-q"]);
    git(&root, &["add", "."]);
    git(&root, &["commit", "-q", "-m", "register"]);
    let text = fs::read_to_string(root.join("processes.yaml")).unwrap();
    let edited = text.replacen(
        "    outcomes:\n      - Intsidentide vähenemine\n",
        "      - Intsidentide vähenemine\n",
        1,
    );
    assert_ne!(text, edited);
    fs::write(root.join("processes.yaml"), edited).unwrap();
    let root_str = root.to_str().unwrap();
    for lang in ["en", "et"] {
        let run = procbook_with_env(
            &[
                "check",
                "--root",
                root_str,
                "--today",
                "2026-11-25",
                "--format",
                "json",
                "--lang",
                lang,
            ],
            &[],
        );
        let json: Value = serde_json::from_str(&run.stdout).unwrap();
        let moved: Vec<&Value> = diagnostics(&json)
            .iter()
            .filter(|d| d["code"] == "completeness/moved-item")
            .collect();
        assert_eq!(moved.len(), 1, "{json:#}");
        let message = moved[0]["message"].as_str().unwrap();
        assert!(message.contains("Intsidentide vähenemine"), "{message}");
        assert!(
            message.contains(if lang == "en" {
                "was an outcome"
            } else {
                "oli see tulem"
            }),
            "{message}"
        );
    }
    // Committed, the change is meant: no signal.
    git(&root, &["commit", "-q", "-am", "outcome becomes a goal"]);
    let run = procbook_with_env(
        &[
            "check",
            "--root",
            root_str,
            "--today",
            "2026-11-25",
            "--format",
            "json",
        ],
        &[],
    );
    assert!(
        !run.stdout.contains("completeness/moved-item"),
        "{}",
        run.stdout
    );
}

#[test]
fn due_speaks_estonian() {
    let root = shipped();
    let run = procbook_with_env(
        &[
            "due",
            "--root",
            root.to_str().unwrap(),
            "--today",
            "2027-11-10",
        ],
        &[("LANG", "et_EE.UTF-8")],
    );
    run.assert_code(0);
    assert!(run.stdout.starts_with("# Ülevaatamise tähtajad (seisuga 10.11.2027)\n\ntähtaeg ületatud 0, tähtaeg läheneb 8, ajakohaseid 0.\n"), "{}", run.stdout);
    assert!(run
        .stdout
        .contains("| Protsess | Mida | Üle vaadatud | Tähtaeg | Seis |"));
    // JSON is the same in both languages.
    let json = |lang: &str| {
        procbook_with_env(
            &[
                "due",
                "--root",
                root.to_str().unwrap(),
                "--today",
                "2027-11-10",
                "--format",
                "json",
                "--lang",
                lang,
            ],
            &[],
        )
        .stdout
    };
    assert_eq!(json("et"), json("en"));
}

#[test]
fn the_preview_speaks_estonian_and_says_errors_only_when_there_are_some() {
    use crate::common::serve::Serve;
    let work = Work::new();
    let root = copy_site(&shipped(), &work, "src");
    // An overdue review: the site with the panel, in Estonian.
    let serve = Serve::start_with(
        &root,
        super::freshness::LATE,
        &["--port", "0"],
        &[("LANG", "et_EE.UTF-8")],
    );
    let page = serve.get("/index.html").body;
    assert!(page.contains("tähtaja ületanud ülevaatamisi 8"), "{page}");
    drop(serve);
    // A broken template: the error page, but no errors in the register.
    fs::create_dir_all(root.join("theme/templates")).unwrap();
    fs::write(root.join("theme/templates/owners.html"), "{% if %}").unwrap();
    let serve = Serve::start_with(
        &root,
        "2026-11-25",
        &["--port", "0"],
        &[("LANG", "et_EE.UTF-8")],
    );
    let page = serve.get("/index.html").body;
    assert!(page.contains("<html lang=\"et\">"), "{page}");
    let title = page
        .split("<title>")
        .nth(1)
        .unwrap()
        .split("</title>")
        .next()
        .unwrap();
    assert!(
        !title.contains("vigu") && !title.contains("error"),
        "{title}"
    );
    drop(serve);
    // An unknown owner: the error page says how many errors.
    fs::remove_dir_all(root.join("theme")).unwrap();
    let text = fs::read_to_string(root.join("processes.yaml")).unwrap();
    fs::write(
        root.join("processes.yaml"),
        text.replacen(
            "owner: klienditoe-grupijuht",
            "owner: klienditoe-grupijut",
            1,
        ),
    )
    .unwrap();
    for (env, expected) in [
        ("et_EE.UTF-8", "<title>vigu 1 — Registris on vigu"),
        ("en_GB.UTF-8", "<title>1 error(s) — The register has errors"),
    ] {
        let serve = Serve::start_with(&root, "2026-11-25", &["--port", "0"], &[("LANG", env)]);
        let page = serve.get("/index.html").body;
        assert!(page.contains(expected), "{page}");
    }
}

#[test]
fn could_not_run_is_said_in_estonian_too() {
    let run = procbook_with_env(
        &["check", "--root", "/nonexistent-procbook-root"],
        &[("LANG", "et_EE.UTF-8")],
    );
    run.assert_code(2);
    assert!(run.stderr.contains("ei ole kaust"), "{}", run.stderr);
    let run = procbook_with_env(&["check", "--root", "/nonexistent-procbook-root"], &[]);
    run.assert_code(2);
    assert!(run.stderr.contains("is not a folder"), "{}", run.stderr);
}
