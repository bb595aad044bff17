//! `procbook schema`: the JSON Schema editors use to check processes.yaml
//! as it is typed.

use super::{Error, Outcome};

/// Arguments of `procbook schema` (none).
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Prints the schema.
pub fn run(_: Args) -> Result<Outcome, Error> {
    print!("{}", crate::model::json_schema());
    Ok(Outcome::Success)
}
