//! Each process has what the annex gives every row: a name, goals, outcomes
//! and a documentation location that can be followed.

use std::collections::HashMap;

use super::FILE;
use crate::diagnostic::Diagnostic;
use crate::model::{did_you_mean, edit_url_problem, url_problem, Register, Spanned, WikiSpace};

/// [`url_problem`]'s reason in Estonian.
fn url_problem_et(problem: &str) -> &'static str {
    match problem {
        "only http and https addresses may be linked" => {
            "linkida võib ainult http- ja https-aadresse"
        }
        "the address is not absolute" => "aadress ei ole täielik (puudub https://)",
        "the address has no host" => "aadressil puudub serveri nimi",
        _ => "aadressis on tühikuid või juhtmärke",
    }
}

/// Reports `url` when it is no address to link to; `owner` says whose
/// address it is, in English and Estonian.
fn check_url(owner: (&str, &str), url: &Spanned<String>, out: &mut Vec<Diagnostic>) {
    let (owner, owner_et) = owner;
    if let Some(problem) = url_problem(&url.value) {
        out.push(
            Diagnostic::error(
                "completeness/bad-url",
                format!("{owner} has address `{}`: {problem}", url.value.escape_debug()),
            )
            .at_span(FILE, url)
            .help("write the full address starting with https://, percent-encoding spaces and special characters")
            .et(
                format!("{owner_et} aadress `{}` ei sobi: {}", url.value.escape_debug(), url_problem_et(problem)),
                "kirjuta täielik aadress, mis algab https://; tühikud ja erimärgid kodeeri (%20 jne)",
            ),
        );
    }
}

/// Checks `settings.edit_url`, when there is one.
fn check_edit_url(register: &Register, out: &mut Vec<Diagnostic>) {
    if let Some(template) = &register.settings.edit_url {
        if let Some(problem) = edit_url_problem(&template.value) {
            out.push(
                Diagnostic::error(
                    "completeness/bad-url",
                    format!("settings.edit_url `{}` makes no edit address: {problem}", template.value.escape_debug()),
                )
                .at_span(FILE, template)
                .help("write the web editor's address with {path} and {line}, e.g. https://gitlab.example.org/group/register/-/edit/main/{path}#L{line}")
                .et(
                    format!("settings.edit_url `{}` ei anna muutmise aadressi: {}", template.value.escape_debug(), if problem == "it has no {path}" { "selles pole {path}" } else { url_problem_et(problem) }),
                    "kirjuta veebiredaktori aadress koos {path} ja {line}-ga, nt https://gitlab.example.org/grupp/register/-/edit/main/{path}#L{line}",
                ),
            );
        }
    }
}

