//! The change list in pages: `changes.html` with the newest changes, an
//! archive page per month (parts of a busy month counted from its oldest
//! change), newer/older links, both languages, the sitemap, the feed's
//! lasting links, the cap on a process page, and pages that keep their
//! address and content as commits are added.

use super::*;

/// Changes on `changes.html` and on a full archive page.
const PAGE_SIZE: usize = 100;
/// Changes a process page shows.
const PROCESS_SHOWN: usize = 20;

/// The register with the goal of teenustasemete-haldus numbered `n`.
fn register_numbered(base: &str, n: usize) -> String {
    replace_once(
        base,
        &format!("      - {GOAL_BEFORE}\n"),
        &format!("      - {GOAL_BEFORE} ({n})\n"),
    )
}

/// A repository whose register is added on 1 January 2026 and then edited
/// 20 times in January, 150 times in February and 60 times in March: 231
/// changes, archived as 2026-03 (60), 2026-02-2 (50), 2026-02 (100) and
/// 2026-01 (21). Returns the repository and its commits, oldest first.
fn months() -> (GitRepo, Vec<ObjectId>) {
    let mut git = GitRepo::init();
    let base = shipped_register();
    git.put("processes.yaml", &base);
    let mut commits = vec![git.commit(MARI, morning(0), "Register")];
    let times = (1..=20)
        .map(morning)
        .chain((0..150).map(|k| morning(31 + k / 10) + (k % 10) * 60))
        .chain((0..60).map(|k| morning(59 + k / 3) + (k % 3) * 60));
    for (n, time) in times.enumerate() {
        git.put("processes.yaml", &register_numbered(&base, n + 1));
        commits.push(git.commit(JAAN, time, &format!("Goal, take {}", n + 1)));
    }
    (git, commits)
}

/// The short ids of the changes listed on `html`, in page order.
fn listed(html: &str) -> Vec<String> {
    html.split("<li id=\"c-")
        .skip(1)
        .map(|rest| rest[..rest.find('"').expect("a closing quote")].to_string())
        .collect()
}

/// The target of the `<a rel="…">` link of `page` (a path under `out`) in
/// its page navigation, as a path under `out`.
fn nav_link(out: &Path, page: &str, rel: &str) -> Option<String> {
    let html = read(out, page);
    let nav = html.split("<nav class=\"prev-next\"").nth(1)?;
    let nav = &nav[..nav.find("</nav>").expect("the navigation ends")];
    let anchor = nav
        .split("<a ")
        .find(|a| a.contains(&format!("rel=\"{rel}\"")))?;
    let href = hrefs(anchor).into_iter().next()?;
    Some(resolve(page, &href))
}

/// Every archive page's file under `out` in language folder `lang`.
fn archive_files(out: &Path, lang: &str) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(out.join(lang).join("changes"))
        .expect("the archive folder")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

