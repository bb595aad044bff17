//! What published text may hold: no invisible characters that change how
//! it reads, and no line breaks in fields shown on one line.

/// The first character of `text` that must not appear in displayed text:
/// bidirectional overrides and marks (which can make "tnemeganam" display
/// as "management"), zero-width and other format characters that hide text
/// or join look-alikes, and control characters other than a line break or
/// a tab.
pub fn hidden_character(text: &str) -> Option<char> {
    text.chars().find(|&c| {
        matches!(c,
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
            | '\u{200B}'..='\u{200D}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}'
            | '\u{180E}' | '\u{FFF9}'..='\u{FFFB}' | '\u{E0000}'..='\u{E007F}')
            || (c.is_control() && c != '\n' && c != '\t')
    })
}

/// True for the characters that end a line: in a name or title they would
/// split it, and in Markdown output (`procbook due`) start a new block.
pub fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// `text` made safe to show on one line whatever it holds: line breaks
/// become spaces and hidden characters U+FFFD (a visible "�"). For text
/// that cannot be refused, such as a commit's summary or author.
pub fn visible_line(text: &str) -> String {
    text.chars()
        .map(|c| {
            if is_line_break(c) || c == '\t' {
                ' '
            } else if hidden_character(c.encode_utf8(&mut [0; 4])).is_some() {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}