/// Checks every process's name, goals, outcomes and documentation.
pub(crate) fn check(register: &Register, out: &mut Vec<Diagnostic>) {
    check_edit_url(register, out);
    let spaces: HashMap<&str, &WikiSpace> = register
        .wiki_spaces
        .iter()
        .map(|s| (s.id.value.as_str(), s))
        .collect();
    for space in &register.wiki_spaces {
        if let Some(url) = &space.url {
            check_url(
                (
                    &format!("wiki space `{}`", space.id.value),
                    &format!("Wiki ruumi `{}`", space.id.value),
                ),
                url,
                out,
            );
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
                .record(id)
                .at_span(FILE, &process.id)
                .help("add `name:` with the process name as the annex gives it")
                .et(
                    format!("protsessil `{id}` puudub nimi"),
                    "lisa `name:` protsessi nimega nii, nagu see on lisas",
                ),
            ),
        }
        if process.goals.is_empty() {
            out.push(
                Diagnostic::error(
                    "completeness/missing-goal",
                    format!("process `{id}` has no goal"),
                )
                .record(id)
                .at_span(FILE, &process.id)
                .help("add at least one entry under `goals:` (eesmärk) from the annex")
                .et(
                    format!("protsessil `{id}` puudub eesmärk"),
                    "lisa `goals:` alla vähemalt üks eesmärk lisast, rida kujul `- tekst`",
                ),
            );
        }
        if process.outcomes.is_empty() {
            out.push(
                Diagnostic::warning(
                    "completeness/missing-outcome",
                    format!("process `{id}` ({}) has no outcome", process.display_name()),
                )
                .record(id).at_span(FILE, &process.id)
                .help("the annex sets a goal and an outcome (tulem) for each process; the outcome is set by the directive: add it under `outcomes:` word for word once a directive sets it, never an invented one; where the directive sets none, this warning stays")
                .et(
                    format!("protsessil `{id}` ({}) puudub tulem", process.display_name()),
                    "lisa näeb igale protsessile ette eesmärgi ja tulemi; tulemi määrab käskkiri: lisa see `outcomes:` alla sõna-sõnalt, kui käskkiri selle määrab, mitte väljamõeldud teksti; kui käskkiri seda ei määra, jääb see hoiatus alles",
                ),
            );
        }
        for text in process.goals.iter().chain(&process.outcomes) {
            if text.value.trim().is_empty() {
                out.push(
                    Diagnostic::error(
                        "completeness/empty-text",
                        format!("process `{id}` has an empty goal or outcome"),
                    )
                    .record(id)
                    .at_span(FILE, text)
                    .help("remove the empty entry or write its text")
                    .et(
                        format!("protsessil `{id}` on tühi eesmärk või tulem"),
                        "kustuta tühi rida või kirjuta sellele tekst",
                    ),
                );
            }
        }

        let Some(doc) = &process.documentation else {
            out.push(
                Diagnostic::error(
                    "completeness/missing-documentation",
                    format!("process `{id}` does not say where its documentation is"),
                )
                .record(id).at_span(FILE, &process.id)
                .help("add `documentation:` with `space:` (a wiki space id) and, if known, `page:` and `url:`")
                .et(
                    format!("protsessi `{id}` juures pole öeldud, kus on selle dokumentatsioon"),
                    "lisa `documentation:`, selle alla `space:` (wiki ruumi id) ning teadaolevalt `page:` ja `url:`",
                ),
            );
            continue;
        };
        let space = spaces.get(doc.space.value.as_str());
        if space.is_none() {
            let (help, help_et) = match did_you_mean(&doc.space.value, spaces.keys().copied()) {
                Some(best) => (
                    format!("did you mean `{best}`?"),
                    format!("kas mõtlesid `{best}`?"),
                ),
                None => (
                    "use the id of a space listed under `wiki_spaces:`, or add the space there"
                        .to_string(),
                    "kasuta mõne `wiki_spaces:` all oleva ruumi id-d või lisa ruum sinna"
                        .to_string(),
                ),
            };
            out.push(
                Diagnostic::error(
                    "completeness/unknown-wiki-space",
                    format!("process `{id}` is documented in wiki space `{}`, which is not in the register", doc.space.value),
                )
                .record(id).at_span(FILE, &doc.space)
                .help(help)
                .et(
                    format!("protsessi `{id}` dokumentatsioon on wiki ruumis `{}`, mida registris ei ole", doc.space.value),
                    help_et,
                ),
            );
        }
        if let Some(url) = &doc.url {
            check_url(
                (
                    &format!("the documentation of process `{id}`"),
                    &format!("Protsessi `{id}` dokumentatsiooni"),
                ),
                url,
                out,
            );
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
                    .record(id).at_span(FILE, &doc.space)
                    .help("add `url:` to the process's documentation or to the wiki space once the address is known")
                    .et(
                        format!("protsessi `{id}` dokumentatsioonil pole aadressi: allikas nimetab wiki ruumi „{}“, kuid mitte selle asukohta", space.name),
                        "lisa `url:` protsessi dokumentatsioonile või wiki ruumile, kui aadress on teada",
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::validate::testing::{assert_one, run, valid_with, VALID};

    fn found(yaml: &str) -> Vec<crate::diagnostic::Diagnostic> {
        run(check, yaml)
    }

    #[test]
    fn a_process_without_name_goal_outcome_or_documentation_is_reported_at_its_id() {
        for (part, code) in [
            ("    name: Alpha\n", "completeness/missing-name"),
            (
                "    goals:\n      - Do alpha things.\n",
                "completeness/missing-goal",
            ),
            (
                "    outcomes:\n      - Alpha done.\n",
                "completeness/missing-outcome",
            ),
            (
                "    documentation:\n      space: wiki\n",
                "completeness/missing-documentation",
            ),
        ] {
            let yaml = valid_with(part, "");
            let d = assert_one(&found(&yaml), code, &yaml, "alpha\n");
            assert_eq!(d.record.as_deref(), Some("alpha"), "{code}");
        }
        // A name of spaces only is no name.
        let yaml = valid_with("name: Alpha", "name: \"  \"");
        assert_one(&found(&yaml), "completeness/missing-name", &yaml, "alpha\n");
    }

    #[test]
    fn an_empty_goal_or_outcome_is_reported_at_itself() {
        for item in ["      - Do alpha things.", "      - Alpha done."] {
            let yaml = valid_with(item, &format!("{item}\n      - \" \""));
            assert_one(&found(&yaml), "completeness/empty-text", &yaml, "\" \"");
        }
    }

    #[test]
    fn an_unknown_wiki_space_is_named_with_the_nearest_one() {
        let yaml = valid_with("space: wiki", "space: wikki");
        let d = assert_one(
            &found(&yaml),
            "completeness/unknown-wiki-space",
            &yaml,
            "wikki",
        );
        assert!(d.help.as_deref().unwrap().contains("`wiki`"), "{d:?}");
    }

    #[test]
    fn addresses_that_lead_nowhere_are_bad_urls() {
        for url in ["wiki.example.org/space", "javascript:alert(1)", "https://"] {
            let yaml = valid_with("https://wiki.example.org/space", url);
            assert_one(&found(&yaml), "completeness/bad-url", &yaml, url);
        }
        // The documentation's own address too.
        let yaml = valid_with(
            "      space: wiki\n",
            "      space: wiki\n      url: ftp://x\n",
        );
        assert_one(&found(&yaml), "completeness/bad-url", &yaml, "ftp://x");
    }

    #[test]
    fn an_edit_url_needs_a_path_and_http() {
        for template in ["https://forge.example.org/edit", "file:///{path}"] {
            let yaml = format!("{VALID}settings:\n  edit_url: \"{template}\"\n");
            let quoted = format!("\"{template}\"");
            assert_one(&found(&yaml), "completeness/bad-url", &yaml, &quoted);
        }
        let yaml = format!(
            "{VALID}settings:\n  edit_url: \"https://forge.example.org/edit/{{path}}#L{{line}}\"\n"
        );
        assert!(found(&yaml).is_empty());
    }

    #[test]
    fn documentation_without_any_address_is_a_note_at_the_space() {
        let yaml = valid_with("    url: https://wiki.example.org/space\n", "");
        let d = assert_one(
            &found(&yaml),
            "completeness/no-documentation-url",
            &yaml,
            "wiki\n    reviewed_on",
        );
        assert_eq!(d.severity, crate::diagnostic::Severity::Note);
        // An address on the process's documentation is enough.
        let yaml = valid_with("    url: https://wiki.example.org/space\n", "").replacen(
            "      space: wiki\n",
            "      space: wiki\n      url: https://wiki.example.org/p\n",
            1,
        );
        assert!(found(&yaml).is_empty());
    }
}
