//! Field-by-field differences between two snapshots of the register.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

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
    if same_layout(old, new) {
        // The usual commit: the same processes in the same places, a few of
        // them edited; those not edited are shared and passed by.
        return old
            .processes
            .iter()
            .zip(&new.processes)
            .filter(|(o, n)| !Arc::ptr_eq(o, n))
            .filter_map(|(o, n)| edited(o, n))
            .collect();
    }
    diff_by_id(old, new)
}

/// [`diff`] for any two snapshots: each process of `new` is compared with
/// the first of `old` with its id, or with one it was formerly.
fn diff_by_id(old: &Snapshot, new: &Snapshot) -> Vec<ProcessChange> {
    let mut old_at: HashMap<&str, usize> = HashMap::with_capacity(old.processes.len());
    for (i, p) in old.processes.iter().enumerate() {
        old_at.entry(p.id.as_str()).or_insert(i);
    }
    let new_ids: HashSet<&str> = new.processes.iter().map(|p| p.id.as_str()).collect();
    let mut out = Vec::new();
    let mut matched_old: HashSet<&str> = HashSet::new();
    for process in &new.processes {
        // Renamed: the first process of `old` (in its order) that this one
        // was formerly and that is gone under its old id.
        let previous = old_at.get(process.id.as_str()).or_else(|| {
            process
                .formerly
                .iter()
                .filter(|f| !new_ids.contains(f.as_str()))
                .filter_map(|f| old_at.get(f.as_str()))
                .min()
        });
        match previous.map(|&i| &old.processes[i]) {
            Some(previous) => {
                matched_old.insert(&previous.id);
                out.extend(edited(previous, process));
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
        if !matched_old.contains(process.id.as_str()) {
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

/// Whether `new` holds processes of the same ids in the same places as
/// `old`, each id once: then each process is compared with the one in its
/// place, as matching by id would.
fn same_layout(old: &Snapshot, new: &Snapshot) -> bool {
    old.processes.len() == new.processes.len()
        && old
            .processes
            .iter()
            .zip(&new.processes)
            .all(|(o, n)| Arc::ptr_eq(o, n) || o.id == n.id)
        && {
            let mut seen = HashSet::with_capacity(old.processes.len());
            old.processes.iter().all(|p| seen.insert(p.id.as_str()))
        }
}

/// The change of `process` from `previous`, when a field differs.
fn edited(previous: &ProcessSnapshot, process: &ProcessSnapshot) -> Option<ProcessChange> {
    let fields = process_fields(previous, process);
    (!fields.is_empty()).then(|| ProcessChange {
        process: process.id.clone(),
        previous_id: (previous.id != process.id).then(|| previous.id.clone()),
        name: process.name.clone(),
        fields,
    })
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
            processes: vec![Arc::new(process("a", &["x", "y"], "r1"))],
        };
        let new = Snapshot {
            directive_in_force: None,
            processes: vec![Arc::new(process("a", &["x", "z"], "r2"))],
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
            processes: vec![Arc::new(process("a", &["x"], "r"))],
        };
        let mut renamed = process("b", &["x"], "r");
        renamed.formerly = vec!["a".to_string()];
        renamed.name = "A".to_string();
        let changes = diff(
            &old,
            &Snapshot {
                directive_in_force: None,
                processes: vec![Arc::new(renamed)],
            },
        );
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].previous_id.as_deref(), Some("a"));
        assert_eq!(changes[0].fields[0].kind, ChangeKind::Renamed);
    }

    #[test]
    fn processes_in_place_compare_as_matching_by_id_does() {
        let shared = Arc::new(process("b", &["x"], "r"));
        let old = Snapshot {
            directive_in_force: None,
            processes: vec![
                Arc::new(process("a", &["x"], "r")),
                Arc::clone(&shared),
                Arc::new(process("c", &["y"], "r")),
            ],
        };
        let new = Snapshot {
            directive_in_force: None,
            processes: vec![
                Arc::new(process("a", &["x", "z"], "r")),
                shared,
                Arc::new(process("c", &["y"], "r2")),
            ],
        };
        assert!(same_layout(&old, &new));
        let changes = diff(&old, &new);
        assert_eq!(changes, diff_by_id(&old, &new));
        assert_eq!(changes.len(), 2);
        // Two processes with one id: matched by id, as before.
        let mut twice = old.clone();
        twice.processes[2] = Arc::new(process("a", &["q"], "r"));
        let mut twice_new = twice.clone();
        twice_new.processes[2] = Arc::new(process("a", &["w"], "r"));
        assert!(!same_layout(&twice, &twice_new));
        assert_eq!(diff(&twice, &twice_new), diff_by_id(&twice, &twice_new));
    }

    #[test]
    fn identical_snapshots_have_no_changes() {
        let s = Snapshot {
            directive_in_force: None,
            processes: vec![Arc::new(process("a", &["x"], "r"))],
        };
        assert!(diff(&s, &s.clone()).is_empty());
    }
}
