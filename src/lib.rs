//! procbook turns an organisation's process directive into a checked,
//! published site.
//!
//! Data flows one way: [`load`] reads `processes.yaml` and `content/` into a
//! typed [`model`] with source positions, [`validate`] applies the rules and
//! returns [`diagnostic::Diagnostic`]s, and the later stages turn the model
//! into pages. The binary in `main.rs` only parses arguments and calls
//! [`cli::run`].

// First, so that its `eprintln!` (which never panics) is the one every
// module below uses.
#[macro_use]
pub mod console;

pub mod agenda;
pub mod cli;
pub mod diagnostic;
pub mod escape;
pub mod fs;
pub mod history;
pub mod load;
pub mod locale;
pub mod model;
pub mod render;
pub mod serve;
pub mod site;
pub mod validate;
