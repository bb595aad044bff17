//! `procbook serve`: the live preview for process owners.
//!
//! The site is built in memory (nothing is written to `public/`) and served
//! over HTTP; the sources are watched, every change that alters them is
//! rebuilt, and open pages reload themselves over Server-Sent Events. When
//! the register has errors, every page shows them instead of the site until
//! they are fixed.
//!
//! The parts are kept apart: [`http`] answers requests, [`watch`] turns file
//! events into batches, [`reload`] keeps the event streams, and [`page`]
//! adds the reload script and draws the error page, and [`transport`]
//! accepts connections and reads requests within fixed limits. This module
//! wires them: connection threads read the current [`Snapshot`], and the
//! calling thread waits for changes, rebuilds, and swaps in the new
//! snapshot.

pub mod http;
pub mod page;
pub mod reload;
pub mod transport;
pub mod watch;

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::io::{self, Write};
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Instant;

use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};

use crate::diagnostic::report::{self, Sources};
use crate::error::Chain;
use crate::load::{LoadError, REGISTER_FILE};
use crate::model::Date;
use crate::site::{self, BuildError, BuildOptions};

/// What `procbook serve` was asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Folder holding processes.yaml and content/.
    pub root: PathBuf,
    /// The day review states are computed for; `None` for today, taken
    /// afresh at each rebuild.
    pub today: Option<Date>,
    /// Address to listen on.
    pub bind: IpAddr,
    /// Port to listen on; 0 picks a free one.
    pub port: u16,
    /// Open the preview in the default browser.
    pub open: bool,
    /// Colour for diagnostics on standard error.
    pub color: ColorChoice,
    /// Language of messages, the error page and the panel.
    pub lang: crate::locale::Lang,
}

/// Why the preview could not start or stopped.
#[derive(Debug)]
pub enum ServeError {
    /// The site root is missing.
    Load(LoadError),
    /// The address could not be bound.
    Bind(SocketAddr, io::Error),
    /// The file watcher failed.
    Watch(notify::Error),
    /// Anything else.
    Io(io::Error),
}

impl fmt::Display for ServeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServeError::Load(e) => e.fmt(f),
            ServeError::Bind(addr, e) if e.kind() == io::ErrorKind::AddrInUse => write!(
                f,
                "cannot listen on {addr}: the port is already in use (is another procbook serve running?); choose another with --port"
            ),
            ServeError::Bind(addr, e) => write!(f, "cannot listen on {addr}: {e}; choose another --port or --bind"),
            ServeError::Watch(e) => write!(f, "cannot watch the sources for changes: {e}"),
            ServeError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ServeError {}

/// One build as served: the files (HTML already carrying the reload
/// script) or the page that explains why there are none.
pub struct Snapshot {
    /// Counts builds from 1; pages carry it so a stale page reloads.
    pub version: u64,
    /// Served bytes by path under the site root.
    pub files: HashMap<String, Vec<u8>>,
    /// The error page, when the build failed.
    pub failure: Option<Vec<u8>>,
}

/// What the request threads share with the rebuild loop.
pub struct State {
    current: RwLock<Arc<Snapshot>>,
    version: Arc<AtomicU64>,
    /// The open reload streams.
    pub clients: reload::Clients,
}

impl State {
    /// The build being served now.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        Arc::clone(&self.current.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// Serves `snapshot` from now on and tells open pages to reload.
    fn publish(&self, snapshot: Snapshot) {
        let version = snapshot.version;
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(snapshot);
        self.version.store(version, Ordering::SeqCst);
        self.clients.broadcast();
    }
}

