//! Times the history stage alone: `cargo run --release --example
//! history-time -- ROOT`. Prints the milliseconds `procbook::history::read`
//! takes and how many changes it found; run it twice to see the cached cost.

use std::path::PathBuf;
use std::time::Instant;

use procbook::history::{read, HistoryOptions};

fn main() {
    let Some(root) = std::env::args().nth(1).map(PathBuf::from) else {
        eprintln!("usage: history-time ROOT");
        std::process::exit(2);
    };
    let started = Instant::now();
    let history = read(&root, &HistoryOptions::default());
    let elapsed = started.elapsed();
    println!(
        "{} ms, {} changes, {} versions, {} diagnostics",
        elapsed.as_millis(),
        history.changes.len(),
        history.versions.len(),
        history.diagnostics.len()
    );
}
