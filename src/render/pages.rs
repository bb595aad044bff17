//! The context of each page (language, strings, relative paths, versions)
//! and turning a template into an output file.

use serde::Serialize;
use tera::Context;

use super::cache::{Key, KeyHasher};
use super::i18n::Strings;
use super::lang::Lang;
use super::theme::Theme;
use super::tree::Tree;
use super::views::{show_date, DirectiveView};
use super::{paths, OutputFile, RenderError, RenderOptions, Sink};
use crate::load::markdown::url_path;

/// Site-wide values every page shows.
#[derive(Serialize)]
pub(super) struct SiteView<'a> {
    pub org_name: &'a str,
    pub org_short: &'a str,
    /// The edition in force.
    pub directive: Option<&'a DirectiveView>,
    pub has_history: bool,
    pub has_versions: bool,
}

/// Where the site's fixed pages and files are, from a language root
/// (pages) or the site root (files shared by both languages), as
/// [`paths`] says: templates link to them by these names, never by a
/// file name of their own.
#[derive(Serialize)]
pub(super) struct SitePaths {
    home: &'static str,
    owners: &'static str,
    overview: &'static str,
    directives: &'static str,
    search: &'static str,
    changes: &'static str,
    print: &'static str,
    feed: &'static str,
    register_json: &'static str,
    changes_json: &'static str,
    processes_csv: &'static str,
    processes_xlsx: &'static str,
    calendar: &'static str,
    search_index: &'static str,
}

/// The one [`SitePaths`].
const SITE_PATHS: SitePaths = SitePaths {
    home: paths::HOME,
    owners: paths::OWNERS,
    overview: paths::OVERVIEW,
    directives: paths::DIRECTIVES,
    search: paths::SEARCH,
    changes: paths::CHANGES,
    print: paths::PRINT,
    feed: paths::FEED,
    register_json: paths::REGISTER_JSON,
    changes_json: paths::CHANGES_JSON,
    processes_csv: paths::PROCESSES_CSV,
    processes_xlsx: paths::PROCESSES_XLSX,
    calendar: paths::CALENDAR,
    search_index: paths::SEARCH_INDEX,
};

/// The part of the site a page belongs to, for the navigation's
/// `aria-current`. The 404 page belongs to none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(super) enum Section {
    Home,
    Owners,
    Overview,
    Directives,
    Changes,
    Search,
    #[serde(rename = "")]
    None,
}

/// An entry of the version menu.
#[derive(Serialize)]
struct VersionLink<'a> {
    label: &'a str,
    url: String,
    selected: bool,
}

/// The banner of an archived version.
#[derive(Serialize)]
struct VersionBanner<'a> {
    text: String,
    current_url: &'a str,
}

/// Renders the pages of one language in one tree.
pub(super) struct Pages<'a> {
    pub theme: &'a Theme,
    pub lang: Lang,
    pub t: &'a Strings,
    pub site: &'a SiteView<'a>,
    pub options: &'a RenderOptions,
    pub tree: &'a Tree<'a>,
}

