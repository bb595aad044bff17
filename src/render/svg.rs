//! Pictures drawn on the server as inline SVG: no script, no external
//! file, and presentation by class (the site's style sheet colours them),
//! so the pages' Content-Security-Policy holds. Every picture is 360 user
//! units wide, the width of a phone, so its text is read at about its
//! nominal size at 375 px and scales up on wider screens. Each carries an
//! accessible name; the page beside it gives the same facts as text.

use std::fmt::Write as _;

use crate::escape::html as escape;

/// Width of every picture, in user units.
const WIDTH: u32 = 360;

/// One bar of the status chart: a label and three counts.
pub(super) struct Bar<'a> {
    /// Who the bar is about ("All processes", an owner's name).
    pub label: &'a str,
    /// The language of `label` when it differs from the page's (an
    /// owner's name is the register's Estonian on English pages).
    pub lang: Option<&'a str>,
    /// Current, due soon, overdue.
    pub counts: [usize; 3],
}

/// The classes (and so colours) of current, due soon, overdue.
const STATE_CLASSES: [&str; 3] = ["chart-current", "chart-due-soon", "chart-overdue"];

/// Opens an `<svg>` of `height` with an accessible name.
fn open(out: &mut String, height: u32, class: &str, label: &str) {
    let _ = write!(
        out,
        r#"<svg class="{class}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" aria-label="{}" focusable="false">"#,
        escape(label)
    );
}

