//! `procbook build`: what the published site holds. The shipped SMIT
//! register (annex 1 of directive 1-1/61) page by page, its links, the
//! JSON and CSV exports, determinism, Estonian ordering, Markdown
//! features, theme overrides and `--base-url`. Every build runs the real
//! binary with `--today 2026-11-25` into a temporary folder.
//!
//! The refusals and the sanitising are in `tests/suite/build_safety.rs`.

use std::path::Path;

use crate::common::build::{
    assert_same_tree, between, build_ok, check_links, copy_site, has_id, main_of, parse_csv, read,
    read_tree, shipped, ui_string, Work, TODAY,
};
use crate::common::fixture;
use crate::common::{self, build, schema};
use serde_json::Value;

/// One row of annex 1, as the shipped register has it.
struct Row {
    id: &'static str,
    name: &'static str,
    name_en: &'static str,
    role_id: &'static str,
    role: &'static str,
    unit_path: &'static str,
    /// The wiki space's name and the page in it, if the annex names one.
    space: &'static str,
    page: Option<&'static str>,
}

const PORTFOLIO: &str = "teenuste-portfellijuht";
const SPACE: &str = "Põhiprotsess";
const SPACE_URL: &str = "https://wiki.smit.sise/spaces/PHIP/pages/54826841/P%C3%B5hiprotsess";

/// The eight processes of annex 1, in its order.
const ROWS: [Row; 8] = [
    Row {
        id: "teenuste-portfelli-ja-kataloogi-juhtimine",
        name: "Teenuste portfelli ja kataloogi juhtimine",
        name_en: "Service portfolio and catalogue management",
        role_id: PORTFOLIO,
        role: "teenuste portfellijuht",
        unit_path: "Strateegiaosakond",
        space: SPACE,
        page: Some("Teenuste portfelli ja kataloogi juhtimine"),
    },
    Row {
        id: "teenustasemete-haldus",
        name: "Teenustasemete haldus",
        name_en: "Service level management",
        role_id: PORTFOLIO,
        role: "teenuste portfellijuht",
        unit_path: "Strateegiaosakond",
        space: SPACE,
        page: Some("Teenustasemete haldus"),
    },
    Row {
        id: "poordumiste-haldus",
        name: "Pöördumiste haldus",
        name_en: "Request management",
        role_id: "klienditoe-grupijuht",
        role: "klienditoe grupijuht",
        unit_path: "Baasteenuste valdkond, teeninduse osakond, klienditoegrupp",
        space: SPACE,
        page: Some("Pöördumiste halduse protsess"),
    },
    Row {
        id: "seire-ja-sundmusehaldus",
        name: "Seire- ja sündmusehaldus",
        name_en: "Monitoring and event management",
        role_id: "peadirektori-asetaitja-baasteenuste-valdkonnas",
        role: "peadirektori asetäitja baasteenuste valdkonnas",
        unit_path: "Baasteenuste valdkond",
        space: SPACE,
        page: Some("Seire- ja sündmusehaldus"),
    },
    Row {
        id: "intsidendihaldus",
        name: "Intsidendihaldus",
        name_en: "Incident management",
        role_id: "intsidendihalduse-protsessijuht",
        role: "intsidendihalduse protsessijuht",
        unit_path: "Strateegiaosakond",
        space: SPACE,
        page: Some("Intsidendihalduse protsess"),
    },
    Row {
        id: "muudatusehaldus",
        name: "Muudatusehaldus",
        name_en: "Change management",
        role_id: "muudatusehalduse-protsessijuht",
        role: "muudatusehalduse protsessijuht",
        unit_path: "Strateegiaosakond",
        space: SPACE,
        page: Some("Muudatusehalduse protsess"),
    },
    Row {
        id: "probleemihaldus",
        name: "Probleemihaldus",
        name_en: "Problem management",
        role_id: "probleemihalduse-protsessijuht",
        role: "probleemihalduse protsessijuht",
        unit_path: "Strateegiaosakond",
        space: SPACE,
        page: Some("Probleemihalduse protsess"),
    },
    Row {
        id: "ikt-arendusprotsess",
        name: "IKT arendusprotsess",
        name_en: "ICT development process",
        role_id: "peadirektori-asetaitja-ariteenuste-valdkonnas",
        role: "peadirektori asetäitja äriteenuste valdkonnas",
        unit_path: "Äriteenuste valdkond",
        space: "IKT arendustööde korraldus",
        page: None,
    },
];

const MISSING_OUTCOME: &str = "seire-ja-sundmusehaldus";

/// Builds the shipped register (`--root` = the repository) into a fresh
/// temporary folder; returns the folder and the run.
fn build_shipped(extra: &[&str]) -> (Work, common::Run) {
    let work = Work::new();
    let run = build_ok(&shipped(), &work.join("site"), extra);
    (work, run)
}

fn site(work: &Work) -> std::path::PathBuf {
    work.join("site")
}

/// The `<li class="card">` of role `id` on an owners page.
fn role_card<'a>(owners: &'a str, id: &str) -> &'a str {
    between(
        owners,
        &format!("<li class=\"card\" id=\"{id}\">"),
        "</li>\n",
    )
}

/// The register as written in `processes.yaml`, as JSON values.
fn register_yaml(root: &Path) -> Value {
    let text = std::fs::read_to_string(root.join("processes.yaml")).expect("read processes.yaml");
    serde_saphyr::from_str(&text).expect("processes.yaml parses")
}