impl Pages<'_> {
    /// The context every page has: language, strings, relative paths to the
    /// site root and the language root, and the same page in the other
    /// language.
    pub(crate) fn context(&self, section: Section, path: &str) -> Context {
        let mut ctx = self.shared_context();
        self.set_page(&mut ctx, section, path);
        ctx
    }

    /// The part of [`Pages::context`] that is the same on every page of the
    /// language. Serialising the strings (`t`) is the costly part of a
    /// context, so pages rendered in a row share this and change the rest.
    pub(crate) fn shared_context(&self) -> Context {
        let mut ctx = Context::new();
        ctx.insert("lang", &self.lang);
        ctx.insert("t", self.t);
        ctx.insert("site", self.site);
        ctx.insert("pages", &SITE_PATHS);
        ctx.insert("other_lang", &self.lang.other());
        ctx.insert("as_of", &show_date(self.options.today, self.lang));
        ctx
    }

    /// Sets in `ctx` what depends on the page: its section, the paths
    /// relative to it and the version menu. Every page sets the same keys,
    /// so a context reused from another page keeps nothing of it.
    pub(crate) fn set_page(&self, ctx: &mut Context, section: Section, path: &str) {
        let lang_root = self.lang.prefix();
        let full = format!("{lang_root}{path}");
        let (root, site_root) = match &self.options.base_url {
            // A server shows the 404 page at whatever depth was asked for,
            // where relative links break; with a known address they need
            // not be relative.
            Some(_) if path == paths::NOT_FOUND => {
                let base = self.options.base_prefix();
                (format!("{base}{}", self.tree.prefix), base)
            }
            _ => {
                let root = paths::up_from(&full);
                let site_root = format!("{root}{}", paths::up_from(&self.tree.prefix));
                (root, site_root)
            }
        };
        // The path as a link (guideline file names may hold `#`, spaces).
        let link = url_path(path);
        ctx.insert("section", &section);
        ctx.insert("root", &root);
        ctx.insert("home", &format!("{root}{lang_root}"));
        ctx.insert(
            "other_lang_url",
            &format!("{root}{}{link}", self.lang.other().prefix()),
        );
        ctx.insert("site_root", &site_root);
        if self.options.base_url.is_some() {
            ctx.insert(
                "canonical",
                &format!(
                    "{}{}{}",
                    self.options.base_prefix(),
                    self.tree.prefix,
                    url_path(&full)
                ),
            );
        }
        self.set_versions(ctx, path, &site_root);
    }

    /// The version menu and, in an archived version, its banner: the
    /// current site, the version this page belongs to, and one link to the
    /// list of all versions. Listing every version on every page of every
    /// version made the output grow with the square of the number of tags
    /// (1,000 tags wrote 1.7 GB).
    fn set_versions(&self, ctx: &mut Context, path: &str, site_root: &str) {
        if self.tree.version.is_none() && self.tree.history.versions.is_empty() {
            return;
        }
        let lang_root = self.lang.prefix();
        let exists_now = self.tree.version.is_none_or(|v| v.exists_now(path));
        let current_url = if exists_now {
            format!("{site_root}{lang_root}{}", url_path(path))
        } else {
            format!("{site_root}{lang_root}{}", paths::HOME)
        };
        let current_label = self.t.get("version_current");
        let all_label = self.t.get("versions_all");
        let mut items = vec![VersionLink {
            label: &current_label,
            url: current_url.clone(),
            selected: self.tree.version.is_none(),
        }];
        if let Some(version) = self.tree.version {
            items.push(VersionLink {
                label: &version.tag,
                url: format!(
                    "{site_root}{}{lang_root}{}",
                    paths::version(&version.tag),
                    paths::HOME
                ),
                selected: true,
            });
        }
        items.push(VersionLink {
            label: &all_label,
            url: format!("{site_root}{lang_root}{}#versions", paths::CHANGES),
            selected: false,
        });
        ctx.insert("versions", &items);
        if let Some(version) = self.tree.version {
            let text = self
                .t
                .get("version_banner")
                .replace("{tag}", &version.tag)
                .replace("{date}", &show_date(version.date, self.lang));
            ctx.insert(
                "version",
                &VersionBanner {
                    text,
                    current_url: &current_url,
                },
            );
        }
    }

    /// Whether `sink` wants the page at `path` (from the language root).
    pub(crate) fn wants(&self, path: &str, sink: &dyn Sink) -> bool {
        sink.wants(&format!("{}{}{path}", self.tree.prefix, self.lang.prefix()))
    }

    /// Renders `template` with `ctx` as the page at `path` (from the
    /// language root) and hands it to `sink` — or, when the sink has the
    /// page from an earlier build made from the same inputs, lets it keep
    /// that. The context is taken apart to be hashed and put back as it was.
    pub(crate) fn render(
        &self,
        template: &str,
        path: &str,
        ctx: &mut Context,
        sink: &dyn Sink,
    ) -> Result<(), RenderError> {
        let full = format!("{}{}{path}", self.tree.prefix, self.lang.prefix());
        let key = match sink.reuses() {
            true => Some(self.key(template, &full, ctx)),
            false => None,
        };
        if let Some(key) = key {
            if sink.reuse(&full, key)? {
                return Ok(());
            }
        }
        let html =
            self.theme
                .tera
                .render(template, ctx)
                .map_err(|source| RenderError::Template {
                    page: full.clone(),
                    source: Box::new(source),
                })?;
        // The buffer grew by doubling; the site is held in memory until it
        // is written, so give back what the page does not use.
        let mut bytes = html.into_bytes();
        bytes.shrink_to_fit();
        let file = OutputFile { path: full, bytes };
        match key {
            Some(key) => sink.put_page(file, key),
            None => sink.put(file),
        }
    }

    /// The key of a page: the theme, the template, where the page is and
    /// everything its context holds. The strings (`t`, the same on every
    /// page of a language) are in the theme's key and are not hashed again.
    fn key(&self, template: &str, full: &str, ctx: &mut Context) -> Key {
        let mut hasher = KeyHasher::new("page");
        hasher.key(self.theme.key);
        hasher.bytes(self.lang.code().as_bytes());
        hasher.bytes(template.as_bytes());
        hasher.bytes(full.as_bytes());
        let strings = ctx.remove("t");
        // A context cannot be walked, but its JSON can; both moves cost
        // nothing like a copy.
        let mut json = std::mem::take(ctx).into_json();
        hasher.value(&json);
        if let (serde_json::Value::Object(map), Some(strings)) = (&mut json, strings) {
            map.insert("t".to_string(), strings);
        }
        *ctx = Context::from_value(json).unwrap_or_default();
        hasher.finish()
    }
}
