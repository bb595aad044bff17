//! The annex's words kept in the register agree with the structured data:
//! a documentation cell kept word for word (`documentation.as_signed`) names
//! the wiki space and page that `space:` and `page:` give, or one of them
//! is wrong.

use super::FILE;
use crate::diagnostic::Diagnostic;
use crate::model::Register;

/// Checks every process's `as_signed` cell.
pub(super) fn check(register: &Register, out: &mut Vec<Diagnostic>) {
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

#[cfg(test)]
mod tests {
    use super::check;
    use crate::validate::testing::{assert_one, register, valid_with};

    fn with_cell(page: &str, cell: &str) -> String {
        valid_with(
            "      space: wiki\n",
            &format!("      space: wiki\n{page}      as_signed: \"{cell}\"\n"),
        )
    }

    #[test]
    fn the_cell_as_signed_names_the_space_and_the_page() {
        let ok = with_cell(
            "      page: Intake\n",
            "Asukoht: Wiki ruum, alamleht Intake",
        );
        let mut out = Vec::new();
        check(&register(&ok), &mut out);
        assert!(out.is_empty(), "{out:?}");
        for (page, cell, missing) in [
            ("", "Asukoht: Viki ruum", "space `Wiki`"),
            (
                "      page: Intake\n",
                "Asukoht: Wiki ruum, alamleht Intkae",
                "page `Intake`",
            ),
        ] {
            let yaml = with_cell(page, cell);
            let mut out = Vec::new();
            check(&register(&yaml), &mut out);
            let d = assert_one(
                &out,
                "annex/as-signed-mismatch",
                &yaml,
                &format!("\"{cell}\""),
            );
            assert!(d.message.contains(missing), "{}", d.message);
        }
    }
}
