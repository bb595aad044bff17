//! Pages under `content/` belong to a process or edition that exists, one
//! page each; guideline pages with a review date are kept current too
//! (operative point 2 covers "the guidelines that belong to" a process).

use std::collections::{HashMap, HashSet};

use super::freshness::{owner_label, review_diagnostic};
use super::ownership::did_you_mean;
use crate::diagnostic::Diagnostic;
use crate::load::{Page, PageTarget};
use crate::model::{Date, Process, Register, Review};

/// Checks each page's target and its review date.
pub fn check(register: &Register, pages: &[Page], today: Date, out: &mut Vec<Diagnostic>) {
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
            let help = match did_you_mean(id, candidates.into_iter()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("use the id of a {kind} in processes.yaml, or remove the page"),
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
                .help(help),
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
                .help("keep one page per process or edition (or one folder of guidelines, content/processes/<id>/); move the text into one of them"),
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
            if let Some(d) =
                review_diagnostic(&what, &owner, &review, today, (&page.file, line, column))
            {
                out.push(d);
            }
        }
    }
}
