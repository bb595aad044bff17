//! A content page: `parse_page_text` (front matter) must not panic, and
//! the body of a page that parses renders to safe HTML.
#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::page(data));
