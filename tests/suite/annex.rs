//! Annex 1 on the home page, word for word and mark for mark.
//!
//! Three comparisons, each failing on any added or dropped word or
//! punctuation mark:
//! - the whole annex section (screen) against the signed text in
//!   `tests/fixtures/signed/` (the extraction breaks the table's layout, so
//!   this one compares the words and marks as a multiset);
//! - every part and every cell, in order, against the fields of
//!   `processes.yaml` it is made from;
//! - what prints (everything in `<main>` not marked `print-hide`) against
//!   the annex section, so the register's additions never print.
//!
//! English pages show the directive's words marked `lang="et"`, and no
//! Estonian interface word or ISO date outside them.

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::build::{between, build_ok, read, shipped, unescape, Work};
use crate::common::repo_root;
use crate::common::{self, build};
use serde_json::Value;

/// Words (runs of letters and digits) and single punctuation marks. The
/// list bullet glyph of the PDF extraction (U+F0B7) is layout, not text.
fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            word.push(c);
            continue;
        }
        if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
        if !c.is_whitespace() && c != '\u{f0b7}' {
            out.push(c.to_string());
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// The text of an HTML fragment: tags (and their attributes) dropped,
/// entities decoded.
fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        out.push(' ');
        rest = rest[at..].find('>').map_or("", |end| &rest[at + end + 1..]);
    }
    out.push_str(rest);
    unescape(&out)
}

