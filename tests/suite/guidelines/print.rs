//! `print.html`: the annex, every process with its facts and all of its
//! guidelines in order, the directive texts and the day, with links that
//! resolve from where it is.

use super::folders::folder_site;
use crate::common::build::{build_ok, check_links, read, shipped, Work};

fn position(html: &str, needle: &str) -> usize {
    html.find(needle)
        .unwrap_or_else(|| panic!("print.html lacks {needle:?}"))
}

#[test]
fn print_holds_annex_processes_guidelines_and_directives_in_order() {
    let site = folder_site();
    site.write(
        "content/directives/dir-2025.md",
        "---\ndirective: dir-2025\n---\nThe directive text itself. See [Alpha](../processes/alpha/index.md).\n",
    );
    let work = Work::new();
    let out = work.join("site");
    build_ok(site.path(), &out, &["--no-history"]);
    let html = read(&out, "print.html");
    assert!(!html.contains("<nav"), "no navigation on the print page");
    assert!(!html.contains("<script"), "no script");
    assert!(html.contains("<time>01.06.2026</time>") || html.contains("<time>25.11.2026</time>"));
    let order = [
        "class=\"print-annex\"",
        "<h2 id=\"process-alpha-h\">Alpha</h2>",
        "Start here.",
        ">Steps</h4>",
        "Open a ticket in Jira",
        ">Agreements</h4>",
        ">Closing</h4>",
        ">Escalation</h4>",
        ">Second line</h4>",
        "<h2 id=\"process-beta-h\">Beta</h2>",
        "The directive text itself",
    ];
    let at: Vec<usize> = order.iter().map(|n| position(&html, n)).collect();
    assert!(
        at.windows(2).all(|w| w[0] < w[1]),
        "out of order: {order:?} at {at:?}"
    );
    // Facts of each process.
    assert!(html.contains("Process lead"), "the owner");
    assert!(
        html.contains("https://wiki.example.org/space"),
        "the documentation address"
    );
    // Links and images are relative to print.html itself.
    assert!(
        html.contains("<img src=\"processes/alpha/flow.svg\""),
        "{html}"
    );
    assert!(html.contains("href=\"processes/alpha/steps.html#step-1\""));
    assert!(
        html.contains("href=\"processes/alpha.html\""),
        "the directive's link"
    );
    assert!(read(&out, "en/print.html").contains("<img src=\"processes/alpha/flow.svg\""));
    check_links(&out);
}

#[test]
fn the_shipped_print_page_names_every_process_and_both_editions() {
    let work = Work::new();
    let out = work.join("site");
    build_ok(&shipped(), &out, &["--no-history"]);
    let html = read(&out, "print.html");
    let json: serde_json::Value = serde_json::from_str(&read(&out, "api/register.json")).unwrap();
    for p in json["processes"].as_array().unwrap() {
        let name = p["name"].as_str().unwrap();
        assert!(
            html.matches(name).count() >= 2,
            "{name} is in the annex and has its own section"
        );
    }
    for d in json["directives"].as_array().unwrap() {
        assert!(html.contains(&format!("id=\"directive-{}-h\"", d["id"].as_str().unwrap())));
    }
    assert!(html.contains("assets/print.css"));
    assert!(read(&out, "assets/print.css").contains("size: A4"));
}
