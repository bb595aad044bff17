//! User-interface strings, from the theme's `i18n/ui.yaml`.

use std::collections::BTreeMap;

use serde::Serialize;

use super::lang::Lang;

/// The strings of one language.
#[derive(Debug, Clone, Serialize)]
#[serde(transparent)]
pub(crate) struct Strings(BTreeMap<String, String>);

impl Strings {
    /// The string for `key`; the key itself when missing, so a gap shows on
    /// the page instead of failing the build.
    pub(crate) fn get(&self, key: &str) -> String {
        self.0.get(key).cloned().unwrap_or_else(|| key.to_string())
    }
}

/// Why `ui.yaml` cannot be used.
#[derive(Debug, thiserror::Error)]
pub(crate) enum StringsError {
    /// It is not a map from language to a map from key to string.
    #[error("{}", .0.without_snippet())]
    Yaml(Box<serde_saphyr::Error>),
    /// An interface language has no strings.
    #[error("ui.yaml has no strings for language `{0}`")]
    MissingLanguage(Lang),
}

/// Reads `ui.yaml`: a map from language to a map from key to string.
pub(crate) fn parse(text: &str) -> Result<BTreeMap<Lang, Strings>, StringsError> {
    let raw: BTreeMap<String, BTreeMap<String, String>> =
        serde_saphyr::from_str(text).map_err(|e| StringsError::Yaml(Box::new(e)))?;
    let mut out = BTreeMap::new();
    for lang in Lang::ALL {
        let Some(strings) = raw.get(lang.code()) else {
            return Err(StringsError::MissingLanguage(lang));
        };
        out.insert(lang, Strings(strings.clone()));
    }
    Ok(out)
}
