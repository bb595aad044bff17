//! The language procbook speaks to people in: Estonian for the owners the
//! directive addresses, English otherwise. Chosen by `--lang`, else the
//! locale (`LC_ALL`, `LC_MESSAGES`, `LANG`, in POSIX order), else English.
//! Only messages change: codes, file names and JSON keys stay the same in
//! both, so scripts never depend on the language.

use std::ffi::OsString;

/// A language of messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    /// Estonian (eesti keel).
    Et,
    /// English.
    #[default]
    En,
}

impl Lang {
    /// `flag` when given, else the language of the environment's locale.
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

    /// The language tag (`et`, `en`).
    pub fn tag(self) -> &'static str {
        self.pick("et", "en")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