#[test]
fn the_change_list_is_paged_by_month_with_navigation_in_both_languages() {
    let (git, commits) = months();
    let outs = Outs::new();
    let out = outs.path("site");
    build_ok(git.root(), &out, &["--base-url", "https://example.org/r"]);

    let expected = [
        "2026-01.html",
        "2026-02-2.html",
        "2026-02.html",
        "2026-03.html",
    ];
    assert_eq!(archive_files(&out, ""), expected);
    assert_eq!(archive_files(&out, "en"), expected);

    for (lang, part, march) in [("", "osa 2", "märts 2026"), ("en/", "part 2", "March 2026")] {
        let front = format!("{lang}changes.html");
        let html = read(&out, &front);
        let shown = listed(&html);
        assert_eq!(shown.len(), PAGE_SIZE, "{front}");
        assert_eq!(shown[0], short(commits[230]), "the newest first");
        assert_eq!(shown[99], short(commits[131]));
        // The archive's months, newest first, with their counts.
        let archive = section(&html, "<ul class=\"archive\">", "</ul>");
        let months: Vec<String> = hrefs(archive).iter().map(|h| resolve(&front, h)).collect();
        assert_eq!(
            months,
            ["2026-03", "2026-02-2", "2026-02", "2026-01"]
                .map(|m| format!("{lang}changes/{m}.html"))
        );
        assert!(archive.contains(&format!(">{march}</a> (60)")), "{archive}");
        assert!(archive.contains(&format!("{part}</a> (50)")), "{archive}");

        // Older, older, older from the newest page; newer all the way back.
        let mut chain = vec![front.clone()];
        while let Some(next) = nav_link(&out, chain.last().unwrap(), "next") {
            assert!(chain.len() < 10, "the older links go round: {chain:?}");
            chain.push(next);
        }
        let archive_chain: Vec<String> = ["2026-02-2", "2026-02", "2026-01"]
            .iter()
            .map(|m| format!("{lang}changes/{m}.html"))
            .collect();
        assert_eq!(chain[1..], archive_chain[..]);
        let mut back = vec![chain.last().unwrap().clone()];
        while let Some(prev) = nav_link(&out, back.last().unwrap(), "prev") {
            assert!(back.len() < 10, "the newer links go round: {back:?}");
            back.push(prev);
        }
        let march_page = format!("{lang}changes/2026-03.html");
        assert_eq!(back.last(), Some(&march_page));
        assert_eq!(back.len(), 4);
        assert_eq!(nav_link(&out, &front, "prev"), None);
        // The newest archive page leads back to the list of the latest.
        let html = read(&out, &march_page);
        assert!(html.contains(&format!("<h1>{march}</h1>")));
        assert!(hrefs(section(&html, "<nav class=\"prev-next\"", "</nav>"))
            .iter()
            .any(|h| resolve(&march_page, h) == front));

        // Every change is on exactly one archive page, newest first there,
        // and each of its lasting links points at its own entry.
        let mut everywhere: Vec<String> = Vec::new();
        for file in &expected {
            let page = format!("{lang}changes/{file}");
            let html = read(&out, &page);
            let ids = listed(&html);
            assert!(ids.len() <= PAGE_SIZE, "{page}");
            for id in &ids {
                let entry = section(&html, &format!("<li id=\"c-{id}\""), "</li>\n");
                let link = hrefs(entry)
                    .into_iter()
                    .find(|h| h.ends_with(&format!("#c-{id}")))
                    .unwrap_or_else(|| panic!("no lasting link on {page}: {entry}"));
                assert_eq!(resolve(&page, &link), page);
            }
            everywhere.extend(ids);
        }
        let mut all: Vec<String> = commits.iter().map(|c| short(*c)).collect();
        all.sort();
        everywhere.sort();
        assert_eq!(everywhere, all);
    }
    // The English pages are English and link to English pages.
    let html = read(&out, "en/changes/2026-02-2.html");
    assert!(html.contains("<h1>February 2026, part 2</h1>"), "{html}");
    assert!(html.contains("<span class=\"muted\">Older:</span> February 2026</a>"));
    let html = read(&out, "changes/2026-02-2.html");
    assert!(html.contains("<h1>veebruar 2026, osa 2</h1>"));

    // Every archive page is in the sitemap, in both languages.
    let sitemap = read(&out, "sitemap.xml");
    for file in &expected {
        for lang in ["", "en/"] {
            let loc = format!("<loc>https://example.org/r/{lang}changes/{file}</loc>");
            assert!(sitemap.contains(&loc), "{loc} is not in the sitemap");
        }
    }

    // The feed's links are the lasting ones, on the archive page.
    let feed = read(&out, "feed.xml");
    assert!(feed.contains(&format!(
        "href=\"https://example.org/r/changes/2026-03.html#c-{}\"",
        short(commits[230])
    )));
    assert!(feed.contains(&format!(
        "href=\"https://example.org/r/changes/2026-02-2.html#c-{}\"",
        short(commits[131])
    )));
    assert!(!feed.contains("changes.html#c-"));
}

