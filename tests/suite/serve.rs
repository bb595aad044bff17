//! `procbook serve`: the real binary on a copy of the shipped register,
//! spoken to over plain TCP. Every wait polls with a generous limit; no test
//! asserts how fast anything is.

use std::fs;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

use tempfile::TempDir;

use crate::common::build::{copy_tree, override_template, read_tree};
use crate::common::serve::{exchange, get, Events, Serve, LIMIT};
use crate::common::{repo_root, run_at};

const TODAY: &str = "2026-12-01";
const LIVE_TAG: &str = "/__procbook/live.js?v=";

/// A temporary copy of the shipped register: processes.yaml and content/.
fn shipped_site() -> TempDir {
    let dir = tempfile::Builder::new()
        .prefix("procbook-serve-")
        .tempdir()
        .unwrap();
    fs::copy(
        repo_root().join("processes.yaml"),
        dir.path().join("processes.yaml"),
    )
    .unwrap();
    copy_tree(&repo_root().join("content"), &dir.path().join("content"));
    dir
}

/// Builds the site at `root` into `out` as of [`TODAY`], failing the test
/// unless the build succeeds.
fn build_into(root: &Path, out: &Path, extra: &[&str]) {
    let out = out.to_str().expect("output path is UTF-8");
    let mut args = vec!["--out", out, "--today", TODAY];
    args.extend_from_slice(extra);
    run_at(root, "build", &args).assert_code(0);
}

const PROCESS_PAGE: &str = "/processes/teenustasemete-haldus.html";
const GOAL: &str = "Teenuste vastavus teenuslepetele";

#[test]
fn serves_pages_assets_and_the_404_page_from_memory() {
    let site = shipped_site();
    let serve = Serve::start(site.path(), TODAY);
    for target in ["/", "/index.html", PROCESS_PAGE, "/en/", "/directives/"] {
        let reply = serve.get(target);
        assert_eq!(reply.status, 200, "{target}: {reply:?}");
        assert_eq!(reply.content_type(), "text/html; charset=utf-8", "{target}");
        assert!(
            reply.body.contains(&format!("<script src=\"{LIVE_TAG}")),
            "{target} lacks the live script"
        );
        let before_body_end = reply.body.rfind("</body>").unwrap();
        assert!(
            reply.body.rfind(LIVE_TAG).unwrap() < before_body_end,
            "{target}: script after </body>"
        );
    }
    assert!(serve.get(PROCESS_PAGE).body.contains(GOAL));
    assert_eq!(serve.get("/").body, serve.get("/index.html").body);

    for (target, content_type) in [
        ("/assets/style.css", "text/css; charset=utf-8"),
        ("/assets/search.js", "text/javascript; charset=utf-8"),
        ("/api/register.json", "application/json"),
        ("/processes.csv", "text/csv; charset=utf-8"),
        ("/__procbook/live.js", "text/javascript; charset=utf-8"),
    ] {
        let reply = serve.get(target);
        assert_eq!(reply.status, 200, "{target}: {reply:?}");
        assert_eq!(reply.content_type(), content_type, "{target}");
        assert!(
            !reply.body.contains(LIVE_TAG),
            "{target} must not carry the script tag"
        );
    }
    assert!(serve
        .get("/api/register.json")
        .body
        .contains("\"format\": \"procbook-register/1\""));
    assert!(serve
        .get("/__procbook/live.js")
        .body
        .contains("EventSource"));

    // A folder without its slash is redirected, so relative links resolve.
    let reply = serve.get("/directives");
    assert_eq!(reply.status, 308);
    assert_eq!(reply.header("location"), Some("/directives/"));

    let not_found = serve.get("/no/such/page.html");
    assert_eq!(not_found.status, 404);
    assert_eq!(not_found.content_type(), "text/html; charset=utf-8");
    assert_eq!(not_found.body, serve.get("/404.html").body);
    assert!(serve.get("/en/nothing-here").body.contains("lang=\"en\""));

    // Nothing was written beside the sources.
    assert!(!site.path().join("public").exists());
}

#[test]
fn the_build_output_never_carries_the_live_script() {
    let site = shipped_site();
    let out = site.path().join("out");
    build_into(site.path(), &out, &[]);
    let files = read_tree(&out);
    for (path, bytes) in &files {
        assert!(
            !String::from_utf8_lossy(bytes).contains("__procbook"),
            "{path} mentions the preview"
        );
    }
    assert!(files.len() > 10);
}

#[test]
fn traversal_in_any_form_is_refused() {
    let site = shipped_site();
    fs::write(site.path().join("secret.txt"), "root:x:0:0:do-not-serve").unwrap();
    let serve = Serve::start(site.path(), TODAY);
    for target in [
        "/../../../../etc/passwd",
        "/processes/../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/..%2f..%2f..%2fetc%2fpasswd",
        "/%2fetc%2fpasswd",
        "/..\\..\\..\\etc\\passwd",
        "/%5c..%5c..%5cetc%5cpasswd",
        "/index.html%00.css",
        "/%00",
        "//etc/passwd",
        "/processes//../../etc/passwd",
        "/../secret.txt",
        "/secret.txt",
        "/processes.yaml",
        "/content/processes/intsidendihaldus.md",
        "/__procbook/prefix/../../etc/passwd",
        "/__procbook/prefix/%2e%2e/etc/passwd",
        "/__procbook/prefix/x/../../../etc/passwd",
    ] {
        let reply = serve.get(target);
        assert!(
            reply.status == 400 || reply.status == 404,
            "{target}: {reply:?}"
        );
        assert!(!reply.body.contains("root:"), "{target} leaked a file");
        assert!(
            !reply.body.contains("organisation:"),
            "{target} leaked the register"
        );
    }
    assert_eq!(serve.get("/%2e%2e/etc/passwd").status, 400);
    // The server is still fine.
    assert_eq!(serve.get("/").status, 200);
}

