//! What the register's ids and addresses must look like, shared by the
//! rules that report them and the pages that show them.

/// Why `url` is not an absolute http(s) address, if it is not.
pub(crate) fn url_problem(url: &str) -> Option<&'static str> {
    let lower = url.trim_start().to_ascii_lowercase();
    let rest = if let Some(rest) = lower.strip_prefix("https://") {
        rest
    } else if let Some(rest) = lower.strip_prefix("http://") {
        rest
    } else if lower.contains(':') && !lower.starts_with('/') {
        return Some("only http and https addresses may be linked");
    } else {
        return Some("the address is not absolute");
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if host.is_empty() || host.starts_with('@') {
        return Some("the address has no host");
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("the address contains spaces or control characters");
    }
    None
}

/// Why `template` (`settings.edit_url`) makes no edit address, if it does
/// not: it must be an absolute http(s) address with `{path}` in it.
pub(crate) fn edit_url_problem(template: &str) -> Option<&'static str> {
    if !template.contains("{path}") {
        return Some("it has no {path}");
    }
    url_problem(&template.replace("{path}", "p").replace("{line}", "1"))
}

/// The closest of `candidates` to `wrong`, when close enough to suggest.
pub(crate) fn did_you_mean<'a>(
    wrong: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .map(|c| (strsim::jaro_winkler(wrong, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_absolute_http_addresses_with_a_host_pass() {
        assert_eq!(url_problem("https://wiki.example/x?y#z"), None);
        assert_eq!(url_problem("HTTP://Example.org"), None);
        for bad in [
            "javascript:alert(1)",
            "/relative",
            "wiki.example/x",
            "https://",
            "https://@host",
            "https://a b",
            "https://a\u{7}",
        ] {
            assert!(url_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn suggests_only_a_close_candidate() {
        let ids = ["intsidendihaldus", "muudatusehaldus"];
        assert_eq!(
            did_you_mean("intsidendihladus", ids.into_iter()),
            Some("intsidendihaldus")
        );
        assert_eq!(did_you_mean("zzz", ids.into_iter()), None);
    }
}
