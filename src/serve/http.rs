//! Answering requests: which resource a URL names, refusing unsafe paths,
//! content types, and the responses themselves.
//!
//! The site is served from memory, so no request can read a file from
//! disk; the path is still decoded and checked strictly (no `..`, no
//! encoded slashes or backslashes, no NUL, no empty segments) so a path
//! the published site could never contain is refused with 400 rather than
//! looked up.

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpStream};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use tiny_http::{Method, Request, Server};

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

/// A response, written by hand so it can say `Connection: close`.
///
/// tiny_http 0.12 drops a `Connection` header from its responses and gives
/// each open connection a pooled thread until the client closes it; with
/// browsers keeping connections alive, a burst of requests could wait
/// behind idle ones. Closing after every response keeps the threads
/// cycling.
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

    fn text(status: u16, message: &str) -> Reply {
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
    fn to_bytes(&self, head_only: bool) -> Vec<u8> {
        let reason = match self.status {
            200 => "OK",
            308 => "Permanent Redirect",
            400 => "Bad Request",
            404 => "Not Found",
            405 => "Method Not Allowed",
            500 => "Internal Server Error",
            503 => "Service Unavailable",
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
fn handle(request: Request, state: &State) {
    let head_only = *request.method() == Method::Head;
    let url = request.url().to_string();
    let reply = if !matches!(request.method(), Method::Get | Method::Head) {
        let mut reply = Reply::text(405, "only GET and HEAD");
        reply.headers.push(("Allow", "GET, HEAD".to_string()));
        reply
    } else {
        match route(&url) {
            Err(Refused(why)) => Reply::text(400, &format!("bad request: {why}")),
            Ok(Route::LiveScript) => Reply::new(
                200,
                content_type("live.js"),
                LIVE_SCRIPT.as_bytes().to_vec(),
            ),
            Ok(Route::Events { since }) => {
                let current = state.snapshot().version;
                let immediate = since.is_some_and(|v| v != current);
                state.clients.add(request.into_writer(), immediate);
                nudge(state.address);
                return;
            }
            Ok(Route::AddSlash(location)) => Reply::redirect(location),
            Ok(Route::Site(path)) => site_response(&state.snapshot(), &path, &url),
        }
    };
    let mut writer = request.into_writer();
    // A client that went away is not an error worth reporting.
    let _ = writer
        .write_all(&reply.to_bytes(head_only))
        .and_then(|()| writer.flush());
}

/// Opens and at once closes a connection to the server itself.
///
/// tiny_http's connection pool can queue a burst of new connections behind
/// threads that then stay busy (an event stream holds its thread while it
/// is open). A new connection arriving when no thread is idle gets a fresh
/// thread, which then takes the next queued connection; nudging once per
/// event stream opened so drains any such queue.
fn nudge(address: SocketAddr) {
    let ip = match address.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    let _ =
        TcpStream::connect_timeout(&SocketAddr::new(ip, address.port()), Duration::from_secs(1));
}

/// Starts `count` threads that take requests from `server` and answer them.
/// Event streams are handed to their own threads, so a worker is never
/// held by a long-lived connection.
pub fn spawn_workers(
    server: &Arc<Server>,
    state: &Arc<State>,
    count: usize,
) -> std::io::Result<()> {
    for index in 0..count {
        let server = Arc::clone(server);
        let state = Arc::clone(state);
        thread::Builder::new()
            .name(format!("procbook-http-{index}"))
            .spawn(move || loop {
                match server.recv() {
                    Ok(request) => handle(request, &state),
                    Err(_) => continue,
                }
            })?;
    }
    Ok(())
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
    }
}
