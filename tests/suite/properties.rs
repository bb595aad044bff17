//! Properties that hold for any input (proptest): loading and rendering
//! never panic, sanitised Markdown never carries script, dates parse
//! exactly `YYYY-MM-DD`, and slugs are plain ASCII.
//!
//! The checks are the fuzz targets' own (`fuzz/harness.rs`), and the last
//! tests replay the fuzz seed corpus and every input the fuzzers ever
//! found (`fuzz/regressions/<target>/`) through them, so a crash found by
//! fuzzing stays fixed without a fuzzer installed.

use std::fs;
use std::path::Path;

use proptest::prelude::*;

use procbook::model::Date;
use procbook::validate::{is_slug, suggest_slug};

use crate::common;
use crate::harness;
use crate::harness::unsafe_markup;

/// A valid register to mutate.
const REGISTER: &str = common::VALID_REGISTER;

/// Pieces of YAML syntax and of the register's vocabulary, so random
/// text reaches past the first syntax error.
fn yaml_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            ":",
            ": ",
            "- ",
            "\n",
            "  ",
            "    ",
            "&a ",
            "*a",
            "&b ",
            "*b",
            "[",
            "]",
            "{",
            "}",
            ", ",
            "\"",
            "'",
            "#",
            "!!str ",
            "!!map ",
            "|",
            ">-",
            "\t",
            "\0",
            "\r\n",
            "\u{feff}",
            "\u{202e}",
            "\u{0430}",
            "~",
            "null",
            "2025-05-05",
            "2025-02-30",
            "-1",
            "1e400",
            "<<: *a",
            "? ",
            "---\n",
            "...\n",
            "%YAML 1.2\n",
            "id",
            "processes",
            "goals",
            "outcomes",
            "owner",
            "units",
            "roles",
            "parent",
            "directives",
            "repealed_by",
            "reviewed_on",
            "review_interval_months",
            "settings",
            "documentation",
            "space",
            "wiki_spaces",
            "url",
            "kind",
            "osakond",
            "alpha",
            "lead",
            "dept",
        ])
        .prop_map(str::to_string),
        "\\PC{0,8}",
        any::<char>().prop_map(String::from),
    ]
}

fn yaml_like() -> impl Strategy<Value = String> {
    prop::collection::vec(yaml_piece(), 0..80).prop_map(|pieces| pieces.concat())
}

/// The valid register with random pieces put in or written over.
fn mutated_register() -> impl Strategy<Value = String> {
    prop::collection::vec((0..REGISTER.len(), 0usize..12, yaml_like()), 1..5).prop_map(|edits| {
        let mut text = REGISTER.to_string();
        for (at, remove, insert) in edits {
            let mut at = at.min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let mut end = (at + remove).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            text.replace_range(at..end, &insert);
        }
        text
    })
}

/// Pieces of Markdown and HTML meant to get script past the sanitiser.
fn markdown_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "<script>alert(1)</script>",
            "<script src=//evil.example/x.js></script>",
            "<SCRIPT>",
            "<scr<script>ipt>",
            "</script>",
            "<img src=x onerror=alert(1)>",
            "<img src=\"x\" alt=\"\" onerror=\"alert(1)\">",
            "<iframe src=https://evil.example/>",
            "<iframe srcdoc=\"<script>alert(1)</script>\">",
            "<svg><script>alert(1)</script></svg>",
            "<svg onload=alert(1)>",
            "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
            "<a href=\"javascript:alert(1)\">a</a>",
            "<a href=\"&#106;avascript:alert(1)\">a</a>",
            "<a href=\" java&#x09;script:alert(1)\">a</a>",
            "<a href=\"data:text/html,<script>alert(1)</script>\">a</a>",
            "<a href=\"vbscript:msgbox(1)\">a</a>",
            "[a](javascript:alert(1))",
            "[a](JaVaScRiPt:alert(1))",
            "[a](<javascript:alert(1)>)",
            "[a](data:text/html;base64,PHNjcmlwdD4=)",
            "![i](javascript:alert(1))",
            "![i](data:image/svg+xml,<svg onload=alert(1)>)",
            "<javascript:alert(1)>",
            "[r]: javascript:alert(1)\n",
            "[r]",
            "<p style=\"color:red\" onclick=\"alert(1)\">p</p>",
            "<details open ontoggle=alert(1)>",
            "<object data=x></object>",
            "<embed src=x>",
            "<form action=javascript:alert(1)><button>b</button></form>",
            "<meta http-equiv=refresh content=\"0;url=javascript:alert(1)\">",
            "<base href=javascript:alert(1)//>",
            "<link rel=stylesheet href=x>",
            "<style>*{}</style>",
            "<!-- <script> -->",
            "<![CDATA[<script>]]>",
            "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
            "<template><script>alert(1)</script></template>",
            "<div class=x id=\"y\">",
            "</div>",
            "# Heading {#id .class onclick=alert(1)}",
            "## h\n",
            "| a | b |\n|:--|--:|\n| 1 | 2 |\n",
            "[^1]\n\n[^1]: note\n",
            "```\n<script>\n```\n",
            "`<script>`",
            "> ",
            "- ",
            "1. ",
            "    ",
            "\n",
            "\n\n",
            "*",
            "_",
            "~~",
            "\\",
            "&",
            "&#0;",
            "\0",
            "\r",
        ])
        .prop_map(str::to_string),
        "\\PC{0,12}",
        any::<char>().prop_map(String::from),
    ]
}

