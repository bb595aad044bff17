//! What templates see: plain, serialisable views of the register, built
//! once per language and shared by every page.

use std::collections::HashMap;

use serde::Serialize;

use super::collate::EstonianOrder;
use super::i18n::Strings;
use super::lang::Lang;
use super::paths;
use crate::model::{url_problem, Date, Directive, Process, Register, Review};

/// A date for display: Estonian `05.05.2025`, English `5 May 2025`.
pub(crate) fn show_date(date: Date, lang: Lang) -> String {
    match lang {
        Lang::Et => date.estonian(),
        Lang::En => date.english(),
    }
}

/// A link target, only when it is a safe absolute http(s) address.
fn safe_url(url: Option<&str>) -> Option<String> {
    url.filter(|u| url_problem(u).is_none()).map(str::to_string)
}

/// A review deadline as shown.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ReviewView {
    pub reviewed_on: String,
    pub due: String,
    pub state: &'static str,
    pub state_label: String,
}

/// An owner as shown next to a process.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct OwnerView {
    pub id: String,
    pub name: String,
    pub unit_label: String,
    /// The role on the owners page, from the language root.
    pub url: String,
}

/// A documentation location as shown.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DocumentationView {
    pub space_name: String,
    pub space_key: Option<String>,
    pub space_url: Option<String>,
    pub page: Option<String>,
    pub page_url: Option<String>,
    /// The best address: the page's own, else the space's.
    pub url: Option<String>,
}

/// A process as shown on every page that lists it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ProcessView {
    pub id: String,
    pub name: String,
    pub name_en: Option<String>,
    /// Path from the language root, e.g. `processes/intsidendihaldus.html`.
    pub url: String,
    pub goals: Vec<String>,
    pub outcomes: Vec<String>,
    pub owner: Option<OwnerView>,
    pub documentation: Option<DocumentationView>,
    pub review: Option<ReviewView>,
}

/// Builds the view of `process`.
pub(crate) fn process_view(
    register: &Register,
    process: &Process,
    today: Date,
    lang: Lang,
    t: &Strings,
) -> ProcessView {
    let owner = process.owner_id().map(|id| match register.role(id) {
        Some(role) => OwnerView {
            id: id.to_string(),
            name: role.name.value.clone(),
            unit_label: register.unit_path_label(&role.unit.value),
            url: paths::role(id),
        },
        None => OwnerView {
            id: id.to_string(),
            name: id.to_string(),
            unit_label: String::new(),
            url: paths::role(id),
        },
    });
    let documentation = process.documentation.as_ref().map(|doc| {
        let space = register.space(&doc.space.value);
        let space_url = safe_url(space.and_then(|s| s.url.as_ref()).map(|u| u.value.as_str()));
        let page_url = safe_url(doc.url.as_ref().map(|u| u.value.as_str()));
        DocumentationView {
            space_name: space.map_or_else(|| doc.space.value.clone(), |s| s.name.clone()),
            space_key: space.and_then(|s| s.key.clone()),
            url: page_url.clone().or_else(|| space_url.clone()),
            space_url,
            page: doc.page.clone(),
            page_url,
        }
    });
    let review =
        Review::of_process(process, &register.settings, today).map(|r| review_view(&r, lang, t));
    ProcessView {
        id: process.id.value.clone(),
        name: process.display_name().to_string(),
        name_en: process.name_en.clone(),
        url: paths::process(&process.id.value),
        goals: process.goals.iter().map(|g| g.value.clone()).collect(),
        outcomes: process.outcomes.iter().map(|o| o.value.clone()).collect(),
        owner,
        documentation,
        review,
    }
}

/// Builds the view of a review deadline.
pub(crate) fn review_view(review: &Review, lang: Lang, t: &Strings) -> ReviewView {
    let state = review.state.as_str();
    ReviewView {
        reviewed_on: show_date(review.reviewed_on, lang),
        due: show_date(review.due, lang),
        state,
        state_label: t.get(&format!("state_{state}")),
    }
}

/// A directive edition as shown.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DirectiveView {
    pub id: String,
    /// Its page, from the language root.
    pub url: String,
    pub number: String,
    pub kind: String,
    /// How the interface names the edition, e.g. "käskkiri 05.05.2025 nr
    /// 1-1/61" or "Directive 1-1/61 of 5 May 2025".
    pub reference: String,
    pub title: String,
    pub date: String,
    pub iso_date: String,
    pub issuer: Option<String>,
    pub legal_basis: Option<String>,
    pub signatory: Option<SignatoryView>,
    pub points: Vec<String>,
    pub annex_label: Option<String>,
    pub annex_intro: Option<String>,
    pub documentation_note: Option<String>,
    pub documentation_url: Option<String>,
    pub repealed: bool,
    pub repealed_on: Option<String>,
    pub repealed_text: Option<String>,
    pub repealed_by: Option<DirectiveRef>,
    pub text_html: Option<String>,
    /// The archived register version in force under this edition, if known.
    pub version_url: Option<String>,
}

/// The signatory as shown.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SignatoryView {
    pub name: String,
    pub position: Option<String>,
    pub signed: Option<String>,
}

/// A short reference to another edition.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DirectiveRef {
    pub id: String,
    /// Its page, from the language root.
    pub url: String,
    pub reference: String,
    pub kind: String,
    pub number: String,
    pub date: String,
}

/// The interface's name for edition `d`, from the `directive_ref` string.
pub fn directive_reference(d: &Directive, lang: Lang, t: &Strings) -> String {
    t.get("directive_ref")
        .replace("{kind}", &directive_kind(d))
        .replace("{date}", &show_date(d.date.value, lang))
        .replace("{number}", &d.number)
}

