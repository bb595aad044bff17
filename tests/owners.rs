//! The owners' loop (issue 13): freshness informs while integrity blocks,
//! accepted diagnostics, calendar feeds and `due`, messages in Estonian,
//! the overview page and edit links. Every test runs the real binary on a
//! copy of the shipped register or on a small fixture.

#[path = "common/build.rs"]
mod build;
mod common;

#[path = "owners/accept.rs"]
mod accept;
#[path = "owners/calendar.rs"]
mod calendar;
#[path = "owners/due.rs"]
mod due;
#[path = "owners/edit.rs"]
mod edit;
#[path = "owners/freshness.rs"]
mod freshness;
#[path = "owners/lang.rs"]
mod lang;
#[path = "owners/overview.rs"]
mod overview;
#[path = "owners/serve.rs"]
mod serve;
