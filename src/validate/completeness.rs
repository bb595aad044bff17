//! Each process has what the annex gives every row: a name, goals, outcomes
//! and a documentation location that can be followed.

use std::collections::HashMap;

use super::FILE;
use crate::diagnostic::Diagnostic;
use crate::model::{did_you_mean, url_problem, Register, Spanned, WikiSpace};

fn check_url(owner: &str, url: &Spanned<String>, out: &mut Vec<Diagnostic>) {
    if let Some(problem) = url_problem(&url.value) {
        out.push(
            Diagnostic::error(
                "completeness/bad-url",
                format!("{owner} has address `{}`: {problem}", url.value.escape_debug()),
            )
            .at_span(FILE, url)
            .help("write the full address starting with https://, percent-encoding spaces and special characters"),
        );
    }
}

/// Checks every process's name, goals, outcomes and documentation.
pub fn check(register: &Register, out: &mut Vec<Diagnostic>) {
    let spaces: HashMap<&str, &WikiSpace> = register
        .wiki_spaces
        .iter()
        .map(|s| (s.id.value.as_str(), s))
        .collect();
    for space in &register.wiki_spaces {
        if let Some(url) = &space.url {
            check_url(&format!("wiki space `{}`", space.id.value), url, out);
        }
    }

    for process in &register.processes {
        let id = &process.id.value;
        match &process.name {
            Some(name) if !name.value.trim().is_empty() => {}
            _ => out.push(
                Diagnostic::error(
                    "completeness/missing-name",
                    format!("process `{id}` has no name"),
                )
                .at_span(FILE, &process.id)
                .help("add `name:` with the process name as the annex gives it"),
            ),
        }
        if process.goals.is_empty() {
            out.push(
                Diagnostic::error(
                    "completeness/missing-goal",
                    format!("process `{id}` has no goal"),
                )
                .at_span(FILE, &process.id)
                .help("add at least one entry under `goals:` (eesmärk) from the annex"),
            );
        }
        if process.outcomes.is_empty() {
            out.push(
                Diagnostic::warning(
                    "completeness/missing-outcome",
                    format!("process `{id}` ({}) has no outcome", process.display_name()),
                )
                .at_span(FILE, &process.id)
                .help("the annex sets a goal and an outcome (tulem) for each process; the outcome is set by the directive: add it under `outcomes:` word for word once a directive sets it, never an invented one; where the directive sets none, this warning stays"),
            );
        }
        for text in process.goals.iter().chain(&process.outcomes) {
            if text.value.trim().is_empty() {
                out.push(
                    Diagnostic::error(
                        "completeness/empty-text",
                        format!("process `{id}` has an empty goal or outcome"),
                    )
                    .at_span(FILE, text)
                    .help("remove the empty entry or write its text"),
                );
            }
        }

        let Some(doc) = &process.documentation else {
            out.push(
                Diagnostic::error(
                    "completeness/missing-documentation",
                    format!("process `{id}` does not say where its documentation is"),
                )
                .at_span(FILE, &process.id)
                .help("add `documentation:` with `space:` (a wiki space id) and, if known, `page:` and `url:`"),
            );
            continue;
        };
        let space = spaces.get(doc.space.value.as_str());
        if space.is_none() {
            let help = match did_you_mean(&doc.space.value, spaces.keys().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => "use the id of a space listed under `wiki_spaces:`, or add the space there"
                    .to_string(),
            };
            out.push(
                Diagnostic::error(
                    "completeness/unknown-wiki-space",
                    format!("process `{id}` is documented in wiki space `{}`, which is not in the register", doc.space.value),
                )
                .at_span(FILE, &doc.space)
                .help(help),
            );
        }
        if let Some(url) = &doc.url {
            check_url(&format!("the documentation of process `{id}`"), url, out);
        } else if let Some(space) = space {
            if space.url.is_none() {
                out.push(
                    Diagnostic::note(
                        "completeness/no-documentation-url",
                        format!(
                            "the documentation of process `{id}` has no address: the source names wiki space \"{}\" but not where it is",
                            space.name
                        ),
                    )
                    .at_span(FILE, &doc.space)
                    .help("add `url:` to the process's documentation or to the wiki space once the address is known"),
                );
            }
        }
    }
}
