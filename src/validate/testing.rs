//! What the rules' unit tests share: a register that passes every rule, a
//! way to break it in one place, and the place a diagnostic must point at.
//! The integration tests run the same rules through the binary; these test
//! each rule on its own, next to it.

use crate::diagnostic::Diagnostic;
use crate::model::{Date, Register};

/// A register that passes every rule on [`today`]: one edition in force, a
/// unit, a role, a wiki space with an address and one complete process
/// (the integration tests' `VALID_REGISTER` is the same file).
pub(super) const VALID: &str = include_str!("../../tests/fixtures/valid-register.yaml");

/// The day the rules are evaluated on.
pub(super) fn today() -> Date {
    Date::parse("2026-06-01").expect("a date")
}

/// [`VALID`] with `from` replaced by `to`; `from` must occur exactly once.
pub(super) fn valid_with(from: &str, to: &str) -> String {
    assert_eq!(VALID.matches(from).count(), 1, "`{from}` once in VALID");
    VALID.replacen(from, to, 1)
}

/// The register `yaml` says; fails the test if it does not parse.
pub(super) fn register(yaml: &str) -> Register {
    crate::load::parse_register_text(yaml).unwrap_or_else(|d| {
        panic!(
            "the test register does not parse: {}: {}",
            d.code, d.message
        )
    })
}

/// The codes of `found`, in order.
/// What the rule `check` finds in the register `yaml`.
pub(super) fn run(check: fn(&Register, &mut Vec<Diagnostic>), yaml: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    check(&register(yaml), &mut out);
    out
}

pub(super) fn codes(found: &[Diagnostic]) -> Vec<&'static str> {
    found.iter().map(|d| d.code).collect()
}

/// Fails unless `found` is exactly one diagnostic `code`, pointing at the
/// one occurrence of `needle` in `yaml`; returns it.
pub(super) fn assert_one(found: &[Diagnostic], code: &str, yaml: &str, needle: &str) -> Diagnostic {
    assert_eq!(codes(found), [code], "{found:#?}");
    let d = &found[0];
    let at = d.location.as_ref().expect("the diagnostic has a place");
    assert_eq!(at.file, crate::load::REGISTER_FILE);
    assert_eq!((at.line, at.column), position_of(yaml, needle), "{d:#?}");
    d.clone()
}

/// The 1-based line and column (in characters) of the one `needle` in
/// `text`.
fn position_of(text: &str, needle: &str) -> (u32, u32) {
    assert_eq!(
        text.matches(needle).count(),
        1,
        "`{needle}` once in the register"
    );
    let before = &text[..text.find(needle).unwrap()];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line as u32, column as u32)
}

#[test]
fn the_valid_register_passes_every_register_rule() {
    let mut found = Vec::new();
    super::validate_register(&register(VALID), today(), &mut found);
    assert!(found.is_empty(), "{found:#?}");
}
