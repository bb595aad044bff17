//! Review deadlines as iCalendar feeds (RFC 5545): `calendar.ics` for the
//! whole register and `calendar/<role-id>.ics` for each owner role, so an
//! owner subscribes once in Outlook or any calendar and nothing has to send
//! mail.
//!
//! Written by hand rather than with a calendar crate: a feed is a few
//! property lines, and every value here is derived from the register so
//! the output is byte-identical for the same input. Each review is an
//! all-day event on its deadline with a stable UID (the process id, never
//! the date), so a calendar moves the event when a review is recorded
//! instead of adding a second one; DTSTAMP is the day of the last review,
//! not the clock.

use crate::agenda::{Agenda, Item, Subject};
use crate::model::{Date, Register};

use super::{paths, OutputFile, RenderOptions};

/// The register's feed and one per role (also for a role that owns
/// nothing yet, so its address works from the day it is published).
pub(super) fn feeds(
    register: &Register,
    agenda: &Agenda,
    options: &RenderOptions,
) -> Vec<OutputFile> {
    let mut items: Vec<&Item> = agenda.items.iter().collect();
    // Calendar order does not depend on the day the site is built.
    items.sort_by(|a, b| {
        (a.review.due, &a.process.id.value, a.subject).cmp(&(
            b.review.due,
            &b.process.id.value,
            b.subject,
        ))
    });
    let org = register
        .organisation
        .short_name
        .as_deref()
        .unwrap_or(&register.organisation.name);
    let mut files = vec![OutputFile {
        path: paths::CALENDAR.to_string(),
        bytes: calendar(
            register,
            &format!("{org}: protsesside ülevaatamised"),
            &items,
            options,
        )
        .into_bytes(),
    }];
    for role in &register.roles {
        let own: Vec<&Item> = items
            .iter()
            .copied()
            .filter(|i| i.owner == role.id.value)
            .collect();
        files.push(OutputFile {
            path: paths::role_calendar(&role.id.value),
            bytes: calendar(
                register,
                &format!("{org}: ülevaatamised — {}", role.name.value),
                &own,
                options,
            )
            .into_bytes(),
        });
    }
    files
}

/// One VCALENDAR with an event per item.
fn calendar(register: &Register, name: &str, items: &[&Item], options: &RenderOptions) -> String {
    let mut ics = Ics::default();
    ics.raw("BEGIN", "VCALENDAR");
    ics.raw("VERSION", "2.0");
    ics.raw("PRODID", "-//procbook//procbook review calendar//ET");
    ics.raw("CALSCALE", "GREGORIAN");
    ics.raw("METHOD", "PUBLISH");
    ics.text("X-WR-CALNAME", name);
    let domain = uid_domain(register);
    for item in items {
        event(&mut ics, register, item, &domain, options);
    }
    ics.raw("END", "VCALENDAR");
    ics.out
}

