//! Class 10: limits that agree with the documentation. A register as large
//! as SECURITY.md says fits (60,000 plain processes, within the 32 MiB file
//! limit) parses, and a YAML limit that is hit is named in words, with help
//! that fits it.

use crate::common::{Site, VALID_REGISTER};

#[test]
fn a_register_of_more_values_than_the_old_fixed_budget_parses() {
    // 1.05 million goals, 2.1 MB: more YAML events than the fixed budget of
    // one million that stopped 45,000 plain processes (8 MB), well inside
    // the 32 MiB file limit. Without anchors a file yields at most about
    // one event per byte, and the budget now grows with the file.
    let goals = vec!["g"; 1_050_000].join(",");
    let text = VALID_REGISTER.replace(
        "    goals:\n      - Do alpha things.\n",
        &format!("    goals: [{goals}]\n"),
    );
    assert!(text.len() < 3_000_000);
    let register = procbook::load::parse_register_text(&text)
        .unwrap_or_else(|d| panic!("{}: {}", d.code, d.message));
    assert_eq!(register.processes[0].goals.len(), 1_050_000);
}

#[test]
fn a_hit_limit_is_named_in_words() {
    // Depth: help about nesting, not about anchors.
    let deep = format!("units: {}{}\n", "[".repeat(1000), "]".repeat(1000));
    let checked = Site::new(&deep).check_json(&[]);
    let d = checked.one("yaml/limit");
    assert!(d.message.contains("deeper than 32 levels"), "{}", d.message);
    assert!(!d.help().contains("anchors"), "{}", d.help());

    // Aliases: the replay limit, with its number.
    let mut bomb =
        String::from("organisation:\n  name: X\nunits: &a [x, x, x, x, x, x, x, x, x, x]\n");
    let mut previous = "a".to_string();
    for n in 0..6 {
        let name = format!("b{n}");
        let aliases = vec![format!("*{previous}"); 10].join(", ");
        bomb.push_str(&format!("r{n}: &{name} [{aliases}]\n"));
        previous = name;
    }
    let checked = Site::new(&bomb).check_json(&[]);
    let d = checked.one("yaml/limit");
    assert!(
        d.message.contains("would repeat more than 100000 values"),
        "{}",
        d.message
    );
    assert!(d.help().contains("anchors and aliases"), "{}", d.help());
    assert!(!d.message.contains("Events {"), "{}", d.message);
}
