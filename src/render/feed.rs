//! `feed.xml`: the change history as an Atom feed (RFC 4287), written by
//! `atom_syndication` from typed values. It escapes markup; characters XML
//! cannot carry at all (a control character in a commit message) are
//! written as `\u{..}` here first, so the feed stays well-formed.

use atom_syndication::{Content, Entry, Feed, FixedDateTime, Link, Person, Text, WriteConfig};

use super::changes::{change_lines, change_url};
use super::i18n::Strings;
use super::lang::Lang;
use super::{paths, OutputFile, RenderError, RenderOptions};
use crate::escape::xml_chars;
use crate::history::History;
use crate::model::Register;

/// The newest changes the feed holds; readers keep what they have seen.
const MAX_ENTRIES: usize = 100;

/// A commit time, or the epoch when git gave none that parses.
fn time(timestamp: &str) -> FixedDateTime {
    FixedDateTime::parse_from_rfc3339(timestamp).unwrap_or_default()
}

fn person(name: &str) -> Person {
    Person {
        name: xml_chars(name),
        ..Person::default()
    }
}

fn html_link(href: String) -> Link {
    Link {
        href: xml_chars(&href),
        rel: "alternate".to_string(),
        mime_type: Some("text/html".to_string()),
        ..Link::default()
    }
}

/// One commit: its summary, and as text the changed processes with one
/// line per changed field.
fn entry(history: &History, index: usize, base: &str, t: &Strings) -> Entry {
    let change = &history.changes[index];
    let mut text = String::new();
    for pc in &change.processes {
        text.push_str(&format!("{} ({}):\n", pc.name, pc.process));
        for line in change_lines(pc, t) {
            text.push_str(&format!("- {line}\n"));
        }
    }
    Entry {
        id: xml_chars(&format!("urn:git:{}", change.commit.id)),
        title: Text::plain(xml_chars(&change.commit.summary)),
        updated: time(&change.commit.timestamp),
        authors: change
            .commit
            .author
            .as_deref()
            .map(person)
            .into_iter()
            .collect(),
        links: vec![html_link(format!("{base}{}", change_url(history, index)))],
        content: Some(Content {
            value: Some(xml_chars(&text)),
            content_type: Some("text".to_string()),
            ..Content::default()
        }),
        ..Entry::default()
    }
}

