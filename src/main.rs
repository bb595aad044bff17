//! The `procbook` command: parse arguments, run, map the result to an exit
//! code (0 success, 1 problems found, 2 could not run).

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = procbook::cli::parse();
    match procbook::cli::run(cli) {
        Ok(procbook::cli::Outcome::Success) => ExitCode::SUCCESS,
        Ok(procbook::cli::Outcome::ProblemsFound) => ExitCode::from(1),
        Err(error) => {
            procbook::console::say(format_args!("error: {}", procbook::error::Chain(&error)));
            ExitCode::from(2)
        }
    }
}
