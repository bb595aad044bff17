//! `procbook serve`: the live preview for process owners.
//!
//! The site is rendered in memory (nothing is written to `public/`), each
//! page when it is first asked for ([`lazy`]), and served over HTTP; the
//! sources are watched, every change that alters them is loaded and checked
//! again, and open pages whose content changed reload themselves over
//! Server-Sent Events. When the register has errors, every page shows them
//! instead of the site until they are fixed.
//!
//! The parts are kept apart: [`transport`] runs hyper's HTTP/1.1 server
//! within fixed limits (with [`guard`] bounding writes), [`http`] answers
//! requests, [`route`] says what a URL names, [`host`] decides which
//! `Host` names are answered, [`reload`] keeps the event streams,
//! [`watch`] turns file events into batches, and [`page`] adds the reload
//! script and draws the error page. This module wires them: the server's
//! tasks read the current [`Snapshot`] from a watch channel, and the
//! calling thread waits for changes, rebuilds, and sends the new snapshot
//! down the channel.

pub mod fingerprint;
pub mod guard;
pub mod host;
pub mod http;
pub mod lazy;
pub mod page;
pub mod reload;
pub mod route;
pub mod transport;
pub mod watch;

use std::fmt;
use std::io::{self, Write};
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};

use crate::diagnostic::report::{self, Sources};
use crate::diagnostic::Diagnostic;
use crate::error::Chain;
use crate::lang::Lang;
use crate::load::{LoadError, REGISTER_FILE};
use crate::model::Date;
use crate::render::cache::MarkdownMemo;
use crate::render::theme::Theme;
use crate::site::{self, BuildError, BuildFailure, BuildOptions};

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
    pub lang: crate::lang::Lang,
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

/// One build as served: the sources its files are rendered from (each
/// when first asked for), or the page that explains why there are none.
pub struct Snapshot {
    /// Counts builds from 1; pages carry it so a stale page reloads.
    pub version: u64,
    /// The sources and the files rendered so far; `None` when the build
    /// failed.
    pub site: Option<Arc<lazy::Generation>>,
    /// The error page, when the build failed.
    pub failure: Option<Bytes>,
    /// What every page shows at its top: overdue reviews, warnings.
    pub panel: Option<String>,
}

impl Snapshot {
    /// The file at `key` (from the site root), rendered if it was not yet.
    /// This may take a while: call it where blocking is allowed.
    pub fn file(&self, key: &str) -> lazy::Outcome {
        match &self.site {
            Some(site) => site.file(key),
            None => lazy::Outcome::Missing,
        }
    }

    /// The tag of what a browser shows at site path `path` in this build:
    /// the error page's (the build's number), the page's, or the 404
    /// page's. A page's reload script carries the tag it was served with;
    /// when this differs, the page reloads.
    pub fn page_tag(&self, path: &str) -> Option<u64> {
        if self.failure.is_some() {
            return Some(self.version);
        }
        match self.file(&http::file_key(path)) {
            lazy::Outcome::File(served) => served.page_tag(),
            lazy::Outcome::Failed(why) => Some(lazy::failure_tag(&why)),
            lazy::Outcome::Missing => {
                http::not_found_page(self, path).and_then(|served| served.page_tag())
            }
        }
    }
}

/// What the server's tasks share with the rebuild loop.
pub struct State {
    /// The build being served; receivers learn of each new one.
    snapshots: tokio::sync::watch::Sender<Arc<Snapshot>>,
    /// Where the server listens.
    pub address: SocketAddr,
    /// Which `Host` values are answered.
    pub hosts: host::Hosts,
    /// The open reload streams.
    pub streams: reload::Streams,
    /// `/__procbook/live.js`.
    live_script: http::Served,
    /// The language of the preview's own pages (a page that could not be
    /// rendered).
    pub lang: Lang,
}

impl State {
    /// The build being served now.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        Arc::clone(&self.snapshots.borrow())
    }

    /// Serves `snapshot` from now on and tells open pages to reload.
    fn publish(&self, snapshot: Snapshot) {
        self.snapshots.send_replace(Arc::new(snapshot));
    }
}

