//! Helpers for the tests that build sites: run a build into a temporary
//! folder, copy a site so a test may change or endanger it, read the output
//! tree, check its links and parse its CSV.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Component, Path, PathBuf};

use tempfile::TempDir;

use crate::common::{procbook, repo_root, Run};

/// The day every build test evaluates review deadlines on: the day the
/// shipped register was last reviewed, so its processes are all current.
pub const TODAY: &str = "2026-11-25";

/// `procbook build --root <root> --out <out> --today TODAY <extra>`.
pub fn build(root: &Path, out: &Path, extra: &[&str]) -> Run {
    let root = root.to_str().expect("root path is UTF-8");
    let out = out.to_str().expect("output path is UTF-8");
    let mut args = vec!["build", "--root", root, "--out", out, "--today", TODAY];
    args.extend_from_slice(extra);
    procbook(&args)
}

/// Like [`build`], failing the test unless the build succeeded.
pub fn build_ok(root: &Path, out: &Path, extra: &[&str]) -> Run {
    let run = build(root, out, extra);
    run.assert_code(0);
    assert!(
        out.join(".procbook-site").is_file(),
        "the output has no .procbook-site marker"
    );
    run
}

/// Overrides theme template `name` (under `theme/templates/` of `root`)
/// with one that extends `base.html` and has `main` as its main block.
pub fn override_template(root: &Path, name: &str, main: &str) {
    let templates = root.join("theme/templates");
    fs::create_dir_all(&templates).expect("create theme/templates");
    let text =
        format!("{{% extends \"base.html\" %}}{{% block main %}}{main}{{% endblock main %}}");
    fs::write(templates.join(name), text).expect("write the template");
}

/// A temporary folder for output; the site goes to `<it>/site`, so what is
/// left beside the output can be listed.
pub struct Work {
    pub dir: TempDir,
}

impl Work {
    pub fn new() -> Work {
        let dir = tempfile::Builder::new()
            .prefix("procbook-build-test-")
            .tempdir()
            .expect("create a temporary folder");
        Work { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `<work>/<name>`, not created.
    pub fn join(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Names of the entries directly in the work folder, sorted.
    pub fn entries(&self) -> Vec<String> {
        entries(self.path())
    }
}

/// Names of the entries directly in `dir`, sorted.
pub fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("list {}: {e}", dir.display()))
        .map(|e| {
            e.expect("read a folder entry")
                .file_name()
                .to_string_lossy()
                .to_string()
        })
        .collect();
    names.sort();
    names
}

/// Fails if a temporary folder of a build (`.<name>.procbook-new-<pid>` or
/// `.<name>.procbook-old-<pid>`) was left in `dir`.
pub fn assert_no_leftovers(dir: &Path) {
    let left: Vec<String> = entries(dir)
        .into_iter()
        .filter(|name| name.contains("procbook-new") || name.contains("procbook-old"))
        .collect();
    assert!(
        left.is_empty(),
        "temporary build folders were left in {}: {left:?}",
        dir.display()
    );
}

/// Like [`assert_no_leftovers`] for output folder `name` only: in a folder
/// other programs share (the system's temporary folder), other builds'
/// folders may come and go.
pub fn assert_no_leftovers_of(dir: &Path, name: &str) {
    let left: Vec<String> = entries(dir)
        .into_iter()
        .filter(|entry| entry.starts_with(&format!(".{name}.procbook-")))
        .collect();
    assert!(
        left.is_empty(),
        "temporary build folders were left in {}: {left:?}",
        dir.display()
    );
}

/// Copies the folder `from` into `to` (created), files and folders only.
pub fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap_or_else(|e| panic!("create {}: {e}", to.display()));
    for entry in fs::read_dir(from).unwrap_or_else(|e| panic!("list {}: {e}", from.display())) {
        let entry = entry.expect("read a folder entry");
        let kind = entry.file_type().expect("file type");
        let target = to.join(entry.file_name());
        if kind.is_dir() {
            copy_tree(&entry.path(), &target);
        } else if kind.is_file() {
            fs::copy(entry.path(), &target)
                .unwrap_or_else(|e| panic!("copy {}: {e}", entry.path().display()));
        }
    }
}

