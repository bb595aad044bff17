//! Guidelines as documentation (issue 14): folders of guideline pages with
//! images, checked links, full-text search, the print page and the
//! spreadsheet export. One test binary with a module per point, so the
//! suite links once.

#[path = "../common/mod.rs"]
mod common;

#[path = "../common/build.rs"]
mod build;

mod folders;
mod links;
mod print;
mod search;
mod spreadsheet;
