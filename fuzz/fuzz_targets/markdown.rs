//! Markdown rendering and sanitising: no panic, and the HTML never holds
//! script, event handlers, `javascript:`/`data:` URLs or embedded documents.
#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::markdown(data));