// ---------------------------------------------------------------------------
// 1. The shipped register, page by page.

#[test]
fn shipped_build_succeeds_and_reports_the_missing_outcome() {
    let (work, run) = build_shipped(&[]);
    assert!(
        run.stderr.contains("warning") && run.stderr.contains("completeness/missing-outcome"),
        "the build should print the missing-outcome warning on stderr:\n{}",
        run.stderr
    );
    assert!(run.stderr.contains(MISSING_OUTCOME), "{}", run.stderr);
    assert!(
        !run.stderr.contains("error["),
        "the shipped register has no errors:\n{}",
        run.stderr
    );
    for file in [
        "index.html",
        "owners.html",
        "directives/index.html",
        "404.html",
        "search.html",
        "assets/style.css",
        "assets/search.js",
        "assets/search-index.js",
        "api/register.json",
        "processes.csv",
        "en/index.html",
        "en/owners.html",
        "en/404.html",
        "en/search.html",
        "en/directives/index.html",
    ] {
        assert!(site(&work).join(file).is_file(), "{file} was not written");
    }
}

#[test]
fn index_is_annex_1_in_estonian() {
    let (work, _) = build_shipped(&[]);
    let index = read(&site(&work), "index.html");
    assert!(
        index.contains("<html lang=\"et\">"),
        "index.html is not lang=\"et\""
    );
    assert!(
        index.contains(
            "Asutuseüleste protsesside eesmärk on tagada kvaliteetne IKT teenuse pakkumine."
        ),
        "index.html lacks the annex's opening sentence"
    );
    assert!(index.contains(&ui_string("et", "annex_heading")));
    // The eight rows, in the annex's order, each linking to its page.
    let mut last = 0;
    for row in &ROWS {
        let link = format!("<a href=\"processes/{}.html\">{}</a>", row.id, row.name);
        let at = index
            .find(&link)
            .unwrap_or_else(|| panic!("index.html has no row for {}", row.name));
        assert!(at > last, "{} is out of the annex's order", row.name);
        last = at;
    }
    // The row of process 4 shows no outcome: the annex has none. The
    // register's notice that it is missing sits beside the annex.
    let row = between(&index, &format!("<tr id=\"{MISSING_OUTCOME}\">"), "</tr>");
    assert!(!row.contains(&ui_string("et", "outcome_missing")), "{row}");
    assert!(!row.contains(&ui_string("et", "outcome")), "{row}");
    let notes = between(
        &index,
        "<section class=\"register-notes print-hide\"",
        "</section>",
    );
    assert!(
        notes.contains(&ui_string("et", "outcome_missing")),
        "{notes}"
    );
    // The edition in force is named.
    assert!(
        index.contains("nr 1-1/61"),
        "index.html does not name the directive in force"
    );
}

#[test]
fn every_process_page_names_its_owner_and_documentation() {
    let (work, _) = build_shipped(&[]);
    for row in &ROWS {
        let rel = format!("processes/{}.html", row.id);
        let page = read(&site(&work), &rel);
        let main = main_of(&page);
        assert!(
            main.contains(&format!("<h1>{}</h1>", row.name)),
            "{rel}: no heading with the name"
        );
        assert!(
            main.contains(&format!(
                "<a href=\"../owners.html#{}\">{}</a>",
                row.role_id, row.role
            )),
            "{rel}: the owner `{}` is not linked",
            row.role
        );
        assert!(
            main.contains(row.unit_path),
            "{rel}: the owner's unit `{}` is missing",
            row.unit_path
        );
        assert!(
            main.contains(row.space),
            "{rel}: the wiki space `{}` is missing",
            row.space
        );
        match row.page {
            Some(wiki_page) => {
                assert!(
                    main.contains(&format!("alamleht {wiki_page}")),
                    "{rel}: the wiki page `{wiki_page}` is missing"
                );
                assert!(
                    main.contains(&format!("href=\"{SPACE_URL}\"")),
                    "{rel}: no link to the wiki space"
                );
            }
            None => {
                // The directive names the space but not its address: no link,
                // and the page says the address is unknown.
                assert!(
                    main.contains(&ui_string("et", "no_url")),
                    "{rel}: the unknown address is not shown"
                );
                assert!(
                    !main.contains("href=\"https://wiki"),
                    "{rel}: links an address the source lacks"
                );
            }
        }
        assert!(page.contains("<html lang=\"et\">"));
    }
}

