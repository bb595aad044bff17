//! Freshness informs, integrity blocks: an overdue review is published as
//! overdue and fails only `check` (and `build --fail-on-overdue`).

use std::fs;

use crate::common::build::{copy_site, read, read_tree, shipped, Work};
use crate::common::{procbook, Site, VALID_REGISTER};

/// A day on which every process of the shipped register is overdue
/// (reviewed 2026-11-25, every 12 months).
pub const LATE: &str = "2028-01-15";

fn build_at(
    root: &std::path::Path,
    out: &std::path::Path,
    today: &str,
    extra: &[&str],
) -> crate::common::Run {
    let mut args = vec![
        "build",
        "--root",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--today",
        today,
        "--no-history",
    ];
    args.extend_from_slice(extra);
    procbook(&args)
}

#[test]
fn an_overdue_register_is_published_with_its_state() {
    let work = Work::new();
    let root = copy_site(&shipped(), &work, "src");
    let out = work.join("site");
    let run = build_at(&root, &out, LATE, &[]);
    run.assert_code(0);
    assert!(run.stderr.contains("freshness/overdue"), "{}", run.stderr);
    assert!(run.stderr.contains("8 review(s) overdue"), "{}", run.stderr);
    let page = read(&out, "processes/intsidendihaldus.html");
    assert!(
        page.contains("state-overdue"),
        "the process page shows no overdue state"
    );
    // On its owner, and on the overview.
    let owners = read(&out, "owners.html");
    assert_eq!(
        owners.matches("badge state-overdue").count(),
        8,
        "owners.html"
    );
    assert!(read(&out, "overview.html").contains("state-overdue"));
    let api: serde_json::Value = serde_json::from_str(&read(&out, "api/register.json")).unwrap();
    for p in api["processes"].as_array().unwrap() {
        assert_eq!(p["review"]["state"], "overdue", "{}", p["id"]);
    }
}

#[test]
fn check_still_fails_on_overdue() {
    let root = shipped();
    let run = procbook(&[
        "check",
        "--root",
        root.to_str().unwrap(),
        "--today",
        LATE,
        "--format",
        "json",
    ]);
    run.assert_code(1);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let overdue: Vec<_> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "freshness/overdue")
        .collect();
    // The eight processes (the shipped guidelines hold no text to review).
    assert_eq!(overdue.len(), 8);
    for d in overdue {
        assert_eq!(d["kind"], "freshness");
        assert_eq!(d["severity"], "error");
    }
}

#[test]
fn fail_on_overdue_stops_the_build_and_keeps_the_old_site() {
    let work = Work::new();
    let root = copy_site(&shipped(), &work, "src");
    let out = work.join("site");
    build_at(&root, &out, "2026-11-25", &[]).assert_code(0);
    let before = read_tree(&out);
    let run = build_at(&root, &out, LATE, &["--fail-on-overdue"]);
    run.assert_code(1);
    assert!(
        run.stderr.contains("build stopped: reviews are overdue"),
        "{}",
        run.stderr
    );
    assert_eq!(
        before,
        read_tree(&out),
        "a stopped build changed the output"
    );
    // The option changes nothing while everything is current.
    build_at(&root, &out, "2026-11-25", &["--fail-on-overdue"]).assert_code(0);
}

#[test]
fn an_integrity_error_still_stops_the_build_whatever_the_day() {
    let work = Work::new();
    let root = copy_site(&shipped(), &work, "src");
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
    for today in ["2026-11-25", LATE] {
        let out = work.join("site");
        let run = build_at(&root, &out, today, &[]);
        run.assert_code(1);
        assert!(
            run.stderr.contains("ownership/unknown-role"),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr
                .contains("build stopped: the register has errors"),
            "{}",
            run.stderr
        );
        assert!(
            !out.exists(),
            "a register with an integrity error was published"
        );
    }
}

#[test]
fn a_missing_or_future_review_date_is_integrity_not_freshness() {
    // A date that records a review that has not happened is wrong data.
    let site =
        Site::new(&VALID_REGISTER.replace("reviewed_on: 2026-01-10", "reviewed_on: 2026-12-24"));
    let checked = site.check_json(&[]);
    let out = site.path().join("out");
    let run = build_at(site.path(), &out, crate::common::TODAY, &[]);
    assert_eq!(checked.codes(), vec!["freshness/future-review"]);
    run.assert_code(1);
}
