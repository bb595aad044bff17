//! The iCalendar feeds, read back with an independent parser (the `ical`
//! crate) and compared with `api/register.json`.

use std::collections::BTreeMap;
use std::fs;
use std::io::BufReader;
use std::path::Path;

use serde_json::Value;

use crate::common::build::{copy_site, read, read_tree, shipped, Work};
use crate::common::procbook;

const BASE: &str = "https://example.org/register/";

fn build_at(root: &Path, out: &Path, today: &str) {
    procbook(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--today",
        today,
        "--no-history",
        "--base-url",
        BASE,
    ])
    .assert_code(0);
}

/// One parsed event: its properties by name (the last of each name; an
/// event's alarm is parsed apart).
type Event = BTreeMap<String, String>;

/// Parses `text` with the `ical` crate: exactly one calendar, its events.
fn parse(text: &str) -> (BTreeMap<String, String>, Vec<Event>) {
    let mut calendars: Vec<_> = ical::IcalParser::new(BufReader::new(text.as_bytes()))
        .collect::<Result<Vec<_>, _>>()
        .unwrap_or_else(|e| panic!("not iCalendar: {e}\n{text}"));
    assert_eq!(calendars.len(), 1, "one VCALENDAR per feed");
    let calendar = calendars.remove(0);
    let props = |list: &[ical::property::Property]| {
        list.iter()
            .map(|p| (p.name.clone(), p.value.clone().unwrap_or_default()))
            .collect::<BTreeMap<_, _>>()
    };
    let events = calendar
        .events
        .iter()
        .map(|e| {
            assert_eq!(e.alarms.len(), 1, "each review has a reminder");
            props(&e.properties)
        })
        .collect();
    (props(&calendar.properties), events)
}

/// RFC 5545 §3.1: CRLF line ends, no line over 75 octets.
fn assert_content_lines(text: &str, what: &str) {
    assert!(text.ends_with("\r\n"), "{what} does not end with CRLF");
    for line in text.split("\r\n") {
        assert!(!line.contains('\n'), "{what}: a bare LF in {line:?}");
        assert!(
            line.len() <= 75,
            "{what}: {} octets in {line:?}",
            line.len()
        );
    }
}

#[test]
fn the_register_feed_has_every_deadline_of_the_register_json() {
    let work = Work::new();
    let root = copy_site(&shipped(), &work, "src");
    let out = work.join("site");
    build_at(&root, &out, "2026-11-25");
    let api: Value = serde_json::from_str(&read(&out, "api/register.json")).unwrap();
    let text = read(&out, "calendar.ics");
    assert_content_lines(&text, "calendar.ics");
    let (calendar, events) = parse(&text);
    assert_eq!(calendar["VERSION"], "2.0");
    assert!(calendar.contains_key("PRODID"));
    let by_uid: BTreeMap<&str, &Event> = events.iter().map(|e| (e["UID"].as_str(), e)).collect();
    assert_eq!(by_uid.len(), events.len(), "UIDs are unique");
    let processes = api["processes"].as_array().unwrap();
    for p in processes {
        let id = p["id"].as_str().unwrap();
        let event = by_uid
            .get(format!("review-{id}@smit.procbook").as_str())
            .unwrap_or_else(|| panic!("no event for {id}"));
        let due = p["review"]["due"].as_str().unwrap().replace('-', "");
        assert_eq!(event["DTSTART"], due, "{id}");
        assert_eq!(event["URL"], format!("{BASE}processes/{id}.html"));
        let name = p["name"].as_str().unwrap();
        assert!(
            event["SUMMARY"].contains(name),
            "{id}: {}",
            event["SUMMARY"]
        );
        let owner = p["owner"].as_str().unwrap();
        let role = api["roles"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == owner)
            .unwrap();
        assert!(
            event["DESCRIPTION"].contains(role["name"].as_str().unwrap()),
            "{id}: the owner is not named"
        );
    }
    // One event per process, for its entry and guidelines together.
    assert_eq!(events.len(), processes.len());
}

