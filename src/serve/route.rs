//! Which resource a URL names, refusing unsafe paths.
//!
//! The site is served from memory, so no request can read a file from
//! disk; the path is still decoded and checked strictly (no `..`, no
//! encoded slashes or backslashes, no NUL, no empty segments) so a path
//! the published site could never contain is refused with 400 rather than
//! looked up.

/// Where the live-reload script is served (never part of the build).
pub const LIVE_SCRIPT_PATH: &str = "/__procbook/live.js";
/// The Server-Sent Events stream that announces rebuilds.
pub const EVENTS_PATH: &str = "/__procbook/events";
/// `/__procbook/prefix/<name>/…` serves the same site one sub-path down,
/// to try the relative links as they work when published under a folder.
pub const PREFIX_PATH: &str = "/__procbook/prefix/";

/// What a request asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Route {
    /// The live-reload script.
    LiveScript,
    /// The reload event stream of a page: `since` is the tag the page was
    /// served with, `page` its address.
    Events {
        since: Option<u64>,
        page: Option<String>,
    },
    /// A file of the site: a decoded path relative to the site root, empty
    /// for the root and ending with `/` for a folder.
    Site(String),
    /// The same URL with a `/` added (a folder, or the bare sub-path).
    AddSlash(String),
}

/// Why a URL was refused.
#[derive(Debug, PartialEq, Eq)]
pub struct Refused(pub &'static str);

/// Works out what `url` (as the request line has it) names.
pub fn route(url: &str) -> Result<Route, Refused> {
    let (path, query) = match url.split_once('?') {
        Some((path, query)) => (path, query),
        None => (url, ""),
    };
    let path = path.split('#').next().unwrap_or_default();
    if path == LIVE_SCRIPT_PATH {
        return Ok(Route::LiveScript);
    }
    if path == EVENTS_PATH {
        let since = query
            .split('&')
            .find_map(|pair| pair.strip_prefix("v="))
            .and_then(|v| v.parse().ok());
        // The page's address, percent-encoded as `location.pathname` has
        // it (the request line's length bounds it).
        let page = query
            .split('&')
            .find_map(|pair| pair.strip_prefix("page="))
            .and_then(|p| percent_decode(p).filter(|p| p.starts_with('/')));
        return Ok(Route::Events { since, page });
    }
    if let Some(rest) = path.strip_prefix(PREFIX_PATH) {
        // One segment names the sub-path; the rest is the site path.
        return match rest.split_once('/') {
            Some((name, site)) if !name.is_empty() => {
                check_segment(name)?;
                Ok(Route::Site(site_path(&format!("/{site}"))?))
            }
            None if !rest.is_empty() => {
                check_segment(rest)?;
                Ok(Route::AddSlash(format!("{path}/")))
            }
            _ => Err(Refused(
                "the sub-path needs a name: /__procbook/prefix/<name>/",
            )),
        };
    }
    Ok(Route::Site(site_path(path)?))
}

/// Decodes and checks a URL path, returning it relative to the site root.
pub fn site_path(path: &str) -> Result<String, Refused> {
    let Some(rest) = path.strip_prefix('/') else {
        return Err(Refused("the path must start with /"));
    };
    let segments: Vec<&str> = rest.split('/').collect();
    let last = segments.len() - 1;
    let mut decoded = Vec::with_capacity(segments.len());
    for (index, segment) in segments.iter().enumerate() {
        if segment.is_empty() && index != last {
            return Err(Refused("empty path segment"));
        }
        decoded.push(check_segment(segment)?);
    }
    Ok(decoded.join("/"))
}

/// Decodes one path segment and refuses anything that could step outside
/// the site or that no published file name contains.
fn check_segment(segment: &str) -> Result<String, Refused> {
    let text = percent_decode(segment).ok_or(Refused("malformed percent-encoding"))?;
    if text == "." || text == ".." {
        return Err(Refused("dot segments are not allowed"));
    }
    if text.contains(['/', '\\']) {
        return Err(Refused("encoded slashes and backslashes are not allowed"));
    }
    if text.chars().any(char::is_control) {
        return Err(Refused("control characters are not allowed"));
    }
    Ok(text)
}

/// `%XX` decoding to UTF-8; `None` for a bad escape or invalid UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_site_paths() {
        assert_eq!(route("/"), Ok(Route::Site(String::new())));
        assert_eq!(
            route("/search.html?q=x#top"),
            Ok(Route::Site("search.html".into()))
        );
        assert_eq!(route("/directives/"), Ok(Route::Site("directives/".into())));
        assert_eq!(route("/a%20b.html"), Ok(Route::Site("a b.html".into())));
        assert_eq!(
            route("/__procbook/prefix/x/processes/a.html"),
            Ok(Route::Site("processes/a.html".into()))
        );
        assert_eq!(
            route("/__procbook/prefix/x"),
            Ok(Route::AddSlash("/__procbook/prefix/x/".into()))
        );
        assert_eq!(
            route("/__procbook/events?v=3"),
            Ok(Route::Events {
                since: Some(3),
                page: None
            })
        );
        assert_eq!(route(LIVE_SCRIPT_PATH), Ok(Route::LiveScript));
    }

    #[test]
    fn refuses_traversal() {
        for url in [
            "/../etc/passwd",
            "/a/../../etc/passwd",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/%2E%2E/etc/passwd",
            "/..%2fetc%2fpasswd",
            "/a%2fb",
            "/a%5c..%5cb",
            "/a\\..\\b",
            "/index.html%00.css",
            "//etc/passwd",
            "/a//b",
            "etc/passwd",
            "http://example.org/",
            "/%zz",
            "/%ff",
            "/__procbook/prefix/../index.html",
            "/__procbook/prefix/%2e%2e/index.html",
            "/__procbook/prefix//index.html",
        ] {
            assert!(route(url).is_err(), "{url} was accepted: {:?}", route(url));
        }
    }
}
