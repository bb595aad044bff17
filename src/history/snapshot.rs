//! What history compares: the facts of each process at one commit, read
//! from the parsed register, so that reformatting the YAML is no change.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::model::Register;

/// A process as it stood at one commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcessSnapshot {
    pub id: String,
    pub formerly: Vec<String>,
    pub name: String,
    pub goals: Vec<String>,
    pub outcomes: Vec<String>,
    /// Owner role's name (its id where the role is unknown).
    pub owner: Option<String>,
    /// Documentation location as one readable string.
    pub documentation: Option<String>,
    pub reviewed_on: Option<String>,
    pub review_interval_months: Option<u32>,
}

/// Every process at one commit, in register order. A process that did not
/// change from one commit to the next is shared between their snapshots
/// (most commits change one process of thousands), which also lets the
/// comparison pass it by without looking at its fields.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    pub processes: Vec<Arc<ProcessSnapshot>>,
    /// Id of the directive edition in force.
    #[serde(default)]
    pub directive_in_force: Option<String>,
}

impl Snapshot {
    /// Takes the facts history tracks from `register`.
    pub fn of(register: &Register) -> Snapshot {
        Snapshot::of_parts(register, register.processes.iter())
    }

    /// Takes the facts from `processes`, resolving role and space names in
    /// `context` (a register whose own process list is ignored).
    pub fn of_parts<'a>(
        context: &Register,
        processes: impl Iterator<Item = &'a crate::model::Process>,
    ) -> Snapshot {
        Snapshot {
            processes: processes
                .map(|p| Arc::new(ProcessSnapshot::of(context, p)))
                .collect(),
            directive_in_force: Snapshot::directive_of(context),
        }
    }

    /// Id of the edition in force in `register`.
    pub fn directive_of(register: &Register) -> Option<String> {
        register.directive_in_force().map(|d| d.id.value.clone())
    }
}

impl ProcessSnapshot {
    /// The facts of `p`, resolving role and space names in `register`.
    pub fn of(register: &Register, p: &crate::model::Process) -> ProcessSnapshot {
        let owner = p.owner_id().map(|id| {
            register
                .role(id)
                .map_or_else(|| id.to_string(), |r| r.name.value.clone())
        });
        let documentation = p.documentation.as_ref().map(|d| {
            let space = register
                .space(&d.space.value)
                .map_or_else(|| d.space.value.clone(), |s| s.name.clone());
            let mut text = space;
            if let Some(page) = &d.page {
                text.push_str(" / ");
                text.push_str(page);
            }
            if let Some(url) = &d.url {
                text.push_str(&format!(" <{}>", url.value));
            }
            text
        });
        ProcessSnapshot {
            id: p.id.value.clone(),
            formerly: p.formerly.clone(),
            name: p.display_name().to_string(),
            goals: p.goals.iter().map(|g| g.value.clone()).collect(),
            outcomes: p.outcomes.iter().map(|o| o.value.clone()).collect(),
            owner,
            documentation,
            // Owner reviews of the entry only: a maintainers' check is no
            // review by the owner.
            reviewed_on: p
                .review_events(None)
                .iter()
                .rev()
                .find(|e| {
                    e.reviewer == crate::model::Reviewer::Owner
                        && e.of == crate::model::ReviewSubject::Entry
                })
                .map(|e| e.date.iso()),
            review_interval_months: p.review_interval_months,
        }
    }
}
