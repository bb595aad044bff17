//! Hostile sources, themes and runs, one module per class of issue 11:
//! each test fails on a procbook that has the hole and passes once the
//! whole class is closed. One test binary, so one link step.

#[path = "../common/build.rs"]
mod build;
#[path = "../common/mod.rs"]
mod common;

mod output;
mod paths;
mod pipes;
mod serving;
mod theme;
