//! A calendar date written `YYYY-MM-DD` in the data and `DD.MM.YYYY` on
//! Estonian pages.

use std::fmt;

use chrono::{Datelike, Months, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar date without time or zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

impl Date {
    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.trim();
        if text.len() != 10 {
            return None;
        }
        NaiveDate::parse_from_str(text, "%Y-%m-%d").ok().map(Date)
    }

    /// The date `months` later; the 31st becomes the month's last day.
    pub fn add_months(self, months: u32) -> Date {
        Date(
            self.0
                .checked_add_months(Months::new(months))
                .unwrap_or(NaiveDate::MAX),
        )
    }

    /// Days from `self` to `other` (negative when `other` is earlier).
    pub(crate) fn days_until(self, other: Date) -> i64 {
        (other.0 - self.0).num_days()
    }

    /// `DD.MM.YYYY`, the Estonian way.
    pub fn estonian(self) -> String {
        format!(
            "{:02}.{:02}.{}",
            self.0.day(),
            self.0.month(),
            self.0.year()
        )
    }

    /// `5 May 2025`, the English way.
    pub fn english(self) -> String {
        self.0.format("%-d %B %Y").to_string()
    }

    /// The date `days` later (earlier when negative), saturating at the
    /// first and last dates there are.
    pub fn add_days(self, days: i64) -> Date {
        let limit = if days < 0 {
            NaiveDate::MIN
        } else {
            NaiveDate::MAX
        };
        Date(
            chrono::TimeDelta::try_days(days)
                .and_then(|delta| self.0.checked_add_signed(delta))
                .unwrap_or(limit),
        )
    }

    /// `YYYY-MM-DD`.
    pub fn iso(self) -> String {
        self.0.format("%Y-%m-%d").to_string()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.iso())
    }
}

/// Why `text` (`YYYY-MM-DD`-shaped) is no day, in English and Estonian;
/// `None` when it is not shaped like a date at all.
pub fn no_such_day(text: &str) -> Option<(String, String)> {
    let mut parts = text.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (year, month, day): (i32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    if !(1..=12).contains(&month) {
        return Some((
            format!("`{text}` is not a date: there is no month {month}"),
            format!("`{text}` ei ole kuupäev: kuud {month} ei ole"),
        ));
    }
    let first = chrono::NaiveDate::from_ymd_opt(year, month, 1)?;
    let next = if month == 12 {
        chrono::NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        chrono::NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    let days = (next - first).num_days();
    if day >= 1 && i64::from(day) <= days {
        return None;
    }
    Some((
        format!("there is no such day as {text}: that month has {days} days"),
        format!("kuupäeva {text} ei ole olemas: selles kuus on {days} päeva"),
    ))
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Date::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(match no_such_day(&text) {
                Some((why, _)) => why,
                None => format!("`{text}` is not a date: write it as YYYY-MM-DD, e.g. 2025-05-05"),
            })
        })
    }
}

impl JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "date",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
            "description": "A date written YYYY-MM-DD"
        })
    }
}
