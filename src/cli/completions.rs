//! `procbook completions SHELL`: shell completions generated from the same
//! clap definitions as the parser, so they cannot drift from it.

use clap::CommandFactory;
use clap_complete::Shell;

use super::{Cli, Error, Outcome};

/// Arguments of `procbook completions`.
#[derive(Debug, clap::Args)]
pub(super) struct Args {
    /// The shell to complete for.
    #[arg(value_enum)]
    shell: Shell,
}

/// Prints the completion script for the shell.
pub(super) fn run(args: Args) -> Result<Outcome, Error> {
    let mut command = Cli::command();
    let mut out = std::io::stdout().lock();
    clap_complete::generate(args.shell, &mut command, "procbook", &mut out);
    Ok(Outcome::Success)
}