/// Builds, serves and rebuilds until the process is stopped (Ctrl-C).
pub fn run(options: &ServeOptions) -> Result<(), ServeError> {
    if !options.root.is_dir() {
        return Err(ServeError::Load(LoadError::NoRoot(options.root.clone())));
    }
    let wanted = SocketAddr::new(options.bind, options.port);
    let listener = TcpListener::bind(wanted).map_err(|e| ServeError::Bind(wanted, e))?;
    let address = listener.local_addr().map_err(ServeError::Io)?;
    // Watch before the first build, so an edit made meanwhile is not lost.
    let mut changes = watch::Changes::start(&options.root).map_err(ServeError::Watch)?;
    if let Some(note) = &changes.fallback {
        eprintln!("note: {note}");
    }

    let mut last = fingerprint(&options.root, today(options));
    let started = Instant::now();
    let first = build_snapshot(options, 1);
    eprintln!("built in {} ms", started.elapsed().as_millis());
    let version = Arc::new(AtomicU64::new(1));
    let state = Arc::new(State {
        current: RwLock::new(Arc::new(first)),
        clients: reload::Clients::new(Arc::clone(&version)),
        version,
    });
    transport::spawn(listener, Arc::clone(&state), transport::Limits::from_env())
        .map_err(ServeError::Io)?;

    let url = format!("http://{address}/");
    eprintln!("serving on {url}");
    eprintln!(
        "  the same site under a sub-path: http://{address}{}demo/",
        http::PREFIX_PATH
    );
    if address.ip().is_unspecified() || !address.ip().is_loopback() {
        eprintln!(
            "warning: listening on {} makes the preview reachable from other machines",
            address.ip()
        );
    }
    eprintln!(
        "watching {} for changes; Ctrl-C stops",
        watched_list(&options.root)
    );
    if options.open {
        open_browser(&url);
    }

    while let Some(batch) = changes.wait() {
        for problem in &batch.problems {
            eprintln!("warning: {problem}");
        }
        let now = fingerprint(&options.root, today(options));
        if now == last {
            continue;
        }
        last = now;
        let started = Instant::now();
        let snapshot = build_snapshot(options, state.snapshot().version + 1);
        state.publish(snapshot);
        eprintln!(
            "rebuilt in {} ms ({} ms after the change was seen)",
            started.elapsed().as_millis(),
            batch.first_seen.elapsed().as_millis()
        );
    }
    Err(ServeError::Io(io::Error::other("the file watcher stopped")))
}

fn today(options: &ServeOptions) -> Date {
    options
        .today
        .unwrap_or_else(|| Date(chrono::Local::now().date_naive()))
}

/// Builds the site in memory and prints its diagnostics to standard error.
fn build_snapshot(options: &ServeOptions, version: u64) -> Snapshot {
    let build_options = BuildOptions {
        root: options.root.clone(),
        today: today(options),
        base_url: None,
        history: Some(crate::history::HistoryOptions::default()),
        fail_on_overdue: false,
    };
    let lang = options.lang;
    let failed = |headline: &str, detail: &str| Snapshot {
        version,
        files: HashMap::new(),
        failure: Some(page::inject_live_script(
            &page::error_page(headline, detail, &[], &Sources::default(), lang),
            version,
        )),
    };
    let built = match panic::catch_unwind(AssertUnwindSafe(|| site::render_site(&build_options))) {
        Ok(built) => built,
        Err(_) => {
            eprintln!("error: procbook failed while building the site (a bug: please report it)");
            return failed(
                lang.pick(
                    "procbook ebaõnnestus saidi ehitamisel",
                    "procbook failed while building the site",
                ),
                lang.pick(
                    "See on procbooki viga; üksikasjad on terminalis.",
                    "This is a bug in procbook; the terminal shows the details.",
                ),
            );
        }
    };
    let mut built = built;
    let (diagnostics, site) = match &mut built {
        Ok(built) => (&mut built.diagnostics, Some(&built.site)),
        Err(failure) => (&mut failure.diagnostics, failure.site.as_deref()),
    };
    crate::diagnostic::localize(diagnostics, lang);
    let no_sources = Sources::default();
    let sources = site.map_or(&no_sources, |site| &site.sources);
    if !diagnostics.is_empty() {
        let mut err = StandardStream::stderr(options.color);
        let _ = report::human(&mut err, diagnostics, sources, lang);
        let _ = err.flush();
    }
    let failure = match built {
        Ok(built) => {
            let panel = page::notice_panel(&built.diagnostics, lang);
            let files = built
                .output
                .into_iter()
                .map(|file| {
                    let bytes = if file.path.ends_with(".html") {
                        let bytes = match &panel {
                            Some(panel) => page::inject_panel(&file.bytes, panel),
                            None => file.bytes,
                        };
                        page::inject_live_script(&bytes, version)
                    } else {
                        file.bytes
                    };
                    (file.path, bytes)
                })
                .collect();
            return Snapshot {
                version,
                files,
                failure: None,
            };
        }
        Err(failure) => failure,
    };
    let (headline, detail) = match &failure.error {
        BuildError::Invalid => {
            eprintln!(
                "{}",
                lang.pick(
                    "registris on vigu: eelvaade näitab neid, kuni need on parandatud",
                    "the register has errors: the preview shows them until they are fixed",
                )
            );
            (
                lang.pick("Registris on vigu", "The register has errors"),
                lang.pick(
                    "Eelvaade näitab saiti uuesti kohe, kui vead on parandatud; procbook check teatab samadest probleemidest.",
                    "The preview shows the site again as soon as they are fixed; procbook check reports the same problems.",
                )
                .to_string(),
            )
        }
        BuildError::Load(e) => {
            let detail = match lang {
                crate::locale::Lang::Et => e.estonian(),
                crate::locale::Lang::En => Chain(&failure).to_string(),
            };
            eprintln!("error: {detail}");
            (
                lang.pick("Saiti ei saanud ehitada", "The site could not be built"),
                detail,
            )
        }
        _ => {
            let detail = Chain(&failure).to_string();
            eprintln!("error: {detail}");
            (
                lang.pick(
                    "Saiti ei saanud kokku panna",
                    "The site could not be rendered",
                ),
                detail,
            )
        }
    };
    let sources = failure
        .site
        .as_ref()
        .map_or(&no_sources, |site| &site.sources);
    let page = page::error_page(headline, &detail, &failure.diagnostics, sources, lang);
    Snapshot {
        version,
        files: HashMap::new(),
        failure: Some(page::inject_live_script(&page, version)),
    }
}

