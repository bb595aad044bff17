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
    let mut seen: HashMap<&PageTarget, &str> = HashMap::new();

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
        if let Some(first) = seen.insert(&page.target, &page.file) {
            out.push(
                Diagnostic::error(
                    "content/duplicate-page",
                    format!("{} and {first} both belong to {kind} `{id}`", page.file),
                )
                .at(&page.file, line, column)
                .help("keep one page per process or edition; move the text into one of them")
                .et(
                    format!("{} ja {first} kuuluvad mõlemad `{id}` juurde", page.file),
                    "jäta igale protsessile või redaktsioonile üks leht; tõsta tekst ühte neist",
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
