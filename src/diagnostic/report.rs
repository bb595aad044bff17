//! Renderers for a list of diagnostics: human, JSON, GitHub, JUnit.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::sync::OnceLock;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor::WriteColor};
use serde_json::json;

use super::{Diagnostic, Lang, Severity, Summary};

/// The text of each file a diagnostic may point into, by its relative path.
#[derive(Debug, Default, Clone)]
pub struct Sources {
    files: BTreeMap<String, SourceFile>,
}

/// A file's text and, once a diagnostic needs it, where each line starts:
/// found once per file, so reporting many diagnostics in one file takes
/// time in proportion to their number, not to their number times its size.
#[derive(Debug, Default, Clone)]
struct SourceFile {
    text: String,
    line_starts: OnceLock<Vec<usize>>,
}

impl Sources {
    /// Remembers the text of `file`. Given a `String`, keeps it rather than
    /// a copy (a register of 10,000 processes has ~40 MB of sources).
    pub fn insert(&mut self, file: &str, text: impl Into<String>) {
        let text = text.into();
        self.files.insert(
            file.to_string(),
            SourceFile {
                text,
                line_starts: OnceLock::new(),
            },
        );
    }

    /// The text of `file`, if it was read.
    pub fn get(&self, file: &str) -> Option<&str> {
        self.files.get(file).map(|f| f.text.as_str())
    }

    /// Line `line` (1-based) of `file` without its line end, and the byte
    /// offset it starts at.
    pub fn line(&self, file: &str, line: u32) -> Option<(usize, &str)> {
        let source = self.files.get(file)?;
        let starts = source.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(source.text.match_indices('\n').map(|(at, _)| at + 1))
                .collect()
        });
        let index = usize::try_from(line).ok()?.checked_sub(1)?;
        let start = *starts.get(index)?;
        let end = starts.get(index + 1).copied().unwrap_or(source.text.len());
        if start >= source.text.len() && index > 0 {
            return None;
        }
        let content = source.text[start..end].trim_end_matches(['\n', '\r']);
        Some((start, content))
    }
}

/// Output formats for `check` and `build`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// Source excerpts with a caret and a help line.
    Human,
    /// One JSON object with `diagnostics` and `summary`.
    Json,
    /// GitHub Actions workflow commands (`::error file=…`).
    Github,
    /// JUnit XML, one test case per diagnostic.
    Junit,
}

/// Byte range of the token at a 1-based line and character column of
/// `file`.
fn byte_range(sources: &Sources, file: &str, line: u32, column: u32) -> std::ops::Range<usize> {
    let Some((start, content)) = sources.line(file, line) else {
        let end = sources.get(file).map_or(0, str::len);
        return end..end;
    };
    let offset: usize = content
        .chars()
        .take(column.saturating_sub(1) as usize)
        .map(char::len_utf8)
        .sum();
    let rest = &content[offset..];
    // Underline the token the position starts: up to a space, or the rest
    // of a scalar when it starts with a quote.
    let width = if rest.starts_with(['"', '\'']) {
        rest.len()
    } else {
        rest.find([' ', ',', ']', '}']).unwrap_or(rest.len())
    };
    start + offset..start + offset + width.max(usize::from(!rest.is_empty()))
}

