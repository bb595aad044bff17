//! The integration tests: the real `procbook` binary run on fixture trees.
//!
//! One test binary with a module per area, as ripgrep and mdBook do: each
//! binary links the whole crate, so one binary is one link step instead of
//! fifteen on 2 cores. `cargo test --test suite serve::` runs one area.
//!
//! A new area is one file (or folder with a `mod.rs`) here and one `mod`
//! line below. The helpers every area shares are in `tests/common/`; `layout`
//! fails if a test file outside this folder would become a binary of its own.

#[path = "../common/mod.rs"]
mod common;

// The checks the fuzz targets make, shared with them (`fuzz/harness.rs`).
#[path = "../../fuzz/harness.rs"]
mod harness;

mod adoption;
mod annex;
mod build_safety;
mod build_site;
mod check_cli;
mod check_input;
mod check_rules;
mod gen_corpus;
mod guidelines;
mod history;
mod hostile;
mod hostile_input;
mod incremental;
mod layout;
mod owners;
mod properties;
mod serve;
