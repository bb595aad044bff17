//! Answering requests: which resource a URL names, refusing unsafe paths,
//! content types, and the responses themselves.
//!
//! The site is served from memory, so no request can read a file from
//! disk; the path is still decoded and checked strictly (no `..`, no
//! encoded slashes or backslashes, no NUL, no empty segments) so a path
//! the published site could never contain is refused with 400 rather than
//! looked up.

use super::{Snapshot, State};

/// Where the live-reload script is served (never part of the build).
pub const LIVE_SCRIPT_PATH: &str = "/__procbook/live.js";
/// The Server-Sent Events stream that announces rebuilds.
pub const EVENTS_PATH: &str = "/__procbook/events";
/// `/__procbook/prefix/<name>/…` serves the same site one sub-path down,
/// to try the relative links as they work when published under a folder.
pub const PREFIX_PATH: &str = "/__procbook/prefix/";

const LIVE_SCRIPT: &str = include_str!("live.js");

/// What a request asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Route {
    /// The live-reload script.
    LiveScript,
    /// The reload event stream; `since` is the build the page came from.
    Events { since: Option<u64> },
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
        return Ok(Route::Events { since });
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

/// The Content-Type for a file, by its extension.
pub fn content_type(path: &str) -> &'static str {
    let extension = path
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase());
    match extension.as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("csv") => "text/csv; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("pdf") => "application/pdf",
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        Some("txt" | "md") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Whether a site path asks for a page (so an error page may stand in).
fn wants_page(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    name.is_empty() || name.ends_with(".html") || !name.contains('.')
}

/// A request as [`answer`] needs it: the method and the target, as sent.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// `GET`, `HEAD`, …
    pub method: &'a str,
    /// The request target from the request line.
    pub target: &'a str,
}

/// What to do with a request.
pub enum Answer {
    /// Send this and close the connection.
    Reply(Reply),
    /// Keep the connection as a reload event stream; with `reload_now` the
    /// page is older than the current build.
    Events { reload_now: bool },
}

/// A response: status, headers and body. Every response says
/// `Connection: close`; a connection carries one request.
#[derive(Debug)]
pub struct Reply {
    status: u16,
    content_type: &'static str,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn new(status: u16, content_type: &'static str, body: Vec<u8>) -> Reply {
        Reply {
            status,
            content_type,
            headers: Vec::new(),
            body,
        }
    }

    /// A plain-text response.
    pub fn text(status: u16, message: &str) -> Reply {
        Reply::new(
            status,
            "text/plain; charset=utf-8",
            format!("{message}\n").into_bytes(),
        )
    }

    fn redirect(location: String) -> Reply {
        let mut reply = Reply::text(308, "moved");
        reply.headers.push(("Location", location));
        reply
    }

    /// The bytes on the wire; no body for `HEAD`.
    pub fn to_bytes(&self, head_only: bool) -> Vec<u8> {
        let reason = match self.status {
            200 => "OK",
            308 => "Permanent Redirect",
            400 => "Bad Request",
            404 => "Not Found",
            405 => "Method Not Allowed",
            408 => "Request Timeout",
            414 => "URI Too Long",
            431 => "Request Header Fields Too Large",
            500 => "Internal Server Error",
            503 => "Service Unavailable",
            505 => "HTTP Version Not Supported",
            _ => "",
        };
        let mut head = format!(
            "HTTP/1.1 {} {reason}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
            self.status,
            self.content_type,
            self.body.len()
        );
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        let mut bytes = head.into_bytes();
        if !head_only {
            bytes.extend_from_slice(&self.body);
        }
        bytes
    }
}

/// The response for a site path from the current build.
fn site_response(snapshot: &Snapshot, path: &str, raw_path: &str) -> Reply {
    if let Some(page) = &snapshot.failure {
        return if wants_page(path) {
            Reply::new(500, "text/html; charset=utf-8", page.clone())
        } else {
            Reply::text(503, "the site could not be built; open a page to see why")
        };
    }
    let key = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    };
    if let Some(bytes) = snapshot.files.get(&key) {
        return Reply::new(200, content_type(&key), bytes.clone());
    }
    if snapshot.files.contains_key(&format!("{path}/index.html")) {
        return Reply::redirect(format!(
            "{}/",
            raw_path.split(['?', '#']).next().unwrap_or_default()
        ));
    }
    // The 404 page in the interface language the path is in.
    let not_found = if path.starts_with("en/") {
        "en/404.html"
    } else {
        "404.html"
    };
    match snapshot
        .files
        .get(not_found)
        .or_else(|| snapshot.files.get("404.html"))
    {
        Some(bytes) => Reply::new(404, "text/html; charset=utf-8", bytes.clone()),
        None => Reply::text(404, "not found"),
    }
}

/// Answers one request.
pub fn answer(request: &Request, state: &State) -> Answer {
    if !matches!(request.method, "GET" | "HEAD") {
        let mut reply = Reply::text(405, "only GET and HEAD");
        reply.headers.push(("Allow", "GET, HEAD".to_string()));
        return Answer::Reply(reply);
    }
    let url = request.target;
    Answer::Reply(match route(url) {
        Err(Refused(why)) => Reply::text(400, &format!("bad request: {why}")),
        Ok(Route::LiveScript) => Reply::new(
            200,
            content_type("live.js"),
            LIVE_SCRIPT.as_bytes().to_vec(),
        ),
        Ok(Route::Events { since }) => {
            let current = state.snapshot().version;
            return Answer::Events {
                reload_now: since.is_some_and(|v| v != current),
            };
        }
        Ok(Route::AddSlash(location)) => Reply::redirect(location),
        Ok(Route::Site(path)) => site_response(&state.snapshot(), &path, url),
    })
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
            Ok(Route::Events { since: Some(3) })
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

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/b.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("x.WOFF2"), "font/woff2");
        assert_eq!(content_type("noext"), "application/octet-stream");
        assert_eq!(content_type("processes/a/form.PDF"), "application/pdf");
        assert_eq!(content_type("a/b.webp"), "image/webp");
    }
}
