//! procbook turns an organisation's process directive into a checked,
//! published site.
//!
//! Data flows one way: [`load`] reads `processes.yaml` and `content/` into a
//! typed [`model`] with source positions, [`validate`] applies the rules and
//! returns [`diagnostic::Diagnostic`]s, and the later stages turn the model
//! into pages. The binary in `main.rs` only parses arguments and calls
//! [`cli::run`].
//!
//! The public API is what the binary and the tests need: [`cli`] to run a
//! command, [`error::Chain`] to show an error, the parsers in [`load`] and
//! the rules in [`validate`] (for property tests and fuzzing), the
//! [`model`] and [`diagnostic`] types they return, [`render::markdown`],
//! and [`history::read`] (for timing it). Everything else is `pub(crate)`,
//! so the compiler reports what nothing uses; every public item is
//! documented (`missing_docs`).

#![warn(missing_docs)]

// First, so that its `eprintln!` (which never panics) is the one every
// module below uses.
#[macro_use]
pub mod console;

pub(crate) mod agenda;
pub mod cli;
pub mod diagnostic;
pub mod error;
pub(crate) mod escape;
pub(crate) mod fs;
// Some fields and variants of the history types have no doc comment yet.
#[allow(missing_docs)]
pub mod history;
pub mod lang;
pub mod load;
pub mod model;
pub mod render;
pub(crate) mod serve;
pub(crate) mod site;
pub mod validate;
