//! Finding records by id, and the unit path of a role.

use super::{Process, Register, Role, Unit, WikiSpace};

impl Register {
    /// The role with `id`.
    pub fn role(&self, id: &str) -> Option<&Role> {
        self.roles.iter().find(|r| r.id.value == id)
    }

    /// The unit with `id`.
    pub fn unit(&self, id: &str) -> Option<&Unit> {
        self.units.iter().find(|u| u.id.value == id)
    }

    /// The wiki space with `id`.
    pub fn space(&self, id: &str) -> Option<&WikiSpace> {
        self.wiki_spaces.iter().find(|s| s.id.value == id)
    }

    /// The process with `id`.
    pub fn process(&self, id: &str) -> Option<&Process> {
        self.processes.iter().find(|p| p.id.value == id)
    }

    /// The units from the top of the tree down to `unit_id`. Stops at an
    /// unknown parent or a cycle rather than looping.
    pub fn unit_path(&self, unit_id: &str) -> Vec<&Unit> {
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
    pub fn unit_path_label(&self, unit_id: &str) -> String {
        self.unit_path(unit_id)
            .iter()
            .map(|u| u.name.value.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The edition in force, when exactly one is.
    pub fn directive_in_force(&self) -> Option<&super::Directive> {
        let mut in_force = self.directives.iter().filter(|d| d.repealed_by.is_none());
        match (in_force.next(), in_force.next()) {
            (Some(d), None) => Some(d),
            _ => None,
        }
    }
}

/// The JSON Schema of `processes.yaml`, pretty-printed with a final newline.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(Register);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
