//! The search index holds the guidelines' text, page by page, with each
//! page's title and address; the search page still lists every process
//! without JavaScript.

use serde_json::Value;

use super::folders::folder_site;
use crate::common::build::{build_ok, read, Work};

fn index(out: &std::path::Path) -> Value {
    let text = read(out, "assets/search-index.js");
    let json = text
        .strip_prefix("window.procbookSearchIndex = ")
        .and_then(|s| s.trim_end().strip_suffix(';'))
        .expect("search-index.js assigns one JSON value");
    serde_json::from_str(json).expect("the index is JSON")
}

/// The guideline text of file `n`, by process id.
fn texts(out: &std::path::Path, n: usize) -> Value {
    let text = read(out, &format!("assets/search-text-{n}.js"));
    let json = text
        .strip_prefix(&format!(
            "(window.procbookSearchText = window.procbookSearchText || {{}})[{n}] = "
        ))
        .and_then(|s| s.trim_end().strip_suffix(';'))
        .expect("search-text-N.js assigns one JSON value");
    serde_json::from_str(json).expect("the text is JSON")
}

#[test]
fn the_index_holds_every_guideline_page_in_order_as_plain_text() {
    let site = folder_site();
    let work = Work::new();
    let out = work.join("site");
    build_ok(site.path(), &out, &["--no-history"]);
    let index = index(&out);
    let alpha = &index[0];
    assert_eq!(alpha["id"], "alpha");
    let pages = alpha["pages"].as_array().expect("pages");
    let titles: Vec<&str> = pages.iter().map(|p| p["t"].as_str().unwrap()).collect();
    assert_eq!(
        titles,
        [
            "Alpha guide",
            "Steps",
            "Agreements",
            "Closing",
            "Escalation",
            "Second line"
        ],
        "the process page first, then the contents' order"
    );
    assert_eq!(pages[1]["u"], "processes/alpha/steps.html");
    assert_eq!(pages[0]["u"], "processes/alpha.html");
    // The text is in its own file, loaded on the first search, in the
    // same order as the pages.
    assert_eq!(alpha["s"], 0);
    assert!(
        !read(&out, "assets/search-index.js").contains("Jira"),
        "the text is not in the index the page loads"
    );
    let text = texts(&out, 0);
    let alpha_text = text["alpha"].as_array().expect("alpha's texts");
    assert_eq!(alpha_text.len(), pages.len());
    assert_eq!(
        alpha_text[1],
        "Steps Step 1 Open a ticket in Jira; the CAB decides."
    );
    assert!(
        !alpha_text[0].as_str().unwrap().contains("]("),
        "no Markdown syntax in the text"
    );
    // A process without guidelines has none.
    assert_eq!(index[1]["id"], "beta");
    assert_eq!(index[1]["pages"], Value::Array(Vec::new()));
    assert_eq!(index[1]["s"], Value::Null);
    assert!(text.get("beta").is_none());
    assert!(!out.join("assets/search-text-1.js").exists());
    // Without JavaScript the search page lists both processes.
    let search = read(&out, "search.html");
    assert!(search.contains("data-id=\"alpha\"") && search.contains("data-id=\"beta\""));
    assert!(
        search.contains("data-found-in="),
        "the script's label is on the page"
    );
}