/// A copy of the site at `root` (its `processes.yaml`, `content/` and
/// `theme/`) in `<work>/<name>`; tests that change the sources or point the
/// output at them work on a copy, never on the repository.
pub fn copy_site(root: &Path, work: &Work, name: &str) -> PathBuf {
    let site = work.join(name);
    fs::create_dir_all(&site).expect("create the site folder");
    fs::copy(root.join("processes.yaml"), site.join("processes.yaml"))
        .expect("copy processes.yaml");
    for dir in ["content", "theme"] {
        if root.join(dir).is_dir() {
            copy_tree(&root.join(dir), &site.join(dir));
        }
    }
    site
}

/// The shipped register: the repository root.
pub fn shipped() -> PathBuf {
    repo_root()
}

/// Every file under `dir` by path relative to it (with `/`), with its bytes.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("list {}: {e}", dir.display())) {
            let entry = entry.expect("read a folder entry");
            let kind = entry.file_type().expect("file type");
            let path = entry.path();
            if kind.is_symlink() {
                // Recorded, never followed: a link may point anywhere.
                let rel = path
                    .strip_prefix(base)
                    .expect("under the base")
                    .to_string_lossy()
                    .replace('\\', "/");
                let target = fs::read_link(&path).expect("read a symbolic link");
                out.insert(rel, format!("symlink -> {}", target.display()).into_bytes());
            } else if kind.is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path
                    .strip_prefix(base)
                    .expect("under the base")
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(
                    rel,
                    fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display())),
                );
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Fails unless two trees hold the same files with the same bytes, naming
/// the first differences.
pub fn assert_same_tree(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>, what: &str) {
    let a_names: Vec<&String> = a.keys().collect();
    let b_names: Vec<&String> = b.keys().collect();
    assert_eq!(a_names, b_names, "{what}: the trees hold different files");
    let differing: Vec<&String> = a
        .iter()
        .filter(|(k, v)| b[*k] != **v)
        .map(|(k, _)| k)
        .collect();
    assert!(
        differing.is_empty(),
        "{what}: these files differ: {differing:?}"
    );
}

/// The text of `rel` under `out`.
pub fn read(out: &Path, rel: &str) -> String {
    let path = out.join(rel);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// The part of `html` from the first `start` to the next `end` after it.
pub fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("`{start}` is not in the page"));
    let rest = &html[from..];
    let to = rest[start.len()..]
        .find(end)
        .unwrap_or_else(|| panic!("no `{end}` after `{start}`"))
        + start.len();
    &rest[..to]
}

/// The `<main>` element of a page.
pub fn main_of(html: &str) -> &str {
    between(html, "<main", "</main>")
}

/// Undoes the escapes templates and the sanitiser write in attributes.
pub fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Decodes `%XX` escapes (as pulldown-cmark writes non-ASCII in links).
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(high), Some(low)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((high * 16 + low) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).to_string()
}

/// Every value of the attributes `names` (e.g. `href`) in `html`, unescaped.
/// Templates and the sanitiser always quote attributes with `"`.
pub fn attribute_values(html: &str, names: &[&str]) -> Vec<String> {
    let mut values = Vec::new();
    for name in names {
        for prefix in [" ", "\n", "\t"] {
            let needle = format!("{prefix}{name}=\"");
            let mut rest = html;
            while let Some(at) = rest.find(&needle) {
                let after = &rest[at + needle.len()..];
                let end = after.find('"').expect("attribute value is closed");
                values.push(unescape(&after[..end]));
                rest = &after[end..];
            }
        }
    }
    values
}

/// Whether `html` has an element with `id="<id>"`.
pub fn has_id(html: &str, id: &str) -> bool {
    attribute_values(html, &["id"]).iter().any(|v| v == id)
}

/// What [`check_links`] looked at.
#[derive(Debug, Default)]
pub struct LinkReport {
    /// HTML pages read.
    pub pages: usize,
    /// Links within the site that were followed.
    pub internal: usize,
    /// Links to http(s) and mailto addresses, not followed.
    pub external: usize,
}