/// Every relative `href`/`src` of `page` (a URL path) resolved against it.
fn relative_links(page: &str, html: &str) -> Vec<String> {
    let base = &page[..=page.rfind('/').unwrap()];
    let mut links = Vec::new();
    for attribute in ["href=\"", "src=\""] {
        for piece in html.split(attribute).skip(1) {
            let link = piece.split('"').next().unwrap();
            let link = link.split(['#', '?']).next().unwrap();
            if link.is_empty() || link.starts_with('/') || link.contains(':') {
                continue;
            }
            let mut parts: Vec<&str> = base.trim_end_matches('/').split('/').collect();
            for segment in link.split('/') {
                match segment {
                    ".." => {
                        parts.pop();
                    }
                    "." => {}
                    other => parts.push(other),
                }
            }
            links.push(parts.join("/"));
        }
    }
    links
}

#[test]
fn the_site_works_under_a_sub_path() {
    let site = shipped_site();
    let serve = Serve::start(site.path(), TODAY);
    let prefix = "/__procbook/prefix/demo";
    let reply = serve.get(prefix);
    assert_eq!(reply.status, 308);
    assert_eq!(reply.header("location"), Some("/__procbook/prefix/demo/"));
    assert_eq!(serve.get(&format!("{prefix}/")).body, serve.get("/").body);
    let mut checked = 0;
    for page in [
        "/",
        "/index.html",
        PROCESS_PAGE,
        "/en/processes/intsidendihaldus.html",
        "/directives/index.html",
    ] {
        let at = format!("{prefix}{page}");
        let reply = serve.get(&at);
        assert_eq!(reply.status, 200, "{at}");
        assert!(reply.body.contains(LIVE_TAG));
        for link in relative_links(&at, &reply.body) {
            assert!(
                link.starts_with(&format!("{prefix}/")),
                "{at}: {link} leaves the sub-path"
            );
            let target = serve.get(&link);
            assert_eq!(
                target.status, 200,
                "{at} links to {link}, which is {}",
                target.status
            );
            checked += 1;
        }
    }
    assert!(checked > 20, "only {checked} links checked");
}

/// What `procbook check --format json` reports first for `root`.
fn first_diagnostic(root: &Path) -> (String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_procbook"))
        .args(["check", "--format", "json", "--today", TODAY, "--root"])
        .arg(root)
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    let errors: Vec<(String, String)> = text
        .split("\"code\": \"")
        .skip(1)
        .filter(|d| d.contains("\"severity\": \"error\""))
        .map(|d| {
            let code = d.split('"').next().unwrap().to_string();
            let number = |key: &str| {
                d.split(&format!("\"{key}\": "))
                    .nth(1)
                    .unwrap()
                    .split([',', '\n'])
                    .next()
                    .unwrap()
                    .trim()
                    .to_string()
            };
            (
                code,
                format!("processes.yaml:{}:{}", number("line"), number("column")),
            )
        })
        .collect();
    errors
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("check found no error: {text}"))
}

#[test]
fn edits_reload_open_pages_and_errors_show_until_fixed() {
    let site = shipped_site();
    let serve = Serve::start(site.path(), TODAY);
    let register = site.path().join("processes.yaml");
    let original = fs::read_to_string(&register).unwrap();

    // A page from an older build is told to reload at once.
    let mut stale = Events::open(serve.port, "/__procbook/events?v=0");
    stale.next_reload();
    drop(stale);

    let mut events = Events::open(serve.port, "/__procbook/events");
    let edited = original.replacen(GOAL, "Teenused vastavad teenuslepetele <täpselt>", 1);
    fs::write(&register, &edited).unwrap();
    events.next_reload();
    let page = serve.get(PROCESS_PAGE);
    assert!(
        page.body
            .contains("Teenused vastavad teenuslepetele &lt;täpselt&gt;"),
        "{}",
        page.body
    );
    assert!(page.body.contains(LIVE_TAG));

    // Broken YAML: every page shows the diagnostic instead of the site.
    let broken = edited.replacen("    goals:\n", "    goals: [unclosed\n", 1);
    fs::write(&register, &broken).unwrap();
    events.next_reload();
    let (code, place) = first_diagnostic(site.path());
    for target in [
        "/",
        PROCESS_PAGE,
        "/en/owners.html",
        "/__procbook/prefix/demo/",
    ] {
        let reply = serve.get(target);
        assert!(
            reply.status == 200 || reply.status == 500,
            "{target}: {}",
            reply.status
        );
        assert_eq!(reply.content_type(), "text/html; charset=utf-8");
        assert!(
            reply.body.contains(&code),
            "{target} lacks {code}: {}",
            reply.body
        );
        assert!(
            reply.body.contains(&place),
            "{target} lacks {place}: {}",
            reply.body
        );
        assert!(reply.body.contains("help:"), "{}", reply.body);
        assert!(
            reply.body.contains(LIVE_TAG),
            "the error page must reload too"
        );
    }
    // Standard error is read by another thread: give it time to catch up.
    let text = serve.wait_for_stderr("the diagnostic", |text| {
        text.contains(&format!("[{code}]")) && text.contains(&place)
    });
    assert!(text.contains("rebuilt in "), "{text}");

    // Fixed: the site is back without a restart.
    fs::write(&register, &original).unwrap();
    events.next_reload();
    let page = serve.get(PROCESS_PAGE);
    assert_eq!(page.status, 200);
    assert!(page.body.contains(GOAL));

    // Content pages are watched too.
    let guide = site
        .path()
        .join("content/processes/teenustasemete-haldus.md");
    let mut text = fs::read_to_string(&guide).unwrap();
    text.push_str("\nLisatud lõik eelvaate proovimiseks.\n");
    fs::write(&guide, text).unwrap();
    events.next_reload();
    serve.wait_for(PROCESS_PAGE, "the added paragraph", |r| {
        r.body.contains("Lisatud lõik eelvaate proovimiseks.")
    });
}

