//! The annex's words kept in the register agree with the structured data:
//! a documentation cell kept word for word (`documentation.as_signed`) names
//! the wiki space and page that `space:` and `page:` give, or one of them
//! is wrong.

use super::FILE;
use crate::diagnostic::Diagnostic;
use crate::model::Register;

/// Checks every process's `as_signed` cell.
pub fn check(register: &Register, out: &mut Vec<Diagnostic>) {
    for process in &register.processes {
        let Some(doc) = &process.documentation else {
            continue;
        };
        let Some(cell) = &doc.as_signed else {
            continue;
        };
        let space = register
            .space(&doc.space.value)
            .map(|s| ("space", s.name.as_str()));
        let page = doc.page.as_deref().map(|p| ("page", p));
        for (what, name) in [space, page].into_iter().flatten() {
            if !cell.value.contains(name) {
                out.push(
                    Diagnostic::error(
                        "annex/as-signed-mismatch",
                        format!(
                            "process `{}`: the documentation cell as signed does not name its wiki {what} `{name}`",
                            process.id.value
                        ),
                    )
                    .at_span(FILE, cell)
                    .help(format!("`as_signed` is the annex's cell word for word and must name the {what} given under `documentation:`; correct whichever of the two differs from the signed annex")),
                );
            }
        }
    }
}
