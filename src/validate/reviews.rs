//! Review records name who reviewed: a role of the register, or the
//! register's `maintainers`. Anything else would be a review by nobody the
//! register knows, and would silently not count as the owner's.

use super::FILE;
use crate::diagnostic::Diagnostic;
use crate::model::did_you_mean;
use crate::model::{Register, MAINTAINERS};

/// Checks the `by:` of every review record.
pub fn check(register: &Register, out: &mut Vec<Diagnostic>) {
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