#[test]
fn a_broken_theme_shows_on_the_page_and_recovers() {
    let site = shipped_site();
    let serve = Serve::start(site.path(), TODAY);
    assert_eq!(serve.get(PROCESS_PAGE).status, 200);
    // theme/ does not exist yet: creating it must be noticed too.
    override_template(site.path(), "process.html", "{{ unclosed ");
    let reply = serve.wait_for(PROCESS_PAGE, "the theme error", |r| r.status != 200);
    assert!(
        reply.body.contains("could not be rendered"),
        "{}",
        reply.body
    );
    assert!(reply.body.contains("process.html"), "{}", reply.body);
    assert!(reply.body.contains(LIVE_TAG));
    fs::remove_dir_all(site.path().join("theme")).unwrap();
    serve.wait_for(PROCESS_PAGE, "the site again", |r| {
        r.status == 200 && r.body.contains(GOAL)
    });
}

#[test]
fn a_second_instance_on_a_taken_port_exits_2() {
    let site = shipped_site();
    let first = Serve::start(site.path(), TODAY);
    let port = first.port.to_string();
    let second = run_at(site.path(), "serve", &["--port", &port]);
    let stderr = second.stderr;
    assert_eq!(second.code, Some(2), "{stderr}");
    assert!(stderr.starts_with("error:"), "{stderr}");
    assert!(
        stderr.contains(&format!("127.0.0.1:{port}")) && stderr.contains("already in use"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    // The first one is unaffected.
    assert_eq!(first.get("/").status, 200);
}

#[test]
fn many_streams_and_vanished_or_stalled_clients_do_not_hold_up_reloads() {
    let site = shipped_site();
    let serve = Serve::start(site.path(), TODAY);
    // Forty pages open their streams at the same moment.
    let mut streams: Vec<Events> = (0..40)
        .map(|_| Events::request(serve.port, "/__procbook/events"))
        .collect();
    for stream in &mut streams {
        stream.accepted();
    }
    // Ten go away without a word; one stays connected and never reads.
    streams.truncate(30);
    let _stalled = Events::request(serve.port, "/__procbook/events");
    // Pages load meanwhile, many at once.
    let port = serve.port;
    let loaders: Vec<_> = (0..16)
        .map(|i| {
            thread::spawn(move || {
                let target = if i % 2 == 0 { "/" } else { "/assets/style.css" };
                get(port, target).status
            })
        })
        .collect();
    for loader in loaders {
        assert_eq!(loader.join().unwrap(), 200);
    }
    // A rebuild reaches every stream still open.
    let register = site.path().join("processes.yaml");
    let edited = fs::read_to_string(&register).unwrap().replacen(
        GOAL,
        "Teenuste vastavus teenuslepetele, ka paljudele",
        1,
    );
    fs::write(&register, edited).unwrap();
    for stream in &mut streams {
        stream.next_reload();
    }
    assert!(serve
        .get(PROCESS_PAGE)
        .body
        .contains("Teenuste vastavus teenuslepetele, ka paljudele"));
}

/// Sends `bytes` (from another thread, so a large request cannot block the
/// test) and reads until the server closes. Returns the status line's code
/// and what arrived.
fn raw_exchange(port: u16, bytes: Vec<u8>) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(LIMIT)).unwrap();
    let mut writer = stream.try_clone().unwrap();
    let sender = thread::spawn(move || {
        // The server may close before it has read everything.
        let _ = writer.write_all(&bytes);
    });
    let mut raw = Vec::new();
    let started = Instant::now();
    stream
        .read_to_end(&mut raw)
        .expect("the server answers and closes the connection");
    assert!(started.elapsed() < LIMIT, "the connection was not closed");
    sender.join().unwrap();
    let text = String::from_utf8_lossy(&raw).to_string();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line: {text:?}"));
    (status, text)
}

