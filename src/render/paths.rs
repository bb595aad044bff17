//! Every path of the published site, in one place. Paths are relative to a
//! language root (`""` or `en/`, see [`Lang::prefix`]) unless a function
//! says otherwise, use `/` separators and never start with one, so the
//! same path works from the site root, a sub-path and from disk.

use super::lang::Lang;

/// The home page: annex 1 as the directive has it.
pub(crate) const HOME: &str = "index.html";
/// Roles and the unit tree.
pub(crate) const OWNERS: &str = "owners.html";
/// Review deadlines by owner, with charts (current site only).
pub(crate) const OVERVIEW: &str = "overview.html";
/// The list of directive editions.
pub(crate) const DIRECTIVES: &str = "directives/index.html";
/// The search page.
pub(crate) const SEARCH: &str = "search.html";
/// The change history.
pub(crate) const CHANGES: &str = "changes.html";
/// The page a server shows for a missing address.
pub(crate) const NOT_FOUND: &str = "404.html";

/// The register for other systems (from a site or version root).
pub(crate) const REGISTER_JSON: &str = "api/register.json";
/// The change history for other systems (from the site root).
pub(crate) const CHANGES_JSON: &str = "api/changes.json";
/// One row per process, for spreadsheets (from a site or version root).
pub(crate) const PROCESSES_CSV: &str = "processes.csv";
/// The same rows as a workbook (from a site or version root).
pub(crate) const PROCESSES_XLSX: &str = "processes.xlsx";
/// The whole register in one document, to print.
pub(crate) const PRINT: &str = "print.html";
/// The Atom feed of the change history (from the site root).
pub(crate) const FEED: &str = "feed.xml";
/// The sitemap, or the sitemap index when there are several (from the site
/// root).
pub(crate) const SITEMAP: &str = "sitemap.xml";
/// The search index script (from a site or version root).
pub(crate) const SEARCH_INDEX: &str = "assets/search-index.js";
/// The iCalendar feed of every review deadline (from the site root).
pub(crate) const CALENDAR: &str = "calendar.ics";

/// What the path of every calendar starts with: [`CALENDAR`] and each
/// role's under `calendar/`.
pub(crate) const CALENDAR_PREFIX: &str = "calendar";

/// The site's icon at its root, where browsers look for it.
pub(crate) const FAVICON: &str = "favicon.ico";

/// The theme's files and the search index, from a tree's root.
pub(crate) const ASSETS_PREFIX: &str = "assets/";

/// What the path of every part of the search index's text starts with.
pub(crate) const SEARCH_TEXT_PREFIX: &str = "assets/search-text-";

/// The folder of the process pages.
const PROCESSES: &str = "processes/";

/// The page of process `id`.
pub(crate) fn process(id: &str) -> String {
    format!("{PROCESSES}{id}.html")
}

/// Whether the file at `path` (from a tree's root) is made from the
/// register's views and content, not copied or exported: a page, a
/// calendar or the search index. (Images beside the pages have the names
/// their authors gave them; a caller tells those apart.)
pub(crate) fn is_rendered(path: &str) -> bool {
    path.ends_with(".html")
        || path.starts_with(CALENDAR_PREFIX)
        || path == SEARCH_INDEX
        || path.starts_with(SEARCH_TEXT_PREFIX)
}

/// Whether `path` (from a tree's root) is one of the register's exports.
pub(crate) fn is_export(path: &str) -> bool {
    [
        REGISTER_JSON,
        CHANGES_JSON,
        PROCESSES_CSV,
        PROCESSES_XLSX,
        FEED,
    ]
    .contains(&path)
}

/// The id of the process whose page, or page of its guidelines folder,
/// `path` (from a language root) is, if it is one.
pub(crate) fn process_of(path: &str) -> Option<&str> {
    let rest = path.strip_prefix(PROCESSES)?;
    match rest.split_once('/') {
        Some((id, _)) => Some(id),
        None => rest.strip_suffix(".html"),
    }
}

/// Page `part` (its path in the folder without `.md`) of the guidelines
/// folder of process `id`; the folder's `index` is the process page.
pub(crate) fn guide_page(id: &str, part: Option<&str>) -> String {
    match part {
        None | Some("index") => process(id),
        Some(part) => format!("{PROCESSES}{id}/{part}.html"),
    }
}

/// The file of guideline text `n` the search page loads (from a site or
/// version root).
pub(crate) fn search_text(n: usize) -> String {
    format!("{SEARCH_TEXT_PREFIX}{n}.js")
}

/// Whether `path` is the page of a process.
pub(crate) fn is_process(path: &str) -> bool {
    path.starts_with(PROCESSES)
}

