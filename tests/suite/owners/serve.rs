//! The preview: the error page only for problems that stop the build;
//! overdue reviews and warnings as a panel on the real pages.

use std::fs;

use crate::common::build::{copy_site, shipped, Work};
use crate::common::serve::Serve;

const PANEL: &str = "procbook-preview-panel";

#[test]
fn overdue_reviews_show_the_site_with_a_panel() {
    let work = Work::new();
    let root = copy_site(&shipped(), &work, "src");
    let serve = Serve::start(&root, super::freshness::LATE);
    let page = serve.get("/processes/intsidendihaldus.html").body;
    assert!(
        page.contains("state-overdue"),
        "not the process page: {page}"
    );
    assert!(page.contains(PANEL), "no panel: {page}");
    assert!(
        page.contains("<details open>"),
        "the panel cannot be folded away"
    );
    assert!(page.contains("freshness/overdue"));
    // The panel comes after the header, inside <main>.
    assert!(page.find("<main").unwrap() < page.find(PANEL).unwrap());
    assert!(!page.contains("<title>The register has errors"), "{page}");
}

#[test]
fn a_clean_register_has_no_panel_and_an_integrity_error_the_error_page() {
    let work = Work::new();
    let root = copy_site(&shipped(), &work, "src");
    // The shipped register's one warning is accepted; its note is not shown.
    let serve = Serve::start(&root, "2026-11-25");
    let page = serve.get("/index.html").body;
    assert!(!page.contains(PANEL), "{page}");
    drop(serve);
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
    let serve = Serve::start(&root, "2026-11-25");
    let page = serve.get("/index.html").body;
    assert!(page.contains("ownership/unknown-role"), "{page}");
    // The accepted gap is listed as accepted, with the reason.
    assert!(
        page.contains("accepted in processes.yaml: Käskkiri 1-1/61"),
        "{page}"
    );
    assert!(!page.contains(PANEL), "{page}");
}

#[test]
fn the_panel_never_reaches_build_output() {
    let work = Work::new();
    let root = copy_site(&shipped(), &work, "src");
    let out = work.join("site");
    crate::common::procbook(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--today",
        super::freshness::LATE,
        "--no-history",
    ])
    .assert_code(0);
    for (path, bytes) in crate::common::build::read_tree(&out) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains(PANEL), "{path} has the preview panel");
    }
}
