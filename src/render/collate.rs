//! Estonian alphabetical order (… s š z ž t u v w õ ä ö ü x y) for lists
//! people scan by name.

use std::cmp::Ordering;

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed, CollatorPreferences};
use icu_locale_core::Locale;

/// Compares strings the way an Estonian dictionary orders them.
pub(crate) struct EstonianOrder {
    collator: Option<CollatorBorrowed<'static>>,
}

impl EstonianOrder {
    /// The Estonian collator from ICU's compiled data.
    pub(crate) fn new() -> Self {
        let collator = "et".parse::<Locale>().ok().and_then(|locale| {
            Collator::try_new(
                CollatorPreferences::from(&locale),
                CollatorOptions::default(),
            )
            .ok()
        });
        EstonianOrder { collator }
    }

    /// Orders `a` and `b`; falls back to code points if ICU data is missing.
    pub(crate) fn compare(&self, a: &str, b: &str) -> Ordering {
        match &self.collator {
            Some(collator) => collator.compare(a, b).then_with(|| a.cmp(b)),
            None => a.cmp(b),
        }
    }
}

impl Default for EstonianOrder {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estonian_letters_follow_w() {
        let order = EstonianOrder::new();
        let mut words = vec![
            "ülem", "õun", "zeta", "äri", "vesi", "öö", "šokk", "sai", "wow", "tee",
        ];
        words.sort_by(|a, b| order.compare(a, b));
        assert_eq!(
            words,
            vec!["sai", "šokk", "zeta", "tee", "vesi", "wow", "õun", "äri", "öö", "ülem"]
        );
    }
}
