//! The register as the directive describes it: editions, organisation units,
//! roles, wiki spaces and processes.
//!
//! These types are what `processes.yaml` deserialises into. Fields that a
//! diagnostic may point at are [`Spanned`] so validation can name a line and
//! column; fields that are required by the directive but may be missing from
//! an owner's draft are `Option` so that the validator, not the parser,
//! explains what is missing and how to fix it.

mod date;
mod lookup;
mod names;
mod provenance;
mod review;
mod reviews;
mod site;
pub mod text;

pub use date::{no_such_day, Date};
pub(crate) use lookup::json_schema;
pub(crate) use names::{did_you_mean, edit_url_problem, url_problem};
pub use provenance::{FieldOrigin, Origin, ProcessSource, Provenance};
pub use review::{Review, ReviewState};
pub use reviews::{ReviewEvent, ReviewRecord, ReviewSubject, Reviewer, MAINTAINERS};
pub use site::{guideline_pages, Asset, Page, PageTarget, Site};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
pub use serde_saphyr::Spanned;

/// The whole of `processes.yaml`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "procbook register (processes.yaml)")]
pub struct Register {
    /// Site-wide defaults.
    #[serde(default)]
    pub settings: Settings,
    /// The organisation that issued the directive.
    pub organisation: Organisation,
    /// Every edition of the directive, in force or repealed.
    #[serde(default)]
    pub directives: Vec<Directive>,
    /// Organisation units (valdkond > osakond > grupp) that hold owner roles.
    #[serde(default)]
    pub units: Vec<Unit>,
    /// Positions (ametikoht) that own processes.
    #[serde(default)]
    pub roles: Vec<Role>,
    /// Wiki spaces where process documentation lives.
    #[serde(default)]
    pub wiki_spaces: Vec<WikiSpace>,
    /// The cross-agency processes of the annex, in the annex's order.
    #[serde(default)]
    pub processes: Vec<Process>,
    /// Diagnostics the register accepts on purpose, each for one entry and
    /// with the reason (e.g. a gap in the directive the register must not
    /// fill). An accepted diagnostic is still shown, as accepted.
    #[serde(default)]
    pub accept: Vec<Acceptance>,
    /// Where each id is in the lists above, built on the first lookup.
    #[serde(skip)]
    #[schemars(skip)]
    index: lookup::Index,
}

/// Site-wide defaults.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Months between reviews unless a process sets its own interval.
    #[serde(default = "default_review_interval")]
    pub review_interval_months: u32,
    /// A review due within this many days is reported as a warning.
    #[serde(default = "default_due_soon_days")]
    pub due_soon_days: u32,
    /// Address of the forge's web editor for a file, with `{path}` (the
    /// file, relative to the site root) and `{line}`, e.g.
    /// `https://gitlab.example.org/group/register/-/edit/main/{path}#L{line}`.
    /// Process pages then link to their entry and guidelines; unset, there
    /// is no edit link.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub edit_url: Option<Spanned<String>>,
}

fn default_review_interval() -> u32 {
    12
}

fn default_due_soon_days() -> u32 {
    30
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            review_interval_months: default_review_interval(),
            due_soon_days: default_due_soon_days(),
            edit_url: None,
        }
    }
}

/// The issuing organisation.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// Full name, e.g. "Siseministeeriumi infotehnoloogia- ja arenduskeskus".
    pub name: String,
    /// Abbreviation, e.g. "SMIT".
    pub short_name: Option<String>,
    /// Seat (the place a directive is issued at), e.g. "Tallinn".
    pub seat: Option<String>,
}

/// One edition of the directive. An edition without `repealed_by` is in force.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Directive {
    /// Slug used in URLs and references, e.g. `kaskkiri-1-1-61`.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// The number as printed, e.g. `1-1/61`.
    pub number: String,
    /// Date of signature (YYYY-MM-DD).
    #[schemars(with = "Date")]
    pub date: Spanned<Date>,
    /// Kind of act, e.g. "käskkiri".
    pub kind: Option<String>,
    /// Title of the act.
    pub title: String,
    /// Issuing body.
    pub issuer: Option<String>,
    /// The legal provision the act is issued under.
    pub legal_basis: Option<String>,
    /// Who signed it.
    pub signatory: Option<Signatory>,
    /// The operative points, in order.
    #[serde(default)]
    pub points: Vec<String>,
    /// The annex that lists the processes.
    pub annex: Option<Annex>,
    /// Id of the edition that repealed this one.
    #[schemars(with = "Option<String>")]
    pub repealed_by: Option<Spanned<String>>,
}

/// The signatory of an edition.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Signatory {
    /// Name of the person.
    pub name: String,
    /// Position held, e.g. "peadirektor".
    pub position: Option<String>,
    /// How it was signed, as printed, e.g. "allkirjastatud digitaalselt".
    pub signed: Option<String>,
}

/// The annex of an edition.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Annex {
    /// Label as printed, e.g. "LISA 1".
    pub label: String,
    /// The approval block, as printed, one line of the source per line
    /// (e.g. "KINNITATUD", "SMIT 05.05.2025", "peadirektori käskkirjaga nr
    /// 1-1/61").
    pub approval: Option<String>,
    /// The annex's opening sentence.
    pub intro: String,
    /// Where the documentation of the processes is kept, as printed.
    pub documentation_note: Option<String>,
    /// The table's column headers as printed (process, goal and outcome,
    /// owner, documentation). Without them the annex page uses the
    /// interface's own headers.
    #[serde(default)]
    pub columns: Vec<String>,
}

