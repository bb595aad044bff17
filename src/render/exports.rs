//! Machine-readable output: `api/register.json`, `processes.csv`,
//! and `sitemap.xml`.

use serde_json::{json, Value};

use super::table::{defuse_formula, process_rows, COLUMNS};
use super::{OutputFile, RenderOptions};
use crate::model::{Register, Review};

fn review_json(
    register: &Register,
    process: &crate::model::Process,
    options: &RenderOptions,
) -> Value {
    match Review::of_process(process, &register.settings, options.today) {
        Some(r) => {
            json!({ "reviewed_on": r.reviewed_on.iso(), "due": r.due.iso(), "state": r.state, "as_of": options.today.iso() })
        }
        None => Value::Null,
    }
}

/// `api/register.json`: the register with derived facts (status, review,
/// page URLs relative to the site root). Its shape is in the README.
pub fn register_json(register: &Register, options: &RenderOptions) -> OutputFile {
    let directives: Vec<Value> = register
        .directives
        .iter()
        .map(|d| {
            let repealer = d.repealed_by.as_ref().and_then(|r| register.directives.iter().find(|x| x.id.value == r.value));
            json!({
                "id": d.id.value,
                "number": d.number,
                "kind": d.kind,
                "title": d.title,
                "date": d.date.value.iso(),
                "issuer": d.issuer,
                "legal_basis": d.legal_basis,
                "signatory": d.signatory.as_ref().map(|s| json!({ "name": s.name, "position": s.position, "signed": s.signed })),
                "points": d.points,
                "annex": d.annex.as_ref().map(|a| json!({ "label": a.label, "approval": a.approval, "intro": a.intro, "documentation_note": a.documentation_note })),
                "status": if d.repealed_by.is_some() { "repealed" } else { "in_force" },
                "repealed_by": d.repealed_by.as_ref().map(|r| &r.value),
                "repealed_on": repealer.map(|r| r.date.value.iso()),
                "url": format!("directives/{}.html", d.id.value),
            })
        })
        .collect();
    let units: Vec<Value> = register
        .units
        .iter()
        .map(|u| json!({ "id": u.id.value, "name": u.name.value, "kind": u.kind.as_str(), "parent": u.parent.as_ref().map(|p| &p.value) }))
        .collect();
    let roles: Vec<Value> = register
        .roles
        .iter()
        .map(|r| {
            let path: Vec<&str> = register.unit_path(&r.unit.value).iter().map(|u| u.id.value.as_str()).collect();
            json!({ "id": r.id.value, "name": r.name.value, "unit": r.unit.value, "unit_path": path, "url": format!("owners.html#{}", r.id.value) })
        })
        .collect();
    let spaces: Vec<Value> = register
        .wiki_spaces
        .iter()
        .map(|s| json!({ "id": s.id.value, "key": s.key, "name": s.name, "url": s.url.as_ref().map(|u| &u.value) }))
        .collect();
    let processes: Vec<Value> = register
        .processes
        .iter()
        .map(|p| {
            let space = p.documentation.as_ref().and_then(|d| register.space(&d.space.value));
            json!({
                "id": p.id.value,
                "formerly": p.formerly,
                "name": p.name.as_ref().map(|n| &n.value),
                "name_en": p.name_en,
                "goals": p.goals.iter().map(|g| &g.value).collect::<Vec<_>>(),
                "outcomes": p.outcomes.iter().map(|o| &o.value).collect::<Vec<_>>(),
                "owner": p.owner_id(),
                "documentation": p.documentation.as_ref().map(|d| json!({
                    "space": d.space.value,
                    "page": d.page,
                    "url": d.url.as_ref().map(|u| u.value.clone()).or_else(|| space.and_then(|s| s.url.as_ref()).map(|u| u.value.clone())),
                })),
                "review_interval_months": p.interval_months(&register.settings),
                "review": review_json(register, p, options),
                "url": format!("processes/{}.html", p.id.value),
            })
        })
        .collect();
    let doc = json!({
        "format": "procbook-register/1",
        "as_of": options.today.iso(),
        "organisation": {
            "name": register.organisation.name,
            "short_name": register.organisation.short_name,
            "seat": register.organisation.seat,
        },
        "directives": directives,
        "units": units,
        "roles": roles,
        "wiki_spaces": spaces,
        "processes": processes,
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    OutputFile {
        path: "api/register.json".to_string(),
        bytes: text.into_bytes(),
    }
}

/// Quotes a CSV field (RFC 4180), defusing spreadsheet formulas.
fn csv_field(text: &str) -> String {
    format!("\"{}\"", defuse_formula(text).replace('"', "\"\""))
}

/// `processes.csv`: one row per process, for spreadsheets. It starts with
/// a UTF-8 byte order mark: without one, Excel reads the file in the
/// system's legacy code page and garbles õ, ä, ö and ü.
pub fn processes_csv(register: &Register, options: &RenderOptions) -> OutputFile {
    let mut out = String::from("\u{feff}");
    out.push_str(&COLUMNS.join(","));
    out.push_str("\r\n");
    for fields in process_rows(register, options) {
        out.push_str(
            &fields
                .iter()
                .map(|f| csv_field(f))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
    }
    OutputFile {
        path: "processes.csv".to_string(),
        bytes: out.into_bytes(),
    }
}

/// `sitemap.xml` of every HTML page but the 404 page. Addresses are
/// absolute when `--base-url` is given, relative to the site root otherwise.
pub fn sitemap<'a>(
    paths: impl IntoIterator<Item = &'a str>,
    options: &RenderOptions,
) -> OutputFile {
    let base = options.base_prefix();
    let mut paths: Vec<&str> = paths
        .into_iter()
        .filter(|p| p.ends_with(".html") && !p.ends_with("404.html"))
        .collect();
    paths.sort_unstable();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for path in paths {
        out.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            crate::escape::xml(&format!("{base}{}", crate::load::markdown::url_path(path)))
        ));
    }
    out.push_str("</urlset>\n");
    OutputFile {
        path: "sitemap.xml".to_string(),
        bytes: out.into_bytes(),
    }
}
