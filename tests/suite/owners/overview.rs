//! The review overview page: owners by urgency, the status chart, the
//! timeline and the ownership map as server-side SVG with text beside.

use std::fs;

use serde_json::Value;

use crate::common::build::{check_links, copy_site, read, shipped, Work};
use crate::common::procbook;

/// A copy of the shipped register where `intsidendihaldus` was reviewed
/// long ago (overdue on 2026-11-25) and built as of that day.
fn built() -> (Work, std::path::PathBuf) {
    let work = Work::new();
    let root = copy_site(&shipped(), &work, "src");
    let text = fs::read_to_string(root.join("processes.yaml")).unwrap();
    let start = text.find("  - id: intsidendihaldus\n").unwrap();
    // The owner's own review (the shorthand), long before the maintainers'
    // check of the entry: the deadline counts from the owner's.
    let at = start + "  - id: intsidendihaldus\n".len();
    let mut edited = text.clone();
    edited.insert_str(at, "    reviewed_on: 2025-01-10\n");
    fs::write(root.join("processes.yaml"), edited).unwrap();
    let out = work.join("site");
    procbook(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--today",
        "2026-11-25",
        "--no-history",
    ])
    .assert_code(0);
    (work, out)
}

#[test]
fn owners_are_listed_most_urgent_first_with_state_and_deadline() {
    let (_work, out) = built();
    let page = read(&out, "overview.html");
    let first = page.find("id=\"owner-").expect("an owner section");
    assert!(
        page[first..].starts_with("id=\"owner-intsidendihalduse-protsessijuht\""),
        "the owner with the overdue review is not first"
    );
    let section = &page[first..page[first..].find("</section>").unwrap() + first];
    assert!(section.contains("10.01.2026"), "{section}");
    assert!(section.contains("state-overdue"), "{section}");
    // Every process of the register is on the page, once per deadline.
    let api: Value = serde_json::from_str(&read(&out, "api/register.json")).unwrap();
    for p in api["processes"].as_array().unwrap() {
        let url = format!("href=\"processes/{}.html\"", p["id"].as_str().unwrap());
        assert!(page.contains(&url), "{url} missing");
    }
    // The English page and the navigation.
    assert!(read(&out, "en/overview.html").contains("Review overview"));
    assert!(read(&out, "index.html").contains("href=\"overview.html\""));
    check_links(&out);
}

#[test]
fn the_numbers_of_the_chart_and_table_match_the_register_json() {
    let (_work, out) = built();
    let api: Value = serde_json::from_str(&read(&out, "api/register.json")).unwrap();
    let overdue = api["processes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["review"]["state"] == "overdue")
        .count();
    assert_eq!(overdue, 1);
    let page = read(&out, "overview.html");
    // One deadline per process: 7 current, 0 due soon, 1 overdue.
    assert!(
        page.contains("<td>7</td><td>0</td><td>1</td>"),
        "the table's totals are wrong"
    );
    let chart = page
        .split("<svg class=\"chart chart-status\"")
        .nth(1)
        .expect("a status chart")
        .split("</svg>")
        .next()
        .unwrap();
    assert!(
        chart.contains(">7</text>") && chart.contains(">1</text>"),
        "{chart}"
    );
}

#[test]
fn the_pictures_are_accessible_svg_the_policy_allows() {
    let (_work, out) = built();
    for (path, count) in [
        ("overview.html", 2),
        ("en/overview.html", 2),
        ("owners.html", 1),
        ("en/owners.html", 1),
    ] {
        let page = read(&out, path);
        let svgs: Vec<&str> = page.split("<svg ").skip(1).collect();
        assert_eq!(svgs.len(), count, "{path}");
        for svg in svgs {
            let open = &svg[..svg.find('>').unwrap()];
            assert!(open.contains("role=\"img\""), "{open}");
            assert!(open.contains("aria-label=\""), "{open}");
            assert!(open.contains("viewBox=\"0 0 360 "), "phone width: {open}");
            let body = &svg[..svg.find("</svg>").unwrap()];
            assert!(!body.contains("style="), "inline styles break the CSP");
            assert!(!body.contains("<script"), "no script in pictures");
            assert!(!body.contains("<a "), "no links inside an image");
        }
    }
}

#[test]
fn the_ownership_map_has_its_facts_as_text_too() {
    let (_work, out) = built();
    let api: Value = serde_json::from_str(&read(&out, "api/register.json")).unwrap();
    for path in ["owners.html", "en/owners.html"] {
        let page = read(&out, path);
        let map = page
            .split("<svg class=\"chart chart-map\"")
            .nth(1)
            .expect("the map")
            .split("</svg>")
            .next()
            .unwrap();
        let text = page.split("<details class=\"map-text\">").nth(1).unwrap();
        let text = &text[..text.find("</details>").unwrap()];
        for list in ["units", "roles", "processes"] {
            for entry in api[list].as_array().unwrap() {
                let name = entry["name"].as_str().unwrap();
                assert!(text.contains(name), "{path}: {name} is not in the text map");
                assert!(map.contains(name), "{path}: {name} is not in the picture");
            }
        }
        // Processes link to their pages; a role sits under its unit.
        assert!(text.contains("<a href=\"processes/intsidendihaldus.html\">"));
        let unit = text.find("Strateegiaosakond").unwrap();
        let role = text.find("intsidendihalduse protsessijuht").unwrap();
        let process = text.find(">Intsidendihaldus<").unwrap();
        assert!(unit < role && role < process, "units → roles → processes");
    }
}

#[test]
fn a_long_register_puts_the_earliest_deadlines_on_the_timeline() {
    use crate::common::{Site, VALID_REGISTER};
    // 70 processes reviewed on consecutive days: 70 deadlines.
    let mut register = VALID_REGISTER.to_string();
    for i in 0..70 {
        register.push_str(&format!(
            "  - id: p{i:03}\n    name: Process {i:03}\n    goals: [G.]\n    outcomes: [O.]\n    owner: lead\n    documentation: {{space: wiki}}\n    reviewed_on: 2026-01-{:02}\n",
            i % 28 + 1
        ));
    }
    let site = Site::new(&register);
    let out = site.path().join("out");
    procbook(&[
        "build",
        "--root",
        site.path().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--today",
        "2026-06-01",
        "--no-history",
    ])
    .assert_code(0);
    let page = read(&out, "en/overview.html");
    let timeline = page
        .split("<svg class=\"chart chart-timeline\"")
        .nth(1)
        .unwrap()
        .split("</svg>")
        .next()
        .unwrap();
    assert_eq!(timeline.matches("<circle").count(), 60);
    // 71 deadlines in all: 11 more are listed by owner.
    assert!(
        page.contains("Later deadlines, listed by owner above: 11."),
        "no note of the rest"
    );
    // The earliest come first.
    // (English pages write dates as "1 January 2027".)
    let first = timeline
        .find(">1 January 2027<")
        .expect("the earliest deadline");
    assert!(first < timeline.find(">14 January 2027<").unwrap());
    assert!(
        !timeline.contains(">28 January 2027<"),
        "a late deadline took an early one's place"
    );
}
