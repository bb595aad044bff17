//! Showing an error to people. Errors are typed and each names only its
//! own part of the story — the cause is its `source()` — so the one place
//! that prints an error walks the chain.

use std::error::Error;
use std::fmt;

/// An error and its causes, `outer: inner: innermost`.
pub struct Chain<'a>(pub &'a (dyn Error + 'static));

impl fmt::Display for Chain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)?;
        let mut cause = self.0.source();
        while let Some(error) = cause {
            write!(f, ": {error}")?;
            cause = error.source();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("cannot read the theme")]
    struct Outer(#[source] std::io::Error);

    #[test]
    fn shows_every_cause_in_order() {
        let error = Outer(std::io::Error::other("disk on fire"));
        assert_eq!(
            Chain(&error).to_string(),
            "cannot read the theme: disk on fire"
        );
    }
}
