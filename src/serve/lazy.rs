//! The preview's files, each rendered when it is first asked for.
//!
//! A [`Generation`] is the sources as loaded and checked at one moment,
//! with the theme, and the files made from them so far. An edit starts a
//! new generation: it costs loading and checking the sources again and
//! then only the pages a browser asks for (an open page asks again to
//! learn whether it changed), not the whole site; and the preview holds
//! only what was asked for. Markdown rendered by one generation is handed
//! to the next, so an edit of the register renders no Markdown again.

use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use bytes::Bytes;

use super::http::Served;
use crate::error::Chain;
use crate::model::PageTarget;
use crate::render::cache::MarkdownMemo;
use crate::render::paths;
use crate::render::theme::Theme;
use crate::render::{self, OutputFile, RenderError, Sink};
use crate::site::Prepared;

/// What a path names in one generation.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// A file, as served.
    File(Served),
    /// Nothing: the site has no file there.
    Missing,
    /// Rendering it failed; why, in a sentence for the page.
    Failed(Arc<str>),
}

/// The tag of the page that says rendering failed for `why`: the same
/// until the reason changes, so the page reloads when it is fixed (or
/// fails otherwise) and not before.
pub fn failure_tag(why: &str) -> u64 {
    hash_of(why.as_bytes())
}

/// The sources of one preview build and the files rendered from them.
pub struct Generation {
    prepared: Prepared,
    theme: Arc<Theme>,
    memo: MarkdownMemo,
    /// A hash of the notice panel pages show, part of every page's tag.
    panel: u64,
    /// Each path asked for, rendered once (a second request for a page
    /// being rendered waits for it). Paths with no file are not kept here
    /// but in `missing`, which is bounded: anyone can ask for any path.
    files: Mutex<HashMap<String, Arc<OnceLock<Outcome>>>>,
    missing: Mutex<HashSet<String>>,
}

/// At most this many paths with no file are remembered; then they are
/// forgotten and found missing again.
const MAX_MISSING: usize = 4096;

/// One page, calendar, search index or export is made at a time: each
/// uses every core, and requests for many paths at once (from many
/// connections) then wait in turn instead of each holding the memory of a
/// rendering. Files that are only copied (the theme's, the images beside
/// the pages) do not wait behind a long page.
static RENDERING: Mutex<()> = Mutex::new(());

/// Whether making the file at `path` (from the site root) takes a turn;
/// `tags` are the site's versions (a tag may hold `/` or `.`).
fn takes_a_turn<'t>(path: &str, mut tags: impl Iterator<Item = &'t str>) -> bool {
    let tail = tags
        .find_map(|tag| path.strip_prefix(paths::version(tag).as_str()))
        .unwrap_or(path);
    paths::is_rendered(tail) || paths::is_export(tail)
}

impl Generation {
    /// A generation of `prepared` with `theme`, starting from the Markdown
    /// in `memo`, whose pages show `panel`.
    pub fn new(
        prepared: Prepared,
        theme: Arc<Theme>,
        memo: MarkdownMemo,
        panel: Option<&str>,
    ) -> Generation {
        Generation {
            prepared,
            theme,
            memo,
            panel: panel.map_or(0, |p| hash_of(p.as_bytes())),
            files: Mutex::default(),
            missing: Mutex::default(),
        }
    }

    /// The Markdown this generation was left and has rendered, for the
    /// next.
    pub fn memo(&self) -> &MarkdownMemo {
        &self.memo
    }

    /// A page of each kind an edit most often touches, in the default
    /// language: the home page, the first process's page, the first
    /// further guidelines page, the first edition's page and the 404 page.
    /// Rendering these after each edit reports a template that fails on
    /// them in the terminal when the edit is saved, not only when such a
    /// page is opened.
    pub fn samples(&self) -> Vec<String> {
        let mut paths = vec![paths::HOME.to_string(), paths::NOT_FOUND.to_string()];
        let Some(register) = self.prepared.register() else {
            return paths;
        };
        if let Some(process) = register.processes.first() {
            paths.push(paths::process(&process.id.value));
        }
        let guide = self
            .prepared
            .site
            .pages
            .iter()
            .find_map(|page| match &page.target {
                PageTarget::Process(id)
                    if !matches!(page.part.as_deref(), None | Some("index")) =>
                {
                    Some(paths::guide_page(id, page.part.as_deref()))
                }
                _ => None,
            });
        paths.extend(guide);
        if let Some(directive) = register.directives.first() {
            paths.push(paths::directive(&directive.id.value));
        }
        paths
    }

