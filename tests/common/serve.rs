//! The one driver for `procbook serve` in the tests: start the real binary
//! on a free port, speak HTTP/1.1 to it over plain TCP, and follow its event
//! stream. Every wait polls up to [`LIMIT`]; no test asserts how fast
//! anything is.
//!
//! A serve that must refuse to start is run with
//! [`run_at`](crate::common::run_at), which kills a hang.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// How long a wait polls before the test fails (generous: the machine may
/// be busy with other tests).
pub const LIMIT: Duration = Duration::from_secs(20);

/// A running `procbook serve`, killed when dropped.
pub struct Serve {
    child: Child,
    /// The address as printed: `127.0.0.1`, `[::1]`, …
    pub host: String,
    pub port: u16,
    stderr: Arc<Mutex<String>>,
}

impl Serve {
    /// `procbook serve --root <root> --today <today> --port 0`.
    pub fn start(root: &Path, today: &str) -> Serve {
        Self::start_with(root, today, &["--port", "0"], &[])
    }

    /// `procbook serve --root <root> --today <today> <args>` with extra
    /// environment variables (the test-only limits, a locale). Messages
    /// are English unless `env` sets a locale. Fails the test unless it
    /// says where it listens within [`LIMIT`].
    pub fn start_with(root: &Path, today: &str, args: &[&str], env: &[(&str, &str)]) -> Serve {
        let mut child = Command::new(env!("CARGO_BIN_EXE_procbook"))
            .arg("serve")
            .arg("--root")
            .arg(root)
            .args(["--today", today])
            .args(args)
            .env("NO_COLOR", "1")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANG")
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start procbook serve");
        // Read standard error all along, so the server never blocks on it.
        let stderr = Arc::new(Mutex::new(String::new()));
        let pipe = child.stderr.take().expect("piped stderr");
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
            host: String::new(),
            port: 0,
            stderr,
        };
        let deadline = Instant::now() + LIMIT;
        loop {
            let text = serve.stderr();
            if let Some(rest) = text.split("serving on http://").nth(1) {
                let authority = rest.split('/').next().unwrap();
                let (host, port) = authority.rsplit_once(':').unwrap();
                serve.host = host.to_string();
                serve.port = port.parse().expect("a port number");
                return serve;
            }
            if let Ok(Some(status)) = serve.child.try_wait() {
                panic!("procbook serve exited with {status}: {text}");
            }
            assert!(Instant::now() < deadline, "no `serving on` line: {text}");
            thread::sleep(Duration::from_millis(50));
        }
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// What the server has written to standard error so far.
    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Polls standard error until `accept` holds for it.
    pub fn wait_for_stderr(&self, what: &str, accept: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + LIMIT;
        loop {
            let text = self.stderr();
            if accept(&text) {
                return text;
            }
            assert!(
                Instant::now() < deadline,
                "the terminal never showed {what}: {text}"
            );
            thread::sleep(Duration::from_millis(50));
        }
    }

    /// One GET of `target` over a fresh connection, with the server's own
    /// address as `Host`.
    pub fn get(&self, target: &str) -> Reply {
        exchange(
            &format!("{}:{}", self.host, self.port),
            &format!(
                "GET {target} HTTP/1.1\r\nHost: {}:{}\r\nConnection: close\r\n\r\n",
                self.host, self.port
            ),
        )
    }

    /// Sends `head` (a whole request head) and reads the reply.
    pub fn send(&self, head: &str) -> Reply {
        exchange(&format!("{}:{}", self.host, self.port), head)
    }

    /// Polls `target` until `accept` holds for the reply.
    pub fn wait_for(&self, target: &str, what: &str, accept: impl Fn(&Reply) -> bool) -> Reply {
        let deadline = Instant::now() + LIMIT;
        loop {
            let reply = self.get(target);
            if accept(&reply) {
                return reply;
            }
            assert!(
                Instant::now() < deadline,
                "{target} never showed {what}; last reply {reply:?}\nstderr: {}",
                self.stderr()
            );
            thread::sleep(Duration::from_millis(100));
        }
    }

