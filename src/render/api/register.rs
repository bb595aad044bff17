//! The types of `api/register.json`, and building it from the register.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::{
    Date, Origin, Process, Provenance, Register, Review, ReviewState, ReviewSubject, Reviewer,
    UnitKind,
};
use crate::render::{paths, RenderOptions};

/// `api/register.json`: the register with derived facts (status, review
/// states, page addresses relative to the site root).
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "procbook api/register.json")]
pub(crate) struct RegisterJson {
    /// The day review states are computed for.
    #[schemars(with = "Date")]
    pub as_of: String,
    /// Every edition of the directive, in the register's order.
    pub directives: Vec<DirectiveJson>,
    /// Always `procbook-register/1`.
    pub format: String,
    pub organisation: OrganisationJson,
    /// The processes of the annex, in its order.
    pub processes: Vec<ProcessJson>,
    /// Where each exported fact comes from.
    pub provenance: ProvenanceJson,
    pub roles: Vec<RoleJson>,
    pub units: Vec<UnitJson>,
    pub wiki_spaces: Vec<WikiSpaceJson>,
}

/// The issuing organisation.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct OrganisationJson {
    pub name: String,
    pub seat: Option<String>,
    pub short_name: Option<String>,
}

/// Whether an edition is in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum DirectiveStatus {
    InForce,
    Repealed,
}

/// One edition of the directive.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct DirectiveJson {
    pub annex: Option<AnnexJson>,
    /// Date of signature.
    #[schemars(with = "Date")]
    pub date: String,
    pub id: String,
    pub issuer: Option<String>,
    /// Kind of act as the register gives it (e.g. "käskkiri").
    pub kind: Option<String>,
    pub legal_basis: Option<String>,
    pub number: String,
    /// The operative points, in order.
    pub points: Vec<String>,
    /// Id of the edition that repealed this one.
    pub repealed_by: Option<String>,
    /// Date of the repealing edition.
    #[schemars(with = "Option<Date>")]
    pub repealed_on: Option<String>,
    pub signatory: Option<SignatoryJson>,
    pub status: DirectiveStatus,
    pub title: String,
    /// The edition's page, `directives/<id>.html`.
    pub url: String,
}

/// The annex of an edition.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AnnexJson {
    pub approval: Option<String>,
    /// The table's column headers as signed.
    pub columns: Vec<String>,
    pub documentation_note: Option<String>,
    pub intro: String,
    pub label: String,
}

/// Who signed an edition.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct SignatoryJson {
    pub name: String,
    pub position: Option<String>,
    pub signed: Option<String>,
}

/// An organisation unit.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct UnitJson {
    pub id: String,
    pub kind: UnitKind,
    pub name: String,
    /// Id of the enclosing unit.
    pub parent: Option<String>,
}

/// A role that can own processes.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RoleJson {
    pub id: String,
    pub name: String,
    /// Id of the role's unit.
    pub unit: String,
    /// Unit ids from the top of the tree down to the role's unit.
    pub unit_path: Vec<String>,
    /// The role on the owners page, `owners.html#<id>`.
    pub url: String,
}

/// A wiki space.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct WikiSpaceJson {
    pub id: String,
    pub key: Option<String>,
    pub name: String,
    pub url: Option<String>,
}

/// One process of the annex.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ProcessJson {
    pub documentation: Option<DocumentationJson>,
    /// Ids the process had before it was renamed.
    pub formerly: Vec<String>,
    pub goals: Vec<String>,
    pub id: String,
    /// Name as in the annex; null where the register lacks it.
    pub name: Option<String>,
    pub name_en: Option<String>,
    pub outcomes: Vec<String>,
    /// Role id of the owner, when exactly one is given.
    pub owner: Option<String>,
    pub review: Option<ReviewJson>,
    pub review_interval_months: u32,
    /// Every recorded review, oldest first.
    pub reviews: Vec<ReviewEventJson>,
    /// The process's page, `processes/<id>.html`.
    pub url: String,
}

/// Where a process is documented.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct DocumentationJson {
    /// The annex's documentation cell word for word, where the register
    /// records it.
    pub as_signed: Option<String>,
    pub page: Option<String>,
    /// Id of the wiki space.
    pub space: String,
    /// The page's address, else the space's.
    pub url: Option<String>,
}

/// A review deadline.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ReviewJson {
    #[schemars(with = "Date")]
    pub as_of: String,
    /// The review the deadline counts from.
    pub counted_from: CountedFromJson,
    #[schemars(with = "Date")]
    pub due: String,
    pub state: ReviewState,
}

/// The review a deadline counts from: the owner's, or (before any owner
/// review) the maintainers' record of the entry.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CountedFromJson {
    pub by: Reviewer,
    #[schemars(with = "Date")]
    pub date: String,
}

/// A review as it was recorded.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewEventJson {
    /// Role id, or `maintainers`.
    pub by: String,
    #[schemars(with = "Date")]
    pub date: String,
    pub note: Option<String>,
    /// What was reviewed: the entry or its guidelines.
    pub of: ReviewSubject,
    pub reviewer: Reviewer,
}

/// Where each exported fact comes from: the directive, the register's
/// maintainers, or procbook.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProvenanceJson {
    pub fields: Vec<FieldOriginJson>,
    /// The annex row of each process of the edition in force.
    pub processes: Vec<ProcessSourceJson>,
}

/// One exported field with its origin.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldOriginJson {
    /// Path of the field, e.g. `processes[].goals`.
    pub field: String,
    pub origin: Origin,
}