/// Builds, serves and rebuilds until the process is stopped (Ctrl-C).
pub fn run(options: &ServeOptions) -> Result<(), ServeError> {
    if !options.root.is_dir() {
        return Err(ServeError::Load(LoadError::NoRoot(options.root.clone())));
    }
    // Watch before the first build, so an edit made meanwhile is not lost.
    let mut changes = watch::Changes::start(&options.root).map_err(ServeError::Watch)?;
    if let Some(note) = &changes.fallback {
        eprintln!("note: {note}");
    }

    let mut prints = fingerprint::Fingerprints::default();
    let mut last = prints.take(&options.root, today(options));
    let started = Instant::now();
    // Built before the port is bound: without a register there is nothing
    // to preview, and the message is the one check and build give.
    // What one build made is reused by the next.
    let mut carried = Carried::default();
    let (first, report) =
        try_build(options, 1, last.theme, &mut carried).map_err(ServeError::Load)?;
    let took = started.elapsed();
    let wanted = SocketAddr::new(options.bind, options.port);
    let listener = TcpListener::bind(wanted).map_err(|e| ServeError::Bind(wanted, e))?;
    // Told once the port is known to be ours, so a taken port is the
    // first thing said.
    report.print(options.color, options.lang);
    eprintln!("built in {} ms", took.as_millis());
    let bound = listener.local_addr().map_err(ServeError::Io)?;
    // `::ffff:127.0.0.1` is 127.0.0.1, and is shown (and answered) as such.
    let address = SocketAddr::new(bound.ip().to_canonical(), bound.port());
    let state = Arc::new(State {
        snapshots: tokio::sync::watch::Sender::new(Arc::new(first)),
        address,
        hosts: host::Hosts::for_address(address.ip()),
        streams: reload::Streams::default(),
        live_script: http::live_script(),
        lang: options.lang,
    });
    transport::spawn(listener, Arc::clone(&state), transport::Limits::from_env())
        .map_err(ServeError::Io)?;
    render_samples(state.snapshot().site.as_ref().map(Arc::downgrade));

    let url = format!("http://{address}/");
    eprintln!("serving on {url}");
    eprintln!(
        "  the same site under a sub-path: http://{address}{}demo/",
        route::PREFIX_PATH
    );
    if !state.hosts.is_loopback() {
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
        let now = prints.take(&options.root, today(options));
        if now == last {
            continue;
        }
        last = now;
        let started = Instant::now();
        let version = state.snapshot().version + 1;
        let snapshot = build_snapshot(options, version, now.theme, &mut carried);
        let samples = snapshot.site.as_ref().map(Arc::downgrade);
        state.publish(snapshot);
        render_samples(samples);
        eprintln!(
            "rebuilt in {} ms ({} ms after the change was seen)",
            started.elapsed().as_millis(),
            batch.first_seen.elapsed().as_millis()
        );
    }
    Err(ServeError::Io(io::Error::other("the file watcher stopped")))
}

/// Renders the [`lazy::Generation::samples`] of a build in the background,
/// after the pages open in browsers have asked for theirs (which the owner
/// is waiting for), and not once a newer build has replaced it.
fn render_samples(generation: Option<std::sync::Weak<lazy::Generation>>) {
    let Some(generation) = generation else {
        return;
    };
    let spawned = std::thread::Builder::new()
        .name("procbook-samples".to_string())
        .spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(250));
            let samples = match generation.upgrade() {
                Some(site) => site.samples(),
                None => return,
            };
            for path in samples {
                match generation.upgrade() {
                    Some(site) => drop(site.file(&path)),
                    None => return,
                }
            }
        });
    if let Err(e) = spawned {
        eprintln!("warning: cannot check the theme's pages in the background: {e}");
    }
}

fn today(options: &ServeOptions) -> Date {
    options
        .today
        .unwrap_or_else(|| Date(chrono::Local::now().date_naive()))
}

/// A snapshot with no files: every page shows `headline` and `detail`.
fn failed(version: u64, headline: &str, detail: &str, lang: Lang) -> Snapshot {
    let page = page::error_page(headline, detail, &[], &Sources::default(), lang);
    Snapshot {
        version,
        site: None,
        failure: Some(Bytes::from(page::inject_live_script(&page, version))),
        panel: None,
    }
}

/// What the terminal is told about a build: its diagnostics, then a line
/// on how it ended (when it failed).
#[derive(Default)]
struct Report {
    diagnostics: Vec<Diagnostic>,
    sources: Sources,
    ending: Option<String>,
}

impl Report {
    fn ending(line: String) -> Report {
        Report {
            ending: Some(line),
            ..Report::default()
        }
    }

    fn print(&self, color: ColorChoice, lang: Lang) {
        if !self.diagnostics.is_empty() {
            let mut err = StandardStream::stderr(color);
            let _ = report::human(&mut err, &self.diagnostics, &self.sources, lang);
            let _ = err.flush();
        }
        if let Some(line) = &self.ending {
            eprintln!("{line}");
        }
    }
}

/// Loads and checks the site for the preview (its pages are rendered as
/// they are asked for), or makes the page that says why it failed (a
/// register that cannot be read at all included), and prints its report.
fn build_snapshot(
    options: &ServeOptions,
    version: u64,
    theme: u64,
    carried: &mut Carried,
) -> Snapshot {
    match try_build(options, version, theme, carried) {
        Ok((snapshot, report)) => {
            report.print(options.color, options.lang);
            snapshot
        }
        Err(e) => {
            let detail = match options.lang {
                Lang::Et => e.estonian(),
                Lang::En => Chain(&e).to_string(),
            };
            eprintln!("error: {detail}");
            let headline = options
                .lang
                .pick("Saiti ei saanud ehitada", "The site could not be built");
            failed(version, headline, &detail, options.lang)
        }
    }
}

