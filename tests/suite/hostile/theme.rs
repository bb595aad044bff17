//! Class 2: a theme cannot read the machine. Template functions that read
//! the environment, the clock or random numbers fail the build with a
//! message naming them, wherever in a theme they are used, and nothing of
//! the environment reaches the output.

use crate::common::build::{read_tree, Work};
use crate::common::{procbook_with_env, Site, TODAY, VALID_REGISTER};

const SECRET: &str = "s3cr3t-token-value-4711";

/// Builds `site` with a secret in the environment.
fn build_with_secret(site: &Site, work: &Work) -> crate::common::Run {
    let out = work.join("site");
    let args = [
        "build",
        "--root",
        site.path().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--today",
        TODAY,
        "--no-history",
    ];
    procbook_with_env(&args, &[("PROCBOOK_TEST_SECRET", SECRET)])
}

#[test]
fn template_functions_that_read_the_machine_fail_the_build() {
    let default_base = include_str!("../../../themes/default/templates/base.html");
    let uses = [
        ("get_env", r#"{{ get_env(name="PROCBOOK_TEST_SECRET") }}"#),
        (
            "get_env",
            r#"{{ get_env(name="PROCBOOK_TEST_SECRET", default="x") }}"#,
        ),
        (
            "get_env",
            r#"{% set s = get_env(name="PROCBOOK_TEST_SECRET") %}{{ s | upper }}"#,
        ),
        (
            "get_env",
            r#"{{ get_env(name="PROCBOOK_TEST_SECRET") | length }}"#,
        ),
        ("now", "{{ now() }}"),
        ("get_random", "{{ get_random(start=1, end=9) }}"),
    ];
    for (name, use_) in uses {
        // In a page template, and in the base every page extends.
        for file in ["theme/templates/index.html", "theme/templates/base.html"] {
            let site = Site::new(VALID_REGISTER);
            if file.ends_with("base.html") {
                site.write(
                    file,
                    &default_base.replace("</footer>", &format!("{use_}</footer>")),
                );
            } else {
                site.write(
                    file,
                    &format!(
                        "{{% extends \"base.html\" %}}{{% block main %}}{use_}{{% endblock %}}"
                    ),
                );
            }
            let work = Work::new();
            let run = build_with_secret(&site, &work);
            run.assert_code(2);
            assert!(
                run.stderr
                    .contains(&format!("`{name}()` is not available to procbook themes")),
                "{file} with {use_}: unclear error:\n{}",
                run.stderr
            );
            assert!(
                !work.join("site").exists(),
                "{file} with {use_}: a site was written"
            );
            assert!(!run.stderr.contains(SECRET), "the secret reached the log");
        }
    }
}

#[test]
fn an_ordinary_theme_override_still_builds_without_the_environment() {
    let site = Site::new(VALID_REGISTER);
    site.write(
        "theme/templates/index.html",
        "{% extends \"base.html\" %}{% block main %}<p>{{ processes | length }} {{ \"x\" | upper }}</p>{% endblock %}",
    );
    let work = Work::new();
    let run = build_with_secret(&site, &work);
    run.assert_code(0);
    let tree = read_tree(&work.join("site"));
    assert!(String::from_utf8_lossy(&tree["index.html"]).contains("<p>1 X</p>"));
    for (path, bytes) in &tree {
        assert!(
            !String::from_utf8_lossy(bytes).contains(SECRET),
            "{path} holds the secret"
        );
    }
}
