//! Guidelines as documentation (issue 14): folders of guideline pages with
//! images, checked links, full-text search, the print page and the
//! spreadsheet export. One module per point.

mod folders;
mod links;
mod print;
mod search;
mod spreadsheet;
