//! The one type for languages, for pages and for messages alike.
//!
//! The site is rendered once per language: Estonian at the root, English
//! under `en/`; the data stays in Estonian, only the interface changes.
//! Messages (diagnostics, `due`, the preview's pages) are Estonian for the
//! owners the directive addresses, English otherwise: chosen by `--lang`,
//! else the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`, in POSIX order), else
//! English. Codes, file names and JSON keys are the same in both, so
//! scripts never depend on the language.

use std::ffi::OsString;
use std::fmt;

use serde::Serialize;

/// A language of the site and of messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, clap::ValueEnum)]
#[serde(into = "&'static str")]
pub enum Lang {
    /// Estonian (eesti keel).
    Et,
    /// English.
    En,
}

impl Lang {
    /// Every language the site is rendered in, the default first.
    pub(crate) const ALL: [Lang; 2] = [Lang::Et, Lang::En];
    /// The language of the site's root (the others are under their code).
    pub(crate) const DEFAULT: Lang = Lang::Et;

    /// The language code (`et`, `en`), also the `lang` attribute.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Et => "et",
            Lang::En => "en",
        }
    }

    /// The other language (the language switch's target).
    pub(crate) fn other(self) -> Lang {
        match self {
            Lang::Et => Lang::En,
            Lang::En => Lang::Et,
        }
    }

    /// The folder of the language's pages under the site root, with a
    /// trailing slash: "" for the default language.
    pub(crate) fn prefix(self) -> &'static str {
        match self {
            Lang::Et => "",
            Lang::En => "en/",
        }
    }

    /// The language of messages: `flag` when given, else the language of
    /// the environment's locale.
    pub fn choose(flag: Option<Lang>) -> Lang {
        flag.unwrap_or_else(|| Self::from_locale(|name| std::env::var_os(name)))
    }

    /// The language of the first locale variable that is set and not
    /// empty (`LC_ALL`, `LC_MESSAGES`, `LANG`): Estonian for `et…`
    /// (`et_EE.UTF-8`, `et`), English for anything else.
    pub fn from_locale(var: impl Fn(&str) -> Option<OsString>) -> Lang {
        let value = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|name| var(name))
            .find(|v| !v.is_empty());
        match value {
            Some(v) => {
                let v = v.to_string_lossy().to_ascii_lowercase();
                if v == "et" || v.starts_with("et_") || v.starts_with("et.") || v.starts_with("et-")
                {
                    Lang::Et
                } else {
                    Lang::En
                }
            }
            None => Lang::En,
        }
    }

    /// Picks the text for this language.
    pub fn pick<'a>(self, et: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Et => et,
            Lang::En => en,
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

    fn with(vars: &[(&str, &str)]) -> Lang {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Lang::from_locale(|name| {
            vars.iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| OsString::from(v))
        })
    }

    #[test]
    fn locale_order_and_values() {
        assert_eq!(with(&[]), Lang::En);
        assert_eq!(with(&[("LANG", "et_EE.UTF-8")]), Lang::Et);
        assert_eq!(with(&[("LANG", "et")]), Lang::Et);
        assert_eq!(with(&[("LANG", "en_GB.UTF-8")]), Lang::En);
        assert_eq!(with(&[("LANG", "eten")]), Lang::En);
        assert_eq!(with(&[("LC_ALL", "C"), ("LANG", "et_EE.UTF-8")]), Lang::En);
        assert_eq!(with(&[("LC_ALL", ""), ("LANG", "et_EE.UTF-8")]), Lang::Et);
        assert_eq!(
            with(&[("LC_MESSAGES", "et_EE"), ("LANG", "en_US")]),
            Lang::Et
        );
    }
}
