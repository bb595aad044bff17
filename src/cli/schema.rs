//! `procbook schema`: the JSON Schema editors use to check processes.yaml
//! as it is typed.

use std::io::Write;

use super::{Error, Outcome};

/// Arguments of `procbook schema` (none).
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Prints the schema.
pub fn run(_: Args) -> Result<Outcome, Error> {
    let mut out = crate::console::stdout();
    out.write_all(crate::model::json_schema().as_bytes())?;
    out.flush()?;
    Ok(Outcome::Success)
}
