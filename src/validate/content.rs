//! Pages under `content/` belong to a process or edition that exists, one
//! page each; guideline pages with a review date are kept current too
//! (operative point 2 covers "the guidelines that belong to" a process).

use std::collections::{HashMap, HashSet};

use super::freshness::{owner_label, review_diagnostic};
use crate::diagnostic::Diagnostic;
use crate::model::{did_you_mean, Date, Page, PageTarget, Process, Register, Review};

/// Checks each page's target and its review date.
pub(crate) fn check(register: &Register, pages: &[Page], today: Date, out: &mut Vec<Diagnostic>) {
    let processes: HashMap<&str, &Process> = register
        .processes
        .iter()
        .map(|p| (p.id.value.as_str(), p))
        .collect();
    let directives: HashSet<&str> = register
        .directives
        .iter()
        .map(|d| d.id.value.as_str())
        .collect();
    let roles: HashMap<&str, &str> = register
        .roles
        .iter()
        .map(|r| (r.id.value.as_str(), r.name.value.as_str()))
        .collect();
    // A one-file page is its process's `index`: it and a folder's
    // `index.md` would both be the process page.
    let mut seen: HashMap<(&PageTarget, &str), &str> = HashMap::new();

    for page in pages {
        let (line, column) = page.target_at;
        let (kind, id, known, code) = match &page.target {
            PageTarget::Process(id) => (
                "process",
                id,
                processes.contains_key(id.as_str()),
                "content/unknown-process",
            ),
            PageTarget::Directive(id) => (
                "directive",
                id,
                directives.contains(id.as_str()),
                "content/unknown-directive",
            ),
        };
        if !known {
            let candidates: Vec<&str> = match &page.target {
                PageTarget::Process(_) => processes.keys().copied().collect(),
                PageTarget::Directive(_) => directives.iter().copied().collect(),
            };
            let kind_et = if kind == "process" {
                "protsessi"
            } else {
                "käskkirja"
            };
            let (help, help_et) = match did_you_mean(id, candidates.into_iter()) {
                Some(best) => (
                    format!("did you mean `{best}`?"),
                    format!("kas mõtlesid `{best}`?"),
                ),
                None => (
                    format!("use the id of a {kind} in processes.yaml, or remove the page"),
                    format!("kasuta processes.yaml-is oleva {kind_et} id-d või kustuta leht"),
                ),
            };
            out.push(
                Diagnostic::error(
                    code,
                    format!(
                        "{} belongs to {kind} `{id}`, which is not in the register",
                        page.file
                    ),
                )
                .at(&page.file, line, column)
                .help(help)
                .et(
                    format!(
                        "{} kuulub {kind_et} `{id}` juurde, mida registris ei ole",
                        page.file
                    ),
                    help_et,
                ),
            );
            continue;
        }
        let part = page.part.as_deref().unwrap_or("index");
        if let Some(first) = seen.insert((&page.target, part), &page.file) {
            out.push(
                Diagnostic::error(
                    "content/duplicate-page",
                    format!("{} and {first} both belong to {kind} `{id}`", page.file),
                )
                .at(&page.file, line, column)
                .help("keep one page per process or edition (or one folder of guidelines, content/processes/<id>/); move the text into one of them")
                .et(
                    format!("{} ja {first} kuuluvad mõlemad `{id}` juurde", page.file),
                    "jäta igale protsessile või redaktsioonile üks leht (või üks juhendite kaust, content/processes/<id>/); tõsta tekst ühte neist",
                ),
            );
        }
        if let (PageTarget::Process(id), Some((reviewed_on, line, column))) =
            (&page.target, page.reviewed_on)
        {
            let process = processes[id.as_str()];
            let review = Review::compute(
                reviewed_on,
                process.interval_months(&register.settings),
                register.settings.due_soon_days,
                today,
            );
            let owner = owner_label(process.owner_id(), &roles);
            let what = format!("the guidelines of process `{id}` ({})", page.file);
            let what_et = format!("Protsessi `{id}` juhendi ({})", page.file);
            if let Some(d) = review_diagnostic(
                (&what, &what_et),
                &owner,
                &review,
                today,
                (&page.file, line, column),
            ) {
                out.push(d.record(id));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::diagnostic::Diagnostic;
    use crate::load::parse_page_text;
    use crate::validate::testing::{codes, register, today, VALID};

    fn found(pages: &[(&str, &str)]) -> Vec<Diagnostic> {
        let pages: Vec<_> = pages
            .iter()
            .map(|(file, text)| parse_page_text(file, text).expect("the page parses"))
            .collect();
        let mut out = Vec::new();
        check(&register(VALID), &pages, today(), &mut out);
        out
    }

    fn place(d: &Diagnostic) -> (&str, u32, u32) {
        let at = d.location.as_ref().expect("a place");
        (at.file.as_str(), at.line, at.column)
    }

    #[test]
    fn a_page_belongs_to_a_process_or_edition_that_exists() {
        let ok = [
            ("content/processes/a.md", "---\nprocess: alpha\n---\nText\n"),
            (
                "content/directives/d.md",
                "---\ndirective: dir-2025\n---\nText\n",
            ),
        ];
        assert!(found(&ok).is_empty());
        let found = found(&[
            ("content/processes/a.md", "---\nprocess: alpah\n---\nText\n"),
            (
                "content/directives/d.md",
                "---\ndirective: dir-2052\n---\nText\n",
            ),
        ]);
        assert_eq!(
            codes(&found),
            ["content/unknown-process", "content/unknown-directive"]
        );
        assert_eq!(place(&found[0]), ("content/processes/a.md", 2, 10));
        assert!(found[0].help.as_deref().unwrap().contains("`alpha`"));
        assert_eq!(place(&found[1]), ("content/directives/d.md", 2, 12));
        assert!(found[1].help.as_deref().unwrap().contains("`dir-2025`"));
    }

    #[test]
    fn one_page_per_process_whether_a_file_or_a_folder() {
        let found = found(&[
            (
                "content/processes/alpha.md",
                "---\nprocess: alpha\n---\nOne\n",
            ),
            ("content/processes/alpha/index.md", "Two\n"),
            ("content/processes/alpha/more.md", "Three\n"),
        ]);
        assert_eq!(codes(&found), ["content/duplicate-page"], "{found:?}");
        assert_eq!(place(&found[0]).0, "content/processes/alpha/index.md");
        assert!(found[0].message.contains("content/processes/alpha.md"));
    }

    #[test]
    fn a_guideline_page_review_date_is_kept_current() {
        let found = found(&[(
            "content/processes/alpha.md",
            "---\nprocess: alpha\nreviewed_on: 2025-05-01\n---\nText\n",
        )]);
        assert_eq!(codes(&found), ["freshness/overdue"]);
        assert_eq!(place(&found[0]), ("content/processes/alpha.md", 3, 14));
        assert_eq!(found[0].record.as_deref(), Some("alpha"));
    }
}