/// The level of an organisation unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum UnitKind {
    /// Domain.
    Valdkond,
    /// Department.
    Osakond,
    /// Group.
    Grupp,
}

impl UnitKind {
    /// The Estonian word, as it appears in the data.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            UnitKind::Valdkond => "valdkond",
            UnitKind::Osakond => "osakond",
            UnitKind::Grupp => "grupp",
        }
    }

    /// Whether a unit of this level may hold a unit of level `inner`: the
    /// levels nest valdkond > osakond > grupp, and a level may be skipped
    /// (a grupp directly in a valdkond) but never turned around.
    pub(crate) fn may_contain(self, inner: UnitKind) -> bool {
        self.depth() < inner.depth()
    }

    fn depth(self) -> u8 {
        match self {
            UnitKind::Valdkond => 0,
            UnitKind::Osakond => 1,
            UnitKind::Grupp => 2,
        }
    }
}

/// An organisation unit.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// Slug.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// Name as printed.
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// Level in the hierarchy.
    pub kind: UnitKind,
    /// Id of the enclosing unit.
    #[schemars(with = "Option<String>")]
    pub parent: Option<Spanned<String>>,
}

/// A position (ametikoht) in a unit.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// Slug; processes name their owner by this id.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// Name as printed.
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// Id of the unit the role belongs to.
    #[schemars(with = "String")]
    pub unit: Spanned<String>,
}

/// A wiki space.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WikiSpace {
    /// Slug used by processes to refer to the space.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// The wiki's own space key, where known.
    pub key: Option<String>,
    /// Name as printed.
    pub name: String,
    /// Absolute http(s) address of the space, where known.
    #[schemars(with = "Option<String>")]
    pub url: Option<Spanned<String>>,
}

/// One cross-agency process.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Process {
    /// Slug; the page of the process is `processes/<id>/`.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// Ids this process had before it was renamed, so history follows it.
    #[serde(default)]
    pub formerly: Vec<String>,
    /// Name as in the annex.
    #[schemars(with = "Option<String>")]
    pub name: Option<Spanned<String>>,
    /// English name for the English interface: the register's unofficial
    /// translation (the directive has none), shown as such.
    pub name_en: Option<String>,
    /// Goals (eesmärk / eesmärgid).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub goals: Vec<Spanned<String>>,
    /// Outcomes (tulem).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub outcomes: Vec<Spanned<String>>,
    /// Id of the role that owns the process. Exactly one.
    #[schemars(with = "Option<String>")]
    pub owner: Option<Spanned<OwnerField>>,
    /// Where the process documentation lives.
    pub documentation: Option<Documentation>,
    /// Shorthand for one review of the entry by its owner on that day
    /// (YYYY-MM-DD); `reviews` records any review in full.
    #[schemars(with = "Option<Date>")]
    pub reviewed_on: Option<Spanned<Date>>,
    /// Reviews as they happened: when, by which role (or `maintainers`),
    /// of what (`entry` or `guidelines`).
    #[serde(default)]
    pub reviews: Vec<ReviewRecord>,
    /// Months between reviews, overriding `settings.review_interval_months`.
    pub review_interval_months: Option<u32>,
}

impl Process {
    /// The process's name, or its id where the name is missing.
    pub(crate) fn display_name(&self) -> &str {
        self.name
            .as_ref()
            .map(|n| n.value.as_str())
            .unwrap_or(&self.id.value)
    }

    /// The owner's role id when exactly one is given.
    pub(crate) fn owner_id(&self) -> Option<&str> {
        match &self.owner.as_ref()?.value {
            OwnerField::One(id) => Some(id),
            OwnerField::Many(ids) if ids.len() == 1 => Some(&ids[0]),
            OwnerField::Many(_) => None,
        }
    }
}

/// `owner` as written: the schema asks for one id, but a list is read too so
/// that `check` can explain that a process has exactly one owner.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum OwnerField {
    /// One role id.
    One(String),
    /// Several role ids (an error unless exactly one).
    Many(Vec<String>),
}

/// Where a process is documented.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Documentation {
    /// Id of a wiki space.
    #[schemars(with = "String")]
    pub space: Spanned<String>,
    /// Page (subpage) name in the space, as printed.
    pub page: Option<String>,
    /// Absolute http(s) address of the page; the space's address otherwise.
    #[schemars(with = "Option<String>")]
    pub url: Option<Spanned<String>>,
    /// The annex's documentation cell word for word, when the register
    /// keeps it (e.g. "Asukoht: Wiki ruum „Põhiprotsess“ alamleht
    /// Muudatusehalduse protsess"). The annex page shows it as it is and
    /// only adds links to the space and page names in it.
    #[schemars(with = "Option<String>")]
    pub as_signed: Option<Spanned<String>>,
}

/// One diagnostic the register accepts for one entry.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Acceptance {
    /// The diagnostic's code, e.g. `completeness/missing-outcome`.
    #[schemars(with = "String")]
    pub code: Spanned<String>,
    /// The id of the entry it is accepted for, e.g. a process id.
    #[schemars(with = "String")]
    pub record: Spanned<String>,
    /// Why it is accepted (required): shown wherever the diagnostic is.
    #[schemars(with = "Option<String>")]
    pub reason: Option<Spanned<String>>,
    /// The last day the acceptance holds (YYYY-MM-DD); after it the
    /// diagnostic counts again and the acceptance is reported as expired.
    #[schemars(with = "Option<Date>")]
    pub until: Option<Spanned<Date>>,
}
