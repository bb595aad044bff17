//! User-interface strings, from the theme's `i18n/ui.yaml`.

use std::collections::BTreeMap;

use serde::Serialize;

use super::lang::Lang;

/// The strings of one language.
#[derive(Debug, Clone, Serialize)]
#[serde(transparent)]
pub struct Strings(BTreeMap<String, String>);

impl Strings {
    /// The string for `key`; the key itself when missing, so a gap shows on
    /// the page instead of failing the build.
    pub fn get(&self, key: &str) -> String {
        self.0.get(key).cloned().unwrap_or_else(|| key.to_string())
    }
}

/// Reads `ui.yaml`: a map from language to a map from key to string.
pub fn parse(text: &str) -> Result<BTreeMap<String, Strings>, String> {
    let raw: BTreeMap<String, BTreeMap<String, String>> =
        serde_saphyr::from_str(text).map_err(|e| e.without_snippet().to_string())?;
    let mut out = BTreeMap::new();
    for lang in Lang::ALL {
        let Some(strings) = raw.get(lang.code()) else {
            return Err(format!("ui.yaml has no strings for language `{lang}`"));
        };
        out.insert(lang.to_string(), Strings(strings.clone()));
    }
    Ok(out)
}
