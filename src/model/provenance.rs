//! Where each published fact comes from: the directive (an edition and a
//! row of its annex), the register (kept by its maintainers), or procbook
//! (computed from the other two). Pages label facts a reader could take for
//! the directive's, and `api/register.json` carries the same table.

use serde::Serialize;

use super::Register;

/// The origin of a fact.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// Words of the directive or its annex, as signed.
    Directive,
    /// Kept by the register's maintainers: ids, unit kinds, English names
    /// (unofficial translations), review records and the review interval.
    Register,
    /// Computed by procbook from the other two: review deadlines and states,
    /// whether an edition is in force, page addresses.
    Derived,
}

/// Every field of `api/register.json` (paths as written there) with its
/// origin. Fields not listed are the export's own framing.
pub(super) const FIELDS: &[(&str, Origin)] = &[
    ("organisation.name", Origin::Directive),
    ("organisation.short_name", Origin::Directive),
    ("organisation.seat", Origin::Directive),
    ("directives[].id", Origin::Register),
    ("directives[].number", Origin::Directive),
    ("directives[].kind", Origin::Directive),
    ("directives[].title", Origin::Directive),
    ("directives[].date", Origin::Directive),
    ("directives[].issuer", Origin::Directive),
    ("directives[].legal_basis", Origin::Directive),
    ("directives[].signatory", Origin::Directive),
    ("directives[].points", Origin::Directive),
    ("directives[].annex", Origin::Directive),
    // Point 3 of the repealing edition names the edition it repeals.
    ("directives[].repealed_by", Origin::Directive),
    // The day the repealing edition was signed: the directive states no
    // day on which it takes effect.
    ("directives[].repealed_on", Origin::Derived),
    ("directives[].status", Origin::Derived),
    ("directives[].url", Origin::Derived),
    ("units[].id", Origin::Register),
    ("units[].name", Origin::Directive),
    ("units[].kind", Origin::Register),
    ("units[].parent", Origin::Register),
    ("roles[].id", Origin::Register),
    ("roles[].name", Origin::Directive),
    ("roles[].unit", Origin::Directive),
    ("roles[].unit_path", Origin::Derived),
    ("roles[].url", Origin::Derived),
    ("wiki_spaces[].id", Origin::Register),
    ("wiki_spaces[].key", Origin::Register),
    ("wiki_spaces[].name", Origin::Directive),
    ("wiki_spaces[].url", Origin::Directive),
    ("processes[].id", Origin::Register),
    ("processes[].formerly", Origin::Register),
    ("processes[].name", Origin::Directive),
    ("processes[].name_en", Origin::Register),
    ("processes[].goals", Origin::Directive),
    ("processes[].outcomes", Origin::Directive),
    ("processes[].owner", Origin::Directive),
    ("processes[].documentation", Origin::Directive),
    ("processes[].reviews", Origin::Register),
    ("processes[].review_interval_months", Origin::Register),
    ("processes[].review", Origin::Derived),
    ("processes[].url", Origin::Derived),
];

/// Where a process's entry comes from in the directive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProcessSource {
    /// The process's id.
    pub id: String,
    /// Id of the edition whose annex lists the process.
    pub directive: String,
    /// The annex's label, e.g. "LISA 1".
    pub annex: String,
    /// The row of the annex table, from 1.
    pub annex_row: usize,
}

/// The provenance table of a register, as exported.
#[derive(Debug, Clone, Serialize)]
pub struct Provenance {
    /// Each field of the export with its origin.
    pub fields: Vec<FieldOrigin>,
    /// The annex row of each process, in register order; empty when no
    /// edition with an annex is in force.
    pub processes: Vec<ProcessSource>,
}

/// One field with its origin.
#[derive(Debug, Clone, Serialize)]
pub struct FieldOrigin {
    /// Path of the field in `api/register.json`, e.g. `processes[].goals`.
    pub field: &'static str,
    /// Where its value comes from.
    pub origin: Origin,
}

impl Register {
    /// Where the process with `id` stands in the annex of the edition in
    /// force.
    pub fn source_of(&self, id: &str) -> Option<ProcessSource> {
        self.process_source(self.process_index(id)?)
    }

    /// Where process `index` (in register order) stands in the annex of
    /// the edition in force, if there is one with an annex.
    pub fn process_source(&self, index: usize) -> Option<ProcessSource> {
        let directive = self.directive_in_force()?;
        let annex = directive.annex.as_ref()?;
        let process = self.processes.get(index)?;
        Some(ProcessSource {
            id: process.id.value.clone(),
            directive: directive.id.value.clone(),
            annex: annex.label.clone(),
            annex_row: index + 1,
        })
    }

    /// The provenance table of this register.
    pub fn provenance(&self) -> Provenance {
        Provenance {
            fields: FIELDS
                .iter()
                .map(|(field, origin)| FieldOrigin {
                    field,
                    origin: *origin,
                })
                .collect(),
            processes: (0..self.processes.len())
                .filter_map(|i| self.process_source(i))
                .collect(),
        }
    }
}