#[test]
fn request_heads_beyond_the_limits_are_refused_and_closed() {
    let site = shipped_site();
    let serve = Serve::start(site.path(), TODAY);
    let port = serve.port;
    let request = |target: &str, headers: &str| {
        format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}\r\n").into_bytes()
    };
    // A request line of more than 8 KiB.
    let long_path = format!("/{}", "a".repeat(10 * 1024));
    let (status, text) = raw_exchange(port, request(&long_path, ""));
    assert_eq!(status, 414, "{text}");
    assert!(text.contains("Connection: close"), "{text}");
    // A header line of more than 8 KiB.
    let big = format!("X-Big: {}\r\n", "a".repeat(10 * 1024));
    assert_eq!(raw_exchange(port, request("/", &big)).0, 431);
    // A header line of 256 KiB, refused before it has all arrived.
    let huge = format!("X-Huge: {}\r\n", "a".repeat(256 * 1024));
    assert_eq!(raw_exchange(port, request("/", &huge)).0, 431);
    // More than 100 header lines.
    let many: String = (0..101).map(|i| format!("X-N{i}: y\r\n")).collect();
    assert_eq!(raw_exchange(port, request("/", &many)).0, 431);
    // Exactly 100 (with Host) pass.
    let fits: String = (0..99).map(|i| format!("X-N{i}: y\r\n")).collect();
    assert_eq!(raw_exchange(port, request("/", &fits)).0, 200);
    // Malformed heads, other methods and versions.
    assert_eq!(raw_exchange(port, b"GET /\r\n\r\n".to_vec()).0, 400);
    assert_eq!(
        raw_exchange(port, b"GET / HTTP/1.1\r\nno colon\r\n\r\n".to_vec()).0,
        400
    );
    // hyper's HTTP/1 parser knows only 1.0 and 1.1: anything else is a
    // malformed request line to it (400; the old transport said 505).
    assert_eq!(
        raw_exchange(port, b"GET / HTTP/2.0\r\n\r\n".to_vec()).0,
        400
    );
    let (status, text) = raw_exchange(port, b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".to_vec());
    assert_eq!(status, 405);
    assert!(text.contains("Allow: GET, HEAD"), "{text}");
    let (status, text) = raw_exchange(port, b"HEAD / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".to_vec());
    assert_eq!(status, 200);
    assert!(text.ends_with("\r\n\r\n"), "HEAD has no body: {text}");
    // The server still answers.
    assert_eq!(serve.get("/").status, 200);
}

#[test]
fn idle_and_unfinished_requests_are_closed_after_the_timeout() {
    let site = shipped_site();
    let serve = Serve::start_with(
        site.path(),
        TODAY,
        &["--port", "0"],
        &[("PROCBOOK_SERVE_IDLE_SECS", "0.5")],
    );
    // A connection that sends nothing is closed without an answer.
    let mut idle = TcpStream::connect(("127.0.0.1", serve.port)).unwrap();
    idle.set_read_timeout(Some(LIMIT)).unwrap();
    let started = Instant::now();
    let mut raw = Vec::new();
    idle.read_to_end(&mut raw)
        .expect("the idle connection is closed");
    assert!(raw.is_empty(), "{:?}", String::from_utf8_lossy(&raw));
    assert!(started.elapsed() < LIMIT);
    // One that starts a request and stalls gets 408, then is closed.
    let (status, _) = raw_exchange(
        serve.port,
        b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n".to_vec(),
    );
    assert_eq!(status, 408);
    // A whole request is still answered.
    assert_eq!(serve.get("/").status, 200);
}

#[test]
fn connections_beyond_the_cap_get_503_and_event_streams_do_not_count() {
    let site = shipped_site();
    let serve = Serve::start_with(
        site.path(),
        TODAY,
        &["--port", "0"],
        &[
            ("PROCBOOK_SERVE_MAX_CONNECTIONS", "4"),
            ("PROCBOOK_SERVE_IDLE_SECS", "60"),
        ],
    );
    // Event streams have their own cap: more of them than the connection
    // cap leave room for requests.
    let mut streams: Vec<Events> = (0..6)
        .map(|_| Events::open(serve.port, "/__procbook/events"))
        .collect();
    assert_eq!(serve.get("/").status, 200);
    // Four idle connections fill the cap (accepted in order, before the
    // next one).
    let idle: Vec<TcpStream> = (0..4)
        .map(|_| TcpStream::connect(("127.0.0.1", serve.port)).unwrap())
        .collect();
    // The next connections are refused at once, whether they have sent
    // their request or not.
    for _ in 0..3 {
        let (status, text) = raw_exchange(
            serve.port,
            b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".to_vec(),
        );
        assert_eq!(status, 503, "{text}");
        let mut extra = TcpStream::connect(("127.0.0.1", serve.port)).unwrap();
        extra.set_read_timeout(Some(LIMIT)).unwrap();
        let mut raw = Vec::new();
        extra.read_to_end(&mut raw).expect("503 and close");
        let text = String::from_utf8_lossy(&raw);
        assert!(text.starts_with("HTTP/1.1 503 "), "{text}");
    }
    // Once the idle clients go, requests are answered again.
    drop(idle);
    let deadline = Instant::now() + LIMIT;
    while raw_exchange(
        serve.port,
        b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".to_vec(),
    )
    .0 != 200
    {
        assert!(
            Instant::now() < deadline,
            "still refused after the idle clients left"
        );
        thread::sleep(Duration::from_millis(50));
    }
    // The streams still work.
    let register = site.path().join("processes.yaml");
    let edited = fs::read_to_string(&register).unwrap().replacen(
        GOAL,
        "Teenuste vastavus teenuslepetele, piiratult",
        1,
    );
    fs::write(&register, edited).unwrap();
    for stream in &mut streams {
        stream.next_reload();
    }
}

/// A GET of `target` with `Host: host` and the extra header lines `extra`.
fn request(target: &str, host: &str, extra: &str) -> String {
    format!("GET {target} HTTP/1.1\r\nHost: {host}\r\n{extra}Connection: close\r\n\r\n")
}

