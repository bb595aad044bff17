//! Class 5: work grows linearly with the input. Each case would take
//! minutes with quadratic work and is killed (failing the test) after
//! `common::KILL_AFTER`; here it takes seconds.

use super::git::GitRepo;
use crate::common::build::Work;
use crate::common::{run_at, Site, TODAY, VALID_REGISTER};

#[test]
fn a_page_of_characters_the_serializer_escapes_builds_in_linear_time() {
    // `&`, `§`, `«`, `°` and no-break spaces: each made html5ever 0.40.1
    // scan the rest of the text again. 2 MiB of them took minutes. A raw
    // `<b>` sends the page through the sanitiser (and html5ever); without
    // it the page is cleaned on its Markdown events, and pulldown-cmark
    // writes a no-break space as it is.
    for (raw, unit, escaped) in [
        ("<b>b</b> ", "&", "&amp;&amp;&amp;"),
        ("<b>b</b> ", "§«°\u{a0}&x", "x§«°&nbsp;&amp;x"),
        ("", "&", "&amp;&amp;&amp;"),
        ("", "§«°\u{a0}&x", "x§«°\u{a0}&amp;x"),
    ] {
        let body = format!("{raw}{}", unit.repeat((2 << 20) / unit.len()));
        let site = Site::new(VALID_REGISTER).page(
            "processes/alpha.md",
            &format!("---\nprocess: alpha\n---\n{body}\n"),
        );
        let work = Work::new();
        let out = work.join("site");
        let run = run_at(
            site.path(),
            "build",
            &[
                "--today",
                TODAY,
                "--no-history",
                "--out",
                out.to_str().unwrap(),
            ],
        );
        run.assert_code(0);
        let page = std::fs::read_to_string(out.join("processes/alpha.html")).unwrap();
        assert!(page.contains(escaped), "the text was not kept");
    }
}

#[test]
fn the_human_report_of_many_diagnostics_takes_linear_time() {
    // 10,000 overdue processes: each diagnostic's place used to be found by
    // scanning the register from its start.
    let mut register = VALID_REGISTER.to_string();
    for i in 0..10_000 {
        register.push_str(&format!(
            "  - id: p{i}\n    name: P {i}\n    goals: [G.]\n    outcomes: [O.]\n    owner: lead\n    documentation:\n      space: wiki\n    reviewed_on: 2020-01-10\n"
        ));
    }
    let site = Site::new(&register);
    let run = site.run("check", &["--today", TODAY]);
    run.assert_code(1);
    assert!(
        run.stdout.contains("10000 error(s)"),
        "{}",
        &run.stdout[run.stdout.len().saturating_sub(300)..]
    );
    assert!(run.stdout.contains("reviewed_on: 2020-01-10"));
}

#[test]
fn a_page_of_the_site_does_not_grow_with_the_number_of_versions() {
    let mut git = GitRepo::init();
    git.put("processes.yaml", VALID_REGISTER);
    let mut sizes = Vec::new();
    for tags in [2, 12] {
        let head = git.commit("Mari", &format!("{tags} tags"));
        for n in 0..tags {
            git.tag(&format!("v{n}"), head);
        }
        let work = Work::new();
        let out = work.join("site");
        let run = run_at(
            git.root(),
            "build",
            &["--today", TODAY, "--out", out.to_str().unwrap()],
        );
        run.assert_code(0);
        let size = |rel: &str| std::fs::metadata(out.join(rel)).unwrap().len();
        sizes.push((
            size("index.html"),
            size("v/v0/processes/alpha.html"),
            size("en/owners.html"),
        ));
    }
    assert_eq!(sizes[0], sizes[1], "pages grew with the number of tags");
}
