//! The interface languages. Pages are rendered once per language; the data
//! stays in Estonian, only the interface changes.

use std::fmt;

use serde::Serialize;

/// An interface language of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(into = "&'static str")]
pub(crate) enum Lang {
    /// Estonian, the directive's language: the site root.
    Et,
    /// English, under `en/`.
    En,
}

impl Lang {
    /// Every interface language, the default first.
    pub(crate) const ALL: [Lang; 2] = [Lang::Et, Lang::En];
    /// The language of the site root and of the machine-readable files.
    pub(crate) const DEFAULT: Lang = Lang::Et;

    /// The ISO 639-1 code, as in `lang="…"` and the theme's `ui.yaml`.
    pub(crate) fn code(self) -> &'static str {
        match self {
            Lang::Et => "et",
            Lang::En => "en",
        }
    }

    /// The language the switch on each page leads to.
    pub(crate) fn other(self) -> Lang {
        match self {
            Lang::Et => Lang::En,
            Lang::En => Lang::Et,
        }
    }

    /// Where the language's pages sit under a site root: `""` for the
    /// default language, `en/` for English.
    pub(crate) fn prefix(self) -> &'static str {
        match self {
            Lang::Et => "",
            Lang::En => "en/",
        }
    }
}

impl From<Lang> for &'static str {
    fn from(lang: Lang) -> Self {
        lang.code()
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_language_is_at_the_root_and_every_other_under_its_code() {
        assert_eq!(Lang::ALL[0], Lang::DEFAULT);
        for lang in Lang::ALL {
            let expected = if lang == Lang::DEFAULT {
                String::new()
            } else {
                format!("{}/", lang.code())
            };
            assert_eq!(lang.prefix(), expected);
            assert_ne!(lang.other(), lang);
            assert_eq!(lang.other().other(), lang);
        }
    }

    #[test]
    fn serialises_as_its_code() {
        assert_eq!(serde_json::to_string(&Lang::En).unwrap(), "\"en\"");
        assert_eq!(serde_json::to_string(&Lang::Et).unwrap(), "\"et\"");
    }
}
