//! Field-by-field differences between two snapshots of the register.

use serde::{Deserialize, Serialize};

use super::snapshot::{ProcessSnapshot, Snapshot};

/// What kind of change a field saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    ProcessAdded,
    ProcessRemoved,
    Renamed,
    NameChanged,
    GoalAdded,
    GoalRemoved,
    GoalChanged,
    OutcomeAdded,
    OutcomeRemoved,
    OutcomeChanged,
    OwnerChanged,
    DocumentationChanged,
    ReviewIntervalChanged,
    Reviewed,
    /// A guidelines page was added, changed or removed (`to` / `from` is
    /// its file name).
    GuidelinesAdded,
    GuidelinesChanged,
    GuidelinesRemoved,
}

impl ChangeKind {
    /// Stable snake_case name (also the key of its UI string, `change_<name>`).
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::ProcessAdded => "process_added",
            ChangeKind::ProcessRemoved => "process_removed",
            ChangeKind::Renamed => "renamed",
            ChangeKind::NameChanged => "name_changed",
            ChangeKind::GoalAdded => "goal_added",
            ChangeKind::GoalRemoved => "goal_removed",
            ChangeKind::GoalChanged => "goal_changed",
            ChangeKind::OutcomeAdded => "outcome_added",
            ChangeKind::OutcomeRemoved => "outcome_removed",
            ChangeKind::OutcomeChanged => "outcome_changed",
            ChangeKind::OwnerChanged => "owner_changed",
            ChangeKind::DocumentationChanged => "documentation_changed",
            ChangeKind::ReviewIntervalChanged => "review_interval_changed",
            ChangeKind::Reviewed => "reviewed",
            ChangeKind::GuidelinesAdded => "guidelines_added",
            ChangeKind::GuidelinesChanged => "guidelines_changed",
            ChangeKind::GuidelinesRemoved => "guidelines_removed",
        }
    }
}

/// One changed field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub kind: ChangeKind,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// The changes of one process in one commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcessChange {
    /// The process's id after the change (before it, for a removal).
    pub process: String,
    /// Its id before the change, when it was renamed.
    pub previous_id: Option<String>,
    /// Its name after the change.
    pub name: String,
    pub fields: Vec<FieldChange>,
}

fn field(kind: ChangeKind, from: Option<&str>, to: Option<&str>) -> FieldChange {
    FieldChange {
        kind,
        from: from.map(str::to_string),
        to: to.map(str::to_string),
    }
}

/// Differences between two lists of texts: pairs at the same position that
/// both changed are "changed", the rest "added" or "removed".
fn list_changes(
    old: &[String],
    new: &[String],
    added: ChangeKind,
    removed: ChangeKind,
    changed: ChangeKind,
    out: &mut Vec<FieldChange>,
) {
    let gone: Vec<(usize, &String)> = old
        .iter()
        .enumerate()
        .filter(|(_, t)| !new.contains(t))
        .collect();
    let came: Vec<(usize, &String)> = new
        .iter()
        .enumerate()
        .filter(|(_, t)| !old.contains(t))
        .collect();
    let mut paired_new = Vec::new();
    for (i, old_text) in &gone {
        match came.iter().find(|(j, _)| j == i) {
            Some((j, new_text)) => {
                paired_new.push(*j);
                out.push(field(changed, Some(old_text), Some(new_text)));
            }
            None => out.push(field(removed, Some(old_text), None)),
        }
    }
    for (j, new_text) in &came {
        if !paired_new.contains(j) {
            out.push(field(added, None, Some(new_text)));
        }
    }
}

