//! Finding records by id, and the unit path of a role.
//!
//! Lookups go through an index built on first use, so that rendering a
//! register of 10,000 processes and thousands of roles stays linear: a
//! search along the list for every process's owner would not.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::{Process, Register, Role, Unit, WikiSpace};

/// Position of the first record with each id, per kind of record. The
/// register is never changed after loading, so the index cannot go stale.
#[derive(Debug, Default)]
pub(super) struct Index {
    roles: OnceLock<HashMap<String, usize>>,
    units: OnceLock<HashMap<String, usize>>,
    spaces: OnceLock<HashMap<String, usize>>,
    processes: OnceLock<HashMap<String, usize>>,
}

/// Looks `id` up in `index`, building it from `ids` on first use; the
/// first of several records with the same id wins, as a search would.
fn position<'a>(
    index: &OnceLock<HashMap<String, usize>>,
    ids: impl Iterator<Item = &'a str>,
    id: &str,
) -> Option<usize> {
    let map = index.get_or_init(|| {
        let mut map = HashMap::new();
        for (at, id) in ids.enumerate() {
            map.entry(id.to_string()).or_insert(at);
        }
        map
    });
    map.get(id).copied()
}

impl Register {
    /// The role with `id`.
    pub(crate) fn role(&self, id: &str) -> Option<&Role> {
        let ids = self.roles.iter().map(|r| r.id.value.as_str());
        position(&self.index.roles, ids, id).map(|at| &self.roles[at])
    }

    /// The unit with `id`.
    pub(crate) fn unit(&self, id: &str) -> Option<&Unit> {
        let ids = self.units.iter().map(|u| u.id.value.as_str());
        position(&self.index.units, ids, id).map(|at| &self.units[at])
    }

    /// The wiki space with `id`.
    pub(crate) fn space(&self, id: &str) -> Option<&WikiSpace> {
        let ids = self.wiki_spaces.iter().map(|s| s.id.value.as_str());
        position(&self.index.spaces, ids, id).map(|at| &self.wiki_spaces[at])
    }

    /// The process with `id`.
    pub(crate) fn process(&self, id: &str) -> Option<&Process> {
        let ids = self.processes.iter().map(|p| p.id.value.as_str());
        position(&self.index.processes, ids, id).map(|at| &self.processes[at])
    }

    /// Where the process with `id` is in `processes` (its annex row less one).
    pub fn process_index(&self, id: &str) -> Option<usize> {
        let ids = self.processes.iter().map(|p| p.id.value.as_str());
        position(&self.index.processes, ids, id)
    }

    /// The units from the top of the tree down to `unit_id`. Stops at an
    /// unknown parent or a cycle rather than looping.
    pub(crate) fn unit_path(&self, unit_id: &str) -> Vec<&Unit> {
        let mut path: Vec<&Unit> = Vec::new();
        let mut current = self.unit(unit_id);
        while let Some(unit) = current {
            if path.iter().any(|u| u.id.value == unit.id.value) {
                break;
            }
            path.push(unit);
            current = unit.parent.as_ref().and_then(|p| self.unit(&p.value));
        }
        path.reverse();
        path
    }

    /// "Unit, subunit, group" for a role's unit, as the annex writes it.
    pub(crate) fn unit_path_label(&self, unit_id: &str) -> String {
        self.unit_path(unit_id)
            .iter()
            .map(|u| u.name.value.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The edition in force, when exactly one is.
    pub(crate) fn directive_in_force(&self) -> Option<&super::Directive> {
        let mut in_force = self.directives.iter().filter(|d| d.repealed_by.is_none());
        match (in_force.next(), in_force.next()) {
            (Some(d), None) => Some(d),
            _ => None,
        }
    }
}

/// The JSON Schema of `processes.yaml`, pretty-printed with a final newline.
pub(crate) fn json_schema() -> String {
    let schema = schemars::schema_for!(Register);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
