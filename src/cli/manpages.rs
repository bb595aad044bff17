//! `procbook man --out DIR`: writes `procbook.1` and one `procbook-<command>.1`
//! per command from the clap definitions (for the Debian package). Hidden
//! from `--help`: people read the pages, packagers write them.

use std::fs;
use std::path::{Path, PathBuf};

use clap::CommandFactory;

use super::{Cli, Error, Outcome};

/// Arguments of `procbook man`.
#[derive(Debug, clap::Args)]
pub(super) struct Args {
    /// Folder to write the pages into (created if missing).
    #[arg(long)]
    out: PathBuf,
}

/// Writes every page and prints the name of each.
pub(super) fn run(args: Args) -> Result<Outcome, Error> {
    fs::create_dir_all(&args.out)?;
    let mut command = Cli::command();
    // Building gives each command its full name (`procbook-check`), which
    // titles its page and names it in the SEE ALSO list of the main page.
    command.build();
    write_page(&args.out, "procbook", &command)?;
    // clap's own `help` command is left out: `--help` covers it.
    let pages = command
        .get_subcommands()
        .filter(|c| !c.is_hide_set() && c.get_name() != "help");
    for sub in pages {
        let name = format!("procbook-{}", sub.get_name());
        write_page(&args.out, &name, sub)?;
    }
    Ok(Outcome::Success)
}

fn write_page(folder: &Path, name: &str, command: &clap::Command) -> Result<(), Error> {
    let mut page = Vec::new();
    clap_mangen::Man::new(command.clone())
        .title(name)
        .section("1")
        .source(format!("procbook {}", env!("CARGO_PKG_VERSION")))
        .manual("procbook manual")
        .render(&mut page)?;
    let path = folder.join(format!("{name}.1"));
    fs::write(&path, page)?;
    println!("{}", path.display());
    Ok(())
}