fn markdown_like() -> impl Strategy<Value = String> {
    prop::collection::vec(markdown_piece(), 0..40).prop_map(|pieces| pieces.concat())
}

/// A Markdown link, image or autolink whose address is made of pieces of
/// schemes, encodings and paths.
fn markdown_link() -> impl Strategy<Value = String> {
    let open = prop::sample::select(vec![
        "[a](",
        "![i](",
        "[a](<",
        "<",
        "[b ![j](x.png)](",
        "[r]: ",
    ]);
    let address = prop::collection::vec(
        prop_oneof![
            prop::sample::select(vec![
                "javascript:",
                "JaVaScRiPt:",
                " ",
                "java",
                "script:",
                "\t",
                "&#106;",
                "&#x6A;",
                "&#x09;",
                "&#10;",
                "&colon;",
                "%6A",
                "%3A",
                "data:",
                "vbscript:",
                "ftp:",
                "file:",
                "https:",
                "http://",
                "//",
                "x.example",
                "[::1",
                "mailto:",
                "x@example.org",
                "process:alpha",
                "directive:d",
                "../",
                "other.md",
                "#",
                "?",
                "&",
                "'",
                "\\",
                "\u{1}",
                "\u{b}",
                "\u{a0}",
            ])
            .prop_map(str::to_string),
            "\\PC{0,3}",
        ],
        0..6,
    )
    .prop_map(|pieces| pieces.concat());
    let close = prop::sample::select(vec![
        ")",
        ">)",
        " \"t\")",
        ">",
        "\n\n[r]",
        ")[^1]\n\n[^1]: n",
    ]);
    (open, address, close).prop_map(|(open, address, close)| format!("{open}{address}{close}"))
}

/// Pages of such links among Markdown a page may hold without raw HTML:
/// headings with attributes, code blocks with a language, tables, lists.
fn markdown_links() -> impl Strategy<Value = String> {
    let other = prop::sample::select(vec![
        " ",
        "\n",
        "\n\n",
        "# H {#main .badge onclick=x lang=en}\n",
        "```js\tx onload=y\nz\n```\n",
        "| a | b |\n|:-|-:|\n| ",
        "> ",
        "- ",
        "*",
        "[^1]",
    ])
    .prop_map(str::to_string);
    prop::collection::vec(prop_oneof![3 => markdown_link(), 1 => other], 1..12)
        .prop_map(|pieces| pieces.concat())
}

fn slug() -> impl Strategy<Value = String> {
    "[a-z0-9]{1,10}(-[a-z0-9]{1,10}){0,5}"
}

