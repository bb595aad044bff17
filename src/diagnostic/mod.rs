//! The one type every problem is reported as, whichever stage found it.
//!
//! Loading, validation and building all produce [`Diagnostic`]s; the
//! renderers in `report` turn the same list into terminal text, JSON,
//! JUnit XML or GitHub annotations, so CI and people see the same facts.

pub(crate) mod report;

use serde::Serialize;

pub use crate::lang::Lang;

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

/// What a problem is about, which decides what it stops.
///
/// Integrity problems mean the register cannot be published as it stands
/// (it does not parse, names something that does not exist, carries hostile
/// text): they stop `build` and replace the preview with the error page.
/// Freshness problems (a review that is overdue or due soon) are facts about
/// the calendar, not defects of the data: the site is published with the
/// state shown, and only `check` (the CI gate) fails on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// The data is wrong or unreadable.
    Integrity,
    /// A review deadline is near or has passed.
    Freshness,
}

/// Codes that report a review deadline rather than a defect of the data.
pub const FRESHNESS_CODES: &[&str] = &["freshness/overdue", "freshness/due-soon"];

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
    /// The id of the entry (process, role, unit, …) the problem is about,
    /// so the register can accept it for that entry.
    pub record: Option<Box<str>>,
    /// Why the register accepts this problem, when it does (see
    /// `accept:` in `processes.yaml`). An accepted problem is still shown
    /// but fails nothing.
    pub accepted: Option<Box<str>>,
    /// The message and help in Estonian, for the owners (see
    /// [`Diagnostic::localize`]).
    pub et: Option<Box<Translation>>,
}

/// A diagnostic's words in another language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translation {
    /// What is wrong.
    pub message: String,
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
            record: None,
            accepted: None,
            et: None,
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

    /// Adds the Estonian message and help.
    pub fn et(mut self, message: impl Into<String>, help: impl Into<String>) -> Self {
        self.et = Some(Box::new(Translation {
            message: message.into(),
            help: Some(help.into()),
        }));
        self
    }

    /// Adds the Estonian message, for a diagnostic without help.
    pub fn et_message(mut self, message: impl Into<String>) -> Self {
        self.et = Some(Box::new(Translation {
            message: message.into(),
            help: None,
        }));
        self
    }

    /// Puts the message and help in `lang` (English is what rules write;
    /// Estonian where the rule gives it, English where it does not yet).
    pub fn localize(&mut self, lang: Lang) {
        if lang == Lang::Et {
            if let Some(et) = self.et.take() {
                self.message = et.message;
                if et.help.is_some() {
                    self.help = et.help;
                }
            }
        }
    }

    /// Names the entry the problem is about.
    pub fn record(mut self, id: &str) -> Self {
        self.record = Some(id.into());
        self
    }

    /// Whether the problem is about the data or about a review deadline.
    pub fn kind(&self) -> Kind {
        if FRESHNESS_CODES.contains(&self.code) {
            Kind::Freshness
        } else {
            Kind::Integrity
        }
    }

    /// True when the register accepts this problem on purpose.
    pub fn is_accepted(&self) -> bool {
        self.accepted.is_some()
    }

    /// True when the problem fails `check` (warnings only with `strict`).
    pub fn fails_check(&self, strict: bool) -> bool {
        !self.is_accepted()
            && (self.severity == Severity::Error || (strict && self.severity == Severity::Warning))
    }

    /// True when the problem stops `build` and takes the preview's place:
    /// an unaccepted integrity error, or with `fail_on_overdue` an overdue
    /// review too.
    pub fn stops_build(&self, fail_on_overdue: bool) -> bool {
        !self.is_accepted()
            && self.severity == Severity::Error
            && (self.kind() == Kind::Integrity || fail_on_overdue)
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
    /// Number of problems the register accepts on purpose (counted here
    /// only, not as errors, warnings or notes).
    pub accepted: usize,
}

impl Summary {
    /// Counts `diagnostics`.
    pub(crate) fn of(diagnostics: &[Diagnostic]) -> Summary {
        let mut summary = Summary::default();
        for d in diagnostics {
            if d.is_accepted() {
                summary.accepted += 1;
                continue;
            }
            match d.severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
                Severity::Note => summary.notes += 1,
            }
        }
        summary
    }
}

/// Puts every diagnostic's words in `lang`.
pub fn localize(diagnostics: &mut [Diagnostic], lang: Lang) {
    for d in diagnostics {
        d.localize(lang);
    }
}

/// Orders diagnostics by file, line, column, then code, so every output
/// format lists them in the same, stable order.
pub(crate) fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics
        .sort_by(|a, b| (&a.location, a.code, &a.message).cmp(&(&b.location, b.code, &b.message)));
}
