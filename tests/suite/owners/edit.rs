//! `settings.edit_url`: an Edit link on each process page to its entry's
//! line in the forge's editor and to its guidelines file; none when unset.

use std::fs;

use crate::common::build::{copy_site, read, read_tree, shipped, Work};
use crate::common::{position_of, procbook, Site, VALID_REGISTER};

const TEMPLATE: &str = "https://gitlab.example.org/smit/register/-/edit/main/{path}#L{line}";

fn build(root: &std::path::Path, out: &std::path::Path) -> crate::common::Run {
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
}

#[test]
fn each_process_page_links_to_its_entry_line_and_its_guidelines_file() {
    let work = Work::new();
    let root = copy_site(&shipped(), &work, "src");
    let text = fs::read_to_string(root.join("processes.yaml")).unwrap();
    let text = text.replacen(
        "  due_soon_days: 30\n",
        &format!("  due_soon_days: 30\n  edit_url: \"{TEMPLATE}\"\n"),
        1,
    );
    fs::write(root.join("processes.yaml"), &text).unwrap();
    let out = work.join("site");
    build(&root, &out).assert_code(0);
    let api: serde_json::Value = serde_json::from_str(&read(&out, "api/register.json")).unwrap();
    for p in api["processes"].as_array().unwrap() {
        let id = p["id"].as_str().unwrap();
        let (line, _) = position_of(&text, &format!("  - id: {id}\n"));
        for page in [
            format!("processes/{id}.html"),
            format!("en/processes/{id}.html"),
        ] {
            let html = read(&out, &page);
            let entry = format!(
                "href=\"https://gitlab.example.org/smit/register/-/edit/main/processes.yaml#L{line}\""
            );
            assert!(html.contains(&entry), "{page} has no {entry}");
            let guidelines = format!(
                "href=\"https://gitlab.example.org/smit/register/-/edit/main/content/processes/{id}.md#L1\""
            );
            assert!(html.contains(&guidelines), "{page} has no {guidelines}");
        }
    }
}

#[test]
fn without_the_setting_there_is_no_edit_link() {
    let work = Work::new();
    let root = copy_site(&shipped(), &work, "src");
    let out = work.join("site");
    build(&root, &out).assert_code(0);
    for (path, bytes) in read_tree(&out) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("edit-link"), "{path} has an edit link");
    }
}

#[test]
fn a_template_that_makes_no_address_is_an_error_at_its_line() {
    for bad in [
        "https://forge.example.org/edit/main",
        "ftp://forge/{path}",
        "/edit/{path}",
    ] {
        let register = VALID_REGISTER.replacen(
            "organisation:\n",
            &format!("settings:\n  edit_url: \"{bad}\"\norganisation:\n"),
            1,
        );
        let checked = Site::new(&register).check_json(&[]);
        checked.assert_code(1);
        let d = checked.one("completeness/bad-url");
        let (line, _) = position_of(&register, "  edit_url:");
        assert_eq!(d.line, Some(line), "{bad}");
        assert!(d.message.contains("settings.edit_url"), "{}", d.message);
    }
}

#[test]
fn the_owners_guide_names_the_links_as_the_site_shows_them() {
    for (lang, file) in [("en", "docs/owners.en.md"), ("et", "docs/owners.et.md")] {
        let guide = fs::read_to_string(crate::common::repo_root().join(file)).unwrap();
        // Lines are wrapped: compare with single spaces.
        let guide = guide.split_whitespace().collect::<Vec<_>>().join(" ");
        for key in ["nav_overview", "edit_entry", "edit_guidelines"] {
            let label = crate::common::build::ui_string(lang, key);
            assert!(
                guide.contains(&label),
                "{file} does not name `{label}` ({key})"
            );
        }
        let calendar = crate::common::build::ui_string(lang, "calendar_role");
        let calendar = calendar.trim_end_matches(" (iCalendar)");
        assert!(
            guide.contains(calendar),
            "{file} does not name `{calendar}`"
        );
    }
}
