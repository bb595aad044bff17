//! `processes.xlsx`, read back with calamine (an independent reader) and
//! compared with `api/register.json`; `processes.csv` with its byte order
//! mark.

use std::path::Path;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use serde_json::Value;

use crate::common::build::{build_ok, copy_site, read, read_tree, shipped, Work};
use crate::common::VALID_REGISTER;

/// The sheet as rows of text cells (an empty cell is "").
fn sheet(out: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(out.join("processes.xlsx")).expect("processes.xlsx was written");
    let mut book: Xlsx<_> =
        open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("calamine opens the workbook");
    assert_eq!(book.sheet_names(), ["processes"]);
    let range = book
        .worksheet_range("processes")
        .expect("the sheet can be read");
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::String(s) => s.clone(),
                    Data::Empty => String::new(),
                    other => panic!("a cell is not text: {other:?}"),
                })
                .collect()
        })
        .collect()
}

/// What the row of `process` should hold, taken from `api/register.json`.
fn expected_row(json: &Value, process: &Value) -> Vec<String> {
    let text = |v: &Value| v.as_str().unwrap_or("").to_string();
    let lines = |v: &Value| {
        v.as_array()
            .expect("a list")
            .iter()
            .map(|x| x.as_str().expect("text").to_string())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let role = json["roles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == process["owner"]);
    let unit_name = |id: &Value| {
        json["units"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| &u["id"] == id)
            .map(|u| text(&u["name"]))
            .unwrap_or_default()
    };
    let unit_path = role
        .map(|r| {
            r["unit_path"]
                .as_array()
                .unwrap()
                .iter()
                .map(unit_name)
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default();
    let doc = &process["documentation"];
    let space = json["wiki_spaces"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == doc["space"]);
    vec![
        text(&process["id"]),
        text(&process["name"]),
        lines(&process["goals"]),
        lines(&process["outcomes"]),
        text(&process["owner"]),
        role.map(|r| text(&r["name"])).unwrap_or_default(),
        unit_path,
        space.map(|s| text(&s["name"])).unwrap_or_default(),
        text(&doc["page"]),
        text(&doc["url"]),
        // The owner's last review; a maintainers' check is only where the
        // deadline counts from.
        process["reviews"]
            .as_array()
            .into_iter()
            .flatten()
            .rev()
            .find(|r| r["reviewer"] == "owner")
            .map(|r| text(&r["date"]))
            .unwrap_or_default(),
        text(&process["review"]["counted_from"]["date"]),
        text(&process["review"]["counted_from"]["by"]),
        text(&process["review"]["due"]),
        text(&process["review"]["state"]),
    ]
}

fn assert_sheet_matches_register(out: &Path) {
    let rows = sheet(out);
    let json: Value =
        serde_json::from_str(&read(out, "api/register.json")).expect("register.json parses");
    let processes = json["processes"].as_array().expect("processes");
    assert_eq!(
        rows.len(),
        processes.len() + 1,
        "a header and a row per process"
    );
    let csv_text = read(out, "processes.csv");
    let csv = crate::common::build::parse_csv(csv_text.trim_start_matches('\u{feff}'));
    assert_eq!(rows[0], csv[0], "the sheet's header is the CSV's");
    for (row, process) in rows[1..].iter().zip(processes) {
        let mut row = row.clone();
        row.resize(rows[0].len(), String::new());
        assert_eq!(row, expected_row(&json, process));
    }
}

#[test]
fn shipped_register_as_a_workbook_matches_register_json() {
    let work = Work::new();
    let out = work.join("site");
    build_ok(&shipped(), &out, &["--no-history"]);
    assert_sheet_matches_register(&out);
    let rows = sheet(&out);
    assert!(
        rows.iter()
            .flatten()
            .any(|c| c.contains('õ') || c.contains('ä')),
        "Estonian letters survive"
    );
    let csv = std::fs::read(out.join("processes.csv")).unwrap();
    assert!(
        csv.starts_with(b"\xef\xbb\xbfid,name,"),
        "the CSV starts with a BOM"
    );
}

#[test]
fn a_formula_like_goal_stays_text_in_the_workbook() {
    let work = Work::new();
    let root = work.join("root");
    std::fs::create_dir_all(&root).unwrap();
    let register = VALID_REGISTER
        .replace(
            "Do alpha things.",
            "\"=HYPERLINK(\\\"http://x\\\",\\\"y\\\")\"",
        )
        .replace("Alpha done.", "Öö ja päev, \"jutumärgid\" ja <märgid>");
    std::fs::write(root.join("processes.yaml"), register).unwrap();
    let out = work.join("site");
    build_ok(&root, &out, &["--no-history"]);
    assert_sheet_matches_register(&out);
    let rows = sheet(&out);
    assert_eq!(
        rows[1][2], "=HYPERLINK(\"http://x\",\"y\")",
        "kept as text, not run"
    );
}

#[test]
fn the_workbook_is_the_same_bytes_on_every_build() {
    let work = Work::new();
    let root = copy_site(&shipped(), &work, "root");
    let (a, b) = (work.join("a"), work.join("b"));
    build_ok(&root, &a, &["--no-history"]);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    build_ok(&root, &b, &["--no-history"]);
    let (a, b) = (read_tree(&a), read_tree(&b));
    assert_eq!(a.get("processes.xlsx"), b.get("processes.xlsx"));
}