/// `text` cut to what fits in `width` user units at `size`, with "…".
fn fit(text: &str, width: u32, size: u32) -> String {
    // An average glyph is a little over half the font size wide.
    let max = (width * 100 / (size * 58)) as usize;
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// Stacked bars of current / due soon / overdue, one per entry, each
/// labelled above its bar and each segment with its number.
pub(super) fn status_chart(bars: &[Bar], label: &str) -> String {
    let row = 46;
    let height = row * bars.len() as u32 + 4;
    let mut out = String::new();
    open(&mut out, height, "chart chart-status", label);
    let max = bars
        .iter()
        .map(|b| b.counts.iter().sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(1);
    for (i, bar) in bars.iter().enumerate() {
        let y = i as u32 * row;
        let _ = write!(
            out,
            r#"<text class="chart-label" x="0" y="{}" font-size="12"{}>{}</text>"#,
            y + 14,
            bar.lang
                .map(|l| format!(" lang=\"{l}\""))
                .unwrap_or_default(),
            escape(&fit(bar.label, WIDTH, 12))
        );
        let total: usize = bar.counts.iter().sum();
        let mut x = 0.0_f64;
        // Each bar's length shows its total against the largest one.
        let length = f64::from(WIDTH) * total as f64 / max as f64;
        for (count, class) in bar.counts.iter().zip(STATE_CLASSES) {
            if *count == 0 {
                continue;
            }
            let w = length * *count as f64 / total as f64;
            let _ = write!(
                out,
                r#"<rect class="{class}" x="{x:.1}" y="{}" width="{w:.1}" height="22"/>"#,
                y + 20
            );
            if w >= 14.0 {
                let _ = write!(
                    out,
                    r#"<text class="chart-count" x="{:.1}" y="{}" font-size="12" text-anchor="middle">{count}</text>"#,
                    x + w / 2.0,
                    y + 35
                );
            }
            x += w;
        }
        if total == 0 {
            let _ = write!(
                out,
                r#"<rect class="chart-empty" x="0" y="{}" width="{WIDTH}" height="22"/>"#,
                y + 20
            );
        }
    }
    out.push_str("</svg>");
    out
}

/// One deadline on the timeline.
pub(super) struct Mark<'a> {
    /// The date as shown.
    pub date: &'a str,
    /// What is due.
    pub text: &'a str,
    /// 0 current, 1 due soon, 2 overdue.
    pub state: usize,
}

/// Deadlines top to bottom in date order on a vertical line, each a dot
/// coloured by state with its date and what is due.
pub(super) fn timeline(marks: &[Mark], label: &str) -> String {
    let row = 38;
    let height = (row * marks.len() as u32).max(1) + 4;
    let mut out = String::new();
    open(&mut out, height, "chart chart-timeline", label);
    if !marks.is_empty() {
        let _ = write!(
            out,
            r#"<line class="chart-axis" x1="8" y1="8" x2="8" y2="{}"/>"#,
            height - 8
        );
    }
    for (i, mark) in marks.iter().enumerate() {
        let y = i as u32 * row;
        let class = STATE_CLASSES[mark.state.min(2)];
        let _ = write!(
            out,
            r#"<circle class="{class}" cx="8" cy="{}" r="6"/><text class="chart-label" x="22" y="{}" font-size="12" font-weight="bold">{}</text><text class="chart-label" x="22" y="{}" font-size="12" lang="et">{}</text>"#,
            y + 13,
            y + 15,
            escape(mark.date),
            y + 31,
            escape(&fit(mark.text, WIDTH - 22, 12))
        );
    }
    out.push_str("</svg>");
    out
}

/// A node of the ownership map.
pub(super) struct Node {
    /// Its text.
    pub text: String,
    /// 0 unit, 1 role, 2 process.
    pub kind: usize,
    /// Where the text version links it to (a process page).
    pub link: Option<String>,
    /// Nodes below it.
    pub children: Vec<Node>,
}

/// The ownership map as an indented tree (units → roles → processes),
/// drawn top to bottom so it reads at phone width, with connectors.
pub(super) fn tree(nodes: &[Node], label: &str) -> String {
    let mut rows = Vec::new();
    flatten(nodes, 0, None, &mut rows);
    let row = 22;
    let height = row * rows.len() as u32 + 6;
    let mut out = String::new();
    open(&mut out, height, "chart chart-map", label);
    for (i, (depth, node, parent_row)) in rows.iter().enumerate() {
        let x = 4 + depth * 14;
        let y = i as u32 * row + 14;
        if let Some(p) = parent_row {
            let px = x - 14 + 4;
            let py = *p as u32 * row + 14 + 5;
            let _ = write!(
                out,
                r#"<path class="chart-axis" d="M{px} {py}V{}H{}" fill="none"/>"#,
                y - 4,
                x - 1
            );
        }
        let marker = match node.kind {
            0 => format!(
                r#"<rect class="map-unit" x="{x}" y="{}" width="9" height="9"/>"#,
                y - 9
            ),
            1 => format!(
                r#"<circle class="map-role" cx="{}" cy="{}" r="4.5"/>"#,
                x + 4,
                y - 4
            ),
            _ => format!(
                r#"<path class="map-process" d="M{} {}l4.5 4.5l-4.5 4.5l-4.5 -4.5z"/>"#,
                x + 4,
                y - 9
            ),
        };
        out.push_str(&marker);
        let weight = if node.kind == 2 { "normal" } else { "bold" };
        let _ = write!(
            out,
            r#"<text class="chart-label" x="{}" y="{y}" font-size="12" font-weight="{weight}" lang="et">{}</text>"#,
            x + 14,
            escape(&fit(&node.text, WIDTH.saturating_sub(x + 14), 12))
        );
    }
    out.push_str("</svg>");
    out
}

/// Rows in drawing order: depth, node, the row of its parent.
fn flatten<'a>(
    nodes: &'a [Node],
    depth: u32,
    parent: Option<usize>,
    rows: &mut Vec<(u32, &'a Node, Option<usize>)>,
) {
    for node in nodes {
        rows.push((depth, node, parent));
        let me = rows.len() - 1;
        flatten(&node.children, depth + 1, Some(me), rows);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_cut_to_fit() {
        let svg = status_chart(
            &[Bar {
                label: "<b>&",
                lang: None,
                counts: [1, 0, 2],
            }],
            "a \"chart\"",
        );
        assert!(svg.contains("&lt;b&gt;&amp;"));
        assert!(svg.contains("aria-label=\"a &quot;chart&quot;\""));
        assert!(fit(&"x".repeat(200), 100, 12).ends_with('…'));
        assert_eq!(fit("short", 360, 12), "short");
    }

    #[test]
    fn children_connect_to_their_parent() {
        let nodes = vec![Node {
            text: "unit".into(),
            kind: 0,
            link: None,
            children: vec![
                Node {
                    text: "role a".into(),
                    kind: 1,
                    link: None,
                    children: vec![],
                },
                Node {
                    text: "role b".into(),
                    kind: 1,
                    link: None,
                    children: vec![],
                },
            ],
        }];
        let mut rows = Vec::new();
        flatten(&nodes, 0, None, &mut rows);
        let parents: Vec<Option<usize>> = rows.iter().map(|r| r.2).collect();
        assert_eq!(parents, vec![None, Some(0), Some(0)]);
    }
}