#[test]
fn unchanged_files_are_answered_304_and_rebuilds_change_only_what_changed() {
    let site = shipped_site();
    let serve = Serve::start(site.path(), TODAY);
    let host = format!("127.0.0.1:{}", serve.port);
    let conditional = |target: &str, tag: &str| {
        serve.send(&request(
            target,
            &host,
            &format!("If-None-Match: {tag}\r\n"),
        ))
    };

    let style = serve.get("/assets/style.css");
    assert_eq!(style.status, 200);
    assert_eq!(style.header("cache-control"), Some("no-cache"));
    let tag = style.header("etag").expect("an ETag").to_string();
    assert!(tag.starts_with('"') && tag.ends_with('"'), "{tag}");
    // The same bytes keep their tag.
    assert_eq!(
        serve.get("/assets/style.css").header("etag"),
        Some(tag.as_str())
    );

    // Any form that names the tag: plain, weak, in a list, or `*`.
    for header in [
        tag.clone(),
        format!("W/{tag}"),
        format!("\"other\", {tag}"),
        format!("\"other\",{tag} , \"more\""),
        "*".to_string(),
    ] {
        let reply = conditional("/assets/style.css", &header);
        assert_eq!(reply.status, 304, "If-None-Match: {header}");
        assert!(reply.body.is_empty(), "304 with a body: {header}");
        assert_eq!(reply.header("etag"), Some(tag.as_str()));
    }
    // Other tags, a tag cut short, or none at all: the file itself.
    for header in ["\"other\"", &tag[..tag.len() - 2], "W/\"\""] {
        let reply = conditional("/assets/style.css", header);
        assert_eq!(reply.status, 200, "If-None-Match: {header}");
        assert_eq!(reply.body, style.body);
    }
    let head = serve.send(&format!(
        "HEAD /assets/style.css HTTP/1.1\r\nHost: {host}\r\nIf-None-Match: {tag}\r\n\r\n"
    ));
    assert_eq!(head.status, 304);

    // Pages and the reload script have tags too; the error and 404 pages
    // (never cached) do not.
    let page = serve.get(PROCESS_PAGE);
    let page_tag = page.header("etag").expect("a page ETag").to_string();
    assert_eq!(conditional(PROCESS_PAGE, &page_tag).status, 304);
    assert_eq!(
        conditional("/", &page_tag).status,
        200,
        "another page, same tag"
    );
    let live = serve.get("/__procbook/live.js");
    let live_tag = live.header("etag").unwrap().to_string();
    assert_eq!(conditional("/__procbook/live.js", &live_tag).status, 304);
    let missing = serve.get("/no/such/page.html");
    assert_eq!(missing.status, 404);
    assert_eq!(missing.header("etag"), None);
    assert_eq!(missing.header("cache-control"), Some("no-store"));

    // After a rebuild the page is new (its reload script names the new
    // build) and the stylesheet is not.
    let mut events = Events::open(serve.port, "/__procbook/events");
    let register = site.path().join("processes.yaml");
    let edited =
        fs::read_to_string(&register)
            .unwrap()
            .replacen(GOAL, "Teenuste vastavus, muudetud", 1);
    fs::write(&register, edited).unwrap();
    events.next_reload();
    let rebuilt = conditional(PROCESS_PAGE, &page_tag);
    assert_eq!(rebuilt.status, 200);
    assert!(rebuilt.body.contains("Teenuste vastavus, muudetud"));
    assert_ne!(rebuilt.header("etag"), Some(page_tag.as_str()));
    assert_eq!(conditional("/assets/style.css", &tag).status, 304);
    assert_eq!(conditional("/__procbook/live.js", &live_tag).status, 304);
}

#[test]
fn only_host_names_that_cannot_be_rebound_are_answered() {
    let site = shipped_site();
    let serve = Serve::start(site.path(), TODAY);
    let port = serve.port;
    for host in [
        format!("127.0.0.1:{port}"),
        "127.0.0.1".to_string(),
        "127.0.0.1.".to_string(),
        format!("localhost:{port}"),
        "localhost".to_string(),
        "LOCALHOST".to_string(),
        format!("LocalHost.:{port}"),
        format!("[::1]:{port}"),
        "[::1]".to_string(),
        format!("[::ffff:127.0.0.1]:{port}"),
        format!("127.0.0.2:{port}"),
        // The port is not compared: a forwarded port reaches the same server.
        "127.0.0.1:8080".to_string(),
    ] {
        let reply = serve.send(&request("/", &host, ""));
        assert_eq!(reply.status, 200, "Host: {host}: {reply:?}");
    }
    for host in [
        "evil.example.com".to_string(),
        format!("evil.example.com:{port}"),
        format!("EVIL.Example.COM.:{port}"),
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.1.evil.example:{port}"),
        format!("sub.localhost:{port}"),
        format!("10.1.2.3:{port}"),
        format!("[2001:db8::1]:{port}"),
        format!("0.0.0.0:{port}"),
    ] {
        for target in [
            "/",
            PROCESS_PAGE,
            "/api/register.json",
            "/__procbook/events",
            "/__procbook/live.js",
        ] {
            let reply = serve.send(&request(target, &host, ""));
            assert_eq!(reply.status, 421, "Host: {host} {target}: {reply:?}");
            assert!(reply.body.contains("DNS rebinding"), "{}", reply.body);
            assert!(
                !reply.body.contains(GOAL) && !reply.body.contains("<html"),
                "{target} leaked"
            );
        }
    }
    // Malformed or missing Host on HTTP/1.1, two of them, an absolute
    // target (the preview is no proxy): 400.
    for head in [
        "GET / HTTP/1.1\r\nConnection: close\r\n\r\n".to_string(),
        format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nHost: evil.example.com\r\n\r\n"),
        "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: 127.0.0.1\r\n\r\n".to_string(),
        request("/", "127.0.0.1:abc", ""),
        request("/", "127.0.0.1:99999", ""),
        request("/", "", ""),
        request("/", "[::1", ""),
        request("/", "evil..example", ""),
        format!("GET http://127.0.0.1:{port}/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"),
        format!("GET http://evil.example.com/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"),
    ] {
        let reply = serve.send(&head);
        assert_eq!(reply.status, 400, "{head:?}: {reply:?}");
    }
    // HTTP/1.0 has no Host to check (no browser sends it without one).
    let old = serve.send("GET / HTTP/1.0\r\n\r\n");
    assert_eq!(old.status, 200);
    let old = serve.send("GET / HTTP/1.0\r\nHost: evil.example.com\r\n\r\n");
    assert_eq!(old.status, 421);
}

