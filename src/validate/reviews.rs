//! Review records name who reviewed: a role of the register, or the
//! register's `maintainers`. Anything else would be a review by nobody the
//! register knows, and would silently not count as the owner's.

use super::FILE;
use crate::diagnostic::Diagnostic;
use crate::model::did_you_mean;
use crate::model::{Register, MAINTAINERS};

/// Checks the `by:` of every review record.
pub(super) fn check(register: &Register, out: &mut Vec<Diagnostic>) {
    for process in &register.processes {
        for record in &process.reviews {
            let by = &record.by.value;
            if by == MAINTAINERS || register.role(by).is_some() {
                continue;
            }
            let ids = register
                .roles
                .iter()
                .map(|r| r.id.value.as_str())
                .chain([MAINTAINERS]);
            let help = match did_you_mean(by, ids) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("use the id of a role under `roles:` (the owner's, for an owner's review), or `{MAINTAINERS}` for the register's maintainers"),
            };
            out.push(
                Diagnostic::error(
                    "reviews/unknown-reviewer",
                    format!(
                        "process `{}` has a review by `{by}`, which is neither a role nor `{MAINTAINERS}`",
                        process.id.value
                    ),
                )
                .at_span(FILE, &record.by)
                .help(help),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::validate::testing::{assert_one, register, valid_with};

    fn with_review_by(by: &str) -> String {
        valid_with(
            "    reviewed_on: 2026-01-10\n",
            &format!("    reviews:\n      - date: 2026-01-10\n        by: {by}\n"),
        )
    }

    #[test]
    fn a_reviewer_is_a_role_or_the_maintainers() {
        for by in ["lead", "maintainers"] {
            let mut out = Vec::new();
            check(&register(&with_review_by(by)), &mut out);
            assert!(out.is_empty(), "{by}: {out:?}");
        }
        let yaml = with_review_by("laed");
        let mut out = Vec::new();
        check(&register(&yaml), &mut out);
        let d = assert_one(&out, "reviews/unknown-reviewer", &yaml, "laed");
        assert!(d.help.as_deref().unwrap().contains("`lead`"), "{d:?}");
    }
}
