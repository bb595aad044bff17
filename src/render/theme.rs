//! The theme: Tera templates, static assets and UI strings. The default
//! theme is compiled into the binary; a site overrides any file by putting
//! one of the same name under its own `theme/` folder (as mdBook and Zola do).

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use tera::Tera;

use super::cache::{Key, KeyHasher};
use super::i18n::{self, Strings, StringsError};
use super::lang::Lang;
use crate::fs::{self as source, Refusal, MAX_THEME_FILE_BYTES};

/// The folder, under the site root, whose files replace the default theme's.
pub(crate) const OVERRIDE_DIR: &str = "theme";

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_str!(concat!("../../themes/default/", $path)))),*]
    };
}

/// The default theme's files, by path under `themes/default/`.
const DEFAULT_FILES: &[(&str, &str)] = embed![
    "templates/base.html",
    "templates/macros.html",
    "templates/index.html",
    "templates/process.html",
    "templates/guide_nav.html",
    "templates/guide.html",
    "templates/print.html",
    "templates/owners.html",
    "templates/overview.html",
    "templates/directive.html",
    "templates/directives.html",
    "templates/search.html",
    "templates/changes.html",
    "templates/404.html",
    "static/style.css",
    "static/search.js",
    "static/print.css",
    "i18n/ui.yaml",
    "static/favicon.svg",
];

/// The default theme's binary static files, overridable the same way.
const DEFAULT_BINARY_FILES: &[(&str, &[u8])] = &[(
    "static/favicon.ico",
    include_bytes!("../../themes/default/static/favicon.ico"),
)];

/// Why the theme cannot be used.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ThemeError {
    /// A theme file of the site is refused: it leads outside the site,
    /// is no regular file or is too large.
    #[error("cannot use {name}")]
    Refused {
        name: String,
        /// Boxed: a refusal can carry a whole diagnostic.
        #[source]
        source: Box<Refusal>,
    },
    /// A theme file or folder of the site cannot be read.
    #[error("cannot read {}", .path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// The interface strings are broken.
    #[error("{path}")]
    Strings {
        path: &'static str,
        #[source]
        source: StringsError,
    },
    /// A template does not compile.
    #[error("the templates do not compile")]
    Templates(#[source] Box<tera::Error>),
}

/// A loaded theme.
pub(crate) struct Theme {
    /// Templates, ready to render.
    pub tera: Tera,
    /// Static files to copy to `assets/`, by name.
    pub assets: BTreeMap<String, Vec<u8>>,
    /// UI strings by language.
    pub strings: BTreeMap<Lang, Strings>,
    /// What every page's key starts from: the templates and strings.
    pub key: Key,
}

/// The text of theme file `path`: the site's override when it has one.
fn file(root: &Path, path: &str, default: &str) -> Result<String, ThemeError> {
    let candidate = root.join(OVERRIDE_DIR).join(path);
    if std::fs::symlink_metadata(&candidate).is_err() {
        return Ok(default.to_string());
    }
    let name = format!("{OVERRIDE_DIR}/{path}");
    source::read_text(root, &candidate, &name, MAX_THEME_FILE_BYTES).map_err(|source| {
        ThemeError::Refused {
            name,
            source: Box::new(source),
        }
    })
}

/// The bytes of binary theme file `path`: the site's override when it has
/// one, read as every source is (inside the root, regular, bounded).
fn bytes(root: &Path, path: &str, default: &[u8]) -> Result<Vec<u8>, ThemeError> {
    let candidate = root.join(OVERRIDE_DIR).join(path);
    if std::fs::symlink_metadata(&candidate).is_err() {
        return Ok(default.to_vec());
    }
    let name = format!("{OVERRIDE_DIR}/{path}");
    source::read_bytes(root, &candidate, MAX_THEME_FILE_BYTES).map_err(|source| {
        ThemeError::Refused {
            name,
            source: Box::new(source),
        }
    })
}

