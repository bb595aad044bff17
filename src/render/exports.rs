//! Machine-readable output: `processes.csv` and `sitemap.xml` (the JSON
//! formats are in [`super::api`], the search index in
//! [`super::search_index`], the spreadsheet in [`super::xlsx`]).

use super::table::{defuse_formula, process_rows, COLUMNS};
use super::{paths, OutputFile, RenderOptions};
use crate::load::markdown::url_path;
use crate::model::Register;

/// Writes a CSV field to `out`, quoted (RFC 4180), defusing spreadsheet
/// formulas.
fn csv_field(out: &mut String, text: &str) {
    out.push('"');
    for (n, part) in defuse_formula(text).split('"').enumerate() {
        if n > 0 {
            out.push_str("\"\"");
        }
        out.push_str(part);
    }
    out.push('"');
}

/// `processes.csv`: one row per process, for spreadsheets. It starts with
/// a UTF-8 byte order mark: without one, Excel reads the file in the
/// system's legacy code page and garbles õ, ä, ö and ü.
pub(crate) fn processes_csv(register: &Register, options: &RenderOptions) -> OutputFile {
    let mut out = String::from("\u{feff}");
    out.push_str(&COLUMNS.join(","));
    out.push_str("\r\n");
    for fields in process_rows(register, options) {
        for (n, field) in fields.iter().enumerate() {
            if n > 0 {
                out.push(',');
            }
            csv_field(&mut out, field);
        }
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
    let loc = |path: &str| crate::escape::xml(&format!("{base}{}", url_path(path)));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn text(file: &OutputFile) -> &str {
        std::str::from_utf8(&file.bytes).unwrap()
    }

    #[test]
    fn csv_fields_are_quoted_with_quotes_doubled_and_formulas_defused() {
        for (text, field) in [
            ("", "\"\""),
            ("a", "\"a\""),
            ("\"", "\"\"\"\""),
            ("a \"b\" c\"\"", "\"a \"\"b\"\" c\"\"\"\"\""),
            ("x,y\r\nz", "\"x,y\r\nz\""),
        ] {
            let mut out = String::new();
            csv_field(&mut out, text);
            assert_eq!(out, field, "{text:?}");
        }
        let mut out = String::new();
        csv_field(&mut out, "=1+1");
        assert_eq!(out, format!("\"{}\"", defuse_formula("=1+1")));
        assert_ne!(defuse_formula("=1+1"), "=1+1");
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