#[test]
fn the_process_without_an_outcome_shows_the_notice_and_no_invented_outcome() {
    let (work, _) = build_shipped(&[]);
    let outcome_label = format!("<strong>{}:</strong>", ui_string("et", "outcome"));
    let page = read(&site(&work), &format!("processes/{MISSING_OUTCOME}.html"));
    let goals = between(&page, "<section aria-labelledby=\"goals-h\">", "</section>");
    let notice = format!(
        "<p class=\"notice\">{outcome_label} {}</p>",
        ui_string("et", "outcome_missing")
    );
    assert!(
        goals.contains(&notice),
        "no missing-outcome notice:\n{goals}"
    );
    assert_eq!(
        goals.matches(&outcome_label).count(),
        1,
        "an outcome besides the notice:\n{goals}"
    );
    assert!(
        goals.contains("Teenuste ja teenuse komponentide süstemaatiline jälgimine"),
        "the goal is missing"
    );
    // No other process's outcome leaked in.
    let register = register_yaml(&shipped());
    for process in register["processes"].as_array().expect("processes") {
        for outcome in process["outcomes"].as_array().expect("outcomes") {
            let outcome = outcome.as_str().expect("text");
            assert!(
                !page.contains(outcome),
                "the page shows an outcome of {}: {outcome}",
                process["id"]
            );
        }
    }
    // The English page says the same in English.
    let en = read(
        &site(&work),
        &format!("en/processes/{MISSING_OUTCOME}.html"),
    );
    assert!(
        en.contains(&ui_string("en", "outcome_missing")),
        "en page lacks the English notice"
    );
    // And the export has no outcome either.
    let json: Value = serde_json::from_str(&read(&site(&work), "api/register.json")).expect("JSON");
    let p = json["processes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == MISSING_OUTCOME)
        .unwrap();
    assert_eq!(p["outcomes"], serde_json::json!([]));
}

#[test]
fn directive_pages_show_the_repealed_edition_and_the_operative_points() {
    let (work, _) = build_shipped(&[]);
    let old = read(&site(&work), "directives/kaskkiri-1-1-118.html");
    let banner = between(
        &old,
        "<div class=\"banner banner-repealed\"",
        "</div></div>",
    );
    assert!(
        banner.contains("1-1/61"),
        "the banner does not name 1-1/61:\n{banner}"
    );
    assert!(
        banner.contains("05.05.2025"),
        "the banner does not give 05.05.2025:\n{banner}"
    );
    assert!(
        banner.contains("href=\"../directives/kaskkiri-1-1-61.html\""),
        "the banner does not link 1-1/61"
    );
    assert!(
        main_of(&old).contains(&ui_string("et", "text_unavailable")),
        "no notice that the text is unknown"
    );

    let new = read(&site(&work), "directives/kaskkiri-1-1-61.html");
    assert!(
        !new.contains("banner-repealed"),
        "the edition in force has a repealed banner"
    );
    // The points are shown once: from the text of the directive where the
    // register has it, from the register's list otherwise.
    let main = main_of(&new)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for point in [
        "Määran asutuseüleste protsesside eesmärgid ja omanikud (lisatud).",
        "Kohustan protsessi omanikke hoidma ajakohasena protsesse ja nende juurde kuuluvaid juhiseid.",
        "Tunnistan kehtetuks peadirektori 17. detsembri 2020 käskkirja nr 1-1/118",
    ] {
        assert_eq!(main.matches(point).count(), 1, "operative point not shown once: {point}");
    }
    assert!(new.contains("Mart Nielsen"), "the signatory is missing");

    let list = read(&site(&work), "directives/index.html");
    assert!(list.contains("kaskkiri-1-1-61.html") && list.contains("kaskkiri-1-1-118.html"));
}

#[test]
fn owners_page_lists_every_role_with_unit_path_and_processes() {
    let (work, _) = build_shipped(&[]);
    let owners = read(&site(&work), "owners.html");
    let mut roles: Vec<&str> = ROWS.iter().map(|r| r.role_id).collect();
    roles.dedup();
    assert_eq!(roles.len(), 7, "the annex has seven owner roles");
    assert_eq!(
        owners.matches("<li class=\"card\"").count(),
        7,
        "owners.html does not list seven roles"
    );
    for row in &ROWS {
        let card = role_card(&owners, row.role_id);
        assert!(
            card.contains(&format!("<h2>{}</h2>", row.role)),
            "card {}: no name",
            row.role_id
        );
        assert!(
            card.contains(&format!("<p class=\"muted\">{}</p>", row.unit_path)),
            "card {}: no unit path `{}`:\n{card}",
            row.role_id,
            row.unit_path
        );
        assert!(
            card.contains(&format!(
                "<a href=\"processes/{}.html\">{}</a>",
                row.id, row.name
            )),
            "card {} does not list {}",
            row.role_id,
            row.name
        );
    }
    let portfolio = role_card(&owners, PORTFOLIO);
    assert_eq!(
        portfolio.matches("<a href=\"processes/").count(),
        2,
        "teenuste portfellijuht owns two:\n{portfolio}"
    );
    for role in roles.iter().filter(|r| **r != PORTFOLIO) {
        assert_eq!(
            role_card(&owners, role)
                .matches("<a href=\"processes/")
                .count(),
            1,
            "{role} owns one"
        );
    }
    // The unit tree nests the customer support group under its department
    // under its domain.
    let tree = between(&owners, "<ul class=\"tree\">", "</main>");
    let domain = tree
        .find("id=\"unit-baasteenuste-valdkond\"")
        .expect("domain in the tree");
    let department = tree
        .find("id=\"unit-teeninduse-osakond\"")
        .expect("department in the tree");
    let group = tree
        .find("id=\"unit-klienditoegrupp\"")
        .expect("group in the tree");
    assert!(
        domain < department && department < group,
        "the unit tree is not nested"
    );
}

#[test]
fn english_pages_have_english_labels() {
    let (work, _) = build_shipped(&[]);
    let index = read(&site(&work), "en/index.html");
    assert!(
        index.contains("<html lang=\"en\">"),
        "en/index.html is not lang=\"en\""
    );
    for key in [
        "annex_heading",
        "col_process",
        "col_goal_outcome",
        "col_owner",
        "col_documentation",
        "nav_owners",
    ] {
        let label = ui_string("en", key);
        assert!(
            index.contains(&label),
            "en/index.html lacks the English label {key} = {label}"
        );
    }
    assert!(
        !index.contains(&ui_string("et", "annex_heading")),
        "en/index.html has the Estonian heading"
    );
    for row in &ROWS {
        assert!(
            index.contains(row.name_en),
            "en/index.html lacks {}",
            row.name_en
        );
        assert!(index.contains(&format!("processes/{}.html\"", row.id)));
    }
    // The switch links to the same page in the other language.
    assert!(
        index.contains("href=\"../index.html\" hreflang=\"et\""),
        "no link back to the Estonian page"
    );
    let process = read(&site(&work), "en/processes/intsidendihaldus.html");
    assert!(process.contains("<html lang=\"en\">"));
    assert!(process.contains("Incident management"));
    assert!(process.contains(&format!("<dt>{}</dt>", ui_string("en", "owner"))));
    let owners = read(&site(&work), "en/owners.html");
    assert!(owners.contains(&ui_string("en", "owners_heading")));
    let old = read(&site(&work), "en/directives/kaskkiri-1-1-118.html");
    assert!(
        old.contains("This directive was repealed on 5 May 2025"),
        "English banner missing"
    );
}

#[test]
fn every_link_is_relative_and_resolves_in_the_output() {
    let (work, _) = build_shipped(&[]);
    let report = check_links(&site(&work));
    // At least 2 languages × (index, 8 processes, owners, directives
    // index, 2 directives, search, 404).
    assert!(report.pages >= 2 * 15, "{report:?}");
    assert!(
        report.internal > 30 * 10,
        "suspiciously few links were followed: {report:?}"
    );
    assert!(
        report.external > 0,
        "the wiki links were not seen: {report:?}"
    );
    // The same with a base URL: it adds canonical links but pages still link
    // to each other relatively.
    let work = Work::new();
    build_ok(
        &shipped(),
        &work.join("site"),
        &["--base-url", "https://example.org/procbook"],
    );
    check_links(&work.join("site"));
}

// ---------------------------------------------------------------------------
// 2. Exports.

#[test]
fn register_json_matches_the_register() {
    let (work, _) = build_shipped(&[]);
    let json: Value = serde_json::from_str(&read(&site(&work), "api/register.json"))
        .expect("register.json parses");
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(common::repo_root().join("schema/register.schema.json")).unwrap(),
    )
    .unwrap();
    let broken = schema::violations(&schema, &json);
    assert!(
        broken.is_empty(),
        "register.json against its schema: {broken:#?}"
    );
    let yaml = register_yaml(&shipped());
    assert_eq!(json["format"], "procbook-register/1");
    assert_eq!(json["as_of"], TODAY);
    assert_eq!(json["organisation"]["name"], yaml["organisation"]["name"]);
    assert_eq!(json["organisation"]["short_name"], "SMIT");

    // Processes: the eight ids in the annex's order, with owners,
    // documentation and review state.
    let processes = json["processes"].as_array().expect("processes is a list");
    let ids: Vec<&str> = processes
        .iter()
        .map(|p| p["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, ROWS.iter().map(|r| r.id).collect::<Vec<_>>());
    for (p, row) in processes.iter().zip(&ROWS) {
        assert_eq!(p["name"], row.name);
        assert_eq!(p["name_en"], row.name_en);
        assert_eq!(p["owner"], row.role_id, "{}", row.id);
        assert_eq!(p["url"], format!("processes/{}.html", row.id));
        let doc = &p["documentation"];
        // The annex's cell word for word, as processes.yaml keeps it.
        let yaml = register_yaml(&shipped());
        let yaml_doc = &yaml["processes"]
            .as_array()
            .expect("processes")
            .iter()
            .find(|y| y["id"] == row.id)
            .expect("the process in the YAML")["documentation"];
        assert_eq!(doc["as_signed"], yaml_doc["as_signed"], "{}", row.id);
        assert!(doc["as_signed"].is_string(), "{}", row.id);
        match row.page {
            Some(page) => {
                assert_eq!(doc["space"], "pohiprotsess", "{}", row.id);
                assert_eq!(doc["page"], page, "{}", row.id);
                assert_eq!(doc["url"], SPACE_URL, "{}", row.id);
            }
            None => {
                assert_eq!(doc["space"], "ikt-arendustoode-korraldus");
                assert_eq!(doc["page"], Value::Null);
                assert_eq!(
                    doc["url"],
                    Value::Null,
                    "an address the source lacks was invented"
                );
            }
        }
        assert_eq!(p["review_interval_months"], 12);
        assert_eq!(
            p["review"],
            serde_json::json!({"counted_from": {"date": "2026-11-25", "by": "maintainers"}, "due": "2027-11-25", "state": "current", "as_of": TODAY}),
            "{}",
            row.id
        );
        // The shipped register claims no owner review: the one record is
        // the maintainers' check of the entry against the directive.
        assert_eq!(
            p["reviews"],
            serde_json::json!([{"date": "2026-11-25", "by": "maintainers", "reviewer": "maintainers", "of": "entry", "note": null}]),
            "{}",
            row.id
        );
    }
    // Goals and outcomes exactly as in processes.yaml.
    for (p, source) in processes
        .iter()
        .zip(yaml["processes"].as_array().expect("yaml processes"))
    {
        assert_eq!(p["id"], source["id"]);
        assert_eq!(p["goals"], source["goals"], "goals of {}", p["id"]);
        assert_eq!(p["outcomes"], source["outcomes"], "outcomes of {}", p["id"]);
    }
    let muudatus = &processes[5];
    assert_eq!(muudatus["goals"].as_array().unwrap().len(), 4);

    // Directives: one in force, one repealed by it.
    let directives = json["directives"].as_array().expect("directives is a list");
    assert_eq!(directives.len(), 2);
    let new = directives
        .iter()
        .find(|d| d["id"] == "kaskkiri-1-1-61")
        .expect("1-1/61");
    let old = directives
        .iter()
        .find(|d| d["id"] == "kaskkiri-1-1-118")
        .expect("1-1/118");
    assert_eq!(new["status"], "in_force");
    assert_eq!(new["repealed_by"], Value::Null);
    assert_eq!(new["number"], "1-1/61");
    assert_eq!(new["date"], "2025-05-05");
    assert_eq!(new["points"].as_array().unwrap().len(), 3);
    assert_eq!(
        new["annex"]["intro"],
        "Asutuseüleste protsesside eesmärk on tagada kvaliteetne IKT teenuse pakkumine."
    );
    assert_eq!(new["signatory"]["name"], "Mart Nielsen");
    assert_eq!(old["status"], "repealed");
    assert_eq!(old["repealed_by"], "kaskkiri-1-1-61");
    assert_eq!(old["repealed_on"], "2025-05-05");
    assert_eq!(old["date"], "2020-12-17");
    assert_eq!(old["url"], "directives/kaskkiri-1-1-118.html");

    // Units with their parents, as in processes.yaml.
    let units = json["units"].as_array().expect("units is a list");
    let yaml_units = yaml["units"].as_array().expect("yaml units");
    assert_eq!(units.len(), yaml_units.len());
    for (u, source) in units.iter().zip(yaml_units) {
        assert_eq!(u["id"], source["id"]);
        assert_eq!(u["name"], source["name"]);
        assert_eq!(u["kind"], source["kind"]);
        let parent = if source["parent"].is_null() {
            Value::Null
        } else {
            source["parent"].clone()
        };
        assert_eq!(u["parent"], parent, "parent of {}", u["id"]);
    }
    let group = units
        .iter()
        .find(|u| u["id"] == "klienditoegrupp")
        .expect("klienditoegrupp");
    assert_eq!(group["parent"], "teeninduse-osakond");

    // Roles with their unit paths.
    let roles = json["roles"].as_array().expect("roles is a list");
    assert_eq!(roles.len(), 7);
    let support = roles
        .iter()
        .find(|r| r["id"] == "klienditoe-grupijuht")
        .expect("klienditoe-grupijuht");
    assert_eq!(
        support["unit_path"],
        serde_json::json!([
            "baasteenuste-valdkond",
            "teeninduse-osakond",
            "klienditoegrupp"
        ])
    );
    assert_eq!(support["url"], "owners.html#klienditoe-grupijuht");

    // Wiki spaces: the second has no address.
    let spaces = json["wiki_spaces"]
        .as_array()
        .expect("wiki_spaces is a list");
    assert_eq!(spaces[0]["url"], SPACE_URL);
    assert_eq!(spaces[1]["url"], Value::Null);
}

#[test]
fn processes_csv_has_a_header_and_one_row_per_process() {
    let (work, _) = build_shipped(&[]);
    let text = read(&site(&work), "processes.csv");
    // Excel needs the byte order mark to read õ, ä, ö, ü as UTF-8.
    let text = text
        .strip_prefix('\u{feff}')
        .expect("processes.csv starts with a UTF-8 byte order mark");
    let rows = parse_csv(text);
    assert_eq!(
        rows.len(),
        1 + 8,
        "header + 8 rows expected, got {}",
        rows.len()
    );
    let header = &rows[0];
    assert_eq!(header[0], "id");
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    };
    for row in &rows {
        assert_eq!(
            row.len(),
            header.len(),
            "a row has the wrong number of fields: {row:?}"
        );
    }
    let ids: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(ids, ROWS.iter().map(|r| r.id).collect::<Vec<_>>());
    for (row, expected) in rows[1..].iter().zip(&ROWS) {
        assert_eq!(row[column("name")], expected.name);
        assert_eq!(row[column("owner")], expected.role_id);
        assert_eq!(row[column("owner_name")], expected.role);
        assert_eq!(row[column("owner_unit")], expected.unit_path);
        assert_eq!(row[column("documentation_space")], expected.space);
        assert_eq!(
            row[column("documentation_page")],
            expected.page.unwrap_or("")
        );
        assert_eq!(row[column("review_state")], "current");
        // No owner review happened: the deadline counts from the
        // maintainers' check, and the CSV says so.
        assert_eq!(row[column("last_owner_review")], "");
        assert_eq!(row[column("review_counted_from")], "2026-11-25");
        assert_eq!(row[column("review_counted_from_by")], "maintainers");
    }
    // Multi-line goals are one quoted field.
    let change = &rows[6];
    assert_eq!(change[0], "muudatusehaldus");
    assert_eq!(
        change[column("goals")].lines().count(),
        4,
        "{:?}",
        change[column("goals")]
    );
    assert_eq!(rows[4][column("outcomes")], "", "process 4 has no outcome");
}

#[test]
fn without_a_base_url_there_is_no_sitemap_and_a_note_says_why() {
    let (work, run) = build_shipped(&[]);
    // A sitemap's addresses must be absolute (sitemaps.org), which needs
    // the address the site is published at.
    assert!(
        !site(&work).join("sitemap.xml").exists(),
        "a sitemap without --base-url"
    );
    assert!(
        run.stderr.contains("note[build/no-sitemap]") && run.stderr.contains("--base-url"),
        "{}",
        run.stderr
    );
    let (_, with_base) = build_shipped(&["--base-url", "https://example.org/"]);
    assert!(
        !with_base.stderr.contains("build/no-sitemap"),
        "{}",
        with_base.stderr
    );
    for (path, bytes) in read_tree(&site(&work)) {
        if path.ends_with(".html") {
            let html = String::from_utf8(bytes).unwrap();
            assert!(
                !html.contains("rel=\"canonical\""),
                "{path} has a canonical link without --base-url"
            );
        }
    }
}

// ---------------------------------------------------------------------------
// 3. Determinism and Estonian order.

#[test]
fn two_builds_of_the_same_input_are_byte_identical() {
    let work = Work::new();
    let first = work.join("first");
    let second = work.join("second-folder");
    build_ok(&shipped(), &first, &[]);
    build_ok(&shipped(), &second, &[]);
    let a = read_tree(&first);
    let b = read_tree(&second);
    assert!(a.len() > 30, "only {} files were written", a.len());
    assert_same_tree(&a, &b, "two builds of the shipped register");

    // With a base URL too, and a rebuild over the previous output.
    build_ok(
        &shipped(),
        &first,
        &["--base-url", "https://example.org/procbook"],
    );
    build_ok(
        &shipped(),
        &second,
        &["--base-url", "https://example.org/procbook"],
    );
    assert_same_tree(
        &read_tree(&first),
        &read_tree(&second),
        "two builds with --base-url",
    );
}

#[test]
fn owners_are_in_estonian_alphabetical_order() {
    let work = Work::new();
    let out = work.join("site");
    build_ok(&fixture("build-order"), &out, &[]);
    let expected = [
        "Sai", "Šoti", "Zeta", "Tee", "Vanem", "Wiki", "Õpetaja", "Ärijuht", "Öövaht", "Ülem",
    ];
    for lang in ["", "en/"] {
        let owners = read(&out, &format!("{lang}owners.html"));
        let names: Vec<&str> = owners
            .split("<li class=\"card\"")
            .skip(1)
            .map(|card| {
                between(card, "<h2", "</h2>")
                    .split('>')
                    .nth(1)
                    .unwrap_or_default()
            })
            .collect();
        assert_eq!(
            names, expected,
            "{lang}owners.html: roles not in Estonian order"
        );
        // Units in the tree, and the roles under a unit, too.
        let tree = between(&owners, "<ul class=\"tree\">", "</main>");
        let units: Vec<usize> = [
            "unit-arendus",
            "unit-zooloogia",
            "unit-oppeosakond",
            "unit-ulemosakond",
        ]
        .iter()
        .map(|id| {
            tree.find(&format!("id=\"{id}\""))
                .unwrap_or_else(|| panic!("{id} missing"))
        })
        .collect();
        assert!(
            units.windows(2).all(|w| w[0] < w[1]),
            "{lang}owners.html: units not in Estonian order"
        );
        let arendus = between(tree, "id=\"unit-arendus\"", "</ul>");
        let under: Vec<usize> = ["Sai", "Šoti", "Tee", "Vanem", "Ärijuht"]
            .iter()
            .map(|n| {
                arendus
                    .find(&format!(">{n}</a>"))
                    .unwrap_or_else(|| panic!("{n} not under Arendus"))
            })
            .collect();
        assert!(
            under.windows(2).all(|w| w[0] < w[1]),
            "roles under Arendus not in Estonian order:\n{arendus}"
        );
    }
    check_links(&out);
}

// ---------------------------------------------------------------------------
// 6. Markdown.

#[test]
fn guideline_markdown_has_tables_footnotes_heading_ids_smart_quotes_and_rewritten_links() {
    let work = Work::new();
    let out = work.join("site");
    build_ok(&fixture("build-markdown"), &out, &[]);
    for lang in ["", "en/"] {
        let page = read(&out, &format!("{lang}processes/alpha.html"));
        let prose = between(&page, "<div class=\"prose\">", "</section>");
        // The front matter's title heads the section.
        assert!(page.contains("<h2 id=\"guidelines-h\">How alpha is done</h2>"));
        // Headings, demoted under the page's own, with unique ids.
        assert!(
            prose.contains("<h3 id=\"overview\">Overview</h3>"),
            "{prose}"
        );
        assert!(
            prose.contains("<h3 id=\"steps-to-take\">Steps to take</h3>"),
            "{prose}"
        );
        assert!(
            prose.contains("<h3 id=\"overview-1\">Overview</h3>"),
            "{prose}"
        );
        // A table with its alignment.
        assert!(
            prose.contains("<table>") && prose.contains("<thead>"),
            "no table:\n{prose}"
        );
        assert!(prose.contains("<th align=\"left\">Step</th>"), "{prose}");
        assert!(prose.contains("<th align=\"center\">Who</th>"), "{prose}");
        assert!(prose.contains("<td align=\"right\">5</td>"), "{prose}");
        // A footnote whose reference links to its definition (labels are
        // prefixed, so `[^main]` cannot take the templates' id).
        assert!(
            prose.contains("<sup class=\"footnote-reference\"><a href=\"#fn-point2\""),
            "{prose}"
        );
        assert!(
            has_id(prose, "fn-point2"),
            "the footnote definition has no id:\n{prose}"
        );
        assert!(prose.contains("Operative point 2 of directive 1/1."));
        // Smart punctuation.
        assert!(
            prose.contains("“the first”"),
            "no curly double quotes:\n{prose}"
        );
        assert!(
            prose.contains("it’s the ‘one’"),
            "no curly single quotes:\n{prose}"
        );
        assert!(prose.contains("process – it"), "no en dash:\n{prose}");
        assert!(prose.contains("knows…"), "no ellipsis:\n{prose}");
        // Links to .md files point at the published pages.
        assert!(
            prose.contains("href=\"../processes/beta.html\""),
            "../processes/beta.md not rewritten:\n{prose}"
        );
        assert!(
            prose.contains("href=\"../processes/beta.html#steps-to-take\""),
            "beta.md#… not rewritten"
        );
        assert!(
            prose.contains("href=\"../directives/dir-2025.html#text\""),
            "directive link not rewritten"
        );
        assert!(
            !prose.contains(".md\""),
            "a link still points at a .md file:\n{prose}"
        );
    }
    let beta = read(&out, "processes/beta.html");
    assert!(
        beta.contains("href=\"../processes/alpha.html#overview\""),
        "beta's link to alpha.md not rewritten"
    );
    let directive = read(&out, "directives/dir-2025.html");
    assert!(
        directive.contains("href=\"../processes/alpha.html\""),
        "the directive's link not rewritten"
    );
    // Every rewritten link, fragment included, lands on an existing page.
    check_links(&out);
}

// ---------------------------------------------------------------------------
// 7. Theme overrides.

#[test]
fn a_site_theme_folder_overrides_the_default_theme() {
    let work = Work::new();
    let out = work.join("site");
    build_ok(&fixture("build-theme"), &out, &[]);
    for lang in ["", "en/"] {
        let page = read(&out, &format!("{lang}processes/alpha.html"));
        assert!(
            page.contains("<p id=\"custom-theme-marker\">Custom process template: alpha"),
            "{page}"
        );
        assert!(page.contains("<h1 class=\"custom-process\">Alpha</h1>"));
        assert!(
            page.contains("Alpha’s guidelines."),
            "the override lost the guidelines"
        );
        // The override extends the default base template.
        assert!(
            page.contains("class=\"site-header\""),
            "the default base.html was not used"
        );
        // Pages the site does not override keep the default templates.
        let index = read(&out, &format!("{lang}index.html"));
        assert!(
            index.contains("id=\"annex-table\""),
            "index.html lost the default template"
        );
        assert!(!index.contains("custom-theme-marker"));
    }
    let css = std::fs::read(out.join("assets/style.css")).expect("style.css");
    let custom =
        std::fs::read(fixture("build-theme").join("theme/static/style.css")).expect("custom css");
    assert_eq!(css, custom, "assets/style.css is not the site's override");
    let logo =
        std::fs::read(out.join("assets/logo.svg")).expect("an extra static file is published");
    assert_eq!(
        logo,
        std::fs::read(fixture("build-theme").join("theme/static/logo.svg")).unwrap()
    );
    // Files the site does not override come from the default theme.
    let search = std::fs::read(out.join("assets/search.js")).expect("search.js");
    assert_eq!(
        search,
        std::fs::read(common::repo_root().join("themes/default/static/search.js")).unwrap()
    );
    check_links(&out);
}

#[test]
fn without_a_theme_folder_the_default_style_is_published() {
    let work = Work::new();
    let out = work.join("site");
    build_ok(&fixture("build-markdown"), &out, &[]);
    let css = std::fs::read(out.join("assets/style.css")).expect("style.css");
    assert_eq!(
        css,
        std::fs::read(common::repo_root().join("themes/default/static/style.css")).unwrap()
    );
}

#[test]
fn a_theme_override_in_a_copied_site_takes_effect() {
    // The same override placed into a copy of the shipped register.
    let work = Work::new();
    let root = copy_site(&shipped(), &work, "src-site");
    std::fs::create_dir_all(root.join("theme/static")).unwrap();
    std::fs::write(root.join("theme/static/style.css"), "/* SMIT override */\n").unwrap();
    let out = work.join("site");
    build_ok(&root, &out, &[]);
    assert_eq!(read(&out, "assets/style.css"), "/* SMIT override */\n");
}

#[test]
fn every_page_names_the_theme_icon_and_the_root_answers_favicon_ico() {
    let work = Work::new();
    let out = work.join("site");
    build_ok(&shipped(), &out, &[]);
    let default_ico = std::fs::read(common::repo_root().join("themes/default/static/favicon.ico"))
        .expect("the default icon");
    assert_eq!(std::fs::read(out.join("favicon.ico")).unwrap(), default_ico);
    assert_eq!(
        std::fs::read(out.join("assets/favicon.ico")).unwrap(),
        default_ico
    );
    assert!(read(&out, "assets/favicon.svg").starts_with("<svg"));
    let tree = read_tree(&out);
    let pages: Vec<_> = tree.keys().filter(|p| p.ends_with(".html")).collect();
    assert!(pages.len() > 10, "{pages:?}");
    for page in pages {
        let html = read(&out, page);
        let root = "../".repeat(page.matches('/').count());
        for icon in ["favicon.svg\" type=\"image/svg+xml\"", "favicon.ico\""] {
            assert!(
                html.contains(&format!("<link rel=\"icon\" href=\"{root}assets/{icon}")),
                "{page} does not link {icon}"
            );
        }
    }
    check_links(&out);
}

#[test]
fn a_site_overrides_the_icon_like_any_theme_file() {
    let work = Work::new();
    let root = copy_site(&shipped(), &work, "src-site");
    std::fs::create_dir_all(root.join("theme/static")).unwrap();
    let ico: Vec<u8> = (0..=255u8).collect();
    std::fs::write(root.join("theme/static/favicon.ico"), &ico).unwrap();
    std::fs::write(root.join("theme/static/favicon.svg"), "<svg id=\"ours\"/>").unwrap();
    let out = work.join("site");
    build_ok(&root, &out, &[]);
    assert_eq!(std::fs::read(out.join("favicon.ico")).unwrap(), ico);
    assert_eq!(std::fs::read(out.join("assets/favicon.ico")).unwrap(), ico);
    assert_eq!(read(&out, "assets/favicon.svg"), "<svg id=\"ours\"/>");
}

// ---------------------------------------------------------------------------
// 8. --base-url.

#[test]
fn the_sitemap_leaves_out_exactly_the_404_pages() {
    // A process whose id ends in `404` (or is `404`) is a page like any
    // other; only the 404 pages at the language roots stay out.
    let work = Work::new();
    let root = copy_site(&shipped(), &work, "src");
    let register = std::fs::read_to_string(root.join("processes.yaml")).unwrap();
    let renamed = register
        .replace("id: intsidendihaldus\n", "id: proc-00404\n")
        .replace("id: probleemihaldus\n", "id: \"404\"\n");
    assert_ne!(register, renamed);
    std::fs::write(root.join("processes.yaml"), renamed).unwrap();
    // The guidelines of the renamed processes would point nowhere.
    let _ = std::fs::remove_dir_all(root.join("content/processes"));
    let out = work.join("site");
    build_ok(&root, &out, &["--base-url", "https://example.org/r"]);
    let sitemap = read(&out, "sitemap.xml");
    for path in [
        "processes/proc-00404.html",
        "processes/404.html",
        "en/processes/proc-00404.html",
        "en/processes/404.html",
    ] {
        assert!(out.join(path).is_file(), "{path} was not written");
        assert!(
            sitemap.contains(&format!("<loc>https://example.org/r/{path}</loc>")),
            "{path} is not in the sitemap:\n{sitemap}"
        );
    }
    for path in ["404.html", "en/404.html"] {
        assert!(
            !sitemap.contains(&format!("<loc>https://example.org/r/{path}</loc>")),
            "{path} is in the sitemap"
        );
    }
}

#[test]
fn base_url_adds_canonical_links_and_absolute_sitemap_addresses() {
    let (work, _) = build_shipped(&["--base-url", "https://example.org/procbook"]);
    let out = site(&work);
    let tree = read_tree(&out);
    let mut pages = 0;
    for (path, bytes) in &tree {
        if !path.ends_with(".html") {
            continue;
        }
        pages += 1;
        let html = String::from_utf8(bytes.clone()).unwrap();
        let canonical =
            format!("<link rel=\"canonical\" href=\"https://example.org/procbook/{path}\">");
        assert!(html.contains(&canonical), "{path} lacks {canonical}");
        assert_eq!(
            html.matches("rel=\"canonical\"").count(),
            1,
            "{path} has several canonical links"
        );
    }
    assert!(pages >= 30, "only {pages} pages");
    let sitemap = read(&out, "sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.org/procbook/index.html</loc>"),
        "{sitemap}"
    );
    assert!(sitemap
        .contains("<loc>https://example.org/procbook/en/processes/intsidendihaldus.html</loc>"));
    let locs = sitemap.matches("<loc>").count();
    assert_eq!(
        locs,
        pages - 2,
        "every page but the two 404 pages:\n{sitemap}"
    );
    assert_eq!(
        sitemap
            .matches("<loc>https://example.org/procbook/")
            .count(),
        locs,
        "a relative address:\n{sitemap}"
    );

    // A trailing slash gives the same addresses.
    let work2 = Work::new();
    build_ok(
        &shipped(),
        &work2.join("site"),
        &["--base-url", "https://example.org/procbook/"],
    );
    assert_same_tree(
        &tree,
        &read_tree(&work2.join("site")),
        "--base-url with and without a trailing slash",
    );
}

#[test]
fn a_base_url_that_is_not_http_is_refused() {
    let work = Work::new();
    let out = work.join("site");
    for bad in ["javascript:alert(1)", "example.org/procbook", "/procbook"] {
        let run = build::build(&shipped(), &out, &["--base-url", bad]);
        run.assert_code(2);
        assert!(run.stderr.contains("--base-url"), "{}", run.stderr);
        assert!(!out.exists(), "output was written despite --base-url {bad}");
    }
}

#[test]
fn not_found_page_links_absolutely_when_the_address_is_known() {
    // A server shows 404.html at any depth, where relative links break.
    let (work, _) = build_shipped(&["--base-url", "https://example.org/procbook"]);
    let out = site(&work);
    for page in ["404.html", "en/404.html"] {
        let html = read(&out, page);
        assert!(
            html.contains("href=\"https://example.org/procbook/assets/style.css\""),
            "{page} does not load the stylesheet absolutely"
        );
        assert!(
            !html.contains("href=\"../"),
            "{page} still has relative links"
        );
    }
    let (work, _) = build_shipped(&[]);
    let html = read(&site(&work), "404.html");
    assert!(
        html.contains("href=\"assets/style.css\""),
        "without --base-url the 404 page stays relative"
    );
}
