//! Answering requests: the checks hyper leaves to the application (line
//! lengths, `Host`, method), content types, conditional requests, and the
//! responses; [`super::route`] says what a URL names. Bodies are [`Bytes`]
//! shared with the snapshot: answering a request never copies a file.

use bytes::Bytes;
use http_body_util::{Either, Full};
use hyper::header::{self, HeaderMap, HeaderValue};
use hyper::{Method, Request, Response, StatusCode, Version};

use super::host::Refusal;
use super::lazy::Outcome;
use super::page;
use super::reload::{EventBody, Watch};
use super::route::{route, Refused, Route};
use super::transport::{MAX_HEADER_LINE, MAX_REQUEST_LINE};
use super::{Snapshot, State};
use crate::render::paths;

const LIVE_SCRIPT: &str = include_str!("live.js");

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

/// A response body: a whole file (shared, never copied) or an event stream.
pub type Body = Either<Full<Bytes>, EventBody>;

/// A file as served: its bytes and their entity tag; for a page, also the
/// tag its live-reload script carries.
#[derive(Debug, Clone)]
pub struct Served {
    bytes: Bytes,
    etag: HeaderValue,
    /// For a page: what the page shows (its bytes and the notice panel),
    /// as a number; the panel and the reload script carrying this number
    /// are added as the page is served.
    page_tag: Option<u64>,
}

impl Served {
    /// `bytes` with a strong entity tag made from a hash of them, so the
    /// same bytes keep the same tag from one build to the next.
    pub fn new(bytes: Bytes) -> Served {
        let hash = super::lazy::hash_of(&bytes);
        Served::hashed(bytes, hash)
    }

    /// `bytes` whose hash is known.
    pub fn hashed(bytes: Bytes, hash: u64) -> Served {
        let etag = format!("\"{hash:016x}-{:x}\"", bytes.len());
        Served {
            bytes,
            etag: HeaderValue::from_str(&etag).unwrap_or(HeaderValue::from_static("\"\"")),
            page_tag: None,
        }
    }

    /// A page, as the build made it; `tag` stands for it and the panel.
    pub fn page(bytes: Bytes, tag: u64) -> Served {
        Served {
            page_tag: Some(tag),
            ..Served::hashed(bytes, tag)
        }
    }

    /// The entity tag, quotes included.
    pub fn etag(&self) -> &str {
        self.etag.to_str().unwrap_or_default()
    }

    /// The tag a page's reload script carries; `None` for other files.
    pub fn page_tag(&self) -> Option<u64> {
        self.page_tag
    }

    /// The bytes sent: a page gets the notice panel and the reload script.
    fn body(&self, panel: Option<&str>) -> Bytes {
        let Some(tag) = self.page_tag else {
            return self.bytes.clone();
        };
        let with_panel = panel.map(|panel| page::inject_panel(&self.bytes, panel));
        let html = with_panel.as_deref().unwrap_or(&self.bytes);
        Bytes::from(page::inject_live_script(html, tag))
    }
}

/// The live-reload script, with its entity tag.
pub fn live_script() -> Served {
    Served::new(Bytes::from_static(LIVE_SCRIPT.as_bytes()))
}