/// `feed.xml`, newest change first, in the default language. Its links are
/// absolute with `--base-url` and relative to the site root otherwise.
pub(crate) fn atom_feed(
    history: &History,
    register: &Register,
    options: &RenderOptions,
    t: &Strings,
) -> Result<OutputFile, RenderError> {
    let base = options.base_prefix();
    let org = &register.organisation;
    let short = org.short_name.as_deref();
    let id = if base.is_empty() {
        format!(
            "urn:procbook:{}",
            short.unwrap_or("register").to_lowercase()
        )
    } else {
        format!("{base}{}", paths::CHANGES)
    };
    let feed = Feed {
        title: Text::plain(xml_chars(&format!(
            "{} — {}",
            short.unwrap_or(&org.name),
            t.get("changes_heading")
        ))),
        id: xml_chars(&id),
        // The time of the newest entry, so every build of the same history
        // gives the same feed.
        updated: history
            .changes
            .first()
            .map(|c| time(&c.commit.timestamp))
            .unwrap_or_default(),
        authors: vec![person(&org.name)],
        links: vec![html_link(format!("{base}{}", paths::CHANGES))],
        lang: Some(Lang::DEFAULT.code().to_string()),
        entries: (0..history.changes.len().min(MAX_ENTRIES))
            .map(|index| entry(history, index, &base, t))
            .collect(),
        ..Feed::default()
    };
    let config = WriteConfig {
        write_document_declaration: true,
        indent_size: Some(2),
    };
    let mut bytes = feed
        .write_with_config(Vec::new(), config)
        .map_err(RenderError::Feed)?;
    bytes.push(b'\n');
    Ok(OutputFile {
        path: paths::FEED.to_string(),
        bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::{Change, ChangeKind, CommitInfo, FieldChange, ProcessChange};
    use crate::model::Date;

    fn change(n: u32, summary: &str, author: Option<&str>) -> Change {
        Change {
            commit: CommitInfo {
                id: format!("{n:040}"),
                short_id: format!("{n:08}"),
                time: 0,
                timestamp: format!("2026-11-{n:02}T10:00:00+02:00"),
                date: Date::parse(&format!("2026-11-{n:02}")).unwrap(),
                author: author.map(str::to_string),
                summary: summary.to_string(),
            },
            processes: vec![ProcessChange {
                process: "alpha".to_string(),
                previous_id: None,
                name: "Alpha <&> \"A\"".to_string(),
                fields: vec![FieldChange {
                    kind: ChangeKind::GoalAdded,
                    from: None,
                    to: Some("a </content> goal".to_string()),
                }],
            }],
        }
    }

    #[test]
    fn text_that_looks_like_markup_comes_back_as_written() {
        let register =
            crate::load::parse_register_text("organisation:\n  name: Org & <Co>\n").unwrap();
        let history = History {
            available: true,
            changes: vec![
                change(3, "Fix <script>alert(1)</script> & more", Some("Ä <b>")),
                change(2, "Second", None),
            ],
            ..History::default()
        };
        let strings =
            crate::render::i18n::parse("et:\n  change_goal_added: 'goal: {to}'\nen: {}\n").unwrap();
        let options = RenderOptions {
            today: Date::parse("2026-11-30").unwrap(),
            base_url: Some("https://example.org/r".to_string()),
        };
        let file = atom_feed(&history, &register, &options, &strings[&Lang::Et]).unwrap();
        let feed = Feed::read_from(&file.bytes[..]).expect("the feed parses");
        assert_eq!(feed.id, "https://example.org/r/changes.html");
        assert_eq!(feed.authors[0].name, "Org & <Co>");
        assert_eq!(feed.updated.to_rfc3339(), "2026-11-03T10:00:00+02:00");
        assert_eq!(feed.entries.len(), 2);
        let first = &feed.entries[0];
        assert_eq!(first.title.value, "Fix <script>alert(1)</script> & more");
        assert_eq!(first.authors[0].name, "Ä <b>");
        assert_eq!(
            first.links[0].href,
            "https://example.org/r/changes/2026-11.html#c-00000003"
        );
        let content = first.content.as_ref().and_then(|c| c.value.as_deref());
        assert!(
            content.is_some_and(|c| c.starts_with("Alpha <&> \"A\" (alpha):\n")
                && c.contains("- goal: a </content> goal\n")),
            "{content:?}"
        );
        assert!(feed.entries[1].authors.is_empty());
    }

    #[test]
    fn characters_xml_cannot_hold_are_written_out() {
        let register =
            crate::load::parse_register_text("organisation:\n  name: \"Org\\u0001\"\n").unwrap();
        let mut bad = change(1, "a\u{1}b\u{fffe}", Some("x\u{8}y"));
        bad.processes[0].name = "n\u{1b}".to_string();
        let history = History {
            available: true,
            changes: vec![bad],
            ..History::default()
        };
        let strings = crate::render::i18n::parse("et: {}\nen: {}\n").unwrap();
        let options = RenderOptions {
            today: Date::parse("2026-11-30").unwrap(),
            base_url: None,
        };
        let file = atom_feed(&history, &register, &options, &strings[&Lang::Et]).unwrap();
        let feed = Feed::read_from(&file.bytes[..]).expect("the feed parses");
        assert_eq!(feed.authors[0].name, "Org\\u{1}");
        let entry = &feed.entries[0];
        assert_eq!(entry.title.value, "a\\u{1}b\\u{fffe}");
        assert_eq!(entry.authors[0].name, "x\\u{8}y");
        let content = entry.content.as_ref().and_then(|c| c.value.as_deref());
        assert!(
            content.is_some_and(|c| c.starts_with("n\\u{1b} (alpha)")),
            "{content:?}"
        );
    }

    #[test]
    fn the_feed_holds_the_newest_hundred_changes() {
        let register = crate::load::parse_register_text("organisation:\n  name: Org\n").unwrap();
        let history = History {
            available: true,
            changes: (0..130).map(|n| change(n % 28 + 1, "c", None)).collect(),
            ..History::default()
        };
        let strings = crate::render::i18n::parse("et: {}\nen: {}\n").unwrap();
        let options = RenderOptions {
            today: Date::parse("2026-11-30").unwrap(),
            base_url: None,
        };
        let file = atom_feed(&history, &register, &options, &strings[&Lang::Et]).unwrap();
        let feed = Feed::read_from(&file.bytes[..]).expect("the feed parses");
        assert_eq!(feed.entries.len(), MAX_ENTRIES);
        assert_eq!(feed.id, "urn:procbook:register");
    }
}