/// Writes diagnostics for a person: `file:line:col`, the source line with a
/// caret under the place, and the help line; procbook's own words (help,
/// accepted, the count line) in `lang`. The diagnostics should already be
/// localised (see [`crate::diagnostic::localize`]).
pub(crate) fn human(
    out: &mut dyn WriteColor,
    diagnostics: &[Diagnostic],
    sources: &Sources,
    lang: Lang,
) -> io::Result<()> {
    let mut files = SimpleFiles::new();
    let mut ids = BTreeMap::new();
    let config = term::Config::default();
    for d in diagnostics {
        let mut cs = match (d.severity, d.is_accepted()) {
            (_, true) | (Severity::Note, _) => CsDiagnostic::note(),
            (Severity::Error, _) => CsDiagnostic::error(),
            (Severity::Warning, _) => CsDiagnostic::warning(),
        }
        .with_code(d.code)
        .with_message(match &d.accepted {
            Some(_) => format!(
                "{} {}: {}",
                lang.pick("aktsepteeritud", "accepted"),
                severity_word(d.severity, lang),
                d.message
            ),
            None => d.message.clone(),
        });
        if let Some(loc) = &d.location {
            match sources.get(&loc.file) {
                Some(text) => {
                    let id = *ids
                        .entry(loc.file.clone())
                        .or_insert_with(|| files.add(loc.file.clone(), text.to_string()));
                    cs = cs.with_labels(vec![Label::primary(
                        id,
                        byte_range(sources, &loc.file, loc.line, loc.column),
                    )]);
                }
                None => {
                    cs = cs.with_notes(vec![format!(
                        "{} {}:{}:{}",
                        lang.pick("kohas", "at"),
                        loc.file,
                        loc.line,
                        loc.column
                    )]);
                }
            }
        }
        if let Some(reason) = &d.accepted {
            cs.notes.push(format!(
                "{}: {reason}",
                lang.pick(
                    "processes.yaml aktsepteerib selle",
                    "accepted in processes.yaml"
                )
            ));
        } else if let Some(help) = &d.help {
            cs.notes
                .push(format!("{}: {help}", lang.pick("abi", "help")));
        }
        term::emit(out, &config, &files, &cs).map_err(|e| io::Error::other(e.to_string()))?;
    }
    let summary = Summary::of(diagnostics);
    writeln!(out, "{}", summary_line(&summary, lang))
}

/// "1 error(s), 0 warning(s), 2 note(s)" (", 1 accepted" when any are).
pub(crate) fn summary_line(summary: &Summary, lang: Lang) -> String {
    let mut line = match lang {
        Lang::En => format!(
            "{} error(s), {} warning(s), {} note(s)",
            summary.errors, summary.warnings, summary.notes
        ),
        Lang::Et => format!(
            "vigu {}, hoiatusi {}, märkusi {}",
            summary.errors, summary.warnings, summary.notes
        ),
    };
    if summary.accepted > 0 {
        match lang {
            Lang::En => line.push_str(&format!(", {} accepted", summary.accepted)),
            Lang::Et => line.push_str(&format!(", aktsepteeritud {}", summary.accepted)),
        }
    }
    line
}

/// "error", "warning", "note", or the Estonian word.
pub(crate) fn severity_word(severity: Severity, lang: Lang) -> &'static str {
    match (severity, lang) {
        (_, Lang::En) => severity.as_str(),
        (Severity::Error, Lang::Et) => "viga",
        (Severity::Warning, Lang::Et) => "hoiatus",
        (Severity::Note, Lang::Et) => "märkus",
    }
}

/// The JSON document `check --format json` prints.
pub(crate) fn json_value(diagnostics: &[Diagnostic]) -> serde_json::Value {
    let list: Vec<_> = diagnostics
        .iter()
        .map(|d| {
            json!({
                "code": d.code,
                "severity": d.severity,
                "message": d.message,
                "file": d.location.as_ref().map(|l| &l.file),
                "line": d.location.as_ref().map(|l| l.line),
                "column": d.location.as_ref().map(|l| l.column),
                "help": d.help,
                "kind": d.kind(),
                "record": d.record,
                "accepted": d.accepted,
            })
        })
        .collect();
    json!({ "diagnostics": list, "summary": Summary::of(diagnostics) })
}

/// Writes the JSON document.
pub(crate) fn json(out: &mut dyn Write, diagnostics: &[Diagnostic]) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &json_value(diagnostics))?;
    writeln!(out)
}