/// Loads and checks the sources and the theme (kept from the previous
/// build while the files under `theme/`, whose fingerprint is `theme`, are
/// the same): pages are rendered from them when asked for. Errors in the
/// sources give a snapshot with the error page; only sources that cannot be
/// read at all are an error.
fn try_build(
    options: &ServeOptions,
    version: u64,
    theme: u64,
    carried: &mut Carried,
) -> Result<(Snapshot, Report), LoadError> {
    let lang = options.lang;
    let kept = carried
        .theme
        .as_ref()
        .filter(|(print, _)| *print == theme)
        .map(|(_, kept)| Arc::clone(kept));
    let prepared = panic::catch_unwind(AssertUnwindSafe(|| prepare(options, kept)));
    let (mut prepared, loaded_theme) = match prepared {
        Ok(Ok(prepared)) => prepared,
        Ok(Err(failure)) => return failure_snapshot(failure, version, lang),
        Err(_) => {
            let snapshot = failed(
                version,
                lang.pick(
                    "procbook ebaõnnestus saidi ehitamisel",
                    "procbook failed while building the site",
                ),
                lang.pick(
                    "See on procbooki viga; üksikasjad on terminalis.",
                    "This is a bug in procbook; the terminal shows the details.",
                ),
                lang,
            );
            let ending = "error: procbook failed while building the site (a bug: please report it)";
            return Ok((snapshot, Report::ending(ending.to_string())));
        }
    };
    let mut diagnostics = std::mem::take(&mut prepared.diagnostics);
    crate::diagnostic::localize(&mut diagnostics, lang);
    let panel = page::notice_panel(&diagnostics, lang);
    let sources = std::mem::take(&mut prepared.site.sources);
    let memo = match &carried.previous {
        Some(previous) => previous.memo().successor(&crate::render::markdown_keys(
            &prepared.site,
            &prepared.history,
        )),
        None => MarkdownMemo::default(),
    };
    let kept_theme = Arc::clone(&loaded_theme);
    let generation = Arc::new(lazy::Generation::new(
        prepared,
        loaded_theme,
        memo,
        panel.as_deref(),
    ));
    carried.previous = Some(Arc::clone(&generation));
    carried.theme = Some((theme, Arc::clone(&kept_theme)));
    let snapshot = Snapshot {
        version,
        site: Some(generation),
        failure: None,
        panel,
    };
    let report = Report {
        diagnostics,
        sources,
        ending: None,
    };
    Ok((snapshot, report))
}

/// The sources loaded and checked as a build does, and the theme: `kept`
/// if given, else loaded.
fn prepare(
    options: &ServeOptions,
    kept: Option<Arc<Theme>>,
) -> Result<(site::Prepared, Arc<Theme>), BuildFailure> {
    let build_options = BuildOptions {
        root: options.root.clone(),
        today: today(options),
        base_url: None,
        history: Some(crate::history::HistoryOptions::default()),
        fail_on_overdue: false,
        reuse: true,
    };
    let prepared = site::prepare(&build_options)?;
    let loaded = match kept {
        Some(kept) => Ok(kept),
        None => Theme::load(&options.root).map(Arc::new),
    };
    match loaded {
        Ok(theme) => Ok((prepared, theme)),
        Err(e) => Err(BuildFailure::new(
            BuildError::Render(e.into()),
            prepared.site,
            prepared.diagnostics,
        )),
    }
}

/// What one preview build leaves for the next: the generation whose
/// Markdown it starts from, and the theme with the fingerprint of its
/// files.
#[derive(Default)]
struct Carried {
    previous: Option<Arc<lazy::Generation>>,
    theme: Option<(u64, Arc<Theme>)>,
}

/// The error page for a build that stopped, and what the terminal is told;
/// sources that could not be read at all are returned as the error.
fn failure_snapshot(
    failure: BuildFailure,
    version: u64,
    lang: Lang,
) -> Result<(Snapshot, Report), LoadError> {
    let BuildFailure {
        error,
        site,
        mut diagnostics,
    } = failure;
    let (headline, detail, ending) = match error {
        BuildError::Load(e) => return Err(e),
        BuildError::Invalid => (
            lang.pick("Registris on vigu", "The register has errors"),
            lang.pick(
                "Eelvaade näitab saiti uuesti kohe, kui vead on parandatud; procbook check teatab samadest probleemidest.",
                "The preview shows the site again as soon as they are fixed; procbook check reports the same problems.",
            )
            .to_string(),
            lang.pick(
                "registris on vigu: eelvaade näitab neid, kuni need on parandatud",
                "the register has errors: the preview shows them until they are fixed",
            )
            .to_string(),
        ),
        error => {
            let detail = Chain(&error).to_string();
            let ending = format!("error: {detail}");
            (
                lang.pick("Saiti ei saanud kokku panna", "The site could not be rendered"),
                detail,
                ending,
            )
        }
    };
    crate::diagnostic::localize(&mut diagnostics, lang);
    let sources = site.map(|site| site.sources).unwrap_or_default();
    let page = page::error_page(headline, &detail, &diagnostics, &sources, lang);
    let snapshot = Snapshot {
        version,
        site: None,
        failure: Some(Bytes::from(page::inject_live_script(&page, version))),
        panel: None,
    };
    let report = Report {
        diagnostics,
        sources,
        ending: Some(ending),
    };
    Ok((snapshot, report))
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