/// Where a process's entry stands in the directive.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProcessSourceJson {
    /// The annex's label, e.g. "LISA 1".
    pub annex: String,
    /// The row of the annex table, from 1.
    pub annex_row: usize,
    /// Id of the edition whose annex lists the process.
    pub directive: String,
    pub id: String,
}

impl RegisterJson {
    /// The export of `register` as of `options.today`.
    pub(crate) fn new(register: &Register, options: &RenderOptions) -> Self {
        RegisterJson {
            as_of: options.today.iso(),
            directives: register
                .directives
                .iter()
                .map(|d| directive(register, d))
                .collect(),
            format: "procbook-register/1".to_string(),
            organisation: OrganisationJson {
                name: register.organisation.name.clone(),
                seat: register.organisation.seat.clone(),
                short_name: register.organisation.short_name.clone(),
            },
            processes: register
                .processes
                .iter()
                .map(|p| process(register, p, options))
                .collect(),
            provenance: provenance(&register.provenance()),
            roles: register
                .roles
                .iter()
                .map(|r| RoleJson {
                    id: r.id.value.clone(),
                    name: r.name.value.clone(),
                    unit: r.unit.value.clone(),
                    unit_path: register
                        .unit_path(&r.unit.value)
                        .iter()
                        .map(|u| u.id.value.clone())
                        .collect(),
                    url: paths::role(&r.id.value),
                })
                .collect(),
            units: register
                .units
                .iter()
                .map(|u| UnitJson {
                    id: u.id.value.clone(),
                    kind: u.kind,
                    name: u.name.value.clone(),
                    parent: u.parent.as_ref().map(|p| p.value.clone()),
                })
                .collect(),
            wiki_spaces: register
                .wiki_spaces
                .iter()
                .map(|s| WikiSpaceJson {
                    id: s.id.value.clone(),
                    key: s.key.clone(),
                    name: s.name.clone(),
                    url: s.url.as_ref().map(|u| u.value.clone()),
                })
                .collect(),
        }
    }
}

fn directive(register: &Register, d: &crate::model::Directive) -> DirectiveJson {
    let repealer = d
        .repealed_by
        .as_ref()
        .and_then(|r| register.directives.iter().find(|x| x.id.value == r.value));
    DirectiveJson {
        annex: d.annex.as_ref().map(|a| AnnexJson {
            approval: a.approval.clone(),
            columns: a.columns.clone(),
            documentation_note: a.documentation_note.clone(),
            intro: a.intro.clone(),
            label: a.label.clone(),
        }),
        date: d.date.value.iso(),
        id: d.id.value.clone(),
        issuer: d.issuer.clone(),
        kind: d.kind.clone(),
        legal_basis: d.legal_basis.clone(),
        number: d.number.clone(),
        points: d.points.clone(),
        repealed_by: d.repealed_by.as_ref().map(|r| r.value.clone()),
        repealed_on: repealer.map(|r| r.date.value.iso()),
        signatory: d.signatory.as_ref().map(|s| SignatoryJson {
            name: s.name.clone(),
            position: s.position.clone(),
            signed: s.signed.clone(),
        }),
        status: if d.repealed_by.is_some() {
            DirectiveStatus::Repealed
        } else {
            DirectiveStatus::InForce
        },
        title: d.title.clone(),
        url: paths::directive(&d.id.value),
    }
}

fn provenance(table: &Provenance) -> ProvenanceJson {
    ProvenanceJson {
        fields: table
            .fields
            .iter()
            .map(|f| FieldOriginJson {
                field: f.field.to_string(),
                origin: f.origin,
            })
            .collect(),
        processes: table
            .processes
            .iter()
            .map(|p| ProcessSourceJson {
                annex: p.annex.clone(),
                annex_row: p.annex_row,
                directive: p.directive.clone(),
                id: p.id.clone(),
            })
            .collect(),
    }
}

fn process(register: &Register, p: &Process, options: &RenderOptions) -> ProcessJson {
    let space = p
        .documentation
        .as_ref()
        .and_then(|d| register.space(&d.space.value));
    ProcessJson {
        documentation: p.documentation.as_ref().map(|d| DocumentationJson {
            as_signed: d.as_signed.as_ref().map(|c| c.value.clone()),
            page: d.page.clone(),
            space: d.space.value.clone(),
            url: d
                .url
                .as_ref()
                .map(|u| u.value.clone())
                .or_else(|| space.and_then(|s| s.url.as_ref()).map(|u| u.value.clone())),
        }),
        formerly: p.formerly.clone(),
        goals: p.goals.iter().map(|g| g.value.clone()).collect(),
        id: p.id.value.clone(),
        name: p.name.as_ref().map(|n| n.value.clone()),
        name_en: p.name_en.clone(),
        outcomes: p.outcomes.iter().map(|o| o.value.clone()).collect(),
        owner: p.owner_id().map(str::to_string),
        review: Review::of_process(p, &register.settings, options.today).map(|r| ReviewJson {
            as_of: options.today.iso(),
            counted_from: CountedFromJson {
                by: r.basis,
                date: r.reviewed_on.iso(),
            },
            due: r.due.iso(),
            state: r.state,
        }),
        review_interval_months: p.interval_months(&register.settings),
        reviews: p
            .review_events(None)
            .into_iter()
            .map(|e| ReviewEventJson {
                by: e.by,
                date: e.date.iso(),
                note: e.note,
                of: e.of,
                reviewer: e.reviewer,
            })
            .collect(),
        url: paths::process(&p.id.value),
    }
}
