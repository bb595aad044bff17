//! `procbook serve`: the live preview.

use std::io::IsTerminal;
use std::net::IpAddr;

use super::{color_choice, Error, Outcome, SiteArgs};
use crate::serve::{self, ServeError, ServeOptions};

/// Arguments of `procbook serve`.
#[derive(Debug, clap::Args)]
pub(super) struct Args {
    #[command(flatten)]
    pub(super) site: SiteArgs,
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 3000)]
    port: u16,
    /// Address to listen on; the default keeps the preview on this machine.
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,
    /// Open the preview in the default browser.
    #[arg(long)]
    open: bool,
}

/// Serves the site until stopped.
pub(super) fn run(args: Args) -> Result<Outcome, Error> {
    let lang = args.site.lang();
    let options = ServeOptions {
        root: args.site.root,
        today: args.site.today,
        bind: args.bind,
        port: args.port,
        open: args.open,
        color: color_choice(std::io::stderr().is_terminal()),
        lang,
    };
    serve::run(&options).map_err(|e| match e {
        ServeError::Load(e) => Error::Load(e),
        other => Error::Serve(other),
    })?;
    Ok(Outcome::Success)
}