proptest! {
    #[test]
    fn any_text_loads_as_a_register_without_panicking(text in any::<String>()) {
        harness::register(text.as_bytes());
    }

    #[test]
    fn yaml_like_text_loads_and_validates_without_panicking(text in yaml_like()) {
        harness::register(text.as_bytes());
    }

    #[test]
    fn a_mutated_register_loads_and_validates_without_panicking(text in mutated_register()) {
        harness::register(text.as_bytes());
    }

    #[test]
    fn any_bytes_load_as_a_page_without_panicking(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        harness::page(&bytes);
    }

    #[test]
    fn a_page_with_random_front_matter_and_body_is_safe(front in yaml_like(), body in markdown_like()) {
        harness::page(format!("---\n{front}\n---\n{body}").as_bytes());
        harness::page(format!("---\nprocess: alpha\n---\n{body}").as_bytes());
    }

    #[test]
    fn any_text_renders_as_markdown_safely(text in any::<String>()) {
        harness::markdown(text.as_bytes());
    }

    #[test]
    fn hostile_markdown_is_always_sanitised(text in markdown_like()) {
        // Panics, with the source and the HTML, on anything unsafe.
        harness::markdown(text.as_bytes());
    }

    #[test]
    fn markdown_links_are_cleaned_alike_on_both_paths(
        text in markdown_links()
    ) {
        // Panics if either path keeps an unsafe address or they differ.
        harness::markdown(text.as_bytes());
    }

    #[test]
    fn a_valid_date_parses_and_prints_back(y in 1i32..=9999, m in 1u32..=12, d in 1u32..=31) {
        let text = format!("{y:04}-{m:02}-{d:02}");
        let real = chrono::NaiveDate::from_ymd_opt(y, m, d);
        let parsed = Date::parse(&text);
        prop_assert_eq!(parsed.map(|p| p.0), real, "{}", text);
        if let Some(date) = parsed {
            prop_assert_eq!(date.iso(), text);
            prop_assert_eq!(date.estonian(), format!("{d:02}.{m:02}.{y}"));
            // Deadlines far in the future saturate instead of panicking.
            let _ = date.add_months(u32::MAX);
        }
    }

    #[test]
    fn date_parsing_accepts_only_yyyy_mm_dd(text in "\\PC{0,14}|[0-9+ -]{8,12}") {
        if let Some(date) = Date::parse(&text) {
            prop_assert_eq!(date.iso(), text.trim(), "{:?}", text);
        }
    }

    #[test]
    fn generated_slugs_are_slugs(id in slug()) {
        prop_assume!(id.len() <= 100);
        prop_assert!(is_slug(&id), "{}", id);
    }

    #[test]
    fn a_slug_with_any_non_ascii_character_is_refused(id in slug(), at in any::<prop::sample::Index>(), c in any::<char>()) {
        prop_assume!(!c.is_ascii());
        let mut chars: Vec<char> = id.chars().collect();
        let i = at.index(chars.len() + 1);
        chars.insert(i, c);
        let bad: String = chars.iter().collect();
        prop_assert!(!is_slug(&bad), "{:?}", bad);
        // The Cyrillic "а" that looks like the Latin "a".
        let mut look_alike = id.clone();
        look_alike.insert(id.char_indices().nth(i.min(id.len())).map_or(id.len(), |(b, _)| b), '\u{430}');
        prop_assert!(!is_slug(&look_alike), "{:?}", look_alike);
    }

    #[test]
    fn any_text_with_a_non_ascii_character_is_not_a_slug(text in "\\PC*") {
        if !text.is_ascii() {
            prop_assert!(!is_slug(&text), "{:?}", text);
        }
    }
}

proptest! {
    #[test]
    fn the_suggested_id_for_any_text_is_an_id(text in "\\PC{0,140}") {
        let suggestion = suggest_slug(&text, "wiki space");
        prop_assert!(is_slug(&suggestion), "{:?} -> {:?}", text, suggestion);
    }

    #[test]
    fn an_id_that_is_already_valid_is_suggested_unchanged(id in slug()) {
        prop_assume!(is_slug(&id));
        prop_assert_eq!(suggest_slug(&id, "process"), id);
    }
}

#[test]
fn suggested_ids_keep_the_words_without_their_marks() {
    for (id, expected) in [
        ("Seire- ja sündmusehaldus", "seire-ja-sundmusehaldus"),
        ("Pöördumiste_haldus", "poordumiste-haldus"),
        ("Žürii Šõu", "zurii-sou"),
        ("  IKT arendus  ", "ikt-arendus"),
        ("o\u{303}ige", "oige"),
        ("!!!", "process"),
        ("", "process"),
    ] {
        assert_eq!(suggest_slug(id, "process"), expected, "{id:?}");
    }
}

#[test]
fn a_cyrillic_a_is_not_a_slug() {
    assert!(is_slug("alpha"));
    assert!(!is_slug("\u{430}lpha"));
    assert!(!is_slug("alph\u{430}"));
    assert!(!is_slug("intsidendihaldus-\u{430}"));
}

// ---------------------------------------------------------------------------
// The checker itself: it must see what it is there to catch.

