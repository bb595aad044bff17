//! The owners' loop (issue 13): freshness informs while integrity blocks,
//! accepted diagnostics, calendar feeds and `due`, messages in Estonian,
//! the overview page and edit links. Every test runs the real binary on a
//! copy of the shipped register or on a small fixture.

mod accept;
mod calendar;
mod due;
mod edit;
mod freshness;
mod lang;
mod overview;
mod serve;