/// Follows every `href`, `src` and `action` of every HTML page under `out`
/// and fails unless each one is relative, stays inside `out` and names a
/// file that exists (and, with a fragment, an element with that id). That
/// is what makes the site work from any sub-path and from `file://`.
pub fn check_links(out: &Path) -> LinkReport {
    let tree = read_tree(out);
    let mut report = LinkReport::default();
    let mut problems = Vec::new();
    for (page, bytes) in &tree {
        if !page.ends_with(".html") {
            continue;
        }
        report.pages += 1;
        let html =
            String::from_utf8(bytes.clone()).unwrap_or_else(|_| panic!("{page} is not UTF-8"));
        let dir: Vec<&str> = {
            let mut parts: Vec<&str> = page.split('/').collect();
            parts.pop();
            parts
        };
        for link in attribute_values(&html, &["href", "src", "action"]) {
            let lower = link.to_ascii_lowercase();
            if lower.starts_with("https://")
                || lower.starts_with("http://")
                || lower.starts_with("mailto:")
            {
                report.external += 1;
                continue;
            }
            if link.starts_with('/') {
                problems.push(format!("{page}: `{link}` is absolute (starts with /)"));
                continue;
            }
            if lower.contains(':') {
                problems.push(format!(
                    "{page}: `{link}` has a scheme other than http(s)/mailto"
                ));
                continue;
            }
            if link.is_empty() {
                problems.push(format!("{page}: empty link"));
                continue;
            }
            report.internal += 1;
            let (path_part, fragment) = match link.split_once('#') {
                Some((p, f)) => (p, Some(percent_decode(f))),
                None => (link.as_str(), None),
            };
            let path_part = path_part.split('?').next().unwrap_or_default();
            let target = if path_part.is_empty() {
                page.clone()
            } else {
                if path_part.ends_with('/') {
                    problems.push(format!(
                        "{page}: `{link}` names a folder, which file:// does not open"
                    ));
                    continue;
                }
                let mut parts: Vec<String> = dir.iter().map(|s| s.to_string()).collect();
                let mut escaped = false;
                for component in Path::new(&percent_decode(path_part)).components() {
                    match component {
                        Component::ParentDir => {
                            if parts.pop().is_none() {
                                escaped = true;
                            }
                        }
                        Component::CurDir => {}
                        Component::Normal(s) => parts.push(s.to_string_lossy().to_string()),
                        _ => escaped = true,
                    }
                }
                if escaped {
                    problems.push(format!("{page}: `{link}` leaves the output folder"));
                    continue;
                }
                parts.join("/")
            };
            let Some(target_bytes) = tree.get(&target) else {
                problems.push(format!("{page}: `{link}` → {target}, which does not exist"));
                continue;
            };
            if let Some(fragment) = fragment {
                if target.ends_with(".html") && !fragment.is_empty() {
                    let target_html = String::from_utf8_lossy(target_bytes);
                    if !has_id(&target_html, &fragment) {
                        problems.push(format!("{page}: `{link}`: {target} has no id `{fragment}`"));
                    }
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "broken links in {}:\n  {}",
        out.display(),
        problems.join("\n  ")
    );
    report
}

/// Parses RFC 4180 CSV (quoted fields with `""`, CRLF or LF rows, line
/// breaks inside quotes) into rows of fields.
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                c => field.push(c),
            }
        } else {
            match c {
                '"' => quoted = true,
                ',' => row.push(std::mem::take(&mut field)),
                '\r' if chars.peek() == Some(&'\n') => {}
                '\n' => {
                    row.push(std::mem::take(&mut field));
                    rows.push(std::mem::take(&mut row));
                }
                c => field.push(c),
            }
        }
    }
    assert!(!quoted, "the CSV ends inside a quoted field");
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

/// The interface strings of the default theme, `themes/default/i18n/ui.yaml`.
pub fn ui_string(lang: &str, key: &str) -> String {
    let text =
        fs::read_to_string(repo_root().join("themes/default/i18n/ui.yaml")).expect("read ui.yaml");
    let strings: BTreeMap<String, BTreeMap<String, String>> =
        serde_saphyr::from_str(&text).expect("ui.yaml parses");
    strings
        .get(lang)
        .and_then(|s| s.get(key))
        .unwrap_or_else(|| panic!("ui.yaml has no {lang}.{key}"))
        .clone()
}