fn process_fields(old: &ProcessSnapshot, new: &ProcessSnapshot) -> Vec<FieldChange> {
    let mut out = Vec::new();
    if old.id != new.id {
        out.push(field(ChangeKind::Renamed, Some(&old.id), Some(&new.id)));
    }
    if old.name != new.name {
        out.push(field(
            ChangeKind::NameChanged,
            Some(&old.name),
            Some(&new.name),
        ));
    }
    list_changes(
        &old.goals,
        &new.goals,
        ChangeKind::GoalAdded,
        ChangeKind::GoalRemoved,
        ChangeKind::GoalChanged,
        &mut out,
    );
    list_changes(
        &old.outcomes,
        &new.outcomes,
        ChangeKind::OutcomeAdded,
        ChangeKind::OutcomeRemoved,
        ChangeKind::OutcomeChanged,
        &mut out,
    );
    if old.owner != new.owner {
        out.push(field(
            ChangeKind::OwnerChanged,
            old.owner.as_deref(),
            new.owner.as_deref(),
        ));
    }
    if old.documentation != new.documentation {
        out.push(field(
            ChangeKind::DocumentationChanged,
            old.documentation.as_deref(),
            new.documentation.as_deref(),
        ));
    }
    if old.review_interval_months != new.review_interval_months {
        let show = |m: Option<u32>| m.map(|m| m.to_string());
        out.push(field(
            ChangeKind::ReviewIntervalChanged,
            show(old.review_interval_months).as_deref(),
            show(new.review_interval_months).as_deref(),
        ));
    }
    if old.reviewed_on != new.reviewed_on {
        out.push(field(
            ChangeKind::Reviewed,
            old.reviewed_on.as_deref(),
            new.reviewed_on.as_deref(),
        ));
    }
    out
}

/// What changed from `old` to `new`, process by process, in `new`'s order
/// with removals last. A process in `new` that lists an id of `old` under
/// `formerly` is the same process renamed, not a removal and an addition.
pub fn diff(old: &Snapshot, new: &Snapshot) -> Vec<ProcessChange> {
    let mut out = Vec::new();
    let mut matched_old: Vec<&str> = Vec::new();
    for process in &new.processes {
        let previous = old
            .processes
            .iter()
            .find(|p| p.id == process.id)
            .or_else(|| {
                old.processes.iter().find(|p| {
                    process.formerly.contains(&p.id) && !new.processes.iter().any(|n| n.id == p.id)
                })
            });
        match previous {
            Some(previous) => {
                matched_old.push(&previous.id);
                let fields = process_fields(previous, process);
                if !fields.is_empty() {
                    out.push(ProcessChange {
                        process: process.id.clone(),
                        previous_id: (previous.id != process.id).then(|| previous.id.clone()),
                        name: process.name.clone(),
                        fields,
                    });
                }
            }
            None => out.push(ProcessChange {
                process: process.id.clone(),
                previous_id: None,
                name: process.name.clone(),
                fields: vec![field(ChangeKind::ProcessAdded, None, Some(&process.name))],
            }),
        }
    }
    for process in &old.processes {
        if !matched_old.contains(&process.id.as_str()) {
            out.push(ProcessChange {
                process: process.id.clone(),
                previous_id: None,
                name: process.name.clone(),
                fields: vec![field(ChangeKind::ProcessRemoved, Some(&process.name), None)],
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn process(id: &str, goals: &[&str], owner: &str) -> ProcessSnapshot {
        ProcessSnapshot {
            id: id.to_string(),
            formerly: Vec::new(),
            name: id.to_uppercase(),
            goals: goals.iter().map(|g| g.to_string()).collect(),
            outcomes: Vec::new(),
            owner: Some(owner.to_string()),
            documentation: None,
            reviewed_on: None,
            review_interval_months: None,
        }
    }

    #[test]
    fn changed_goal_and_owner_are_fields() {
        let old = Snapshot {
            directive_in_force: None,
            processes: vec![process("a", &["x", "y"], "r1")],
        };
        let new = Snapshot {
            directive_in_force: None,
            processes: vec![process("a", &["x", "z"], "r2")],
        };
        let changes = diff(&old, &new);
        let kinds: Vec<_> = changes[0].fields.iter().map(|f| f.kind).collect();
        assert_eq!(
            kinds,
            vec![ChangeKind::GoalChanged, ChangeKind::OwnerChanged]
        );
        assert_eq!(changes[0].fields[0].from.as_deref(), Some("y"));
    }

    #[test]
    fn rename_through_formerly_is_one_process() {
        let old = Snapshot {
            directive_in_force: None,
            processes: vec![process("a", &["x"], "r")],
        };
        let mut renamed = process("b", &["x"], "r");
        renamed.formerly = vec!["a".to_string()];
        renamed.name = "A".to_string();
        let changes = diff(
            &old,
            &Snapshot {
                directive_in_force: None,
                processes: vec![renamed],
            },
        );
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].previous_id.as_deref(), Some("a"));
        assert_eq!(changes[0].fields[0].kind, ChangeKind::Renamed);
    }

    #[test]
    fn identical_snapshots_have_no_changes() {
        let s = Snapshot {
            directive_in_force: None,
            processes: vec![process("a", &["x"], "r")],
        };
        assert!(diff(&s, &s.clone()).is_empty());
    }
}