    /// Polls `target` until its body contains `needle`.
    pub fn wait_for_body(&self, target: &str, needle: &str) -> Reply {
        self.wait_for(target, &format!("{needle:?}"), |reply| {
            reply.body.contains(needle)
        })
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A reply: the status code, the header lines and the body (de-chunked).
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    /// The value of header `name`, compared without case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn content_type(&self) -> &str {
        self.header("content-type").unwrap_or_default()
    }
}

/// One GET over a fresh connection to loopback `port`, read to its end.
pub fn get(port: u16, target: &str) -> Reply {
    exchange(
        &format!("127.0.0.1:{port}"),
        &format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"),
    )
}

/// Sends `head` over a fresh connection to `address` and reads the reply
/// to its end.
pub fn exchange(address: &str, head: &str) -> Reply {
    let mut stream = TcpStream::connect(address).expect("connect");
    stream.set_read_timeout(Some(LIMIT)).unwrap();
    stream.write_all(head.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read the reply");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no header end: {:?}", String::from_utf8_lossy(&raw)));
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        body = unchunk(&body);
    }
    Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&body).to_string(),
    }
}

fn unchunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = data.windows(2).position(|w| w == b"\r\n") {
        let size_text = String::from_utf8_lossy(&data[..end]).to_string();
        let size = usize::from_str_radix(size_text.split(';').next().unwrap().trim(), 16).unwrap();
        if size == 0 {
            break;
        }
        out.extend_from_slice(&data[end + 2..end + 2 + size]);
        data = &data[end + 2 + size + 2..];
    }
    out
}

/// An open event stream (`/__procbook/events`).
pub struct Events {
    stream: TcpStream,
    seen: String,
}

impl Events {
    /// Opens the stream and waits for its response head.
    pub fn open(port: u16, target: &str) -> Events {
        let mut events = Events::request(port, target);
        events.accepted();
        events
    }

    /// Sends the request without waiting for the answer.
    pub fn request(port: u16, target: &str) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_millis(200)))
            .unwrap();
        write!(
            stream,
            "GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        Events {
            stream,
            seen: String::new(),
        }
    }

    /// Waits for the head of the stream's response.
    pub fn accepted(&mut self) {
        self.wait_for("\r\n\r\n");
        assert!(self.seen.starts_with("HTTP/1.1 200"), "{}", self.seen);
        assert!(
            self.seen
                .to_ascii_lowercase()
                .contains("content-type: text/event-stream"),
            "{}",
            self.seen
        );
    }

    /// Reads until `text` has arrived (counting from the start).
    pub fn wait_for(&mut self, text: &str) {
        let deadline = Instant::now() + LIMIT;
        let mut buffer = [0u8; 1024];
        while !self.seen.contains(text) {
            assert!(
                Instant::now() < deadline,
                "the stream never sent {text:?}: {:?}",
                self.seen
            );
            match self.stream.read(&mut buffer) {
                Ok(0) => panic!("the stream closed: {:?}", self.seen),
                Ok(n) => self.seen.push_str(&String::from_utf8_lossy(&buffer[..n])),
                Err(_) => {} // timeout: keep waiting
            }
        }
    }

    /// Fails if a reload event arrives within `time`.
    pub fn assert_quiet(&mut self, time: Duration) {
        let deadline = Instant::now() + time;
        let mut buffer = [0u8; 1024];
        while Instant::now() < deadline {
            match self.stream.read(&mut buffer) {
                Ok(0) => panic!("the stream closed: {:?}", self.seen),
                Ok(n) => self.seen.push_str(&String::from_utf8_lossy(&buffer[..n])),
                Err(_) => {}
            }
        }
        assert!(
            !self.seen.contains("event: reload"),
            "an unchanged page was told to reload: {:?}",
            self.seen
        );
    }

    /// Waits for the next reload event and forgets what came before.
    pub fn next_reload(&mut self) {
        self.wait_for("event: reload\ndata: ");
        let rest = self
            .seen
            .split_once("event: reload\ndata: ")
            .unwrap()
            .1
            .to_string();
        self.seen = rest;
    }
}