#[test]
fn loopback_in_any_form_is_local_and_other_binds_are_warned_about() {
    let site = shipped_site();
    for bind in [
        "::ffff:127.0.0.1",
        "127.0.0.2",
        "::1",
        "0:0:0:0:0:0:0:1",
        "::ffff:127.1.2.3",
    ] {
        let serve = Serve::start_with(site.path(), TODAY, &["--port", "0", "--bind", bind], &[]);
        // The warning would come before the `watching` line.
        let text = serve.wait_for_stderr("the watching line", |t| t.contains("watching "));
        assert!(
            !text.contains("reachable from other machines"),
            "--bind {bind}: {text}"
        );
        assert!(!text.contains("::ffff:"), "shown as IPv4: {text}");
        assert_eq!(serve.get("/").status, 200, "--bind {bind}");
        let reply = serve.send(&request("/", "evil.example.com", ""));
        assert_eq!(reply.status, 421, "--bind {bind}");
    }
    // All addresses: any IP literal is answered, names are not.
    let serve = Serve::start_with(
        site.path(),
        TODAY,
        &["--port", "0", "--bind", "0.0.0.0"],
        &[],
    );
    serve.wait_for_stderr("the warning", |t| {
        t.contains("warning: listening on 0.0.0.0 makes the preview reachable from other machines")
    });
    let port = serve.port;
    let local = |host: &str| exchange(&format!("127.0.0.1:{port}"), &request("/", host, "")).status;
    assert_eq!(local(&format!("127.0.0.1:{port}")), 200);
    assert_eq!(local(&format!("192.0.2.7:{port}")), 200);
    assert_eq!(local("localhost"), 200);
    assert_eq!(local(&format!("my-laptop.example:{port}")), 421);
}

/// Resident memory of process `pid`, in bytes.
#[cfg(target_os = "linux")]
fn resident(pid: u32) -> u64 {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    let kib: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    kib * 1024
}

#[cfg(target_os = "linux")]
#[test]
fn clients_that_never_read_cost_no_copies_and_are_dropped_by_the_write_timeout() {
    // Under the 16 MiB limit on a theme file.
    const BIG: usize = 15 * 1024 * 1024;
    const CLIENTS: usize = 30;
    let site = shipped_site();
    let assets = site.path().join("theme/static");
    fs::create_dir_all(&assets).unwrap();
    // Not compressible to nothing, so no layer could shortcut it.
    let big: Vec<u8> = (0..BIG).map(|i| (i * 7 % 251) as u8).collect();
    fs::write(assets.join("big.bin"), &big).unwrap();
    let serve = Serve::start_with(
        site.path(),
        TODAY,
        &["--port", "0"],
        &[
            ("PROCBOOK_SERVE_WRITE_SECS", "1"),
            ("PROCBOOK_SERVE_MAX_CONNECTIONS", "40"),
        ],
    );
    let pid = serve.pid();
    // One whole read first: whatever a response needs once is counted.
    let whole = serve.get("/assets/big.bin");
    assert_eq!(whole.status, 200);
    assert_eq!(whole.body.len(), String::from_utf8_lossy(&big).len());
    let before = resident(pid);
    let stalled: Vec<TcpStream> = (0..CLIENTS)
        .map(|_| {
            let mut stream = TcpStream::connect(("127.0.0.1", serve.port)).unwrap();
            write!(
                stream,
                "GET /assets/big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
            )
            .unwrap();
            stream
        })
        .collect();
    // While they are stuck, memory stays near where it was: the body is
    // shared, not copied per connection (which would be 450 MB here).
    thread::sleep(Duration::from_millis(300));
    let during = resident(pid);
    assert!(
        during < before + (BIG as u64) * 2,
        "{CLIENTS} stalled clients grew memory from {before} to {during} bytes"
    );
    assert_eq!(serve.get("/").status, 200, "others are still answered");
    thread::sleep(Duration::from_secs(2));
    // The write timeout closes them: each sees the end of its connection
    // long before it could have read the file.
    for mut stream in stalled {
        stream.set_read_timeout(Some(LIMIT)).unwrap();
        let started = Instant::now();
        let mut total = 0;
        let mut buffer = vec![0u8; 1 << 16];
        loop {
            match stream.read(&mut buffer) {
                Ok(0) | Err(_) => break,
                Ok(n) => total += n,
            }
            assert!(
                started.elapsed() < LIMIT,
                "a stalled connection stayed open"
            );
        }
        assert!(
            total < BIG,
            "a stalled client got the whole file ({total} bytes)"
        );
    }
    assert!(
        serve.stderr().lines().all(|l| !l.contains("panicked")),
        "{}",
        serve.stderr()
    );
    assert_eq!(serve.get("/assets/big.bin").status, 200);
}

