//! `procbook init`: a register that checks clean and builds, never over
//! existing files.

use std::fs;

use serde_json::Value;

use super::{init, read, temp, INIT_FILES};
use crate::common::{procbook, procbook_in, run_at, TODAY};

#[test]
fn init_writes_a_register_that_checks_clean_and_builds() {
    let dir = temp();
    let register = dir.path().join("new register");
    let name = "Näidisamet \"ABC\": test & co";
    let run = init(&register, name);
    run.assert_code(0);
    for rel in INIT_FILES {
        assert!(register.join(rel).is_file(), "{rel} not written");
        assert!(run.stdout.contains(rel), "{rel} not listed: {}", run.stdout);
    }

    let check = run_at(&register, "check", &["--format", "json", "--today", TODAY]);
    check.assert_code(0);
    let report: Value = serde_json::from_str(&check.stdout).expect("JSON");
    assert_eq!(
        report["summary"],
        serde_json::json!({"errors": 0, "warnings": 0, "notes": 0, "accepted": 0}),
        "{}",
        check.stdout
    );

    let out = dir.path().join("site");
    let build = run_at(
        &register,
        "build",
        &["--today", TODAY, "--out", out.to_str().unwrap()],
    );
    build.assert_code(0);
    let json = read(&out.join("api/register.json"));
    let data: Value = serde_json::from_str(&json).expect("register.json");
    assert_eq!(data["organisation"]["name"], name);
    assert_eq!(data["processes"][0]["id"], "example-process");
    assert!(out.join("processes/example-process.html").is_file());
}

#[test]
fn the_new_register_explains_every_field_and_points_at_its_schema() {
    let dir = temp();
    init(dir.path(), "Example Agency").assert_code(0);
    let register = read(&dir.path().join("processes.yaml"));
    assert!(
        register.starts_with("# yaml-language-server: $schema=./schema/processes.schema.json\n")
    );
    assert!(register.contains(&format!("reviewed_on: {TODAY}")));

    // The schema beside it is the one this procbook checks against.
    let schema = procbook(&["schema"]);
    schema.assert_code(0);
    assert_eq!(
        read(&dir.path().join("schema/processes.schema.json")),
        schema.stdout
    );

    // Every field the schema knows appears in the file, set or commented.
    let schema: Value = serde_json::from_str(&schema.stdout).unwrap();
    let mut fields: Vec<&str> = Vec::new();
    let defs = schema["$defs"].as_object().expect("$defs");
    for def in defs.values().chain([&schema]) {
        if let Some(properties) = def["properties"].as_object() {
            fields.extend(properties.keys().map(String::as_str));
        }
    }
    assert!(fields.len() > 30, "{fields:?}");
    for field in fields {
        assert!(
            register.contains(&format!("{field}:")),
            "processes.yaml does not show `{field}`"
        );
    }

    assert!(read(&dir.path().join(".gitignore"))
        .lines()
        .any(|l| l == "public/"));
    let readme = read(&dir.path().join("README.md"));
    assert!(readme.contains("## Eesti keeles") && readme.contains("## In English"));
    assert!(readme.contains("Example Agency"));
}

#[test]
fn init_without_a_folder_writes_into_the_current_one() {
    let dir = temp();
    procbook_in(dir.path(), &["init", "--name", "Example Agency"]).assert_code(0);
    for rel in INIT_FILES {
        assert!(dir.path().join(rel).is_file(), "{rel} not written");
    }
    procbook_in(dir.path(), &["check"]).assert_code(0);
}

#[test]
fn init_writes_nothing_when_any_of_its_files_exists() {
    for existing in INIT_FILES {
        let dir = temp();
        let path = dir.path().join(existing);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, "mine\n").unwrap();
        let run = init(dir.path(), "Example Agency");
        run.assert_code(2);
        assert!(run.stderr.starts_with("error:"), "{}", run.stderr);
        assert!(run.stderr.contains(existing), "{existing}: {}", run.stderr);
        assert!(run.stderr.contains("exist"), "{}", run.stderr);
        assert_eq!(read(&path), "mine\n");
        for other in INIT_FILES.iter().filter(|o| *o != existing) {
            assert!(
                !dir.path().join(other).exists(),
                "{other} written beside {existing}"
            );
        }
    }
}

#[test]
fn init_refuses_a_dangling_link_a_file_as_folder_and_a_bad_name() {
    let dir = temp();
    std::os::unix::fs::symlink(dir.path().join("nowhere"), dir.path().join(".gitignore")).unwrap();
    let run = init(dir.path(), "Example Agency");
    run.assert_code(2);
    assert!(run.stderr.contains(".gitignore"), "{}", run.stderr);
    assert!(!dir.path().join("nowhere").exists());

    let file = dir.path().join("a-file");
    fs::write(&file, "x").unwrap();
    let run = init(&file, "Example Agency");
    run.assert_code(2);
    assert!(run.stderr.contains("not a folder"), "{}", run.stderr);

    let fresh = temp();
    for bad in ["", "   ", "Two\nlines"] {
        let run = init(fresh.path(), bad);
        run.assert_code(2);
        assert!(run.stderr.contains("--name"), "{}", run.stderr);
    }
    procbook(&["init", fresh.path().to_str().unwrap()]).assert_code(2);
    assert!(!fresh.path().join("processes.yaml").exists());
}

#[test]
fn init_fills_every_placeholder_and_writes_the_same_files_each_time() {
    let (first, second) = (temp(), temp());
    init(first.path(), "Example Agency").assert_code(0);
    init(second.path(), "Example Agency").assert_code(0);
    for rel in INIT_FILES {
        let text = read(&first.path().join(rel));
        // `${{ … }}` is a GitHub expression; `{{…}}` alone a placeholder.
        let placeholder = text
            .match_indices("{{")
            .any(|(at, _)| !text[..at].ends_with('$'));
        assert!(!placeholder, "{rel} keeps a placeholder");
        assert_eq!(text, read(&second.path().join(rel)), "{rel} differs");
    }
}

#[test]
fn init_names_every_file_in_the_way_in_one_message() {
    let dir = temp();
    fs::write(dir.path().join("processes.yaml"), "mine\n").unwrap();
    fs::write(dir.path().join("README.md"), "mine\n").unwrap();
    let run = init(dir.path(), "Example Agency");
    run.assert_code(2);
    let folder = dir.path().display();
    assert_eq!(
        run.stderr,
        format!(
            "error: init writes nothing over existing files, and these exist: \
             {folder}/processes.yaml, {folder}/README.md; move them away or choose another folder\n"
        )
    );
}
