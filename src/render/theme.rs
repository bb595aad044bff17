//! The theme: Tera templates, static assets and UI strings. The default
//! theme is compiled into the binary; a site overrides any file by putting
//! one of the same name under its own `theme/` folder (as mdBook and Zola do).

use std::collections::BTreeMap;
use std::path::Path;

use tera::Tera;

use super::i18n::{self, Strings};
use super::RenderError;

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
    "templates/guide_nav.html",
    "templates/guide.html",
    "templates/print.html",
    "templates/owners.html",
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

/// A loaded theme.
pub struct Theme {
    /// Templates, ready to render.
    pub tera: Tera,
    /// Static files to copy to `assets/`, by name.
    pub assets: BTreeMap<String, Vec<u8>>,
    /// UI strings by language.
    pub strings: BTreeMap<String, Strings>,
}

/// The text of theme file `path`: the site's override when it has one.
fn file(root: &Path, path: &str, default: &str) -> Result<String, RenderError> {
    let bytes = bytes(root, path, default.as_bytes())?;
    String::from_utf8(bytes).map_err(|_| {
        RenderError::Theme(format!(
            "{} is not UTF-8 text",
            root.join(OVERRIDE_DIR).join(path).display()
        ))
    })
}

/// The bytes of theme file `path`: the site's override when it has one.
fn bytes(root: &Path, path: &str, default: &[u8]) -> Result<Vec<u8>, RenderError> {
    let candidate = root.join(OVERRIDE_DIR).join(path);
    if candidate.is_file() {
        if !crate::load::inside(root, &candidate) {
            return Err(RenderError::Theme(format!(
                "{} is a link to outside the site; theme files must be inside it",
                candidate.display()
            )));
        }
        std::fs::read(&candidate)
            .map_err(|e| RenderError::Theme(format!("cannot read {}: {e}", candidate.display())))
    } else {
        Ok(default.to_vec())
    }
}

impl Theme {
    /// Loads the default theme with the overrides found under `root`.
    pub fn load(root: &Path) -> Result<Theme, RenderError> {
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
                    i18n::parse(&text).map_err(|e| RenderError::Theme(format!("{path}: {e}")))?,
                );
            }
        }
        for (path, default) in DEFAULT_BINARY_FILES {
            if let Some(name) = path.strip_prefix("static/") {
                assets.insert(name.to_string(), bytes(root, path, default)?);
            }
        }
        // Extra static files a site adds (logos, fonts) are published too.
        let extra = root.join(OVERRIDE_DIR).join("static");
        if extra.is_dir() {
            let mut entries: Vec<_> = std::fs::read_dir(&extra)
                .map_err(|e| RenderError::Theme(format!("cannot read {}: {e}", extra.display())))?
                .filter_map(Result::ok)
                // Only regular files: a symbolic link could publish any
                // file the build can read.
                .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                .collect();
            entries.sort_by_key(|e| e.file_name());
            for entry in entries {
                let name = entry.file_name().to_string_lossy().to_string();
                if let std::collections::btree_map::Entry::Vacant(slot) = assets.entry(name) {
                    let bytes = std::fs::read(entry.path()).map_err(|e| {
                        RenderError::Theme(format!("cannot read {}: {e}", entry.path().display()))
                    })?;
                    slot.insert(bytes);
                }
            }
        }
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(crate::escape::html);
        tera.add_raw_templates(templates)
            .map_err(|e| RenderError::Theme(template_error(&e)))?;
        Ok(Theme {
            tera,
            assets,
            strings: strings.unwrap_or_default(),
        })
    }
}

/// A Tera error with its chain of causes, which hold the useful part.
pub fn template_error(error: &tera::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
