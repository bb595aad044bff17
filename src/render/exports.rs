//! Machine-readable output: `processes.csv`, `sitemap.xml` and the search
//! index script (the JSON formats are in [`super::api`]).

use serde::Serialize;

use super::views::ProcessView;
use super::{paths, OutputFile, RenderOptions};
use crate::model::{Register, Review};

/// Quotes a CSV field (RFC 4180), defusing spreadsheet formulas.
fn csv_field(text: &str) -> String {
    let mut value = text.to_string();
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        value.insert(0, '\'');
    }
    format!("\"{}\"", value.replace('"', "\"\""))
}

/// `processes.csv`: one row per process, for spreadsheets.
pub(crate) fn processes_csv(register: &Register, options: &RenderOptions) -> OutputFile {
    let mut out = String::from(
        "id,name,goals,outcomes,owner,owner_name,owner_unit,documentation_space,documentation_page,documentation_url,last_owner_review,review_counted_from,review_counted_from_by,review_due,review_state\r\n",
    );
    for p in &register.processes {
        let role = p.owner_id().and_then(|id| register.role(id));
        let doc = p.documentation.as_ref();
        let space = doc.and_then(|d| register.space(&d.space.value));
        let url = doc
            .and_then(|d| d.url.as_ref().map(|u| u.value.clone()))
            .or_else(|| space.and_then(|s| s.url.as_ref()).map(|u| u.value.clone()));
        let review = Review::of_process(p, &register.settings, options.today);
        let fields = [
            p.id.value.clone(),
            p.display_name().to_string(),
            p.goals
                .iter()
                .map(|g| g.value.as_str())
                .collect::<Vec<_>>()
                .join("\n"),
            p.outcomes
                .iter()
                .map(|o| o.value.as_str())
                .collect::<Vec<_>>()
                .join("\n"),
            p.owner_id().unwrap_or_default().to_string(),
            role.map(|r| r.name.value.clone()).unwrap_or_default(),
            role.map(|r| register.unit_path_label(&r.unit.value))
                .unwrap_or_default(),
            space.map(|s| s.name.clone()).unwrap_or_default(),
            doc.and_then(|d| d.page.clone()).unwrap_or_default(),
            url.unwrap_or_default(),
            // Only the owner's review is a review; a maintainers' check is
            // where the deadline counts from, and is named as such.
            p.review_events(None)
                .iter()
                .rev()
                .find(|e| e.reviewer == crate::model::Reviewer::Owner)
                .map(|e| e.date.iso())
                .unwrap_or_default(),
            review.map(|r| r.reviewed_on.iso()).unwrap_or_default(),
            review
                .map(|r| r.basis.as_str().to_string())
                .unwrap_or_default(),
            review.map(|r| r.due.iso()).unwrap_or_default(),
            review
                .map(|r| r.state.as_str().to_string())
                .unwrap_or_default(),
        ];
        out.push_str(
            &fields
                .iter()
                .map(|f| csv_field(f))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
    }
    OutputFile {
        path: paths::PROCESSES_CSV.to_string(),
        bytes: out.into_bytes(),
    }
}

/// The most addresses one sitemap file may hold (sitemaps.org); a site
/// with more gets a sitemap index.
pub(crate) const MAX_SITEMAP_URLS: usize = 50_000;

/// `sitemap.xml` of every HTML page but the 404 pages, with addresses under
/// `base` (the published site's absolute address, ending in `/`), as the
/// format requires. Past `limit` addresses the pages are split over
/// `sitemap-1.xml`, `sitemap-2.xml`, … and `sitemap.xml` is their index.
pub(crate) fn sitemaps<'a>(
    paths: impl IntoIterator<Item = &'a str>,
    base: &str,
    limit: usize,
) -> Vec<OutputFile> {
    let mut pages: Vec<&str> = paths
        .into_iter()
        .filter(|p| p.ends_with(".html") && !paths::is_not_found(p))
        .collect();
    pages.sort_unstable();
    let loc = |path: &str| crate::escape::xml(&format!("{base}{path}"));
    let urlset = |pages: &[&str]| {
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        for path in pages {
            out.push_str(&format!("  <url><loc>{}</loc></url>\n", loc(path)));
        }
        out.push_str("</urlset>\n");
        out.into_bytes()
    };
    if pages.len() <= limit {
        return vec![OutputFile {
            path: paths::SITEMAP.to_string(),
            bytes: urlset(&pages),
        }];
    }
    let mut files = Vec::new();
    let mut index = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (n, chunk) in pages.chunks(limit.max(1)).enumerate() {
        let path = paths::sitemap_part(n + 1);
        index.push_str(&format!("  <sitemap><loc>{}</loc></sitemap>\n", loc(&path)));
        files.push(OutputFile {
            path,
            bytes: urlset(chunk),
        });
    }
    index.push_str("</sitemapindex>\n");
    files.push(OutputFile {
        path: paths::SITEMAP.to_string(),
        bytes: index.into_bytes(),
    });
    files
}

