//! The one type every problem is reported as, whichever stage found it.
//!
//! Loading, validation and building all produce [`Diagnostic`]s; the
//! renderers in `report` turn the same list into terminal text, JSON,
//! JUnit XML or GitHub annotations, so CI and people see the same facts.

pub(crate) mod report;

use serde::Serialize;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The register is wrong: `check` fails and `build` stops.
    Error,
    /// Needs attention soon; fails `check --strict`.
    Warning,
    /// Information the source lacks; never fails anything.
    Note,
}

impl Severity {
    /// The lowercase word used in every output format.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// A position in a file under the site root.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// Path relative to the site root, with `/` separators.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
}

/// One problem found in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable identifier of the rule, e.g. `ownership/unknown-role`.
    pub code: &'static str,
    /// How bad it is.
    pub severity: Severity,
    /// What is wrong, naming the thing.
    pub message: String,
    /// Where, when the problem has a place in a file.
    pub location: Option<Location>,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with no location and no help.
    pub(crate) fn new(code: &'static str, severity: Severity, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity,
            message: message.into(),
            location: None,
            help: None,
        }
    }

    /// An error.
    pub(crate) fn error(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(code, Severity::Error, message)
    }

    /// A warning.
    pub(crate) fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(code, Severity::Warning, message)
    }

    /// A note.
    pub(crate) fn note(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(code, Severity::Note, message)
    }

    /// Places the diagnostic at `file:line:column`.
    pub(crate) fn at(mut self, file: &str, line: u64, column: u64) -> Self {
        self.location = Some(Location {
            file: file.to_string(),
            line: u32::try_from(line.max(1)).unwrap_or(u32::MAX),
            column: u32::try_from(column.max(1)).unwrap_or(u32::MAX),
        });
        self
    }

    /// Places the diagnostic where a parsed value came from.
    pub(crate) fn at_span<T>(self, file: &str, value: &serde_saphyr::Spanned<T>) -> Self {
        self.at(file, value.referenced.line(), value.referenced.column())
    }

    /// Adds the line that says how to fix it.
    pub(crate) fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// Counts of diagnostics by severity.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) struct Summary {
    /// Number of errors.
    pub errors: usize,
    /// Number of warnings.
    pub warnings: usize,
    /// Number of notes.
    pub notes: usize,
}

impl Summary {
    /// Counts `diagnostics`.
    pub(crate) fn of(diagnostics: &[Diagnostic]) -> Summary {
        let mut summary = Summary::default();
        for d in diagnostics {
            match d.severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
                Severity::Note => summary.notes += 1,
            }
        }
        summary
    }
}

/// Orders diagnostics by file, line, column, then code, so every output
/// format lists them in the same, stable order.
pub(crate) fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics
        .sort_by(|a, b| (&a.location, a.code, &a.message).cmp(&(&b.location, b.code, &b.message)));
}
