//! The examples and pointers each command's `--help` ends with. They end
//! the man pages too, which are generated from the same definitions.

pub(super) const MAIN: &str = "\
Examples:
  procbook init my-register --name \"Example Agency\"
  procbook check --root my-register

More: `man procbook`, `procbook <command> --help`, the README.";

pub(super) const BUILD: &str = "\
Examples:
  procbook build
  procbook build --out public --base-url https://example.org/processes/

More: `man procbook-build`, README section \"The published site\".";

pub(super) const CHECK: &str = "\
Examples:
  procbook check
  procbook check --format junit > procbook-check.xml

Exit codes: 0 clean, 1 problems found, 2 could not run.
More: `man procbook-check`, README section \"Commands\", docs/ci.md.";

pub(super) const COMPLETIONS: &str = "\
Examples:
  procbook completions bash > ~/.local/share/bash-completion/completions/procbook
  procbook completions zsh > ~/.zfunc/_procbook

The Debian package installs them for bash, zsh and fish.
More: `man procbook-completions`, README section \"Install\".";

pub(super) const DUE: &str = "\
Examples:
  procbook due
  procbook due --owner <role id> --format json

More: `man procbook-due`, README section \"Commands\".";

pub(super) const INIT: &str = "\
Examples:
  procbook init my-register --name \"Example Agency\"
  cd my-register && procbook check

More: `man procbook-init`, README section \"Start a register\", docs/ci.md.";

pub(super) const SCHEMA: &str = "\
Examples:
  procbook schema > schema/processes.schema.json

More: `man procbook-schema`, README section \"Editing the register\".";

pub(super) const SERVE: &str = "\
Examples:
  procbook serve --open
  procbook serve --root my-register --port 8080

More: `man procbook-serve`, README section \"Live preview\".";
