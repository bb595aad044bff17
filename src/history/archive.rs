//! How the change list is cut into pages that keep their addresses: one
//! page per calendar month of the commits' (author) dates, and a month of
//! more than [`PAGE_SIZE`] changes in parts of that size counted from its
//! oldest change. New commits land on the newest end of their month, so a
//! page of older changes never moves or changes as the history grows, and
//! a link to a change on its month page stays true.
//!
//! This is where a change is kept, not how it looks: the render stage makes
//! the pages.

use std::collections::BTreeMap;

use chrono::Datelike;

use super::Change;

/// The most changes one page of the history shows.
pub const PAGE_SIZE: usize = 100;

/// One page of the archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchivePage {
    /// The year and month of its changes.
    pub year: i32,
    pub month: u32,
    /// Its part of the month, from 1 for the oldest changes.
    pub part: usize,
    /// Its changes as indices into [`super::History::changes`], newest first.
    pub entries: Vec<usize>,
}

impl ArchivePage {
    /// `YYYY-MM`, or `YYYY-MM-N` from the second part of a month on: the
    /// page's name in its address.
    pub fn slug(&self) -> String {
        match self.part {
            1 => format!("{:04}-{:02}", self.year, self.month),
            part => format!("{:04}-{:02}-{part}", self.year, self.month),
        }
    }
}

/// Every page of the archive, newest first, and the page of each change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Archive {
    pub pages: Vec<ArchivePage>,
    /// For each change (by its index in the history), the index of its page
    /// in `pages`.
    pub page_of: Vec<usize>,
}

impl Archive {
    /// Cuts `changes` (newest first, as history lists them) into pages.
    pub fn of(changes: &[Change]) -> Archive {
        // Oldest first within each month: parts are counted from there.
        let mut months: BTreeMap<(i32, u32), Vec<usize>> = BTreeMap::new();
        for (index, change) in changes.iter().enumerate().rev() {
            let date = change.commit.date.0;
            months
                .entry((date.year(), date.month()))
                .or_default()
                .push(index);
        }
        let mut pages = Vec::new();
        for ((year, month), oldest_first) in months.into_iter().rev() {
            let parts: Vec<&[usize]> = oldest_first.chunks(PAGE_SIZE).collect();
            for (n, part) in parts.iter().enumerate().rev() {
                pages.push(ArchivePage {
                    year,
                    month,
                    part: n + 1,
                    entries: part.iter().rev().copied().collect(),
                });
            }
        }
        let mut page_of = vec![0; changes.len()];
        for (n, page) in pages.iter().enumerate() {
            for &entry in &page.entries {
                page_of[entry] = n;
            }
        }
        Archive { pages, page_of }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::CommitInfo;
    use crate::model::Date;

    fn change(n: usize, date: &str) -> Change {
        Change {
            commit: CommitInfo {
                id: format!("{n:040}"),
                short_id: format!("{n:08}"),
                time: 0,
                timestamp: String::new(),
                date: Date::parse(date).expect("a date"),
                author: None,
                summary: String::new(),
            },
            processes: Vec::new(),
        }
    }

    /// `count` changes, one a day from 2026-01-01 on, newest first.
    fn daily(count: usize) -> Vec<Change> {
        let start = Date::parse("2026-01-01").expect("a date");
        (0..count)
            .rev()
            .map(|n| change(n, &start.add_days(n as i64).iso()))
            .collect()
    }

    fn slugs(archive: &Archive) -> Vec<String> {
        archive.pages.iter().map(ArchivePage::slug).collect()
    }

    #[test]
    fn months_are_pages_newest_first() {
        let changes = daily(40);
        let archive = Archive::of(&changes);
        assert_eq!(slugs(&archive), ["2026-02", "2026-01"]);
        assert_eq!(archive.pages[1].entries.len(), 31);
        // Newest first within a page, as on the list of all changes.
        assert_eq!(archive.pages[0].entries[0], 0);
        assert_eq!(archive.pages[1].entries[30], 39);
        assert_eq!(archive.page_of[0], 0);
        assert_eq!(archive.page_of[39], 1);
    }

    #[test]
    fn a_full_month_is_cut_in_parts_from_its_oldest_change() {
        let mut changes: Vec<Change> = (0..250).rev().map(|n| change(n, "2026-03-05")).collect();
        let archive = Archive::of(&changes);
        assert_eq!(slugs(&archive), ["2026-03-3", "2026-03-2", "2026-03"]);
        let sizes: Vec<usize> = archive.pages.iter().map(|p| p.entries.len()).collect();
        assert_eq!(sizes, [50, 100, 100]);
        let oldest_part = archive.pages[2].clone();

        // More changes that month: the new ones fill the last part and
        // open a fourth; the first parts keep what they had.
        changes.splice(0..0, (250..330).rev().map(|n| change(n, "2026-03-20")));
        let grown = Archive::of(&changes);
        assert_eq!(
            slugs(&grown),
            ["2026-03-4", "2026-03-3", "2026-03-2", "2026-03"]
        );
        let same_commits = |page: &ArchivePage, list: &[Change]| -> Vec<String> {
            page.entries
                .iter()
                .map(|&i| list[i].commit.id.clone())
                .collect()
        };
        let before: Vec<Vec<String>> = [1, 2]
            .iter()
            .map(|&p| same_commits(&archive.pages[p], &changes[80..]))
            .collect();
        let after: Vec<Vec<String>> = [2, 3]
            .iter()
            .map(|&p| same_commits(&grown.pages[p], &changes))
            .collect();
        assert_eq!(before, after);
        assert_eq!(oldest_part.part, grown.pages[3].part);
    }

    #[test]
    fn a_commit_dated_in_an_older_month_goes_to_that_month() {
        // Chain order is not date order: a rebased commit keeps its date.
        let changes = vec![
            change(3, "2026-01-20"),
            change(2, "2026-02-10"),
            change(1, "2026-01-05"),
        ];
        let archive = Archive::of(&changes);
        assert_eq!(slugs(&archive), ["2026-02", "2026-01"]);
        assert_eq!(archive.pages[1].entries, [0, 2]);
        assert_eq!(archive.page_of, [1, 0, 1]);
    }

    #[test]
    fn no_changes_no_pages() {
        assert_eq!(Archive::of(&[]), Archive::default());
    }
}
