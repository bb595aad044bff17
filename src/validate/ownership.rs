//! Every process has exactly one owner, a role in a unit of a well-formed
//! unit tree.

use std::collections::{HashMap, HashSet};

use super::FILE;
use crate::diagnostic::Diagnostic;
use crate::model::{OwnerField, Register};

/// The closest of `candidates` to `wrong`, when close enough to suggest.
pub fn did_you_mean<'a>(wrong: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (strsim::jaro_winkler(wrong, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

fn suggestion<'a>(wrong: &str, candidates: impl Iterator<Item = &'a str>, kind: &str) -> String {
    match did_you_mean(wrong, candidates) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!("use the id of a {kind} listed under `{kind}s:`, or add it there"),
    }
}

/// [`suggestion`] in Estonian.
fn suggestion_et<'a>(wrong: &str, candidates: impl Iterator<Item = &'a str>, kind: &str) -> String {
    let (list, name) = if kind == "role" {
        ("roles", "rolli")
    } else {
        ("units", "üksuse")
    };
    match did_you_mean(wrong, candidates) {
        Some(best) => format!("kas mõtlesid `{best}`?"),
        None => format!("kasuta mõne `{list}:` all oleva {name} id-d või lisa see sinna"),
    }
}

/// Checks owners, roles and the unit tree.
pub fn check(register: &Register, out: &mut Vec<Diagnostic>) {
    let roles: HashSet<&str> = register.roles.iter().map(|r| r.id.value.as_str()).collect();
    let units: HashMap<&str, Option<&str>> = register
        .units
        .iter()
        .map(|u| {
            (
                u.id.value.as_str(),
                u.parent.as_ref().map(|p| p.value.as_str()),
            )
        })
        .collect();

    for process in &register.processes {
        let id = &process.id.value;
        let Some(owner) = &process.owner else {
            out.push(
                Diagnostic::error(
                    "ownership/missing-owner",
                    format!("process `{id}` has no owner"),
                )
                .record(id)
                .at_span(FILE, &process.id)
                .help(
                    "add `owner: <role id>`: the directive gives every process exactly one owner",
                )
                .et(
                    format!("protsessil `{id}` puudub omanik"),
                    "lisa `owner: <rolli id>`: käskkiri annab igale protsessile täpselt ühe omaniku",
                ),
            );
            continue;
        };
        let owner_id = match &owner.value {
            OwnerField::One(role) => role.as_str(),
            OwnerField::Many(list) if list.len() == 1 => list[0].as_str(),
            OwnerField::Many(list) => {
                out.push(
                    Diagnostic::error(
                        "ownership/multiple-owners",
                        format!("process `{id}` names {} owners; it must have exactly one", list.len()),
                    )
                    .record(id).at_span(FILE, owner)
                    .help("write one role id, e.g. `owner: intsidendihalduse-protsessijuht`; a process with shared responsibility still has one owner")
                    .et(
                        format!("protsessil `{id}` on {} omanikku, aga peab olema täpselt üks", list.len()),
                        "kirjuta üks rolli id, nt `owner: intsidendihalduse-protsessijuht`; ka jagatud vastutusega protsessil on üks omanik",
                    ),
                );
                continue;
            }
        };
        if !roles.contains(owner_id) {
            out.push(
                Diagnostic::error(
                    "ownership/unknown-role",
                    format!("process `{id}` is owned by `{owner_id}`, which is not a role in the register"),
                )
                .record(id).at_span(FILE, owner)
                .help(suggestion(owner_id, roles.iter().copied(), "role"))
                .et(
                    format!("protsessi `{id}` omanik on `{owner_id}`, kuid sellist rolli registris ei ole"),
                    suggestion_et(owner_id, roles.iter().copied(), "role"),
                ),
            );
        }
    }

    for role in &register.roles {
        if !units.contains_key(role.unit.value.as_str()) {
            out.push(
                Diagnostic::error(
                    "ownership/unknown-unit",
                    format!(
                        "role `{}` belongs to unit `{}`, which is not in the register",
                        role.id.value, role.unit.value
                    ),
                )
                .at_span(FILE, &role.unit)
                .help(suggestion(&role.unit.value, units.keys().copied(), "unit"))
                .et(
                    format!(
                        "roll `{}` kuulub üksusesse `{}`, mida registris ei ole",
                        role.id.value, role.unit.value
                    ),
                    suggestion_et(&role.unit.value, units.keys().copied(), "unit"),
                ),
            );
        }
    }

    for unit in &register.units {
        if let Some(parent) = &unit.parent {
            if !units.contains_key(parent.value.as_str()) {
                out.push(
                    Diagnostic::error(
                        "ownership/unknown-parent",
                        format!(
                            "unit `{}` has parent `{}`, which is not in the register",
                            unit.id.value, parent.value
                        ),
                    )
                    .at_span(FILE, parent)
                    .help(suggestion(&parent.value, units.keys().copied(), "unit"))
                    .et(
                        format!(
                            "üksuse `{}` ülemüksus on `{}`, mida registris ei ole",
                            unit.id.value, parent.value
                        ),
                        suggestion_et(&parent.value, units.keys().copied(), "unit"),
                    ),
                );
            }
        }
    }

    // Follow parents from each unit; a unit met twice closes a cycle. Each
    // cycle is reported once, at its first unit in file order.
    let mut reported: HashSet<&str> = HashSet::new();
    for unit in &register.units {
        let start = unit.id.value.as_str();
        let mut path = vec![start];
        let mut current = start;
        while let Some(Some(parent)) = units.get(current) {
            if let Some(pos) = path.iter().position(|u| u == parent) {
                let cycle = &path[pos..];
                if cycle.contains(&start) && cycle.iter().all(|u| !reported.contains(u)) {
                    reported.extend(cycle.iter().copied());
                    let mut shown: Vec<&str> = cycle.to_vec();
                    shown.push(parent);
                    out.push(
                        Diagnostic::error(
                            "ownership/unit-cycle",
                            format!("units form a cycle: {}", shown.join(" → ")),
                        )
                        .at_span(FILE, unit.parent.as_ref().unwrap_or(&unit.id))
                        .help("a unit cannot be inside itself; remove or change one `parent`")
                        .et(
                            format!("üksused moodustavad ringi: {}", shown.join(" → ")),
                            "üksus ei saa olla iseenda sees; eemalda või muuda üks `parent`",
                        ),
                    );
                }
                break;
            }
            path.push(parent);
            current = parent;
        }
    }
}
