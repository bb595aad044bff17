//! `accept:` in processes.yaml: a known warning accepted for one entry,
//! with a reason and optionally an end date.

use crate::common::build::shipped;
use crate::common::{position_of, procbook, Site, VALID_REGISTER};

/// VALID_REGISTER without the outcome of `alpha`, plus `accept` (YAML
/// text of the `accept:` list, or "").
fn without_outcome(accept: &str) -> Site {
    let register = VALID_REGISTER.replace("    outcomes:\n      - Alpha done.\n", "");
    Site::new(&format!("{register}{accept}"))
}

const ACCEPT_OUTCOME: &str = "accept:
  - code: completeness/missing-outcome
    record: alpha
    reason: The directive sets no outcome.
";

#[test]
fn the_shipped_register_passes_strict_with_its_gap_shown_as_accepted() {
    let root = shipped();
    let root = root.to_str().unwrap();
    let run = procbook(&[
        "check",
        "--root",
        root,
        "--today",
        "2026-11-25",
        "--strict",
        "--format",
        "json",
    ]);
    run.assert_code(0);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let gap = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "completeness/missing-outcome")
        .expect("the missing outcome is still reported");
    assert_eq!(gap["record"], "seire-ja-sundmusehaldus");
    assert!(
        gap["accepted"]
            .as_str()
            .unwrap()
            .contains("sets no outcome"),
        "{gap}"
    );
    assert_eq!(json["summary"]["accepted"], 1);
    assert_eq!(json["summary"]["warnings"], 0);
    let human = procbook(&["check", "--root", root, "--today", "2026-11-25"]);
    assert!(
        human.stdout.contains("accepted warning"),
        "{}",
        human.stdout
    );
    assert!(human.stdout.contains("1 accepted"), "{}", human.stdout);
}

#[test]
fn an_accepted_warning_fails_nothing_and_without_acceptance_it_does() {
    let plain = without_outcome("").check_json(&["--strict"]);
    plain.assert_code(1);
    assert_eq!(plain.codes(), vec!["completeness/missing-outcome"]);
    let accepted = without_outcome(ACCEPT_OUTCOME).check_json(&["--strict"]);
    accepted.assert_code(0);
    let d = accepted.one("completeness/missing-outcome");
    assert_eq!(
        d.accepted.as_deref(),
        Some("The directive sets no outcome.")
    );
}

#[test]
fn a_reason_is_required() {
    for reason in ["", "    reason: \"  \"\n"] {
        let text = ACCEPT_OUTCOME.replace("    reason: The directive sets no outcome.\n", reason);
        let checked = without_outcome(&text).check_json(&[]);
        checked.assert_code(1);
        let d = checked.one("accept/missing-reason");
        assert_eq!(d.severity, "error");
        assert!(d
            .message
            .contains("`completeness/missing-outcome` for `alpha`"));
        // Without a reason nothing is accepted.
        assert!(checked
            .one("completeness/missing-outcome")
            .accepted
            .is_none());
    }
}

#[test]
fn an_expired_acceptance_is_a_warning_and_accepts_nothing() {
    // TODAY is 2026-06-01: the acceptance held through 2026-05-31.
    let text = format!("{ACCEPT_OUTCOME}    until: 2026-05-31\n");
    let checked = without_outcome(&text).check_json(&["--strict"]);
    checked.assert_code(1);
    assert_eq!(checked.one("accept/expired").severity, "warning");
    assert!(checked
        .one("completeness/missing-outcome")
        .accepted
        .is_none());
    // Through today it still holds.
    let text = format!("{ACCEPT_OUTCOME}    until: 2026-06-01\n");
    without_outcome(&text)
        .check_json(&["--strict"])
        .assert_code(0);
}

#[test]
fn a_stale_acceptance_is_a_warning() {
    // The outcome is there: the acceptance matches nothing.
    let text = format!("{VALID_REGISTER}{ACCEPT_OUTCOME}");
    let checked = Site::new(&text).check_json(&[]);
    let d = checked.one("accept/unused");
    assert!(d.message.contains("matches nothing"), "{}", d.message);
    let (line, column) = position_of(&text, "completeness/missing-outcome");
    d.assert_at("processes.yaml", line, column);
    // Another record than the one with the problem.
    let text = ACCEPT_OUTCOME.replace("record: alpha", "record: beta");
    let checked = without_outcome(&text).check_json(&[]);
    checked.one("accept/unused");
    assert!(checked
        .one("completeness/missing-outcome")
        .accepted
        .is_none());
    // A misspelt code, with a suggestion.
    let text = ACCEPT_OUTCOME.replace("missing-outcome", "missing-outcom");
    let checked = without_outcome(&text).check_json(&[]);
    assert!(checked
        .one("accept/unused")
        .help()
        .contains("completeness/missing-outcome"));
}

#[test]
fn an_error_cannot_be_accepted() {
    let register = VALID_REGISTER.replace("    goals:\n      - Do alpha things.\n", "");
    let text = "accept:
  - code: completeness/missing-goal
    record: alpha
    reason: We would rather not.
";
    let checked = Site::new(&format!("{register}{text}")).check_json(&[]);
    checked.assert_code(1);
    assert!(checked.one("completeness/missing-goal").accepted.is_none());
    assert!(checked
        .one("accept/unused")
        .message
        .contains("cannot be accepted"));
}
