//! `processes.yaml`: `parse_register_text` and, on whatever parses,
//! `validate_register`; neither may panic on any input.
#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::register(data));