impl Theme {
    /// Loads the default theme with the overrides found under `root`.
    pub(crate) fn load(root: &Path) -> Result<Theme, ThemeError> {
        let mut templates = Vec::new();
        let mut assets = BTreeMap::new();
        let mut strings = None;
        let mut key = KeyHasher::new("theme");
        for (path, default) in DEFAULT_FILES {
            let text = file(root, path, default)?;
            if !path.starts_with("static/") {
                key.bytes(path.as_bytes());
                key.bytes(text.as_bytes());
            }
            if let Some(name) = path.strip_prefix("templates/") {
                templates.push((name.to_string(), text));
            } else if let Some(name) = path.strip_prefix("static/") {
                assets.insert(name.to_string(), text.into_bytes());
            } else {
                strings = Some(
                    i18n::parse(&text).map_err(|source| ThemeError::Strings { path, source })?,
                );
            }
        }
        for (path, default) in DEFAULT_BINARY_FILES {
            if let Some(name) = path.strip_prefix("static/") {
                assets.insert(name.to_string(), bytes(root, path, default)?);
            }
        }
        // Extra static files a site adds (logos, fonts) are published too,
        // each read as every source is (inside the root, regular, bounded).
        let extra = root.join(OVERRIDE_DIR).join("static");
        if extra.is_dir() {
            source::resolve_inside(root, &extra).map_err(|source| ThemeError::Refused {
                name: format!("{OVERRIDE_DIR}/static"),
                source: Box::new(source),
            })?;
            let mut entries: Vec<_> = std::fs::read_dir(&extra)
                .map_err(|source| ThemeError::Read {
                    path: extra.clone(),
                    source,
                })?
                .filter_map(Result::ok)
                // Folders are not published (as before); links are read
                // only if they stay inside the root.
                .filter(|e| e.path().is_file())
                .collect();
            entries.sort_by_key(|e| e.file_name());
            for entry in entries {
                let name = entry.file_name().to_string_lossy().to_string();
                if let std::collections::btree_map::Entry::Vacant(slot) = assets.entry(name) {
                    let bytes = source::read_bytes(root, &entry.path(), MAX_THEME_FILE_BYTES)
                        .map_err(|source| ThemeError::Refused {
                            name: format!(
                                "{OVERRIDE_DIR}/static/{name_of}",
                                name_of = entry.file_name().to_string_lossy()
                            ),
                            source: Box::new(source),
                        })?;
                    slot.insert(bytes);
                }
            }
        }
        let mut tera = Tera::default();
        refuse_machine_access(&mut tera);
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(crate::escape::html);
        tera.add_raw_templates(templates)
            .map_err(|e| ThemeError::Templates(Box::new(e)))?;
        Ok(Theme {
            tera,
            assets,
            strings: strings.unwrap_or_default(),
            key: key.finish(),
        })
    }
}

/// Tera functions that would let a theme read the machine it is built on
/// (`get_env` publishes a CI secret into a page) or make the output differ
/// from run to run (`now`, `get_random`). `get_env` is there even with
/// Tera's default features off; the other two come with its `builtins`
/// feature, which another crate in the build could switch on. Each is
/// replaced by one that fails the build with a clear message. Tera has no
/// function, filter or test that reads files, and templates include only
/// other theme templates, never a path on disk.
const REFUSED_FUNCTIONS: [(&str, &str); 3] = [
    ("get_env", "a theme cannot read environment variables"),
    (
        "now",
        "a theme cannot read the clock; pages show the register's `as of` day",
    ),
    (
        "get_random",
        "a theme cannot use random numbers; the same sources build the same site",
    ),
];

fn refuse_machine_access(tera: &mut Tera) {
    for (name, why) in REFUSED_FUNCTIONS {
        tera.register_function(
            name,
            move |_: &std::collections::HashMap<String, tera::Value>| -> tera::Result<tera::Value> {
                Err(tera::Error::msg(format!(
                    "`{name}()` is not available to procbook themes: {why}"
                )))
            },
        );
    }
}
