//! The ownership map on the owners page: units → roles → processes as a
//! picture ([`super::svg::tree`]) and the same tree as nested lists, the
//! processes linked to their pages, for screen readers and for copying.

use std::collections::HashMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::i18n::Strings;
use super::paths;
use super::svg::{self, Node};
use crate::escape::html as escape;
use crate::model::{Process, Register, Role, Unit};

/// What the template shows.
#[derive(Serialize)]
pub(super) struct MapView {
    /// The picture (SVG).
    pub svg: String,
    /// The same tree as nested lists (HTML).
    pub text: String,
}

/// The ownership map of `register`, labelled in the language of `t`.
pub(super) fn map(register: &Register, t: &Strings) -> MapView {
    let nodes = ownership_nodes(&Index::of(register), None, 0);
    // The names are the register's, in Estonian on every page.
    let mut text = String::from("<div lang=\"et\">");
    list(&nodes, &mut text);
    text.push_str("</div>");
    MapView {
        svg: svg::tree(&nodes, &t.get("overview_map_label")),
        text,
    }
}

/// The register's units, roles and processes indexed for the map: one
/// pass over each list, so the map costs as much as the register is long.
struct Index<'a> {
    units: HashMap<Option<&'a str>, Vec<&'a Unit>>,
    roles: HashMap<&'a str, Vec<&'a Role>>,
    processes: HashMap<&'a str, Vec<&'a Process>>,
}

impl<'a> Index<'a> {
    fn of(register: &'a Register) -> Index<'a> {
        let mut index = Index {
            units: HashMap::new(),
            roles: HashMap::new(),
            processes: HashMap::new(),
        };
        for unit in &register.units {
            let parent = unit.parent.as_ref().map(|p| p.value.as_str());
            index.units.entry(parent).or_default().push(unit);
        }
        for role in &register.roles {
            index
                .roles
                .entry(role.unit.value.as_str())
                .or_default()
                .push(role);
        }
        for process in &register.processes {
            if let Some(owner) = process.owner_id() {
                index.processes.entry(owner).or_default().push(process);
            }
        }
        index
    }
}

/// Units under `parent` (top units for `None`), each with its roles and
/// their processes, then its sub-units; in register order.
fn ownership_nodes(index: &Index, parent: Option<&str>, depth: usize) -> Vec<Node> {
    if depth > 16 {
        return Vec::new();
    }
    let units = index
        .units
        .get(&parent)
        .map(Vec::as_slice)
        .unwrap_or_default();
    units
        .iter()
        .map(|unit| {
            let roles = index
                .roles
                .get(unit.id.value.as_str())
                .map(Vec::as_slice)
                .unwrap_or_default();
            let mut children: Vec<Node> = roles
                .iter()
                .map(|role| Node {
                    text: role.name.value.clone(),
                    kind: 1,
                    link: None,
                    children: index
                        .processes
                        .get(role.id.value.as_str())
                        .map(Vec::as_slice)
                        .unwrap_or_default()
                        .iter()
                        .map(|p| Node {
                            text: p.display_name().to_string(),
                            kind: 2,
                            link: Some(paths::process(&p.id.value)),
                            children: Vec::new(),
                        })
                        .collect(),
                })
                .collect();
            children.extend(ownership_nodes(index, Some(&unit.id.value), depth + 1));
            Node {
                text: unit.name.value.clone(),
                kind: 0,
                link: None,
                children,
            }
        })
        .collect()
}

/// The same tree as nested lists, processes linked to their pages.
fn list(nodes: &[Node], out: &mut String) {
    if nodes.is_empty() {
        return;
    }
    out.push_str("<ul>");
    for node in nodes {
        out.push_str("<li>");
        match &node.link {
            Some(url) => {
                let _ = write!(
                    out,
                    "<a href=\"{}\">{}</a>",
                    escape(url),
                    escape(&node.text)
                );
            }
            None => out.push_str(&escape(&node.text)),
        }
        list(&node.children, out);
        out.push_str("</li>");
    }
    out.push_str("</ul>");
}