    /// The file at `path` (from the site root), rendered on first request.
    pub fn file(&self, path: &str) -> Outcome {
        if lock(&self.missing).contains(path) {
            return Outcome::Missing;
        }
        let cell = Arc::clone(lock(&self.files).entry(path.to_string()).or_default());
        let outcome = cell
            .get_or_init(|| {
                let tags = self.prepared.history.versions.iter();
                let turn = takes_a_turn(path, tags.map(|v| v.tag.as_str()));
                let _turn = turn.then(|| lock(&RENDERING));
                self.render(path)
            })
            .clone();
        if let Outcome::Missing = outcome {
            lock(&self.files).remove(path);
            let mut missing = lock(&self.missing);
            if missing.len() >= MAX_MISSING {
                missing.clear();
            }
            missing.insert(path.to_string());
        }
        outcome
    }

    /// Renders the one file at `path`.
    fn render(&self, path: &str) -> Outcome {
        let Some(register) = self.prepared.register() else {
            return Outcome::Missing;
        };
        let sink = One::new(path);
        let rendered = panic::catch_unwind(AssertUnwindSafe(|| {
            render::render_with(
                &self.theme,
                &self.prepared.site,
                register,
                &self.prepared.render_options,
                &self.prepared.history,
                &sink,
                &self.memo,
            )
        }));
        match rendered {
            Ok(Ok(_)) => match sink.take() {
                Some(bytes) => Outcome::File(self.served(path, bytes)),
                None => Outcome::Missing,
            },
            Ok(Err(error)) => {
                let detail = Chain(&error).to_string();
                eprintln!("error: {detail}");
                Outcome::Failed(Arc::from(detail))
            }
            Err(_) => {
                eprintln!(
                    "error: procbook failed while rendering {path} (a bug: please report it)"
                );
                Outcome::Failed(Arc::from(
                    "procbook failed while rendering this page: a bug in procbook; the terminal shows the details",
                ))
            }
        }
    }

    /// A file as served. A page's tag stands for its bytes and the panel
    /// shown on it, which it gets (with the reload script) as it is served:
    /// a build that changes neither reloads no page.
    fn served(&self, path: &str, bytes: Vec<u8>) -> Served {
        let bytes = Bytes::from(bytes);
        let hash = hash_of(&bytes);
        if path.ends_with(".html") {
            let mut tag = DefaultHasher::new();
            (hash, self.panel).hash(&mut tag);
            Served::page(bytes, tag.finish())
        } else {
            Served::hashed(bytes, hash)
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A hash of `bytes`, the same within one run of the preview.
pub fn hash_of(bytes: &[u8]) -> u64 {
    let mut hasher = DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
}

/// A sink that wants one file and keeps it.
struct One {
    path: String,
    found: Mutex<Option<Vec<u8>>>,
}

impl One {
    fn new(path: &str) -> One {
        One {
            path: path.to_string(),
            found: Mutex::new(None),
        }
    }

    fn take(self) -> Option<Vec<u8>> {
        self.found
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

impl Sink for One {
    fn put(&self, file: OutputFile) -> Result<(), RenderError> {
        if file.path == self.path {
            *self.found.lock().unwrap_or_else(PoisonError::into_inner) = Some(file.bytes);
        }
        Ok(())
    }

    fn only(&self) -> Option<&str> {
        Some(&self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_exports_take_turns_and_copied_files_do_not() {
        let tags = || ["v1", "v1.2", "release/2"].into_iter();
        for path in [
            "index.html",
            "en/processes/a.html",
            "v/v1.2/print.html",
            "assets/search-index.js",
            "calendar/role.ics",
            "api/register.json",
            "v/v1/processes.xlsx",
            "v/release/2/api/register.json",
        ] {
            assert!(takes_a_turn(path, tags()), "{path}");
        }
        for path in [
            "assets/style.css",
            "favicon.ico",
            "processes/a/diagram.png",
            "v/release/2/assets/style.css",
        ] {
            assert!(!takes_a_turn(path, tags()), "{path}");
        }
    }

    #[test]
    fn the_sink_keeps_only_the_file_it_wants() {
        let sink = One::new("a.html");
        assert!(sink.wants("a.html"));
        assert!(!sink.wants("b.html"));
        assert!(sink.wants_under("a"));
        assert!(!sink.wants_under("en/"));
        for path in ["b.html", "a.html", "a.htm"] {
            sink.put(OutputFile {
                path: path.to_string(),
                bytes: path.as_bytes().to_vec(),
            })
            .unwrap();
        }
        assert_eq!(sink.take().as_deref(), Some(&b"a.html"[..]));
    }
}
