//! Hostile sources, themes and runs, one module per class of issue 11:
//! each test fails on a procbook that has the hole and passes once the
//! whole class is closed.

mod git;
mod limits;
mod output;
mod paths;
mod pipes;
mod scale;
mod text;
mod theme;
mod versions;
