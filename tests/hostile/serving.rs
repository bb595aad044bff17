//! A small driver for `procbook serve` in these tests: start it on a free
//! port, GET a path, poll until a reply shows something.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::common::TODAY;

const LIMIT: Duration = Duration::from_secs(15);

pub struct Serve {
    child: Child,
    port: u16,
    stderr: Arc<Mutex<String>>,
}

impl Serve {
    /// Starts serving `root`; fails the test unless it says where it
    /// listens within the time limit (a hang fails here).
    pub fn start(root: &Path) -> Serve {
        let mut child = Command::new(env!("CARGO_BIN_EXE_procbook"))
            .args(["serve", "--port", "0", "--today", TODAY, "--root"])
            .arg(root)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start procbook serve");
        let stderr = Arc::new(Mutex::new(String::new()));
        let pipe = child.stderr.take().expect("stderr");
        let sink = Arc::clone(&stderr);
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines() {
                let Ok(line) = line else { break };
                let mut text = sink.lock().unwrap();
                text.push_str(&line);
                text.push('\n');
            }
        });
        let mut serve = Serve {
            child,
            port: 0,
            stderr,
        };
        let deadline = Instant::now() + LIMIT;
        loop {
            let text = serve.stderr();
            if let Some(rest) = text.split("serving on http://127.0.0.1:").nth(1) {
                serve.port = rest.split('/').next().unwrap().parse().expect("a port");
                return serve;
            }
            if let Ok(Some(status)) = serve.child.try_wait() {
                panic!("procbook serve exited with {status}: {text}");
            }
            assert!(Instant::now() < deadline, "serve did not start: {text}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// The status code and the whole reply (head and body) of a GET.
    pub fn get(&self, target: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream.set_read_timeout(Some(LIMIT)).unwrap();
        let port = self.port;
        write!(
            stream,
            "GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw);
        let text = String::from_utf8_lossy(&raw).into_owned();
        let status = text
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        (status, text)
    }

    /// Polls `target` until its reply contains `needle`.
    pub fn wait_for(&self, target: &str, needle: &str) {
        let deadline = Instant::now() + LIMIT;
        loop {
            let (_, text) = self.get(target);
            if text.contains(needle) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{target} never showed {needle:?}; last reply:\n{text}\nstderr:\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// Runs `procbook serve` on `root` expecting it to stop by itself (it
/// refuses to start); returns its exit code and standard error. Fails the
/// test if it is still running after the time limit (a hang).
pub fn serve_refused(root: &Path) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_procbook"))
        .args(["serve", "--port", "0", "--today", TODAY, "--root"])
        .arg(root)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start procbook serve");
    let deadline = Instant::now() + LIMIT;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("procbook serve kept running on {}", root.display());
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut stderr = String::new();
    let _ = child.stderr.take().unwrap().read_to_string(&mut stderr);
    (status.code(), stderr)
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
