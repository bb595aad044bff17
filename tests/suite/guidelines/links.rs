//! Links checked at `check` time, and outside addresses listed with
//! `--links` and asked with `--online` (against a server on loopback
//! started here, never the internet).

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::folders::{folder_site, folder_site_with, two_processes};
use crate::common::{run_command, Checked, Site};

fn with_page(text: &str) -> Site {
    folder_site().page("processes/alpha/links.md", text)
}

#[test]
fn the_folder_site_has_no_broken_links() {
    let checked = folder_site().check_json(&["--strict"]);
    assert!(checked.diagnostics.is_empty(), "{}", checked.listing());
}

#[test]
fn a_missing_page_is_an_error_at_the_link_with_a_suggestion() {
    let checked =
        with_page("---\ntitle: Links\n---\nSee [the steps](stesp.md) now.\n").check_json(&[]);
    let d = checked.one("links/broken");
    d.assert_at("content/processes/alpha/links.md", 4, 5);
    assert_eq!(d.help(), "did you mean `steps.md`?");
    checked.assert_code(1);
}

#[test]
fn a_missing_image_and_a_path_out_of_content_are_errors() {
    let checked = with_page("# L\n\n![flow](flwo.svg)\n\n[register](../../../processes.yaml)\n")
        .check_json(&[]);
    let broken = checked.all("links/broken");
    assert_eq!(broken.len(), 2, "{}", checked.listing());
    broken[0].assert_at("content/processes/alpha/links.md", 3, 1);
    assert!(broken[0].message.contains("image"), "{}", broken[0].message);
    assert_eq!(broken[0].help(), "did you mean `flow.svg`?");
    broken[1].assert_at("content/processes/alpha/links.md", 5, 1);
    assert!(broken[1].message.contains("outside content/"));
}

#[test]
fn a_missing_anchor_is_an_error_with_the_nearest_heading() {
    let checked = with_page("# L\n\n[x](steps.md#step-2) [y](#l) [z](#nope)\n").check_json(&[]);
    let anchors = checked.all("links/missing-anchor");
    assert_eq!(anchors.len(), 2, "{}", checked.listing());
    anchors[0].assert_at("content/processes/alpha/links.md", 3, 1);
    assert_eq!(anchors[0].help(), "did you mean `#step-1`?");
    anchors[1].assert_at("content/processes/alpha/links.md", 3, 30);
}

#[test]
fn processes_and_directives_by_id_are_checked() {
    let checked = with_page(
        "# L\n\n[a](process:bta) [b](directive:dir-2052) [c](process:alpha#steps) [d](process:alpha#goals-h) [e](directive:dir-2025)\n",
    )
    .check_json(&[]);
    let broken = checked.all("links/broken");
    assert_eq!(broken.len(), 2, "{}", checked.listing());
    assert_eq!(broken[0].help(), "did you mean `process:beta`?");
    assert_eq!(broken[1].help(), "did you mean `directive:dir-2025`?");
    // `#steps` is on the steps page, not on the process page.
    checked
        .one("links/missing-anchor")
        .assert_at("content/processes/alpha/links.md", 3, 42);
}

#[test]
fn links_in_one_file_pages_are_checked_too() {
    let site = Site::new(crate::common::VALID_REGISTER).page(
        "processes/alpha.md",
        "---\nprocess: alpha\n---\n\n[d](../directives/dir-2025.md)\n",
    );
    let checked = site.check_json(&[]);
    checked
        .one("links/broken")
        .assert_at("content/processes/alpha.md", 5, 1);
}

/// What the test server saw.
#[derive(Default)]
struct Seen {
    /// Requests answered.
    count: AtomicUsize,
    /// Requests being answered now, and the most at once.
    in_flight: AtomicUsize,
    most_at_once: AtomicUsize,
    /// When each request arrived.
    arrivals: Mutex<Vec<Instant>>,
}

/// A server on loopback that answers by path and counts requests:
/// `/ok` 200, `/gone` 404, `/get-only` 405 to HEAD and 200 to GET,
/// `/slow` after 3 s.
fn server() -> (String, Arc<Seen>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind on loopback");
    let address = format!("http://{}", listener.local_addr().unwrap());
    let count = Arc::new(Seen::default());
    let seen = Arc::clone(&count);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let seen = Arc::clone(&seen);
            std::thread::spawn(move || {
                let mut line = String::new();
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                if reader.read_line(&mut line).is_err() {
                    return;
                }
                loop {
                    let mut header = String::new();
                    if reader.read_line(&mut header).is_err() || header.trim().is_empty() {
                        break;
                    }
                }
                seen.count.fetch_add(1, Ordering::SeqCst);
                seen.arrivals.lock().unwrap().push(Instant::now());
                let now = seen.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                seen.most_at_once.fetch_max(now, Ordering::SeqCst);
                let mut parts = line.split_whitespace();
                let method = parts.next().unwrap_or("");
                let path = parts.next().unwrap_or("");
                let status = match (method, path) {
                    (_, "/ok") => "200 OK",
                    ("HEAD", "/get-only") => "405 Method Not Allowed",
                    (_, "/get-only") => "200 OK",
                    (_, "/slow") => {
                        std::thread::sleep(Duration::from_secs(3));
                        "200 OK"
                    }
                    _ => "404 Not Found",
                };
                seen.in_flight.fetch_sub(1, Ordering::SeqCst);
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
            });
        }
    });
    (address, count)
}