/// One process in the search index.
#[derive(Serialize)]
struct SearchEntry<'a> {
    id: &'a str,
    name: &'a str,
    name_en: Option<&'a str>,
    /// The owner's role and unit, searched too.
    owner: Option<String>,
    /// Goals and outcomes, searched too.
    text: String,
    url: &'a str,
}

/// `assets/search-index.js`: a script rather than JSON so that the search
/// page works when opened from disk, where browsers refuse to fetch files.
pub(crate) fn search_index(processes: &[ProcessView]) -> OutputFile {
    let entries: Vec<SearchEntry> = processes
        .iter()
        .map(|p| {
            let mut text: Vec<&str> = p.goals.iter().map(String::as_str).collect();
            text.extend(p.outcomes.iter().map(String::as_str));
            SearchEntry {
                id: &p.id,
                name: &p.name,
                name_en: p.name_en.as_deref(),
                owner: p
                    .owner
                    .as_ref()
                    .map(|o| format!("{} {}", o.name, o.unit_label)),
                text: text.join(" "),
                url: &p.url,
            }
        })
        .collect();
    let json = serde_json::to_string(&entries).unwrap_or_else(|_| "[]".to_string());
    OutputFile {
        path: paths::SEARCH_INDEX.to_string(),
        bytes: format!("window.procbookSearchIndex = {json};\n").into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(file: &OutputFile) -> &str {
        std::str::from_utf8(&file.bytes).unwrap()
    }

    #[test]
    fn the_sitemap_skips_exactly_the_404_pages() {
        let paths = [
            "index.html",
            "404.html",
            "en/404.html",
            "v/v1/404.html",
            "processes/proc-00404.html",
            "processes/404.html",
            "assets/style.css",
        ];
        let files = sitemaps(paths, "https://example.org/r/", MAX_SITEMAP_URLS);
        assert_eq!(files.len(), 1);
        let map = text(&files[0]);
        assert_eq!(map.matches("<loc>").count(), 3, "{map}");
        assert!(map.contains("<loc>https://example.org/r/processes/proc-00404.html</loc>"));
        assert!(map.contains("<loc>https://example.org/r/processes/404.html</loc>"));
        assert!(!map.contains("r/404.html"), "{map}");
    }

    #[test]
    fn past_the_limit_the_sitemap_is_an_index_of_parts() {
        let paths: Vec<String> = (0..7).map(|n| format!("processes/p{n}.html")).collect();
        let files = sitemaps(paths.iter().map(String::as_str), "https://x.example/", 3);
        let names: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            names,
            [
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml",
                "sitemap.xml"
            ]
        );
        let index = text(&files[3]);
        assert!(index.contains("<sitemapindex"), "{index}");
        for part in 1..=3 {
            assert!(index.contains(&format!(
                "<sitemap><loc>https://x.example/sitemap-{part}.xml</loc></sitemap>"
            )));
        }
        let counts: Vec<usize> = files[..3]
            .iter()
            .map(|f| text(f).matches("<loc>").count())
            .collect();
        assert_eq!(counts, [3, 3, 1]);
        // Exactly at the limit there is one sitemap.
        let files = sitemaps(
            paths[..3].iter().map(String::as_str),
            "https://x.example/",
            3,
        );
        assert_eq!(files.len(), 1);
        assert!(text(&files[0]).contains("<urlset"));
    }
}