fn directive_kind(d: &Directive) -> String {
    d.kind.clone().unwrap_or_else(|| "käskkiri".to_string())
}

/// Builds the view of an edition; `text_html` is its rendered Markdown.
pub(crate) fn directive_view(
    register: &Register,
    d: &Directive,
    lang: Lang,
    t: &Strings,
    text_html: Option<String>,
) -> DirectiveView {
    let repealer = d
        .repealed_by
        .as_ref()
        .and_then(|r| register.directives.iter().find(|x| x.id.value == r.value));
    let repealed_on = repealer.map(|r| show_date(r.date.value, lang));
    // The annex says where documentation lives; its address is the space's
    // that most processes use.
    let documentation_url = d.annex.as_ref().and(
        register
            .wiki_spaces
            .first()
            .and_then(|s| safe_url(s.url.as_ref().map(|u| u.value.as_str()))),
    );
    DirectiveView {
        id: d.id.value.clone(),
        url: paths::directive(&d.id.value),
        number: d.number.clone(),
        kind: directive_kind(d),
        reference: directive_reference(d, lang, t),
        title: d.title.clone(),
        date: show_date(d.date.value, lang),
        iso_date: d.date.value.iso(),
        issuer: d.issuer.clone(),
        legal_basis: d.legal_basis.clone(),
        signatory: d.signatory.as_ref().map(|s| SignatoryView {
            name: s.name.clone(),
            position: s.position.clone(),
            signed: s.signed.clone(),
        }),
        points: d.points.clone(),
        annex_label: d.annex.as_ref().map(|a| a.label.clone()),
        annex_intro: d.annex.as_ref().map(|a| a.intro.clone()),
        documentation_note: d.annex.as_ref().and_then(|a| a.documentation_note.clone()),
        documentation_url,
        repealed: d.repealed_by.is_some(),
        repealed_text: repealed_on
            .as_ref()
            .map(|date| t.get("repealed_banner").replace("{date}", date)),
        repealed_on,
        repealed_by: repealer.map(|r| DirectiveRef {
            id: r.id.value.clone(),
            url: paths::directive(&r.id.value),
            reference: directive_reference(r, lang, t),
            kind: directive_kind(r),
            number: r.number.clone(),
            date: show_date(r.date.value, lang),
        }),
        text_html,
        version_url: None,
    }
}

/// A role on the owners page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RoleView {
    pub id: String,
    pub name: String,
    pub unit_label: String,
    pub processes: Vec<ProcessLink>,
    /// The role's deadlines on the overview page, from the language root.
    pub overview_url: String,
    /// The role's calendar feed, from the site root.
    pub calendar_url: String,
}

/// A link to a process.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ProcessLink {
    pub name: String,
    pub url: String,
}

/// A unit in the tree on the owners page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct UnitNode {
    pub id: String,
    pub name: String,
    pub kind_label: String,
    pub roles: Vec<RoleLink>,
    pub children: Vec<UnitNode>,
}

/// A link to a role on the owners page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RoleLink {
    pub id: String,
    pub name: String,
}

/// Roles in Estonian alphabetical order, each with the processes it owns.
pub(crate) fn role_views(register: &Register, order: &EstonianOrder) -> Vec<RoleView> {
    // Processes by owner, in register order: one pass, not one per role.
    let mut owned: HashMap<&str, Vec<&Process>> = HashMap::new();
    for process in &register.processes {
        if let Some(owner) = process.owner_id() {
            owned.entry(owner).or_default().push(process);
        }
    }
    let mut roles: Vec<RoleView> = register
        .roles
        .iter()
        .map(|role| RoleView {
            id: role.id.value.clone(),
            overview_url: paths::overview_owner(&role.id.value),
            calendar_url: paths::role_calendar(&role.id.value),
            name: role.name.value.clone(),
            unit_label: register.unit_path_label(&role.unit.value),
            processes: owned
                .get(role.id.value.as_str())
                .into_iter()
                .flatten()
                .map(|p| ProcessLink {
                    name: p.display_name().to_string(),
                    url: paths::process(&p.id.value),
                })
                .collect(),
        })
        .collect();
    roles.sort_by(|a, b| {
        order
            .compare(&a.name, &b.name)
            .then_with(|| a.id.cmp(&b.id))
    });
    roles
}

/// The unit tree, children in Estonian alphabetical order. Units in a cycle
/// or under an unknown parent are never reached from a root and so left out;
/// `check` reports them.
pub(crate) fn unit_tree(register: &Register, order: &EstonianOrder, t: &Strings) -> Vec<UnitNode> {
    fn children(
        register: &Register,
        parent: Option<&str>,
        order: &EstonianOrder,
        t: &Strings,
        depth: usize,
    ) -> Vec<UnitNode> {
        if depth > 32 {
            return Vec::new();
        }
        let mut nodes: Vec<UnitNode> = register
            .units
            .iter()
            .filter(|u| u.parent.as_ref().map(|p| p.value.as_str()) == parent)
            .map(|u| {
                let mut roles: Vec<RoleLink> = register
                    .roles
                    .iter()
                    .filter(|r| r.unit.value == u.id.value)
                    .map(|r| RoleLink {
                        id: r.id.value.clone(),
                        name: r.name.value.clone(),
                    })
                    .collect();
                roles.sort_by(|a, b| order.compare(&a.name, &b.name));
                UnitNode {
                    id: u.id.value.clone(),
                    name: u.name.value.clone(),
                    kind_label: t.get(&format!("kind_{}", u.kind.as_str())),
                    roles,
                    children: children(register, Some(&u.id.value), order, t, depth + 1),
                }
            })
            .collect();
        nodes.sort_by(|a, b| order.compare(&a.name, &b.name));
        nodes
    }
    children(register, None, order, t, 0)
}
