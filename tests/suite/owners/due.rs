//! `procbook due`: the summary line, owners by name or id with "did you
//! mean", owners with overdue reviews first, JSON counts.

use serde_json::Value;

use crate::common::build::shipped;
use crate::common::procbook;

fn due(args: &[&str]) -> crate::common::Run {
    let root = shipped();
    let mut all = vec!["due", "--root", root.to_str().unwrap()];
    all.extend_from_slice(args);
    procbook(&all)
}

/// A day on which `teenuste-portfelli-ja-kataloogi-juhtimine` (reviewed
/// 2026-11-25, due 2027-11-25) and every other process are due soon.
const SOON: &str = "2027-11-01";

#[test]
fn the_summary_line_comes_first_and_matches_the_json_counts() {
    let run = due(&["--today", super::freshness::LATE]);
    run.assert_code(0);
    let mut lines = run.stdout.lines().filter(|l| !l.is_empty());
    assert_eq!(lines.next(), Some("# Reviews due (as of 2028-01-15)"));
    assert_eq!(lines.next(), Some("8 overdue, 0 due soon, 0 current."));
    let run = due(&["--today", SOON, "--format", "json"]);
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["counts"]["due_soon"], 8);
    assert_eq!(json["counts"]["overdue"], 0);
    let listed = json["reviews"].as_array().unwrap().len();
    // One deadline per process, for its entry and guidelines together.
    assert_eq!(listed, 8);
}

#[test]
fn owner_by_name_as_the_site_shows_it_or_by_id() {
    let by_id = due(&[
        "--today",
        SOON,
        "--owner",
        "klienditoe-grupijuht",
        "--format",
        "json",
    ]);
    by_id.assert_code(0);
    let by_name = due(&[
        "--today",
        SOON,
        "--owner",
        "Klienditoe grupijuht",
        "--format",
        "json",
    ]);
    by_name.assert_code(0);
    assert_eq!(by_id.stdout, by_name.stdout);
    let json: Value = serde_json::from_str(&by_id.stdout).unwrap();
    let reviews = json["reviews"].as_array().unwrap();
    assert!(!reviews.is_empty());
    assert!(reviews.iter().all(|r| r["owner"] == "klienditoe-grupijuht"));
}

#[test]
fn a_near_miss_gets_a_suggestion() {
    for (typed, near) in [
        ("klienditoe-grupijut", "klienditoe-grupijuht"),
        ("klienditoe grupijut", "klienditoe grupijuht"),
    ] {
        let run = due(&["--today", SOON, "--owner", typed]);
        run.assert_code(2);
        assert!(
            run.stderr.contains(&format!("did you mean `{near}`")),
            "{typed}: {}",
            run.stderr
        );
    }
    let run = due(&["--today", SOON, "--owner", "zzzz"]);
    run.assert_code(2);
    assert!(!run.stderr.contains("did you mean"), "{}", run.stderr);
}

#[test]
fn a_register_that_does_not_parse_or_an_unknown_owner_is_said_in_the_chosen_language() {
    let site = crate::common::Site::new("processes: [\n");
    let root = site.path().to_str().unwrap();
    for (lang, words) in [
        (
            "en",
            "error: processes.yaml does not parse; run `procbook check` to see why\n",
        ),
        (
            "et",
            "error: processes.yaml ei ole loetav; põhjuse näitab `procbook check`\n",
        ),
    ] {
        let run = procbook(&["due", "--root", root, "--lang", lang]);
        run.assert_code(2);
        assert_eq!(run.stderr, words);
    }
    let run = due(&[
        "--today",
        SOON,
        "--owner",
        "klienditoe-grupijut",
        "--lang",
        "et",
    ]);
    run.assert_code(2);
    assert_eq!(
        run.stderr,
        "error: `klienditoe-grupijut` ei ole registris roll; kas mõtlesid `klienditoe-grupijuht`?\n"
    );
}