/// `check --format json` with `args`, without any proxy from the
/// environment (loopback must be asked directly).
fn check(site: &Site, args: &[&str]) -> Checked {
    let mut command = Command::new(env!("CARGO_BIN_EXE_procbook"));
    command
        .args(["check", "--root"])
        .arg(site.path())
        .args(["--format", "json", "--today", crate::common::TODAY])
        .args(args);
    for proxy in [
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ] {
        command.env_remove(proxy);
    }
    Checked::from(run_command(command))
}

/// A site whose pages and wiki address lead to the server at `base` only.
fn site_linking_to(base: &str) -> Site {
    let register = two_processes().replace("https://wiki.example.org/space", &format!("{base}/ok"));
    folder_site_with(&register).page(
        "processes/alpha/links.md",
        &format!(
            "# L\n\n[a]({base}/ok) [b]({base}/gone)\n\n[c]({base}/get-only) [d]({base}/slow)\n"
        ),
    )
}

#[test]
fn outside_links_are_listed_and_never_fetched_by_default() {
    let (base, count) = server();
    let site = site_linking_to(&base);
    let checked = check(&site, &["--links"]);
    checked.assert_code(0);
    let listed = &checked.run.stderr;
    assert!(listed.contains("5 outside link(s)"), "{listed}");
    assert!(
        listed.contains(&format!("content/processes/alpha/links.md:3:1 {base}/ok")),
        "{listed}"
    );
    assert!(
        listed.contains(&format!("processes.yaml:20:10 {base}/ok")),
        "the register's wiki address is listed: {listed}"
    );
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(count.count.load(Ordering::SeqCst), 0, "nothing was fetched");
    // Human output lists them on standard output after the report.
    let run = site.run("check", &["--links", "--today", crate::common::TODAY]);
    assert!(
        run.stdout.contains(&format!("{base}/gone")),
        "{}",
        run.stdout
    );
}

#[test]
fn online_failures_are_warnings_with_their_status() {
    let (base, count) = server();
    let site = site_linking_to(&base);
    let checked = check(&site, &["--links", "--online", "--timeout", "1"]);
    let failed = checked.all("links/outside-failed");
    let messages: Vec<&str> = failed.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(failed.len(), 2, "{messages:?}");
    assert!(failed.iter().all(|d| d.severity == "warning"));
    assert!(
        messages[0].contains("/gone") && messages[0].contains("HTTP 404 Not Found"),
        "{messages:?}"
    );
    let column = format!("[a]({base}/ok) ").chars().count() as u64 + 1;
    failed[0].assert_at("content/processes/alpha/links.md", 3, column);
    assert!(messages[1].contains("/slow"), "{messages:?}");
    // Warnings fail only --strict.
    checked.assert_code(0);
    // Each address once (the wiki address, written twice, too), plus the
    // GET after a refused HEAD.
    assert_eq!(
        count.count.load(Ordering::SeqCst),
        5,
        "each address was asked once"
    );
    // Politely: one request at a time to a host, half a second apart.
    assert_eq!(
        count.most_at_once.load(Ordering::SeqCst),
        1,
        "one at a time per host"
    );
    let arrivals = count.arrivals.lock().unwrap().clone();
    let pauses: Vec<Duration> = arrivals.windows(2).map(|w| w[1] - w[0]).collect();
    assert!(
        pauses
            .iter()
            .filter(|p| **p >= Duration::from_millis(450))
            .count()
            >= 3,
        "the addresses of one host are asked with pauses between: {pauses:?}"
    );
}

#[test]
fn only_the_first_fifty_broken_links_of_a_page_get_a_suggestion() {
    let body: String = (0..60).map(|_| "[x](stesp.md)\n\n").collect();
    let checked = with_page(&format!("# L\n\n{body}")).check_json(&[]);
    let broken = checked.all("links/broken");
    assert_eq!(broken.len(), 60);
    let suggested = broken
        .iter()
        .filter(|d| d.help().starts_with("did you mean"))
        .count();
    assert_eq!(suggested, 50);
    broken[59].assert_at("content/processes/alpha/links.md", 3 + 2 * 59, 1);
}