/// Escapes a workflow-command message (GitHub's rules).
fn github_escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow-command property value.
fn github_escape_property(text: &str) -> String {
    github_escape_data(text)
        .replace(':', "%3A")
        .replace(',', "%2C")
}

/// Writes GitHub Actions annotations, one line per diagnostic, with the
/// words "help" and "accepted" in `lang`.
pub(crate) fn github(
    out: &mut dyn Write,
    diagnostics: &[Diagnostic],
    lang: Lang,
) -> io::Result<()> {
    for d in diagnostics {
        let level = match (d.severity, d.is_accepted()) {
            (_, true) | (Severity::Note, _) => "notice",
            (Severity::Error, _) => "error",
            (Severity::Warning, _) => "warning",
        };
        let mut props = Vec::new();
        if let Some(loc) = &d.location {
            props.push(format!("file={}", github_escape_property(&loc.file)));
            props.push(format!("line={}", loc.line));
            props.push(format!("col={}", loc.column));
        }
        props.push(format!("title={}", github_escape_property(d.code)));
        let mut message = d.message.clone();
        if let Some(reason) = &d.accepted {
            message.push_str(lang.pick("\naktsepteeritud: ", "\naccepted: "));
            message.push_str(reason);
        } else if let Some(help) = &d.help {
            message.push_str(lang.pick("\nabi: ", "\nhelp: "));
            message.push_str(help);
        }
        writeln!(
            out,
            "::{level} {}::{}",
            props.join(","),
            github_escape_data(&message)
        )?;
    }
    Ok(())
}

/// Writes JUnit XML: one test case per diagnostic (errors fail, warnings
/// and notes are reported as passing cases with output), and one passing case
/// when there is nothing to report, so CI dashboards show the check ran.
/// The word "help" is in `lang`.
pub(crate) fn junit(out: &mut dyn Write, diagnostics: &[Diagnostic], lang: Lang) -> io::Result<()> {
    let summary = Summary::of(diagnostics);
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    let tests = diagnostics.len().max(1);
    writeln!(
        out,
        r#"<testsuites name="procbook check" tests="{tests}" failures="{}">"#,
        summary.errors
    )?;
    writeln!(
        out,
        r#"  <testsuite name="procbook check" tests="{tests}" failures="{}" errors="0" skipped="0">"#,
        summary.errors
    )?;
    if diagnostics.is_empty() {
        writeln!(
            out,
            r#"    <testcase classname="procbook" name="register is valid"/>"#
        )?;
    }
    for d in diagnostics {
        let place = d
            .location
            .as_ref()
            .map(|l| format!("{}:{}:{}", l.file, l.line, l.column))
            .unwrap_or_default();
        let name = crate::escape::xml(format!("{} {}", d.code, place).trim());
        let file_attr = d
            .location
            .as_ref()
            .map(|l| {
                format!(
                    r#" file="{}" line="{}""#,
                    crate::escape::xml(&l.file),
                    l.line
                )
            })
            .unwrap_or_default();
        let mut body = d.message.clone();
        if let Some(help) = &d.help {
            body.push_str(lang.pick("\nabi: ", "\nhelp: "));
            body.push_str(help);
        }
        writeln!(
            out,
            r#"    <testcase classname="{}" name="{name}"{file_attr}>"#,
            crate::escape::xml(d.code)
        )?;
        match d.severity {
            Severity::Error if !d.is_accepted() => writeln!(
                out,
                r#"      <failure type="{}" message="{}">{}</failure>"#,
                crate::escape::xml(d.code),
                crate::escape::xml(&d.message),
                crate::escape::xml(&body)
            )?,
            _ => writeln!(
                out,
                "      <system-out>{}: {}</system-out>",
                d.severity.as_str(),
                crate::escape::xml(&body)
            )?,
        }
        writeln!(out, "    </testcase>")?;
    }
    writeln!(out, "  </testsuite>")?;
    writeln!(out, "</testsuites>")
}