#[test]
fn the_safety_check_finds_unsafe_markup() {
    for html in [
        "<p>a</p><script>alert(1)</script>",
        "<SCRIPT src=x></SCRIPT>",
        "<iframe src=\"https://x\"></iframe>",
        "<img src=\"x\" onerror=\"alert(1)\">",
        "<p ONCLICK=alert(1)>",
        "<a title=\"&quot;>\" onmouseover='x'>",
        "<a href=\"javascript:alert(1)\">",
        "<a href=\"  JavaScript:alert(1)\">",
        "<a href=\"java&#x09;script:alert(1)\">",
        "<a href=\"&#106;avascript&colon;alert(1)\">",
        "<img src=data:image/svg+xml,x>",
        "<a href=\"vbscript:x\">",
        "<p style=\"color:red\">",
        "<svg><circle/></svg>",
        "<object data=x>",
    ] {
        assert!(unsafe_markup(html).is_some(), "not caught: {html}");
    }
}

#[test]
fn the_safety_check_passes_safe_markup() {
    for html in [
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; onerror=x javascript:alert(1)</p>",
        "<a href=\"https://example.org/?q=javascript:x\" rel=\"noopener noreferrer\">x</a>",
        "<a href=\"processes/a.html#javascript\">x</a>",
        // Not a scheme to a browser: only tabs and line breaks inside a URL
        // are skipped.
        "<a href=\"java&#x08;script:alert(1)\">x</a>",
        "<a href=\"java script:alert(1)\">x</a>",
        "<img src=\"logo.png\" alt=\"<script> onload=x\">",
        "<h3 id=\"onerror\">x</h3>",
        "<!-- <script> -->",
        "<table><tr><td align=\"left\">1</td></tr></table>",
        "<code class=\"language-html\">&lt;iframe&gt;</code>",
    ] {
        assert_eq!(unsafe_markup(html), None, "{html}");
    }
}

// ---------------------------------------------------------------------------
// The fuzz corpus and regressions, as ordinary tests.

fn replay(folder: &str) -> usize {
    let base = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(folder);
    let mut count = 0;
    for (target, check) in harness::TARGETS {
        let dir = base.join(target);
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
        paths.sort();
        for path in paths {
            if !path.is_file() || path.file_name().is_some_and(|n| n == "README.md") {
                continue;
            }
            let bytes = fs::read(&path).unwrap();
            let result = std::panic::catch_unwind(|| check(&bytes));
            assert!(
                result.is_ok(),
                "{} fails the {target} check again",
                path.display()
            );
            count += 1;
        }
    }
    count
}

#[test]
fn the_fuzz_seed_corpus_passes() {
    assert!(replay("corpus") >= 9, "the seed corpus went missing");
}

#[test]
fn every_input_the_fuzzers_found_stays_fixed() {
    replay("regressions");
}

// ---------------------------------------------------------------------------
// The two ways Markdown is made safe: pages without raw HTML are cleaned on
// pulldown-cmark's events, pages with raw HTML go through ammonia.

#[test]
fn hostile_links_are_cleaned_alike_with_and_without_raw_html() {
    for source in [
        "[a](javascript:alert(1))",
        "[a](JaVaScRiPt:alert(1)) [b](<  javascript:x>) [c](\u{b}javascript:x)",
        "[a](&#106;avascript&colon;alert(1)) [b](java&#x09;script:x) [c](java&#10;script:x)",
        "[a](vbscript:msgbox(1)) [b](data:text/html;base64,PHNjcmlwdD4=) [c](ftp://x.example)",
        "<javascript:alert(1)> <https://example.org> <x@example.org>",
        "[r]: javascript:alert(1)\n\n[r]",
        "![i](javascript:alert(1)) ![j](data:image/png;base64,AA) ![k](logo.png \"t\")",
        "[a ![i](vbscript:x)](https://example.org/?a=1&b='2') [b](//x.example) [c](http://[::1)",
        "# H {#main .badge onclick=alert(1)}\n\n[^main]\n\n[^main]: [n](javascript:x)",
        "| a | [b](javascript:x) |\n|:-|-:|\n| ![c](process:alpha) | [d](other.md#x) |",
    ] {
        assert!(
            !procbook::render::markdown::needs_sanitiser(source),
            "{source:?} holds raw HTML"
        );
        let forced = format!("{}{source}", harness::RAW_HTML);
        assert!(procbook::render::markdown::needs_sanitiser(&forced));
        // Panics if either path keeps an unsafe address or they differ.
        harness::markdown(source.as_bytes());
        // The links stay, as links, with or without their address.
        let html = procbook::render::markdown::render(source, None);
        assert!(html.contains("<a ") || html.contains("<img "), "{html}");
    }
}
