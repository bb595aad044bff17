//! `check --links --online`: asks each outside address whether it is
//! still there. The only part of procbook that goes to the network, and
//! only when asked: a few requests at a time, one at a time per host with
//! a pause between them, each with a timeout. A failure is a warning (a
//! wiki may be down for a moment), never an error.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use std::time::Duration;

use super::links::OutsideLink;
use crate::diagnostic::Diagnostic;

/// How politely and how long to ask.
#[derive(Debug, Clone)]
pub struct OnlineOptions {
    /// Hosts asked at the same time.
    pub concurrency: usize,
    /// How long one request may take, redirects included.
    pub timeout: Duration,
    /// The pause between two requests to the same host.
    pub per_host_pause: Duration,
}

impl Default for OnlineOptions {
    fn default() -> Self {
        OnlineOptions {
            concurrency: 4,
            timeout: Duration::from_secs(10),
            per_host_pause: Duration::from_millis(500),
        }
    }
}

/// The host part of an http(s) address (with the port).
fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    authority.rsplit('@').next().unwrap_or(authority)
}

/// Asks one address: HEAD, then GET when the server does not take HEAD.
/// `Ok` on a 2xx or 3xx answer, else what went wrong.
fn ask(agent: &ureq::Agent, url: &str) -> Result<(), String> {
    let status = match agent.head(url).call() {
        Ok(response) => response.status().as_u16(),
        Err(e) => return Err(e.to_string()),
    };
    let status = if matches!(status, 403 | 405 | 501) {
        match agent.get(url).call() {
            Ok(response) => response.status().as_u16(),
            Err(e) => return Err(e.to_string()),
        }
    } else {
        status
    };
    if status < 400 {
        Ok(())
    } else {
        let reason = ureq::http::StatusCode::from_u16(status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("");
        Err(format!("HTTP {status} {reason}").trim_end().to_string())
    }
}

/// Checks every distinct address once and returns a warning at each place
/// a failing one is written.
pub fn check(links: &[OutsideLink], options: &OnlineOptions) -> Vec<Diagnostic> {
    let mut by_host: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for link in links {
        let urls = by_host.entry(host(&link.url)).or_default();
        if !urls.contains(&link.url.as_str()) {
            urls.push(&link.url);
        }
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(options.timeout))
        .http_status_as_error(false)
        .max_redirects(5)
        .user_agent(concat!(
            "procbook/",
            env!("CARGO_PKG_VERSION"),
            " link check"
        ))
        .build()
        .into();
    let queue = Mutex::new(by_host.into_iter().collect::<Vec<_>>());
    let results: Mutex<HashMap<&str, Result<(), String>>> = Mutex::new(HashMap::new());
    let workers = options.concurrency.max(1);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let next = queue.lock().unwrap_or_else(|e| e.into_inner()).pop();
                let Some((_, urls)) = next else { break };
                for (n, url) in urls.into_iter().enumerate() {
                    if n > 0 {
                        std::thread::sleep(options.per_host_pause);
                    }
                    let result = ask(&agent, url);
                    results
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .insert(url, result);
                }
            });
        }
    });
    let results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    links
        .iter()
        .filter_map(|link| match results.get(link.url.as_str()) {
            Some(Err(why)) => Some(
                Diagnostic::warning(
                    "links/outside-failed",
                    format!("{} could not be opened: {why}", link.url),
                )
                .at(&link.file, link.line, link.column)
                .help("correct the address, or ask the wiki's keepers whether the page moved")
                .et(
                    format!("{} ei avanenud: {why}", link.url),
                    "paranda aadress või küsi vikihaldajatelt, kas leht on kolinud",
                ),
            ),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::host;

    #[test]
    fn hosts_are_grouped_with_their_port() {
        assert_eq!(host("https://wiki.example.org/a/b?c#d"), "wiki.example.org");
        assert_eq!(host("http://127.0.0.1:8080/x"), "127.0.0.1:8080");
        assert_eq!(host("https://u:p@h.example/"), "h.example");
    }
}