#[test]
fn serve_without_a_readable_register_exits_2_before_it_binds() {
    // The port is ours: a serve that bound before checking the register
    // would complain about the port instead.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let empty = tempfile::tempdir().unwrap();
    let folder_named_register = tempfile::tempdir().unwrap();
    fs::create_dir(folder_named_register.path().join("processes.yaml")).unwrap();
    let outside = tempfile::tempdir().unwrap();
    let linked_out = tempfile::tempdir().unwrap();
    fs::copy(
        repo_root().join("processes.yaml"),
        outside.path().join("register.yaml"),
    )
    .unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        outside.path().join("register.yaml"),
        linked_out.path().join("processes.yaml"),
    )
    .unwrap();
    let pipe = tempfile::tempdir().unwrap();
    #[cfg(unix)]
    assert!(Command::new("mkfifo")
        .arg(pipe.path().join("processes.yaml"))
        .status()
        .unwrap()
        .success());
    let missing_root = empty.path().join("no-such-folder");
    for root in [
        empty.path(),
        folder_named_register.path(),
        linked_out.path(),
        pipe.path(),
        missing_root.as_path(),
    ] {
        let serve = run_at(root, "serve", &["--port", &port]);
        let check = run_at(root, "check", &[]);
        let stderr = serve.stderr;
        assert_eq!(check.code, Some(2), "{}", check.stderr);
        assert_eq!(serve.code, Some(2), "{}: {stderr}", root.display());
        assert_eq!(stderr, check.stderr, "serve and check say the same");
        assert!(stderr.starts_with("error: "), "{stderr}");
        assert!(!stderr.contains("already in use"), "{stderr}");
        assert!(!stderr.contains("serving on"), "{stderr}");
    }
    let stderr = run_at(empty.path(), "serve", &["--port", &port]).stderr;
    assert!(stderr.contains("no processes.yaml in"), "{stderr}");
    drop(taken);
}

#[test]
fn favicon_ico_is_the_sites_own_or_else_the_themes() {
    let site = shipped_site();
    let assets = site.path().join("theme/static");
    fs::create_dir_all(&assets).unwrap();
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"><rect width=\"1\" height=\"1\"/></svg>\n";
    fs::write(assets.join("favicon.svg"), svg).unwrap();
    // What `build` publishes at the root, if anything.
    let out = site.path().join("out");
    build_into(site.path(), &out, &[]);
    let root_icon = fs::read(out.join("favicon.ico")).ok();
    fs::remove_dir_all(&out).unwrap();

    let serve = Serve::start(site.path(), TODAY);
    let reply = serve.get("/favicon.ico");
    assert_eq!(reply.status, 200);
    match root_icon {
        Some(bytes) => {
            assert_eq!(reply.content_type(), "image/x-icon");
            assert_eq!(reply.body, String::from_utf8_lossy(&bytes));
        }
        None => {
            assert_eq!(reply.content_type(), "image/svg+xml");
            assert_eq!(reply.body, svg);
            // An .ico in the theme comes first, as the name asks for one.
            fs::write(assets.join("favicon.ico"), b"\x00\x00\x01\x00icon").unwrap();
            let reply = serve.wait_for("/favicon.ico", "the theme's .ico", |r| {
                r.content_type() == "image/x-icon"
            });
            assert!(reply.body.ends_with("icon"));
        }
    }
    assert_eq!(serve.get("/assets/favicon.svg").body, svg);
}

/// The tag a served page's reload script carries.
fn page_tag(serve: &Serve, target: &str) -> String {
    let page = serve.get(target);
    let rest = page.body.split(LIVE_TAG).nth(1).expect("the reload script");
    rest.split('"').next().unwrap().to_string()
}

#[test]
fn a_rebuild_reloads_only_the_pages_it_changed() {
    let site = shipped_site();
    let serve = Serve::start(site.path(), TODAY);
    let watch = |target: &str, tag: &str| {
        let page = target.replace('/', "%2F");
        Events::open(
            serve.port,
            &format!("/__procbook/events?page={page}&v={tag}"),
        )
    };
    let under_prefix = format!("/__procbook/prefix/demo{PROCESS_PAGE}");
    let other = "/directives.html";
    let (changed_tag, other_tag) = (page_tag(&serve, PROCESS_PAGE), page_tag(&serve, other));
    assert_eq!(page_tag(&serve, &under_prefix), changed_tag);
    let mut changed = watch(PROCESS_PAGE, &changed_tag);
    let mut changed_under_prefix = watch(&under_prefix, &changed_tag);
    let mut unchanged = watch(other, &other_tag);

    let register = site.path().join("processes.yaml");
    let edited =
        fs::read_to_string(&register)
            .unwrap()
            .replacen(GOAL, "Teenuste vastavus, muudetud", 1);
    fs::write(&register, edited).unwrap();
    changed.next_reload();
    changed_under_prefix.next_reload();
    unchanged.assert_quiet(Duration::from_millis(1500));
    assert_eq!(page_tag(&serve, other), other_tag, "the page is the same");
    assert_ne!(page_tag(&serve, PROCESS_PAGE), changed_tag);

    // A page served before the rebuild that connects only now reloads at
    // once; one served after it does not.
    watch(PROCESS_PAGE, &changed_tag).next_reload();
    let current = page_tag(&serve, PROCESS_PAGE);
    watch(PROCESS_PAGE, &current).assert_quiet(Duration::from_millis(500));
}

