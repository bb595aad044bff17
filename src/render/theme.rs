//! The theme: Tera templates, static assets and UI strings. The default
//! theme is compiled into the binary; a site overrides any file by putting
//! one of the same name under its own `theme/` folder (as mdBook and Zola do).

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use tera::Tera;

use super::i18n::{self, Strings, StringsError};
use super::lang::Lang;

/// The folder, under the site root, whose files replace the default theme's.
pub const OVERRIDE_DIR: &str = "theme";

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
    "templates/owners.html",
    "templates/directive.html",
    "templates/directives.html",
    "templates/search.html",
    "templates/changes.html",
    "templates/404.html",
    "static/style.css",
    "static/search.js",
    "i18n/ui.yaml",
];

/// Why the theme cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    /// A theme file of the site is a link to outside it.
    #[error("{} is a link to outside the site; theme files must be inside it", .0.display())]
    Outside(PathBuf),
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
pub struct Theme {
    /// Templates, ready to render.
    pub tera: Tera,
    /// Static files to copy to `assets/`, by name.
    pub assets: BTreeMap<String, Vec<u8>>,
    /// UI strings by language.
    pub strings: BTreeMap<Lang, Strings>,
}

/// The text of theme file `path`: the site's override when it has one.
fn file(root: &Path, path: &str, default: &str) -> Result<String, ThemeError> {
    let candidate = root.join(OVERRIDE_DIR).join(path);
    if candidate.is_file() {
        if !crate::fs::inside(root, &candidate) {
            return Err(ThemeError::Outside(candidate));
        }
        std::fs::read_to_string(&candidate).map_err(|source| ThemeError::Read {
            path: candidate,
            source,
        })
    } else {
        Ok(default.to_string())
    }
}

impl Theme {
    /// Loads the default theme with the overrides found under `root`.
    pub fn load(root: &Path) -> Result<Theme, ThemeError> {
        let mut templates = Vec::new();
        let mut assets = BTreeMap::new();
        let mut strings = None;
        for (path, default) in DEFAULT_FILES {
            let text = file(root, path, default)?;
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
        // Extra static files a site adds (logos, fonts) are published too.
        let extra = root.join(OVERRIDE_DIR).join("static");
        if extra.is_dir() {
            let mut entries: Vec<_> = std::fs::read_dir(&extra)
                .map_err(|source| ThemeError::Read {
                    path: extra.clone(),
                    source,
                })?
                .filter_map(Result::ok)
                // Only regular files: a symbolic link could publish any
                // file the build can read.
                .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                .collect();
            entries.sort_by_key(|e| e.file_name());
            for entry in entries {
                let name = entry.file_name().to_string_lossy().to_string();
                if let std::collections::btree_map::Entry::Vacant(slot) = assets.entry(name) {
                    let bytes = std::fs::read(entry.path()).map_err(|source| ThemeError::Read {
                        path: entry.path(),
                        source,
                    })?;
                    slot.insert(bytes);
                }
            }
        }
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(crate::escape::html);
        tera.add_raw_templates(templates)
            .map_err(|e| ThemeError::Templates(Box::new(e)))?;
        Ok(Theme {
            tera,
            assets,
            strings: strings.unwrap_or_default(),
        })
    }
}