#[test]
fn a_process_page_shows_its_newest_changes_and_links_to_the_rest() {
    let (git, commits) = months();
    let outs = Outs::new();
    let out = outs.path("site");
    build_ok(git.root(), &out, &[]);
    for (lang, more) in [
        ("", "Näidatud on uusimad 20 muudatust 231-st."),
        ("en/", "The newest 20 of 231 changes are shown."),
    ] {
        let page = format!("{lang}processes/teenustasemete-haldus.html");
        let html = read(&out, &page);
        let history = section(
            &html,
            "<section aria-labelledby=\"history-h\">",
            "</section>",
        );
        assert_eq!(
            history.matches("<time ").count(),
            PROCESS_SHOWN,
            "{history}"
        );
        assert!(history.contains(&short(commits[230])));
        let list = section(history, "<ol class=\"history\">", "</ol>");
        assert!(list.contains(&short(commits[211])));
        assert!(!list.contains(&short(commits[210])));
        assert!(history.contains(more), "{history}");
        // The link to the rest goes to the newest change not shown, on its
        // archive page.
        let rest = hrefs(section(history, "<p class=\"history-more\">", "</p>"));
        assert_eq!(rest.len(), 1);
        assert!(rest[0].ends_with(&format!("#c-{}", short(commits[210]))));
        assert_eq!(
            resolve(&page, &rest[0]),
            format!("{lang}changes/2026-03.html")
        );
        let target = read(&out, &resolve(&page, &rest[0]));
        assert!(target.contains(&format!("<li id=\"c-{}\"", short(commits[210]))));
    }
    // A process with fewer changes has no such link.
    let html = read(&out, "processes/intsidendihaldus.html");
    assert!(!html.contains("history-more"));
}

#[test]
fn archive_pages_keep_their_address_and_content_as_commits_are_added() {
    let (mut git, _) = months();
    let outs = Outs::new();
    let before = outs.path("before");
    build_ok(git.root(), &before, &[]);
    let base = shipped_register();

    // One more change in March, then one in April.
    git.put("processes.yaml", &register_numbered(&base, 1000));
    let late_march = git.commit(MARI, morning(88), "Late March");
    let march_only = outs.path("march");
    build_ok(git.root(), &march_only, &[]);
    git.put("processes.yaml", &register_numbered(&base, 1001));
    let april = git.commit(MARI, morning(95), "April");
    let after = outs.path("after");
    build_ok(git.root(), &after, &[]);

    let (old, mid, new) = (tree(&before), tree(&march_only), tree(&after));
    for lang in ["", "en/"] {
        // The older months did not move or change.
        for file in ["2026-01.html", "2026-02.html", "2026-02-2.html"] {
            let path = format!("{lang}changes/{file}");
            assert!(
                old[&path] == mid[&path],
                "{path} changed with a March commit"
            );
            assert!(
                old[&path] == new[&path],
                "{path} changed with an April commit"
            );
        }
        // March grew by its newest entry; April is a page of its own.
        let march = format!("{lang}changes/2026-03.html");
        assert_eq!(
            listed(&String::from_utf8_lossy(&mid[&march]))[0],
            short(late_march)
        );
        let april_page = format!("{lang}changes/2026-04.html");
        assert!(!mid.contains_key(&april_page));
        assert_eq!(
            listed(&String::from_utf8_lossy(&new[&april_page])),
            [short(april)]
        );
        assert_eq!(nav_link(&after, &march, "prev"), Some(april_page.clone()));
        assert_eq!(nav_link(&after, &april_page, "next"), Some(march));
    }

    // A build from the cache equals a build that reads all of git again.
    fs::remove_file(git.cache_file()).expect("remove the cache");
    let cold = outs.path("cold");
    build_ok(git.root(), &cold, &[]);
    let cold = tree(&cold);
    assert_eq!(
        cold.keys().collect::<Vec<_>>(),
        new.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &cold {
        assert!(
            new[path] == *bytes,
            "{path} differs between a warm and a cold build"
        );
    }
}