#[test]
fn each_role_has_a_feed_with_its_own_deadlines() {
    let work = Work::new();
    let root = copy_site(&shipped(), &work, "src");
    let out = work.join("site");
    build_at(&root, &out, "2026-11-25");
    let api: Value = serde_json::from_str(&read(&out, "api/register.json")).unwrap();
    let owners_page = read(&out, "owners.html");
    for role in api["roles"].as_array().unwrap() {
        let id = role["id"].as_str().unwrap();
        let path = format!("calendar/{id}.ics");
        let text = read(&out, &path);
        assert_content_lines(&text, &path);
        let (calendar, events) = parse(&text);
        assert!(calendar["X-WR-CALNAME"].contains(role["name"].as_str().unwrap()));
        let mut expected: Vec<String> = api["processes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["owner"] == id)
            .map(|p| p["review"]["due"].as_str().unwrap().replace('-', ""))
            .collect();
        let mut got: Vec<String> = events
            .iter()
            .filter(|e| !e["UID"].contains("-guidelines@"))
            .map(|e| e["DTSTART"].clone())
            .collect();
        expected.sort();
        got.sort();
        assert_eq!(got, expected, "{path}");
        assert!(
            owners_page.contains(&format!("href=\"{path}\"")),
            "owners.html does not link {path}"
        );
    }
    assert!(owners_page.contains("href=\"calendar.ics\""));
    assert!(read(&out, "en/owners.html").contains("href=\"../calendar.ics\""));
}

#[test]
fn a_recorded_review_moves_the_event_under_the_same_uid_and_the_day_changes_nothing() {
    let work = Work::new();
    let root = copy_site(&shipped(), &work, "src");
    let before = work.join("before");
    build_at(&root, &before, "2026-11-25");
    // Built on another day the feeds are byte-identical.
    let later = work.join("later");
    build_at(&root, &later, "2027-12-01");
    let feeds = |dir: &Path| -> BTreeMap<String, Vec<u8>> {
        read_tree(dir)
            .into_iter()
            .filter(|(path, _)| path.ends_with(".ics"))
            .collect()
    };
    assert_eq!(feeds(&before), feeds(&later));
    // A new review date for one process.
    let register = fs::read_to_string(root.join("processes.yaml")).unwrap();
    let start = register.find("  - id: intsidendihaldus\n").unwrap();
    // The owner reviews it (the shorthand for an owner's review).
    let at = start + "  - id: intsidendihaldus\n".len();
    let mut edited = register.clone();
    edited.insert_str(at, "    reviewed_on: 2026-11-27\n");
    fs::write(root.join("processes.yaml"), edited).unwrap();
    let after = work.join("after");
    build_at(&root, &after, "2026-11-27");
    let (_, old) = parse(&read(&before, "calendar.ics"));
    let (_, new) = parse(&read(&after, "calendar.ics"));
    let uids = |events: &[Event]| {
        let mut u: Vec<String> = events.iter().map(|e| e["UID"].clone()).collect();
        u.sort();
        u
    };
    assert_eq!(
        uids(&old),
        uids(&new),
        "a review must not add or drop events"
    );
    let find = |events: &[Event]| {
        events
            .iter()
            .find(|e| e["UID"] == "review-intsidendihaldus@smit.procbook")
            .unwrap()
            .clone()
    };
    assert_eq!(find(&old)["DTSTART"], "20271125");
    assert_eq!(find(&new)["DTSTART"], "20271127");
}

#[test]
fn text_is_escaped_and_long_lines_fold_inside_no_character() {
    let work = Work::new();
    let root = copy_site(&shipped(), &work, "src");
    let register = fs::read_to_string(root.join("processes.yaml")).unwrap();
    let odd = "Õõ; ÄÄ, ÖÖ \\\\ ÜÜ".repeat(8);
    let edited = register.replacen("name: Intsidendihaldus\n", &format!("name: \"{odd}\"\n"), 1);
    assert_ne!(edited, register, "the fixture changed");
    fs::write(root.join("processes.yaml"), edited).unwrap();
    let out = work.join("site");
    build_at(&root, &out, "2026-11-25");
    let text = read(&out, "calendar.ics");
    assert_content_lines(&text, "calendar.ics");
    let (_, events) = parse(&text);
    let event = events
        .iter()
        .find(|e| e["UID"] == "review-intsidendihaldus@smit.procbook")
        .unwrap();
    // The parser unfolds; TEXT escapes stay as RFC 5545 writes them.
    let name = odd.replace("\\\\", "\\");
    let escaped = name
        .replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,");
    assert_eq!(
        event["SUMMARY"],
        format!("Protsessi ülevaatamine: {escaped}")
    );
}

#[test]
fn a_name_cannot_add_a_property_or_an_event() {
    let work = Work::new();
    let root = copy_site(&shipped(), &work, "src");
    let register = fs::read_to_string(root.join("processes.yaml")).unwrap();
    // A line break in a name is refused by `check` (text/line-break), so
    // what is left to try are the separators of properties and values.
    let edited = register.replacen(
        "name: Intsidendihaldus\n",
        "name: \"Intsidendihaldus;UID=evil:X-EVIL:1,2\\\\N\"\n",
        1,
    );
    assert_ne!(edited, register);
    fs::write(root.join("processes.yaml"), edited).unwrap();
    let out = work.join("site");
    build_at(&root, &out, "2026-11-25");
    let text = read(&out, "calendar.ics");
    let (_, events) = parse(&text);
    assert_eq!(events.len(), 8, "a name added an event");
    assert!(!events.iter().any(|e| e["UID"].starts_with("evil")));
    assert!(
        !text.lines().any(|l| l.starts_with("X-EVIL")),
        "a property was added"
    );
    assert!(
        text.contains("Intsidendihaldus\\;UID=evil:X-EVIL:1\\,2"),
        "{text}"
    );
    assert_eq!(text.matches("\r\nBEGIN:VEVENT\r\n").count(), 8);
}
