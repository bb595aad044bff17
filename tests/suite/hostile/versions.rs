//! Class 6: versions are held to the same rules as today's register. Each
//! tagged version is loaded and validated like the current register; one
//! that fails is skipped with a warning naming the tag and the problem,
//! and today's build goes on.

use gix::objs::tree::EntryKind;

use super::git::GitRepo;
use crate::common::build::Work;
use crate::common::{run_at, Run, TODAY, VALID_REGISTER};

fn build(git: &GitRepo, work: &Work) -> Run {
    let out = work.join("site");
    let run = run_at(
        git.root(),
        "build",
        &["--today", TODAY, "--out", out.to_str().unwrap()],
    );
    run.assert_code(0);
    run
}

/// Fails unless the build warned that `tag` is not published, for a reason
/// that mentions each of `words`, and published nothing of it.
fn assert_skipped(run: &Run, work: &Work, tag: &str, words: &[&str]) {
    let line = run
        .stderr
        .lines()
        .find(|l| l.contains(&format!("version `{tag}` is not published")))
        .unwrap_or_else(|| panic!("no warning for {tag}:\n{}", run.stderr));
    for word in words {
        assert!(line.contains(word), "{tag}: no {word:?} in {line}");
    }
    assert!(
        !work.join("site/v").join(tag).exists(),
        "{tag} was published"
    );
}

#[test]
fn versions_with_errors_are_skipped_with_the_tag_and_the_problem() {
    let mut git = GitRepo::init();
    let cases: [(&str, String, &[&str]); 4] = [
        (
            "v1",
            VALID_REGISTER.replace("  - id: alpha", "  - id: ../../../x"),
            &["identity/bad-slug", "processes.yaml:"],
        ),
        (
            "v2",
            VALID_REGISTER.replace("  - id: alpha", "  - id: \"<b>x</b>\""),
            &["identity/bad-slug"],
        ),
        (
            "v3",
            VALID_REGISTER.replace("    name: Alpha", "    name: \"Alpha\\u202Eahpla\""),
            &["text/hidden-character"],
        ),
        ("v4", "organisation: [unclosed\n".to_string(), &["yaml/"]),
    ];
    for (tag, register, _) in &cases {
        git.put("processes.yaml", register);
        let id = git.commit("Mari", &format!("for {tag}"));
        git.tag(tag, id);
    }
    // A page over the 4 MiB limit, and one that is not UTF-8.
    git.put("processes.yaml", VALID_REGISTER);
    git.put(
        "content/processes/alpha.md",
        &format!("---\nprocess: alpha\n---\n{}", "a".repeat(5 << 20)),
    );
    let id = git.commit("Mari", "a huge page");
    git.tag("v5", id);
    git.put_entry(
        "content/processes/alpha.md",
        EntryKind::Blob,
        b"---\nprocess: alpha\n---\n\xff\xfe\n",
    );
    let id = git.commit("Mari", "a page in Latin-1");
    git.tag("v6", id);
    // The last version and HEAD are valid.
    git.put(
        "content/processes/alpha.md",
        "---\nprocess: alpha\n---\nGuide.\n",
    );
    let id = git.commit("Mari", "good");
    git.tag("v7", id);

    let work = Work::new();
    let run = build(&git, &work);
    for (tag, _, words) in &cases {
        assert_skipped(&run, &work, tag, words);
    }
    assert_skipped(
        &run,
        &work,
        "v5",
        &[
            "content/processes/alpha.md",
            "larger than the limit of 4 MiB",
        ],
    );
    assert_skipped(
        &run,
        &work,
        "v6",
        &["content/processes/alpha.md is not UTF-8"],
    );
    assert!(
        work.join("site/v/v7/index.html").is_file(),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("refusing to write"), "{}", run.stderr);
}

#[test]
fn tags_at_other_objects_and_registers_that_are_not_files_are_named() {
    let mut git = GitRepo::init();
    git.put("processes.yaml", VALID_REGISTER);
    let good = git.commit("Mari", "good");
    git.tag("v-blob", git.blob(b"just a file"));
    git.tag("v-tree", git.tree_of(good));
    git.tag(
        "v-missing",
        gix::ObjectId::from_hex(b"1234567890123456789012345678901234567890").unwrap(),
    );
    git.put_entry("processes.yaml", EntryKind::Link, b"/etc/passwd");
    let id = git.commit("Mari", "register as a link");
    git.tag("v-link", id);
    git.put_entry(
        "processes.yaml",
        EntryKind::Commit,
        b"1234567890123456789012345678901234567890",
    );
    let id = git.commit("Mari", "register as a submodule");
    git.tag("v-submodule", id);
    git.forget("processes.yaml");
    git.put("other.txt", "no register here");
    let id = git.commit("Mari", "no register");
    git.tag("v-none", id);
    git.put("processes.yaml", VALID_REGISTER);
    git.commit("Mari", "back");

    let work = Work::new();
    let run = build(&git, &work);
    assert_skipped(&run, &work, "v-blob", &["a file (blob)"]);
    assert_skipped(&run, &work, "v-tree", &["a folder (tree)"]);
    assert_skipped(&run, &work, "v-missing", &["missing"]);
    assert_skipped(
        &run,
        &work,
        "v-link",
        &["processes.yaml is a symbolic link"],
    );
    assert_skipped(
        &run,
        &work,
        "v-submodule",
        &["processes.yaml is a submodule"],
    );
    assert_skipped(&run, &work, "v-none", &["has no processes.yaml"]);
    assert!(!run.stderr.contains("root:x:0"), "{}", run.stderr);
}

#[test]
fn a_register_over_the_limit_at_an_old_commit_is_not_read() {
    let mut git = GitRepo::init();
    // 40 MiB: over the 32 MiB limit, at a tagged commit inside the history.
    let mut huge = VALID_REGISTER.to_string();
    huge.push_str(&format!("# {}\n", "x".repeat(40 << 20)));
    git.put("processes.yaml", &huge);
    let id = git.commit("Mari", "huge");
    git.tag("v1", id);
    git.put("processes.yaml", VALID_REGISTER);
    git.commit("Mari", "normal again");
    let work = Work::new();
    let run = build(&git, &work);
    assert_skipped(&run, &work, "v1", &["larger than the limit of 32 MiB"]);
    assert!(
        run.stderr.contains("larger than the limit of 32 MiB"),
        "{}",
        run.stderr
    );
}
