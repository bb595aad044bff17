//! Source text: size limits and decoding. Files are read by [`super`].

use crate::diagnostic::Diagnostic;

/// The largest `processes.yaml` read; a register of 10,000 processes is
/// about 5 MB, so this leaves room while refusing runaway files.
pub const MAX_REGISTER_BYTES: u64 = 32 * 1024 * 1024;
/// The largest Markdown page read.
pub const MAX_PAGE_BYTES: u64 = 4 * 1024 * 1024;
/// The largest theme file read (templates, strings, static files such as
/// fonts and images).
pub const MAX_THEME_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Decodes UTF-8, pointing at the first invalid byte when it is not.
pub(crate) fn decode(bytes: Vec<u8>, name: &str) -> Result<String, Diagnostic> {
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            if text.contains('\r') {
                text = text.replace("\r\n", "\n");
            }
            Ok(text)
        }
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let valid = std::str::from_utf8(valid).unwrap_or_default();
            let line = valid.matches('\n').count() + 1;
            let column = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            Err(
                Diagnostic::error("input/not-utf8", format!("{name} is not valid UTF-8 text"))
                    .at(name, line as u64, column as u64)
                    .help("save the file as UTF-8 (most editors: \"Save with encoding\" → UTF-8)")
                    .et(
                        format!("{name} ei ole korrektne UTF-8 tekst"),
                        "salvesta fail UTF-8 kodeeringus (enamikus redaktorites „Salvesta kodeeringuga“ → UTF-8)",
                    ),
            )
        }
    }
}