#[test]
fn a_page_that_cannot_be_rendered_says_why_and_reloads_only_when_fixed() {
    let site = shipped_site();
    // Parses, but fails on the page: the variable does not exist.
    override_template(site.path(), "process.html", "{{ no_such_value }}");
    let serve = Serve::start(site.path(), TODAY);
    let reply = serve.get(PROCESS_PAGE);
    assert_eq!(reply.status, 500, "{reply:?}");
    assert!(
        reply.body.contains("could not be rendered"),
        "{}",
        reply.body
    );
    assert!(reply.body.contains("no_such_value"), "{}", reply.body);
    // Other pages are not affected.
    assert_eq!(serve.get("/").status, 200);
    let tag = page_tag(&serve, PROCESS_PAGE);
    let page = PROCESS_PAGE.replace('/', "%2F");
    let events = |tag: &str| {
        Events::open(
            serve.port,
            &format!("/__procbook/events?page={page}&v={tag}"),
        )
    };
    // The failed page is what the page shows: no reload until it changes.
    let mut waiting = events(&tag);
    waiting.assert_quiet(Duration::from_millis(1500));
    fs::remove_dir_all(site.path().join("theme")).unwrap();
    waiting.next_reload();
    serve.wait_for(PROCESS_PAGE, "the page again", |r| {
        r.status == 200 && r.body.contains(GOAL)
    });
}

#[test]
fn a_template_that_fails_is_reported_when_saved_without_opening_its_page() {
    let site = shipped_site();
    let serve = Serve::start(site.path(), TODAY);
    override_template(site.path(), "directive.html", "{{ no_such_edition_value }}");
    // Nobody asks for a directive's page: the terminal says so anyway.
    serve.wait_for_stderr("the template's failure", |err| {
        err.contains("no_such_edition_value")
    });
}

/// `path` (from the site root) as a request target, each byte that is not
/// plainly allowed in a path percent-encoded.
fn target_of(path: &str) -> String {
    let mut target = String::from("/");
    for byte in path.bytes() {
        match byte {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                target.push(byte as char)
            }
            _ => target.push_str(&format!("%{byte:02X}")),
        }
    }
    target
}

/// What the preview added to a built page: the reload script before
/// `</body>`, and the notice panel right after `<main …>` if there is one.
/// Fails unless `served` is `built` with exactly those.
fn assert_same_but_for_the_preview(path: &str, built: &str, served: &str) {
    let script = served
        .find(&format!("<script src=\"{LIVE_TAG}"))
        .unwrap_or_else(|| panic!("{path}: no reload script"));
    let script_end = script + served[script..].find("</script>\n").unwrap() + "</script>\n".len();
    let served = format!("{}{}", &served[..script], &served[script_end..]);
    if served == built {
        return;
    }
    let main = built
        .find("<main")
        .unwrap_or_else(|| panic!("{path} differs"));
    let at = main + built[main..].find('>').unwrap() + 1;
    assert!(
        served.len() > built.len()
            && served.starts_with(&built[..at])
            && served.ends_with(&built[at..])
            && served[at..].starts_with("\n<"),
        "{path}: the preview shows something else than the build"
    );
}

/// Builds the site at `root`, then fails unless the preview serves every
/// file of the build as it was built; the paths of those files.
fn assert_served_as_built(root: &Path) -> Vec<String> {
    let out = tempfile::tempdir().unwrap();
    build_into(root, out.path(), &["--no-cache", "--force"]);
    let serve = Serve::start(root, TODAY);
    let mut checked = Vec::new();
    for (path, bytes) in read_tree(out.path()) {
        if path == ".procbook-site" {
            continue;
        }
        let built = String::from_utf8_lossy(&bytes).to_string();
        let reply = serve.get(&target_of(&path));
        assert_eq!(reply.status, 200, "{path}: {reply:?}");
        match path.ends_with(".html") {
            true => assert_same_but_for_the_preview(&path, &built, &reply.body),
            false => assert!(reply.body == built, "{path} differs"),
        }
        checked.push(path);
    }
    assert!(checked.len() > 50, "only {} files", checked.len());
    checked
}

#[test]
fn every_file_of_a_build_is_served_as_built() {
    let site = shipped_site();
    assert_served_as_built(site.path());
}

#[test]
fn with_history_and_versions_every_file_is_served_as_built() {
    use crate::incremental::commit_all;

    let site = shipped_site();
    let repo = gix::init(site.path()).expect("gix::init");
    let first = commit_all(&repo, site.path(), 1_767_250_800, "Register");
    repo.tag_reference("v1", first, gix::refs::transaction::PreviousValue::Any)
        .expect("a tag");
    let register = site.path().join("processes.yaml");
    let text = fs::read_to_string(&register).unwrap();
    fs::write(
        &register,
        text.replacen(GOAL, "Teenuste vastavus lepingutele", 1),
    )
    .unwrap();
    commit_all(&repo, site.path(), 1_767_337_200, "A goal reworded");
    let served = assert_served_as_built(site.path());
    for path in [
        "feed.xml",
        "changes.html",
        "api/changes.json",
        "v/v1/index.html",
    ] {
        assert!(served.iter().any(|p| p == path), "{path} was not built");
    }
}
