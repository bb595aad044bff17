//! The JSON formats other systems read, as types: `api/register.json` and
//! `api/changes.json`. The same types give their JSON Schemas
//! (`procbook schema register|changes`, committed under `schema/`), so the
//! published schema cannot drift from the files.
//!
//! Fields are declared in alphabetical order, the order they are written in.

mod changes;
mod register;

use serde::Serialize;

pub(crate) use changes::ChangesJson;
pub(crate) use register::RegisterJson;

use super::{paths, OutputFile, RenderOptions};
use crate::history::History;
use crate::model::Register;

/// `value` as pretty JSON with a final newline.
fn pretty(value: &impl Serialize) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// `api/register.json`.
pub(crate) fn register_json(register: &Register, options: &RenderOptions) -> OutputFile {
    OutputFile {
        path: paths::REGISTER_JSON.to_string(),
        bytes: pretty(&RegisterJson::new(register, options)).into_bytes(),
    }
}

/// `api/changes.json`.
pub(crate) fn changes_json(history: &History) -> OutputFile {
    OutputFile {
        path: paths::CHANGES_JSON.to_string(),
        bytes: pretty(&ChangesJson::new(history)).into_bytes(),
    }
}

/// The JSON Schema of `api/register.json`, pretty-printed with a final
/// newline.
pub(crate) fn register_schema() -> String {
    pretty(&schemars::schema_for!(RegisterJson))
}

/// The JSON Schema of `api/changes.json`, pretty-printed with a final
/// newline.
pub(crate) fn changes_schema() -> String {
    pretty(&schemars::schema_for!(ChangesJson))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::{Change, CommitInfo, FieldChange, ProcessChange};
    use crate::model::Date;

    /// The file parses back into its type, unknown fields refused, and
    /// writes the same bytes again: the types are the whole format.
    fn round_trip<T: Serialize + serde::de::DeserializeOwned>(file: &OutputFile) {
        let text = std::str::from_utf8(&file.bytes).unwrap();
        let parsed: T = serde_json::from_str(text).expect("parses into its type");
        assert_eq!(pretty(&parsed), text);
    }

    #[test]
    fn register_json_is_exactly_its_type() {
        let register =
            crate::load::parse_register_text(include_str!("../../../processes.yaml")).unwrap();
        let options = RenderOptions {
            today: Date::parse("2026-11-30").unwrap(),
            base_url: None,
        };
        let file = register_json(&register, &options);
        round_trip::<RegisterJson>(&file);
        let mut value: serde_json::Value = serde_json::from_slice(&file.bytes).unwrap();
        value["surprise"] = serde_json::Value::Bool(true);
        assert!(serde_json::from_value::<RegisterJson>(value).is_err());
    }

    #[test]
    fn changes_json_is_exactly_its_type() {
        let commit = CommitInfo {
            id: "a".repeat(40),
            short_id: "aaaaaaaa".to_string(),
            time: 0,
            timestamp: "2026-11-25T10:00:00+02:00".to_string(),
            date: Date::parse("2026-11-25").unwrap(),
            author: None,
            summary: "Rename".to_string(),
        };
        let history = History {
            available: true,
            changes: vec![Change {
                commit,
                processes: vec![ProcessChange {
                    process: "new".to_string(),
                    previous_id: Some("old".to_string()),
                    name: "New".to_string(),
                    fields: vec![FieldChange {
                        kind: crate::history::ChangeKind::Renamed,
                        from: Some("old".to_string()),
                        to: Some("new".to_string()),
                    }],
                }],
            }],
            ..History::default()
        };
        round_trip::<ChangesJson>(&changes_json(&history));
    }
}