fn event(ics: &mut Ics, register: &Register, item: &Item, domain: &str, options: &RenderOptions) {
    let process = item.process;
    let id = &process.id.value;
    let name = process.display_name();
    // One entry per process, whichever part's deadline comes first, so a
    // calendar updates the entry instead of adding a second one.
    let uid = format!("review-{id}@{domain}");
    let summary = match item.subject {
        Subject::Process => format!("Protsessi ülevaatamine: {name}"),
        Subject::Guidelines(_) => format!("Protsessi ja juhendi ülevaatamine: {name}"),
    };
    let owner = match register.role(item.owner) {
        Some(role) => format!(
            "{} ({})",
            role.name.value,
            register.unit_path_label(&role.unit.value)
        ),
        None => item.owner.to_string(),
    };
    let page = paths::process(id);
    let mut description = format!(
        "Protsess / Process: {name} ({id})\nOmanik / Owner: {owner}\nViimati üle vaadatud / Last reviewed: {}\nTähtaeg / Due: {}",
        item.review.reviewed_on.iso(),
        item.review.due.iso()
    );
    if let Subject::Guidelines(file) = item.subject {
        description.push_str(&format!("\nJuhend / Guidelines: {file}"));
    }
    let url = options
        .base_url
        .as_ref()
        .map(|_| format!("{}{page}", options.base_prefix()));
    description.push_str(&format!("\n{}", url.as_deref().unwrap_or(&page)));
    ics.raw("BEGIN", "VEVENT");
    ics.text("UID", &uid);
    ics.raw(
        "DTSTAMP",
        &format!("{}T000000Z", basic(item.review.reviewed_on)),
    );
    ics.raw("DTSTART;VALUE=DATE", &basic(item.review.due));
    ics.raw("DTEND;VALUE=DATE", &basic(item.review.due.add_days(1)));
    ics.text("SUMMARY", &summary);
    ics.text("DESCRIPTION", &description);
    if let Some(url) = &url {
        ics.raw("URL", url);
    }
    ics.raw("TRANSP", "TRANSPARENT");
    ics.raw("BEGIN", "VALARM");
    ics.raw("ACTION", "DISPLAY");
    ics.raw(
        "TRIGGER",
        &format!("-P{}D", register.settings.due_soon_days.max(1)),
    );
    ics.text("DESCRIPTION", &summary);
    ics.raw("END", "VALARM");
    ics.raw("END", "VEVENT");
}

/// The part after `@` in UIDs: the organisation's short name as a slug,
/// so two registers' feeds never share a UID.
fn uid_domain(register: &Register) -> String {
    let org = register
        .organisation
        .short_name
        .as_deref()
        .unwrap_or(&register.organisation.name);
    let slug = slug_ascii(org);
    if slug.is_empty() {
        "procbook".to_string()
    } else {
        format!("{slug}.procbook")
    }
}

/// Lowercase ASCII letters and digits, runs of anything else as one `-`.
fn slug_ascii(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

/// A date as RFC 5545 writes it: `YYYYMMDD`.
fn basic(date: Date) -> String {
    date.iso().replace('-', "")
}

/// RFC 5545 content lines: CRLF endings, folded at 75 octets.
#[derive(Default)]
struct Ics {
    out: String,
}

impl Ics {
    /// `name:value` with `value` written as is.
    fn raw(&mut self, name: &str, value: &str) {
        self.fold(&format!("{name}:{value}"));
    }

    /// `name:value` with `value` escaped as TEXT (§3.3.11).
    fn text(&mut self, name: &str, value: &str) {
        let mut escaped = String::with_capacity(value.len());
        for c in value.chars() {
            match c {
                '\\' => escaped.push_str("\\\\"),
                ';' => escaped.push_str("\\;"),
                ',' => escaped.push_str("\\,"),
                '\n' => escaped.push_str("\\n"),
                '\r' => {}
                c if c.is_control() => {}
                c => escaped.push(c),
            }
        }
        self.raw(name, &escaped);
    }

    /// Writes `line`, folding it so no physical line exceeds 75 octets
    /// (§3.1), never inside a UTF-8 character, and never next to a space:
    /// RFC 5545 removes only the line break and the one space of the fold,
    /// but some readers trim every space around it.
    fn fold(&mut self, line: &str) {
        let mut current = String::new();
        let mut limit = 75;
        for c in line.chars() {
            if current.len() + c.len_utf8() > limit {
                let mut carry = String::new();
                while current.ends_with(char::is_whitespace)
                    || carry.chars().next().unwrap_or(c).is_whitespace()
                {
                    let Some(last) = current.pop() else { break };
                    carry.insert(0, last);
                }
                self.out.push_str(&current);
                self.out.push_str("\r\n ");
                current = carry;
                // The continuation's leading space counts.
                limit = 74;
            }
            current.push(c);
        }
        self.out.push_str(&current);
        self.out.push_str("\r\n");
    }
}