/// A hash of everything a build reads (and the day it is for), so events
/// that change nothing (a save without edits, a `touch`) cause no rebuild.
/// Files are read as the build reads them (inside the root, regular files
/// only, within the size limit), so a named pipe or a link to `/dev/zero`
/// cannot hang the preview or fill its memory, and links are not followed.
fn fingerprint(root: &Path, today: Date) -> u64 {
    let mut hasher = DefaultHasher::new();
    today.hash(&mut hasher);
    let hasher = std::cell::RefCell::new(hasher);
    let add = |path: &Path| {
        let mut hasher = hasher.borrow_mut();
        path.hash(&mut *hasher);
        match crate::fs::read_bytes(root, path, crate::load::MAX_REGISTER_BYTES) {
            Ok(bytes) => bytes.hash(&mut *hasher),
            Err(refusal) => refusal.to_string().hash(&mut *hasher),
        }
    };
    let add_kind = |path: &Path, kind: &str| (path, kind).hash(&mut *hasher.borrow_mut());
    add(&root.join(REGISTER_FILE));
    for dir in watch::WATCHED_DIRS {
        for entry in walkdir::WalkDir::new(root.join(dir))
            .follow_links(false)
            .follow_root_links(false)
            .sort_by_file_name()
            .max_depth(16)
            .into_iter()
            .flatten()
        {
            if entry.file_type().is_file() || entry.path_is_symlink() {
                add(entry.path());
            } else {
                // A named pipe appearing is a change too (the build reports
                // it), though it is never read.
                add_kind(entry.path(), crate::fs::kind_of(&entry.file_type()));
            }
        }
    }
    let hash = hasher.borrow().finish();
    hash
}

fn watched_list(root: &Path) -> String {
    let mut list = vec![REGISTER_FILE.to_string()];
    list.extend(watch::WATCHED_DIRS.iter().map(|dir| format!("{dir}/")));
    format!("{} in {}", list.join(", "), root.display())
}

/// Opens `url` in the default browser; failing to is only reported.
fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else if cfg!(windows) {
        std::process::Command::new("cmd")
            .args(["/C", "start", "", url])
            .spawn()
    } else {
        std::process::Command::new("xdg-open").arg(url).spawn()
    };
    if let Err(e) = command {
        eprintln!("note: could not open a browser ({e}); open {url} yourself");
    }
}