fn respond(status: StatusCode, content_type: &'static str, body: Bytes) -> Response<Body> {
    let mut response = Response::new(Either::Left(Full::new(body)));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// A plain-text response.
pub fn text(status: StatusCode, message: &str) -> Response<Body> {
    respond(
        status,
        "text/plain; charset=utf-8",
        Bytes::from(format!("{message}\n")),
    )
}

fn redirect(location: &str) -> Response<Body> {
    let mut response = text(StatusCode::PERMANENT_REDIRECT, "moved");
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

/// Whether `If-None-Match` in `headers` names `served` (weak comparison,
/// as RFC 9110 asks for this header).
fn not_modified(headers: &HeaderMap, served: &Served) -> bool {
    let etag = served.etag();
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == etag)
}

/// A file of the build: 304 when the client has these bytes already,
/// else 200. `no-cache` lets the browser keep the file but ask each time,
/// so a reload after a rebuild fetches only what changed.
fn file_response(
    headers: &HeaderMap,
    path: &str,
    served: &Served,
    panel: Option<&str>,
) -> Response<Body> {
    let mut response = if not_modified(headers, served) {
        respond(StatusCode::NOT_MODIFIED, content_type(path), Bytes::new())
    } else {
        respond(StatusCode::OK, content_type(path), served.body(panel))
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(header::ETAG, served.etag.clone());
    response
}

/// Browsers ask for `/favicon.ico` whatever the pages link to; when the
/// site has none at its root, the theme's icon stands in (an `.ico` first),
/// so the preview's console shows no 404 for it.
fn favicon(snapshot: &Snapshot, key: &str) -> Option<(String, Served)> {
    if key != paths::FAVICON {
        return None;
    }
    ["assets/favicon.ico", "assets/favicon.svg"]
        .iter()
        .find_map(|name| match snapshot.file(name) {
            Outcome::File(served) => Some((name.to_string(), served)),
            _ => None,
        })
}

/// The file a site path names: a folder's `index.html`, else the path.
pub fn file_key(path: &str) -> String {
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

/// The 404 page for a site path, in the interface language it is in.
pub fn not_found_page(snapshot: &Snapshot, path: &str) -> Option<Served> {
    [paths::not_found_for(path), paths::NOT_FOUND.to_string()]
        .iter()
        .find_map(|page| match snapshot.file(page) {
            Outcome::File(served) => Some(served),
            _ => None,
        })
}

/// The page that says a file could not be rendered, and why.
fn render_failure(why: &str, lang: crate::lang::Lang) -> Response<Body> {
    let headline = lang.pick(
        "Lehte ei saanud kokku panna",
        "The page could not be rendered",
    );
    let page = page::error_page(headline, why, &[], &Default::default(), lang);
    respond(
        StatusCode::INTERNAL_SERVER_ERROR,
        "text/html; charset=utf-8",
        Bytes::from(page::inject_live_script(
            &page,
            super::lazy::failure_tag(why),
        )),
    )
}

/// The response for a site path from the current build. Files are
/// rendered as they are asked for, so this may take a while.
fn site_response(
    headers: &HeaderMap,
    snapshot: &Snapshot,
    path: &str,
    raw_path: &str,
    lang: crate::lang::Lang,
) -> Response<Body> {
    if let Some(page) = &snapshot.failure {
        return if wants_page(path) {
            respond(
                StatusCode::INTERNAL_SERVER_ERROR,
                "text/html; charset=utf-8",
                page.clone(),
            )
        } else {
            text(
                StatusCode::SERVICE_UNAVAILABLE,
                "the site could not be built; open a page to see why",
            )
        };
    }
    let key = file_key(path);
    match snapshot.file(&key) {
        Outcome::File(served) => {
            return file_response(headers, &key, &served, snapshot.panel.as_deref())
        }
        Outcome::Failed(why) => return render_failure(&why, lang),
        Outcome::Missing => {}
    }
    if let Some((name, served)) = favicon(snapshot, &key) {
        return file_response(headers, &name, &served, snapshot.panel.as_deref());
    }
    // A folder named without its slash (a page's name is never one).
    let folder = format!("{path}/index.html");
    if !key.ends_with(".html") && matches!(snapshot.file(&folder), Outcome::File(_)) {
        return redirect(&format!(
            "{}/",
            raw_path.split(['?', '#']).next().unwrap_or_default()
        ));
    }
    match not_found_page(snapshot, path) {
        Some(served) => respond(
            StatusCode::NOT_FOUND,
            "text/html; charset=utf-8",
            served.body(snapshot.panel.as_deref()),
        ),
        None => text(StatusCode::NOT_FOUND, "not found"),
    }
}

/// The checks hyper leaves to us: the request line and each header line
/// within their limits, the `Host` header, the method. `None` when the
/// request may be answered.
fn refuse<B>(request: &Request<B>, state: &State) -> Option<Response<Body>> {
    let uri = request.uri();
    let target = uri.path_and_query().map_or("", |p| p.as_str());
    // "METHOD SP target SP HTTP/1.1"
    if request.method().as_str().len() + target.len() + 10 > MAX_REQUEST_LINE {
        return Some(text(
            StatusCode::URI_TOO_LONG,
            "the request line is too long",
        ));
    }
    if request
        .headers()
        .iter()
        .any(|(name, value)| name.as_str().len() + 2 + value.len() > MAX_HEADER_LINE)
    {
        return Some(text(
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            "a header line is too long",
        ));
    }
    if uri.scheme().is_some() || uri.authority().is_some() {
        return Some(text(
            StatusCode::BAD_REQUEST,
            "bad request: the request target must be a path (this is not a proxy)",
        ));
    }
    if let Some(refusal) = check_host(request, state) {
        return Some(refusal);
    }
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        let mut response = text(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD");
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return Some(response);
    }
    None
}

/// 400 for a missing (on HTTP/1.1), doubled or malformed `Host`, 421 for
/// one that names somewhere else (see [`super::host`]).
fn check_host<B>(request: &Request<B>, state: &State) -> Option<Response<Body>> {
    let bad = |why: &str| {
        Some(text(
            StatusCode::BAD_REQUEST,
            &format!("bad request: {why}"),
        ))
    };
    let mut hosts = request.headers().get_all(header::HOST).iter();
    let host = match (hosts.next(), hosts.next()) {
        (Some(host), None) => host.to_str().unwrap_or("\u{0}"),
        (None, _) if request.version() == Version::HTTP_10 => return None,
        (None, _) => return bad("HTTP/1.1 needs a Host header"),
        (Some(_), Some(_)) => return bad("more than one Host header"),
    };
    match state.hosts.check(host) {
        Ok(()) => None,
        Err(Refusal::Malformed) => bad("malformed Host header"),
        Err(Refusal::Elsewhere) => Some(text(
            StatusCode::MISDIRECTED_REQUEST,
            &format!(
                "misdirected request: this preview answers only at {}; other names are \
                 refused so that no web page can reach it by DNS rebinding",
                state.hosts.describe(state.address.port())
            ),
        )),
    }
}

/// Answers one request. `release` is called when the connection becomes
/// an event stream, which no longer counts against the connection cap.
pub fn answer<B>(request: &Request<B>, state: &State, release: &dyn Fn()) -> Response<Body> {
    if let Some(refusal) = refuse(request, state) {
        return refusal;
    }
    let url = request.uri().path_and_query().map_or("/", |p| p.as_str());
    match route(url) {
        Err(Refused(why)) => text(StatusCode::BAD_REQUEST, &format!("bad request: {why}")),
        Ok(Route::LiveScript) => {
            file_response(request.headers(), "live.js", &state.live_script, None)
        }
        Ok(Route::Events { since, page }) => {
            let watch = Watch::new(since, page.as_deref());
            let snapshots = state.snapshots.subscribe();
            match state.streams.open(snapshots, watch) {
                Some(body) => {
                    release();
                    let mut response = Response::new(Either::Right(body));
                    let headers = response.headers_mut();
                    headers.insert(
                        header::CONTENT_TYPE,
                        HeaderValue::from_static("text/event-stream"),
                    );
                    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
                    headers.insert("x-accel-buffering", HeaderValue::from_static("no"));
                    response
                }
                None => text(StatusCode::SERVICE_UNAVAILABLE, "too many reload streams"),
            }
        }
        Ok(Route::AddSlash(location)) => redirect(&location),
        Ok(Route::Site(path)) => {
            site_response(request.headers(), &state.snapshot(), &path, url, state.lang)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> State {
        let address: std::net::SocketAddr = "127.0.0.1:3000".parse().unwrap();
        State {
            snapshots: tokio::sync::watch::Sender::new(std::sync::Arc::new(Snapshot {
                version: 1,
                site: None,
                failure: None,
                panel: None,
            })),
            address,
            hosts: super::super::host::Hosts::for_address(address.ip()),
            streams: Default::default(),
            live_script: live_script(),
            lang: crate::lang::Lang::En,
        }
    }

    fn status(request: Request<()>) -> u16 {
        answer(&request, &state(), &|| {}).status().as_u16()
    }

    fn get(target: &str) -> hyper::http::request::Builder {
        Request::builder().uri(target)
    }

    #[test]
    fn refuses_what_hyper_leaves_to_the_server() {
        let ok =
            |b: hyper::http::request::Builder| b.header("host", "127.0.0.1:3000").body(()).unwrap();
        // The snapshot here has no files: a request that is not refused
        // is answered "not found".
        const ACCEPTED: u16 = 404;
        assert_eq!(status(ok(get("/"))), ACCEPTED);
        let long = format!("/{}", "a".repeat(MAX_REQUEST_LINE));
        assert_eq!(status(ok(get(&long))), 414);
        let line = "v".repeat(MAX_HEADER_LINE);
        assert_eq!(status(ok(get("/").header("x-long", line.as_str()))), 431);
        assert_eq!(status(ok(get("/").method("POST"))), 405);
        assert_eq!(status(ok(get("http://127.0.0.1:3000/"))), 400);
        assert_eq!(
            status(get("/").body(()).unwrap()),
            400,
            "HTTP/1.1 without Host"
        );
        assert_eq!(
            status(get("/").version(Version::HTTP_10).body(()).unwrap()),
            ACCEPTED
        );
        let doubled = get("/")
            .header("host", "127.0.0.1")
            .header("host", "127.0.0.1");
        assert_eq!(status(doubled.body(()).unwrap()), 400);
        assert_eq!(
            status(get("/").header("host", "evil.example").body(()).unwrap()),
            421
        );
        assert_eq!(
            status(get("/").header("host", "127.0.0.1:x").body(()).unwrap()),
            400
        );
        // The Host check comes before anything about the site.
        assert_eq!(
            status(
                get("/%2e%2e/")
                    .header("host", "evil.example")
                    .body(())
                    .unwrap()
            ),
            421
        );
    }

    #[test]
    fn if_none_match_compares_weakly_and_accepts_lists_and_star() {
        let served = Served::new(Bytes::from_static(b"body"));
        let tag = served.etag().to_string();
        let matches = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::IF_NONE_MATCH, HeaderValue::from_str(value).unwrap());
            not_modified(&headers, &served)
        };
        assert!(matches(&tag));
        assert!(matches(&format!("W/{tag}")));
        assert!(matches(&format!("\"a\", {tag}")));
        assert!(matches("*"));
        assert!(!matches("\"a\""));
        assert!(!matches(tag.trim_matches('"')));
        assert!(!not_modified(&HeaderMap::new(), &served));
        // Same bytes, same tag; other bytes, another.
        assert_eq!(Served::new(Bytes::from_static(b"body")).etag(), tag);
        assert_ne!(Served::new(Bytes::from_static(b"bodY")).etag(), tag);
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
