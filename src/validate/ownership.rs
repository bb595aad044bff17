//! Every process has exactly one owner, a role in a unit of a well-formed
//! unit tree.

use std::collections::{HashMap, HashSet};

use super::FILE;
use crate::diagnostic::Diagnostic;
use crate::model::{did_you_mean, OwnerField, Register, UnitKind};

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
pub(crate) fn check(register: &Register, out: &mut Vec<Diagnostic>) {
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

    let in_cycle = check_cycles(register, &units, out);
    check_levels(register, &in_cycle, out);
}

/// Reports each cycle of parents and returns the units in one.
fn check_cycles<'a>(
    register: &'a Register,
    units: &HashMap<&'a str, Option<&'a str>>,
    out: &mut Vec<Diagnostic>,
) -> HashSet<&'a str> {
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
    reported
}

/// Units nest valdkond > osakond > grupp: a unit's parent is of a higher
/// level. Units in a cycle are reported as the cycle only.
fn check_levels(register: &Register, in_cycle: &HashSet<&str>, out: &mut Vec<Diagnostic>) {
    for unit in &register.units {
        let Some(parent_id) = &unit.parent else {
            continue;
        };
        let Some(parent) = register.unit(&parent_id.value) else {
            continue; // ownership/unknown-parent
        };
        if in_cycle.contains(unit.id.value.as_str()) || parent.kind.may_contain(unit.kind) {
            continue;
        }
        let (kind, parent_kind) = (unit.kind.as_str(), parent.kind.as_str());
        let allowed = match unit.kind {
            UnitKind::Valdkond => "a valdkond is at the top and has no parent".to_string(),
            UnitKind::Osakond => "an osakond can only be in a valdkond".to_string(),
            UnitKind::Grupp => "a grupp can only be in an osakond or a valdkond".to_string(),
        };
        out.push(
            Diagnostic::error(
                "ownership/unit-level",
                format!(
                    "{kind} `{}` is inside {parent_kind} `{}`, but {allowed}",
                    unit.id.value, parent.id.value
                ),
            )
            .at_span(FILE, parent_id)
            .help("units nest valdkond > osakond > grupp: give the unit a parent of a higher level, or correct the `kind` of one of them"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::testing::{assert_one, run, valid_with};

    fn found(yaml: &str) -> Vec<crate::diagnostic::Diagnostic> {
        run(check, yaml)
    }

    #[test]
    fn a_process_has_exactly_one_owner_and_it_is_a_role() {
        let yaml = valid_with("    owner: lead\n", "");
        assert_one(&found(&yaml), "ownership/missing-owner", &yaml, "alpha\n");
        // A list of one is one owner.
        assert!(found(&valid_with("owner: lead", "owner: [lead]")).is_empty());
        let yaml = valid_with("owner: lead", "owner: [lead, lead]");
        let d = assert_one(
            &found(&yaml),
            "ownership/multiple-owners",
            &yaml,
            "[lead, lead]",
        );
        assert!(d.message.contains("2 owners"), "{}", d.message);
        let yaml = valid_with("owner: lead", "owner: laed");
        let d = assert_one(&found(&yaml), "ownership/unknown-role", &yaml, "laed");
        assert!(d.help.as_deref().unwrap().contains("`lead`"), "{d:?}");
        assert_eq!(d.record.as_deref(), Some("alpha"));
    }

    #[test]
    fn a_role_sits_in_a_unit_and_a_unit_under_one_that_exists() {
        let yaml = valid_with("unit: dept", "unit: dpet");
        let d = assert_one(&found(&yaml), "ownership/unknown-unit", &yaml, "dpet");
        assert!(d.help.as_deref().unwrap().contains("`dept`"), "{d:?}");
        let yaml = valid_with(
            "    kind: osakond\n",
            "    kind: osakond\n    parent: area\n",
        );
        assert_one(&found(&yaml), "ownership/unknown-parent", &yaml, "area");
    }

    /// The `ownership/unit-level` diagnostics of a register with a unit of
    /// `inner` kind inside one of `outer` kind.
    fn level_errors(outer: &str, inner: &str) -> Vec<Diagnostic> {
        let text = format!(
            "organisation:\n  name: X\nunits:\n  - id: outer\n    name: Outer\n    kind: {outer}\n  - id: inner\n    name: Inner\n    kind: {inner}\n    parent: outer\n"
        );
        let register = crate::load::parse_register_text(&text).expect("parses");
        let mut out = Vec::new();
        check(&register, &mut out);
        out.retain(|d| d.code == "ownership/unit-level");
        out
    }

    #[test]
    fn a_unit_sits_only_inside_a_higher_level() {
        let levels = ["valdkond", "osakond", "grupp"];
        for (o, outer) in levels.iter().enumerate() {
            for (i, inner) in levels.iter().enumerate() {
                let errors = level_errors(outer, inner);
                if o < i {
                    assert!(errors.is_empty(), "{inner} in {outer}: {errors:?}");
                } else {
                    assert_eq!(errors.len(), 1, "{inner} in {outer}");
                    let d = &errors[0];
                    assert!(
                        d.message
                            .contains(&format!("{inner} `inner` is inside {outer} `outer`")),
                        "{}",
                        d.message
                    );
                    let at = d.location.as_ref().expect("a place");
                    assert_eq!((at.line, at.column), (10, 13), "{inner} in {outer}");
                }
            }
        }
    }

    #[test]
    fn a_cycle_is_reported_as_a_cycle_only() {
        let text = "organisation:\n  name: X\nunits:\n  - id: a\n    name: A\n    kind: grupp\n    parent: b\n  - id: b\n    name: B\n    kind: grupp\n    parent: a\n";
        let register = crate::load::parse_register_text(text).expect("parses");
        let mut out = Vec::new();
        check(&register, &mut out);
        let codes: Vec<&str> = out.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["ownership/unit-cycle"]);
    }
}