/// The page of directive edition `id`.
pub(crate) fn directive(id: &str) -> String {
    format!("directives/{id}.html")
}

/// Role `id` on the owners page.
pub(crate) fn role(id: &str) -> String {
    format!("{OWNERS}#{id}")
}

/// Owner role `id`'s deadlines on the overview page.
pub(crate) fn overview_owner(id: &str) -> String {
    format!("{OVERVIEW}#owner-{id}")
}

/// The iCalendar feed of role `id`'s review deadlines (from the site root).
pub(crate) fn role_calendar(id: &str) -> String {
    format!("calendar/{id}.ics")
}

/// Page `slug` (`2026-11`, `2026-11-2`) of the change history's archive.
pub(crate) fn changes_page(slug: &str) -> String {
    format!("changes/{slug}.html")
}

/// The commit with short id `short_id` on change history page `page`.
pub(crate) fn change(page: &str, short_id: &str) -> String {
    format!("{page}#c-{short_id}")
}

/// Theme file `name` (from a site or version root).
pub(crate) fn asset(name: &str) -> String {
    format!("{ASSETS_PREFIX}{name}")
}

/// What the path of every archived version's file starts with.
pub(crate) const VERSIONS_PREFIX: &str = "v/";

/// The root of the archived version `tag` (from the site root).
pub(crate) fn version(tag: &str) -> String {
    format!("{VERSIONS_PREFIX}{tag}/")
}

/// The home page of the archived version `tag` (from the site root).
pub(crate) fn version_home(tag: &str) -> String {
    format!("{}{HOME}", version(tag))
}

/// The `n`th part of a sitemap split in several (from the site root),
/// counting from 1.
pub(crate) fn sitemap_part(n: usize) -> String {
    format!("sitemap-{n}.xml")
}

/// `../` once for every folder `path` (from the site root) is in: the way
/// back from its page to the site root.
pub(crate) fn up_from(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// The 404 page for the missing `path` (from the site root): the one in
/// the language whose root the path is under.
pub(crate) fn not_found_for(path: &str) -> String {
    format!("{}{NOT_FOUND}", lang_of(path).prefix())
}

/// The interface language whose root `path` (from a tree's root) is under.
pub(crate) fn lang_of(path: &str) -> Lang {
    Lang::ALL
        .into_iter()
        .find(|lang| lang != &Lang::DEFAULT && path.starts_with(lang.prefix()))
        .unwrap_or(Lang::DEFAULT)
}

/// Whether `path` (from the site root) is one of the site's 404 pages: the
/// one at the site root or a version root, in any language. A process or
/// edition whose id is `404` is not.
pub(crate) fn is_not_found(path: &str) -> bool {
    let in_tree = match path.strip_prefix("v/") {
        Some(rest) => match rest.split_once('/') {
            Some((tag, rest)) if !tag.is_empty() => rest,
            _ => return false,
        },
        None => path,
    };
    Lang::ALL
        .iter()
        .any(|lang| in_tree.strip_prefix(lang.prefix()) == Some(NOT_FOUND))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_404_pages_are_exactly_those_at_a_language_root() {
        for path in [
            "404.html",
            "en/404.html",
            "v/v1/404.html",
            "v/v1/en/404.html",
            "v/404/404.html",
        ] {
            assert!(is_not_found(path), "{path}");
        }
        for path in [
            "processes/404.html",
            "processes/proc-00404.html",
            "en/processes/404.html",
            "directives/404.html",
            "v/v1/processes/404.html",
            "v/404/index.html",
            "x404.html",
            "v//404.html",
            "de/404.html",
        ] {
            assert!(!is_not_found(path), "{path}");
        }
    }

    #[test]
    fn a_missing_path_gets_the_404_page_of_its_language() {
        assert_eq!(not_found_for("nothing.html"), "404.html");
        assert_eq!(not_found_for("processes/x.html"), "404.html");
        assert_eq!(not_found_for("en/processes/x.html"), "en/404.html");
        assert_eq!(not_found_for("en/"), "en/404.html");
        assert_eq!(not_found_for("enx/a.html"), "404.html");
        assert!(is_not_found(&not_found_for("en/a")));
    }

    #[test]
    fn the_way_back_to_the_root_climbs_one_folder_per_slash() {
        assert_eq!(up_from(HOME), "");
        assert_eq!(up_from(&process("a")), "../");
        assert_eq!(up_from("en/processes/a.html"), "../../");
        assert_eq!(
            up_from(&format!("{}en/{}", version("v1"), DIRECTIVES)),
            "../../../../"
        );
    }
}
