//! `procbook schema`: the JSON Schemas of the formats procbook reads and
//! writes — `processes.yaml`, which editors use to check the register as it
//! is typed, and the exports `api/register.json` and `api/changes.json`.

use std::io::Write;

use super::{Error, Outcome};

/// Which format's schema to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Which {
    /// `processes.yaml`, the register (schema/processes.schema.json).
    Processes,
    /// `api/register.json` (schema/register.schema.json).
    Register,
    /// `api/changes.json` (schema/changes.schema.json).
    Changes,
}

/// Arguments of `procbook schema`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The format whose schema to print.
    #[arg(value_enum, default_value = "processes")]
    which: Which,
}

/// Prints the schema.
pub(crate) fn run(args: Args) -> Result<Outcome, Error> {
    let schema = match args.which {
        Which::Processes => crate::model::json_schema(),
        Which::Register => crate::render::api::register_schema(),
        Which::Changes => crate::render::api::changes_schema(),
    };
    let mut out = crate::console::stdout();
    out.write_all(schema.as_bytes())?;
    out.flush()?;
    Ok(Outcome::Success)
}
