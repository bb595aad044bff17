//! The preview: the error page only for problems that stop the build;
//! overdue reviews and warnings as a panel on the real pages.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use crate::build::{copy_site, shipped, Work};

const LIMIT: Duration = Duration::from_secs(20);
const PANEL: &str = "procbook-preview-panel";

/// A running `procbook serve`, killed when dropped.
pub struct Serve {
    child: Child,
    port: u16,
    stderr: Arc<Mutex<String>>,
}

impl Serve {
    pub fn start(root: &Path, today: &str, env: &[(&str, &str)]) -> Serve {
        let mut child = Command::new(env!("CARGO_BIN_EXE_procbook"))
            .args(["serve", "--port", "0", "--today", today, "--root"])
            .arg(root)
            .env("NO_COLOR", "1")
            .env_remove("LC_ALL")
            .env_remove("LANG")
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start procbook serve");
        let stderr = Arc::new(Mutex::new(String::new()));
        let pipe = child.stderr.take().unwrap();
        let sink = Arc::clone(&stderr);
        thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                let mut text = sink.lock().unwrap();
                text.push_str(&line);
                text.push('\n');
            }
        });
        // Owned from here on, so a failed wait still kills the server.
        let mut serve = Serve {
            child,
            port: 0,
            stderr,
        };
        let deadline = Instant::now() + LIMIT;
        loop {
            let text = serve.stderr.lock().unwrap().clone();
            if let Some(rest) = text.split("serving on http://127.0.0.1:").nth(1) {
                serve.port = rest.split('/').next().unwrap().parse().unwrap();
                return serve;
            }
            assert!(Instant::now() < deadline, "no `serving on` line: {text}");
            thread::sleep(Duration::from_millis(50));
        }
    }

    /// The body of `GET path`.
    pub fn get(&self, path: &str) -> String {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(Some(LIMIT)).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        let stderr = self.stderr.lock().unwrap().clone();
        let (_, body) = response
            .split_once("\r\n\r\n")
            .unwrap_or_else(|| panic!("no body: {response}\n{stderr}"));
        body.to_string()
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn overdue_reviews_show_the_site_with_a_panel() {
    let work = Work::new();
    let root = copy_site(&shipped(), &work, "src");
    let serve = Serve::start(&root, super::freshness::LATE, &[]);
    let page = serve.get("/processes/intsidendihaldus.html");
    assert!(
        page.contains("state-overdue"),
        "not the process page: {page}"
    );
    assert!(page.contains(PANEL), "no panel: {page}");
    assert!(
        page.contains("<details open>"),
        "the panel cannot be folded away"
    );
    assert!(page.contains("freshness/overdue"));
    // The panel comes after the header, inside <main>.
    assert!(page.find("<main").unwrap() < page.find(PANEL).unwrap());
    assert!(!page.contains("<title>The register has errors"), "{page}");
}

#[test]
fn a_clean_register_has_no_panel_and_an_integrity_error_the_error_page() {
    let work = Work::new();
    let root = copy_site(&shipped(), &work, "src");
    // The shipped register's one warning is accepted; its note is not shown.
    let serve = Serve::start(&root, "2026-11-25", &[]);
    let page = serve.get("/index.html");
    assert!(!page.contains(PANEL), "{page}");
    drop(serve);
    let text = fs::read_to_string(root.join("processes.yaml")).unwrap();
    fs::write(
        root.join("processes.yaml"),
        text.replacen(
            "owner: klienditoe-grupijuht",
            "owner: klienditoe-grupijut",
            1,
        ),
    )
    .unwrap();
    let serve = Serve::start(&root, "2026-11-25", &[]);
    let page = serve.get("/index.html");
    assert!(page.contains("ownership/unknown-role"), "{page}");
    // The accepted gap is listed as accepted, with the reason.
    assert!(
        page.contains("accepted in processes.yaml: Käskkiri 1-1/61"),
        "{page}"
    );
    assert!(!page.contains(PANEL), "{page}");
}

#[test]
fn the_panel_never_reaches_build_output() {
    let work = Work::new();
    let root = copy_site(&shipped(), &work, "src");
    let out = work.join("site");
    crate::common::procbook(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--today",
        super::freshness::LATE,
        "--no-history",
    ])
    .assert_code(0);
    for (path, bytes) in crate::build::read_tree(&out) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains(PANEL), "{path} has the preview panel");
    }
}