/// `html` without the elements whose start tag contains `marker`, each
/// removed with everything inside it.
fn without(html: &str, marker: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(at) = rest.find(marker) {
        let start = rest[..at].rfind('<').expect("the marker is inside a tag");
        out.push_str(&rest[..start]);
        let name: String = rest[start + 1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        rest = &rest[start..];
        rest = &rest[element_len(rest, &name)..];
    }
    out.push_str(rest);
    out
}

/// The length of the element starting at `html[0]`, named `name`,
/// counting nested elements of the same name.
fn element_len(html: &str, name: &str) -> usize {
    let (open, close) = (format!("<{name}"), format!("</{name}>"));
    let mut depth = 0usize;
    let mut at = 0;
    loop {
        let next_open = html[at..].find(&open).map(|i| i + at);
        let next_close = html[at..]
            .find(&close)
            .map(|i| i + at)
            .unwrap_or_else(|| panic!("<{name}> is never closed"));
        match next_open {
            Some(o) if o < next_close => {
                depth += 1;
                at = o + open.len();
            }
            _ => {
                depth -= 1;
                at = next_close + close.len();
                if depth == 0 {
                    return at;
                }
            }
        }
    }
}

/// Counts of each token.
fn multiset(tokens: &[String]) -> BTreeMap<&str, i64> {
    let mut out = BTreeMap::new();
    for t in tokens {
        *out.entry(t.as_str()).or_insert(0) += 1;
    }
    out
}

/// Fails with the tokens one side has more of than the other.
fn assert_same_words(page: &[String], source: &[String], what: &str) {
    let (mut p, s) = (multiset(page), multiset(source));
    for (token, n) in &s {
        *p.entry(token).or_insert(0) -= n;
    }
    let added: Vec<_> = p.iter().filter(|(_, n)| **n > 0).collect();
    let dropped: Vec<_> = p.iter().filter(|(_, n)| **n < 0).collect();
    assert!(
        added.is_empty() && dropped.is_empty(),
        "{what}: words or marks added {added:?}, dropped {dropped:?}"
    );
}

fn register() -> Value {
    let text = std::fs::read_to_string(shipped().join("processes.yaml")).expect("processes.yaml");
    serde_saphyr::from_str(&text).expect("processes.yaml parses")
}

/// The annex part of the signed text: from the approval block to the end.
fn signed_annex() -> Vec<String> {
    let path = repo_root().join("tests/fixtures/signed/directive-2025-1-1-61.txt");
    let text = std::fs::read_to_string(path).expect("the signed text");
    let from = text.find("KINNITATUD").expect("the approval block");
    tokens(&text[from..])
}

fn annex_section(html: &str) -> &str {
    let start = html
        .find("<section id=\"annex\"")
        .expect("an annex section");
    &html[start..start + element_len(&html[start..], "section")]
}

fn build_site() -> (Work, std::path::PathBuf) {
    let work = Work::new();
    let out = work.join("site");
    build_ok(&shipped(), &out, &[]);
    (work, out)
}

#[test]
fn the_annex_has_every_word_and_mark_of_the_signed_annex_and_no_other() {
    let (_work, out) = build_site();
    let index = read(&out, "index.html");
    let page = tokens(&text_of(annex_section(&index)));
    assert_same_words(
        &page,
        &signed_annex(),
        "index.html against the signed annex",
    );
}

#[test]
fn what_prints_is_the_annex_alone() {
    let (_work, out) = build_site();
    let index = read(&out, "index.html");
    let main = between(&index, "<main", "</main>");
    let printed = tokens(&text_of(&without(main, "print-hide")));
    let annex = tokens(&text_of(annex_section(&index)));
    assert_eq!(
        printed, annex,
        "the printed home page is not the annex alone"
    );
    // And the stylesheet hides the site's own parts in print.
    let css = std::fs::read_to_string(out.join("assets/style.css")).expect("style.css");
    let print = &css[css.find("@media print").expect("print styles")..];
    for part in [
        ".site-header",
        ".site-footer",
        ".print-hide",
        ".banner-version",
    ] {
        assert!(print.contains(part), "{part} is not hidden in print");
    }
}

/// The unit path of `unit` (top first), from the register's `units`.
fn unit_path(register: &Value, unit: &str) -> Vec<String> {
    let units = register["units"].as_array().expect("units");
    let mut path = Vec::new();
    let mut at = Some(unit.to_string());
    while let Some(id) = at {
        let u = units.iter().find(|u| u["id"] == id.as_str()).expect("unit");
        path.insert(0, u["name"].as_str().expect("name").to_string());
        at = u["parent"].as_str().map(str::to_string);
    }
    path
}

fn strs(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// The cells of a table row, in order (the row header first).
fn cells(row: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = &row[row.find('>').expect("the row's start tag") + 1..];
    while let Some(at) = rest.find("<t") {
        let name = if rest[at..].starts_with("<th") {
            "th"
        } else {
            "td"
        };
        let len = element_len(&rest[at..], name);
        out.push(text_of(&rest[at..at + len]));
        rest = &rest[at + len..];
    }
    out
}

#[test]
fn every_part_and_cell_of_the_annex_is_its_register_field_in_order() {
    let (_work, out) = build_site();
    let index = read(&out, "index.html");
    let section = annex_section(&index);
    let reg = register();
    let directive = &reg["directives"][0];
    let annex = &directive["annex"];
    let space_url = reg["wiki_spaces"][0]["url"].as_str().expect("url");

    // Before the table: approval block, label, intro, documentation note.
    let head = &section[..section.find("<div class=\"table-wrap\"").expect("table")];
    let expected = format!(
        "{} {} {} {} ({space_url})",
        annex["approval"].as_str().expect("approval"),
        annex["label"].as_str().expect("label"),
        annex["intro"].as_str().expect("intro"),
        annex["documentation_note"].as_str().expect("note"),
    );
    assert_eq!(
        tokens(&text_of(head)),
        tokens(&expected),
        "the annex's head"
    );

    let thead = between(section, "<thead>", "</thead>");
    assert_eq!(
        tokens(&text_of(thead)),
        tokens(&strs(&annex["columns"]).join(" ")),
        "the column headers"
    );

    let processes = reg["processes"].as_array().expect("processes");
    let rows = section.matches("<tr id=").count();
    assert_eq!(rows, processes.len(), "one row per process");
    for p in processes {
        let id = p["id"].as_str().expect("id");
        let row = between(section, &format!("<tr id=\"{id}\">"), "</tr>");
        let cells = cells(row);
        assert_eq!(cells.len(), 4, "{id}: four cells");
        assert_eq!(
            tokens(&cells[0]),
            tokens(p["name"].as_str().expect("name")),
            "{id}: name"
        );

        let goals = strs(&p["goals"]);
        let outcomes = strs(&p["outcomes"]);
        let mut goal_cell = if goals.len() > 1 {
            format!("Eesmärgid: {}", goals.join(" "))
        } else {
            format!("Eesmärk: {}", goals.join(" "))
        };
        if !outcomes.is_empty() {
            goal_cell.push_str(&format!(" Tulem: {}", outcomes.join(" ")));
        }
        assert_eq!(
            tokens(&cells[1]),
            tokens(&goal_cell),
            "{id}: goal and outcome"
        );

        let role = reg["roles"]
            .as_array()
            .expect("roles")
            .iter()
            .find(|r| r["id"] == p["owner"])
            .expect("owner role");
        let owner = format!(
            "{} - {}",
            unit_path(&reg, role["unit"].as_str().expect("unit")).join(", "),
            role["name"].as_str().expect("role name")
        );
        assert_eq!(tokens(&cells[2]), tokens(&owner), "{id}: owner");

        let doc = p["documentation"]["as_signed"].as_str().expect("as_signed");
        assert_eq!(tokens(&cells[3]), tokens(doc), "{id}: documentation");
    }
}

/// What `<tag lang="et">` elements of `html` say, all together.
fn estonian_parts(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(at) = rest.find(" lang=\"et\"") {
        let start = rest[..at].rfind('<').expect("inside a tag");
        let name: String = rest[start + 1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        let len = element_len(&rest[start..], &name);
        out.push_str(&text_of(&rest[start..start + len]));
        out.push(' ');
        rest = &rest[start + len..];
    }
    out
}

#[test]
fn the_english_annex_marks_every_word_of_the_directive_as_estonian() {
    let (_work, out) = build_site();
    let et = tokens(&text_of(annex_section(&read(&out, "index.html"))));
    let en_index = read(&out, "en/index.html");
    let en = tokens(&estonian_parts(annex_section(&en_index)));
    // The English page replaces the source's headers and its labels
    // ("Eesmärk:", "Eesmärgid:", "Tulem:") with the interface's.
    let reg = register();
    let mut expected = et.clone();
    let mut drop = tokens(&strs(&reg["directives"][0]["annex"]["columns"]).join(" "));
    for label in ["Eesmärk", "Eesmärgid", "Tulem"] {
        for _ in et.iter().filter(|t| *t == label) {
            drop.push(label.to_string());
            drop.push(":".to_string());
        }
    }
    for token in drop {
        let at = expected.iter().position(|t| *t == token).expect("token");
        expected.remove(at);
    }
    assert_same_words(
        &en,
        &expected,
        "en/index.html's lang=\"et\" parts against the annex",
    );
    assert!(
        en_index.contains(&build::ui_string("en", "unofficial_translation")),
        "English names are not marked as unofficial translations"
    );
}

/// Every English page, with the parts marked `lang="et"` taken out.
fn english_pages(out: &Path) -> Vec<(String, String)> {
    let mut pages = Vec::new();
    for entry in walk(&out.join("en")) {
        let rel = entry
            .strip_prefix(out)
            .expect("under out")
            .to_string_lossy()
            .to_string();
        if rel.ends_with(".html") {
            let html = std::fs::read_to_string(&entry).expect("read");
            let body = between(&html, "<body", "</body>").to_string();
            pages.push((rel, text_of(&without(&body, " lang=\"et\""))));
        }
    }
    pages
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read_dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

#[test]
fn english_pages_have_english_interface_words_and_dates() {
    let (_work, out) = build_site();
    let ui = std::fs::read_to_string(repo_root().join("themes/default/i18n/ui.yaml")).expect("ui");
    let ui: BTreeMap<String, BTreeMap<String, String>> = serde_saphyr::from_str(&ui).expect("ui");
    // Estonian interface strings of some length that English does not share.
    let estonian: Vec<&String> = ui["et"]
        .iter()
        .filter(|(key, value)| {
            value.chars().count() > 6 && ui["en"].get(*key) != Some(value) && !value.contains('{')
        })
        .map(|(_, value)| value)
        .collect();
    // And the register's Estonian data: names of processes, roles, units.
    let reg = register();
    let mut data: Vec<String> = Vec::new();
    for list in ["processes", "roles", "units"] {
        for item in reg[list].as_array().expect("list") {
            data.push(item["name"].as_str().expect("name").to_string());
        }
    }
    let pages = english_pages(&out);
    assert!(pages.len() > 10, "the English pages were not found");
    // The search script quotes the query as the page's language does.
    let search = read(&out, "en/search.html");
    assert!(
        search.contains("data-quote-open=\"“\" data-quote-close=\"”\""),
        "English search quotes"
    );
    for (rel, text) in &pages {
        for word in &estonian {
            assert!(
                !text.contains(word.as_str()),
                "{rel}: Estonian interface string `{word}`"
            );
        }
        for name in &data {
            assert!(
                !text.contains(name.as_str()),
                "{rel}: `{name}` is not marked lang=\"et\""
            );
        }
        assert!(
            !text.contains('„'),
            "{rel}: an Estonian opening quote outside lang=\"et\""
        );
        for word in ["käskkiri", "Kehtetu", "seisuga"] {
            assert!(
                !text.contains(word),
                "{rel}: Estonian word `{word}` outside lang=\"et\""
            );
        }
        let iso = text.as_bytes().windows(10).any(|w| {
            w.iter().enumerate().all(|(i, b)| match i {
                4 | 7 => *b == b'-',
                _ => b.is_ascii_digit(),
            })
        });
        assert!(!iso, "{rel}: an ISO date in the text");
        let estonian_date = text.as_bytes().windows(10).any(|w| {
            w.iter().enumerate().all(|(i, b)| match i {
                2 | 5 => *b == b'.',
                _ => b.is_ascii_digit(),
            })
        });
        assert!(
            !estonian_date,
            "{rel}: an Estonian date outside lang=\"et\""
        );
    }
}

// ---------------------------------------------------------------------------
// Reviews as they happened.

/// The minimal fixture with `reviews` (YAML lines under the process) in
/// place of its `reviewed_on`, and `guidelines_reviewed` in its guidelines
/// page; returns the built site.
fn site_with_reviews(work: &Work, reviews: &str, guidelines_reviewed: &str) -> std::path::PathBuf {
    let root = build::copy_site(&common::fixture("minimal"), work, "src");
    let yaml = std::fs::read_to_string(root.join("processes.yaml")).expect("yaml");
    let yaml = yaml
        .replace(
            "roles:\n",
            "roles:\n  - id: deputy\n    name: Deputy lead\n    unit: dept\n",
        )
        .replace("    reviewed_on: 2026-01-10\n", reviews);
    std::fs::write(root.join("processes.yaml"), yaml).expect("write yaml");
    let page = root.join("content/processes/alpha.md");
    let text = std::fs::read_to_string(&page).expect("page");
    std::fs::write(
        &page,
        text.replace("reviewed_on: 2026-03-01", guidelines_reviewed),
    )
    .expect("write page");
    let out = work.join("site");
    build_ok(&root, &out, &[]);
    out
}

fn alpha_json(out: &Path) -> Value {
    let json: Value = serde_json::from_str(&read(out, "api/register.json")).expect("JSON");
    json["processes"][0].clone()
}

#[test]
fn a_maintainers_check_is_shown_as_such_and_is_no_owner_review() {
    let work = Work::new();
    let out = site_with_reviews(
        &work,
        "    reviews:\n      - date: 2026-01-10\n        by: maintainers\n",
        "",
    );
    let p = alpha_json(&out);
    assert_eq!(p["reviews"][0]["reviewer"], "maintainers");
    assert_eq!(
        p["review"]["counted_from"],
        serde_json::json!({"date": "2026-01-10", "by": "maintainers"})
    );
    assert_eq!(p["review"]["due"], "2027-01-10");
    let page = read(&out, "processes/alpha.html");
    assert!(
        page.contains(&build::ui_string("et", "no_owner_review")),
        "no 'no owner review' line"
    );
    assert!(page.contains(&build::ui_string("et", "review_maintainers_entry")));
    assert!(page.contains(&build::ui_string("et", "due_from_check")));
    assert!(
        !page.contains(&build::ui_string("et", "review_owner_entry")),
        "an owner review is claimed"
    );
}

#[test]
fn only_the_owners_review_moves_the_deadline_and_each_record_says_who() {
    let work = Work::new();
    let out = site_with_reviews(
        &work,
        "    reviews:\n      - date: 2026-01-10\n        by: maintainers\n      - date: 2026-03-01\n        by: lead\n        of: entry\n      - date: 2026-06-01\n        by: deputy\n",
        "",
    );
    let p = alpha_json(&out);
    assert_eq!(
        p["review"]["counted_from"],
        serde_json::json!({"date": "2026-03-01", "by": "owner"})
    );
    assert_eq!(p["review"]["due"], "2027-03-01");
    let reviewers: Vec<&str> = p["reviews"]
        .as_array()
        .expect("reviews")
        .iter()
        .map(|r| r["reviewer"].as_str().expect("reviewer"))
        .collect();
    assert_eq!(reviewers, ["maintainers", "owner", "other_role"]);
    let page = read(&out, "processes/alpha.html");
    let records = between(&page, "<ul class=\"review-records\">", "</ul>");
    assert_eq!(records.matches("<li>").count(), 3, "{records}");
    assert!(
        records.contains("Deputy lead")
            && records.contains(&build::ui_string("et", "reviewer_other"))
    );
    assert!(
        records.contains("01.03.2026")
            && records.contains(&build::ui_string("et", "review_owner_entry"))
    );
    assert!(!page.contains(&build::ui_string("et", "no_owner_review")));
}

#[test]
fn the_process_and_its_guidelines_have_one_state_the_earlier_deadline() {
    let work = Work::new();
    // The entry was reviewed on 2026-03-01 (due 2027-03-01), the guidelines
    // on 2025-12-01 (due 2026-12-01, within 30 days of TODAY).
    let out = site_with_reviews(
        &work,
        "    reviewed_on: 2026-03-01\n",
        "reviewed_on: 2025-12-01",
    );
    let page = read(&out, "processes/alpha.html");
    assert!(
        page.contains("01.12.2026"),
        "the guidelines' deadline is not the one shown"
    );
    assert!(page.contains(&build::ui_string("et", "due_of_guidelines")));
    assert!(page.contains(&build::ui_string("et", "review_owner_guidelines")));
    let index = read(&out, "index.html");
    let notes = between(
        &index,
        "<section class=\"register-notes print-hide\"",
        "</section>",
    );
    assert!(
        notes.contains("state-due_soon"),
        "the home page's state is not the combined one:\n{notes}"
    );
    assert_eq!(notes.matches("badge").count(), 1, "one state per process");
}

#[test]
fn estonian_pages_write_dates_the_estonian_way() {
    let (_work, out) = build_site();
    let mut pages = 0;
    for path in walk(&out) {
        let rel = path
            .strip_prefix(&out)
            .expect("under out")
            .to_string_lossy()
            .to_string();
        if !rel.ends_with(".html") || rel.starts_with("en/") || rel.starts_with("v/") {
            continue;
        }
        pages += 1;
        let html = std::fs::read_to_string(&path).expect("read");
        let text = text_of(between(&html, "<body", "</body>"));
        let iso = text.as_bytes().windows(10).any(|w| {
            w.iter().enumerate().all(|(i, b)| match i {
                4 | 7 => *b == b'-',
                _ => b.is_ascii_digit(),
            })
        });
        assert!(!iso, "{rel}: an ISO date in the text");
    }
    assert!(pages > 10, "the Estonian pages were not found");
}

#[test]
fn due_claims_no_owner_review_for_the_shipped_register() {
    let root = shipped();
    let root = root.to_str().expect("UTF-8 path");
    let run = common::procbook(&["due", "--root", root, "--today", build::TODAY]);
    run.assert_code(0);
    let rows: Vec<&str> = run.stdout.lines().filter(|l| l.contains("(`")).collect();
    assert_eq!(rows.len(), 8, "{}", run.stdout);
    for row in rows {
        assert!(
            row.contains("maintainers' check; no owner review recorded"),
            "{row}"
        );
    }
    let run = common::procbook(&[
        "due",
        "--root",
        root,
        "--today",
        build::TODAY,
        "--format",
        "json",
    ]);
    let json: Value = serde_json::from_str(&run.stdout).expect("JSON");
    for item in json["reviews"].as_array().expect("reviews") {
        assert_eq!(item["counted_from_by"], "maintainers", "{item}");
    }
}
