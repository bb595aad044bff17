//! The context of each page (language, strings, relative paths, versions)
//! and turning a template into an output file.

use serde::Serialize;
use tera::Context;

use super::i18n::{self, LANGUAGES};
use super::theme::{template_error, Theme};
use super::views::{self, DirectiveView};
use super::{lang_prefix, OutputFile, RenderError, RenderOptions, Tree};
use crate::load::markdown::url_path;

/// Site-wide values every page shows.
#[derive(Serialize)]
pub(super) struct SiteView<'a> {
    pub org_name: &'a str,
    pub org_short: &'a str,
    pub directive: Option<&'a DirectiveView>,
    pub has_history: bool,
    pub has_versions: bool,
}

impl SiteView<'_> {
    pub fn empty() -> Self {
        SiteView {
            org_name: "",
            org_short: "",
            directive: None,
            has_history: false,
            has_versions: false,
        }
    }
}

/// Renders the pages of one language.
pub(super) struct Pages<'a> {
    pub theme: &'a Theme,
    pub lang: &'a str,
    pub t: &'a i18n::Strings,
    pub site: &'a SiteView<'a>,
    pub options: &'a RenderOptions,
    pub tree: &'a Tree<'a>,
}

impl Pages<'_> {
    /// The context every page has: language, strings, relative paths to the
    /// site root and the language root, and the same page in the other
    /// language.
    pub fn context(&self, section: &str, path: &str) -> Context {
        let mut ctx = self.shared_context();
        self.set_page(&mut ctx, section, path);
        ctx
    }

    /// The language's other interface language.
    fn other_lang(&self) -> &'static str {
        LANGUAGES
            .iter()
            .find(|l| **l != self.lang)
            .copied()
            .unwrap_or("et")
    }

    /// The part of [`Pages::context`] that is the same on every page of the
    /// language. Serialising the strings (`t`) is the costly part of a
    /// context, so pages rendered in a row share this and change the rest.
    pub fn shared_context(&self) -> Context {
        let mut ctx = Context::new();
        ctx.insert("lang", self.lang);
        ctx.insert("t", self.t);
        ctx.insert("site", self.site);
        ctx.insert("other_lang", self.other_lang());
        ctx.insert("as_of", &views::show_date(self.options.today, self.lang));
        ctx
    }

    /// Sets in `ctx` what depends on the page: its section, the paths
    /// relative to it and the version menu. Every page sets the same keys,
    /// so a context reused from another page keeps nothing of it.
    pub fn set_page(&self, ctx: &mut Context, section: &str, path: &str) {
        let full = format!("{}{path}", lang_prefix(self.lang));
        let (root, site_root) = match &self.options.base_url {
            // A server shows the 404 page at whatever depth was asked for,
            // where relative links break; with a known address they need
            // not be relative.
            Some(base) if path == "404.html" => {
                let base = format!("{}/", base.trim_end_matches('/'));
                (format!("{base}{}", self.tree.prefix), base)
            }
            _ => {
                let root = "../".repeat(full.matches('/').count());
                let site_root = format!(
                    "{root}{}",
                    "../".repeat(self.tree.prefix.matches('/').count())
                );
                (root, site_root)
            }
        };
        let other = self.other_lang();
        // The path as a link (guideline file names may hold `#`, spaces).
        let link = url_path(path);
        ctx.insert("section", section);
        ctx.insert("root", &root);
        ctx.insert("home", &format!("{root}{}", lang_prefix(self.lang)));
        ctx.insert(
            "other_lang_url",
            &format!("{root}{}{link}", lang_prefix(other)),
        );
        ctx.insert("site_root", &site_root);
        if let Some(base) = &self.options.base_url {
            ctx.insert(
                "canonical",
                &format!(
                    "{}/{}{}",
                    base.trim_end_matches('/'),
                    self.tree.prefix,
                    url_path(&full)
                ),
            );
        }
        let tags: Vec<&str> = match self.tree.version {
            Some(v) => v.tags.iter().map(String::as_str).collect(),
            None => self
                .tree
                .history
                .versions
                .iter()
                .map(|v| v.tag.as_str())
                .collect(),
        };
        if !tags.is_empty() {
            let lp = lang_prefix(self.lang);
            let exists_now = self.tree.version.is_none_or(|v| v.exists_now(path));
            let current_url = if exists_now {
                format!("{site_root}{lp}{link}")
            } else {
                format!("{site_root}{lp}index.html")
            };
            let mut items = vec![
                serde_json::json!({ "label": self.t.get("version_current"), "url": current_url, "selected": self.tree.version.is_none() }),
            ];
            for tag in tags.iter().rev() {
                let selected = self.tree.version.is_some_and(|v| v.tag == *tag);
                items.push(serde_json::json!({ "label": tag, "url": format!("{site_root}v/{tag}/{lp}index.html"), "selected": selected }));
            }
            ctx.insert("versions", &items);
            if let Some(version) = self.tree.version {
                let text = self
                    .t
                    .get("version_banner")
                    .replace("{tag}", &version.tag)
                    .replace("{date}", &views::show_date(version.date, self.lang));
                ctx.insert(
                    "version",
                    &serde_json::json!({ "text": text, "current_url": current_url }),
                );
            }
        }
    }

    /// `file` placed in this tree.
    pub fn file(&self, mut file: OutputFile) -> OutputFile {
        file.path = format!("{}{}", self.tree.prefix, file.path);
        file
    }

    pub fn render(
        &self,
        template: &str,
        path: &str,
        ctx: &Context,
    ) -> Result<OutputFile, RenderError> {
        let full = format!("{}{}{path}", self.tree.prefix, lang_prefix(self.lang));
        let html = self
            .theme
            .tera
            .render(template, ctx)
            .map_err(|e| RenderError::Template {
                page: full.clone(),
                message: template_error(&e),
            })?;
        // The buffer grew by doubling; the site is held in memory until it
        // is written, so give back what the page does not use.
        let mut bytes = html.into_bytes();
        bytes.shrink_to_fit();
        Ok(OutputFile { path: full, bytes })
    }
}
