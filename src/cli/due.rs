//! `procbook due`: what each owner must review and by when, ready to paste
//! into a ticket or a mail. The list itself is [`crate::agenda`]'s; this
//! file only picks the owner and prints.

use std::io::Write;

use serde_json::json;

use super::{Error, Outcome, SiteArgs};
use crate::agenda::{self, Agenda, Counts, Item, Subject};
use crate::lang::Lang;
use crate::load;
use crate::model::text::visible_line;
use crate::model::{Register, ReviewState};

/// Output formats of `due`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum DueFormat {
    /// A summary line, then a Markdown section per owner.
    Markdown,
    /// One JSON object.
    Json,
}

/// Arguments of `procbook due`.
#[derive(Debug, clap::Args)]
pub(super) struct Args {
    #[command(flatten)]
    pub(super) site: SiteArgs,
    /// Only this owner: the role's id or its name as the site shows it.
    #[arg(long)]
    owner: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "markdown")]
    format: DueFormat,
}

/// Why `due` cannot list: `processes.yaml` does not parse.
pub(super) fn unreadable_register(lang: Lang) -> &'static str {
    lang.pick(
        "processes.yaml ei ole loetav; põhjuse näitab `procbook check`",
        "processes.yaml does not parse; run `procbook check` to see why",
    )
}

/// Why `due` cannot list: `--owner` `query` is no role; `near` is the
/// nearest one.
pub(super) fn unknown_owner(query: &str, near: Option<&str>, lang: Lang) -> String {
    match (near, lang) {
        (Some(near), Lang::En) => {
            format!("`{query}` is not a role in the register; did you mean `{near}`?")
        }
        (Some(near), Lang::Et) => {
            format!("`{query}` ei ole registris roll; kas mõtlesid `{near}`?")
        }
        (None, Lang::En) => {
            format!("`{query}` is not a role in the register; use a role id or name from `roles:`")
        }
        (None, Lang::Et) => {
            format!("`{query}` ei ole registris roll; kasuta rolli id-d või nime `roles:` alt")
        }
    }
}

/// Lists the review deadlines of every process and guideline page.
pub(super) fn run(args: Args) -> Result<Outcome, Error> {
    let lang = args.site.lang();
    let (site, _) = load::load(&args.site.root)?;
    let Some(register) = &site.register else {
        return Err(Error::UnreadableRegister { lang });
    };
    let mut agenda = Agenda::of(register, &site.pages, args.site.today());
    if let Some(query) = &args.owner {
        let role = agenda::find_role(register, query).map_err(|near| Error::UnknownOwner {
            query: query.clone(),
            near,
            lang,
        })?;
        agenda = agenda.for_owner(&role.id.value);
    }
    let text = match args.format {
        DueFormat::Json => format!(
            "{}\n",
            serde_json::to_string_pretty(&to_json(register, &agenda)).unwrap_or_default()
        ),
        DueFormat::Markdown => to_markdown(register, &agenda, lang),
    };
    let mut out = crate::console::stdout();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(Outcome::Success)
}

/// "1 overdue, 2 due soon, 5 current" (and any review dates in the future).
fn summary(counts: &Counts, lang: Lang) -> String {
    let mut line = match lang {
        Lang::En => format!(
            "{} overdue, {} due soon, {} current",
            counts.overdue, counts.due_soon, counts.current
        ),
        Lang::Et => format!(
            "tähtaeg ületatud {}, tähtaeg läheneb {}, ajakohaseid {}",
            counts.overdue, counts.due_soon, counts.current
        ),
    };
    if counts.future > 0 {
        line.push_str(&match lang {
            Lang::En => format!(", {} with a review date in the future", counts.future),
            Lang::Et => format!(", tuleviku ülevaatamise kuupäevaga {}", counts.future),
        });
    }
    line
}

/// The words of the Markdown report.
struct Words {
    heading: &'static str,
    columns: &'static str,
    process: &'static str,
    guidelines: &'static str,
    nothing: &'static str,
}

const EN: Words = Words {
    heading: "Reviews due",
    columns: "| Process | What | Reviewed on | Due by | State |",
    process: "process",
    guidelines: "guidelines",
    nothing: "Nothing to review.",
};

const ET: Words = Words {
    heading: "Ülevaatamise tähtajad",
    columns: "| Protsess | Mida | Üle vaadatud | Tähtaeg | Seis |",
    process: "protsess",
    guidelines: "juhend",
    nothing: "Midagi pole üle vaadata.",
};

fn state_word(state: ReviewState, lang: Lang) -> String {
    match lang {
        Lang::En => state.as_str().replace('_', " "),
        Lang::Et => match state {
            ReviewState::Current => "ajakohane",
            ReviewState::DueSoon => "tähtaeg läheneb",
            ReviewState::Overdue => "tähtaeg ületatud",
            ReviewState::Future => "kuupäev tulevikus",
        }
        .to_string(),
    }
}

fn what(item: &Item) -> &'static str {
    match item.subject {
        Subject::Process => "process",
        Subject::Guidelines(_) => "guidelines",
    }
}

fn file<'a>(item: &Item<'a>) -> Option<&'a str> {
    match item.subject {
        Subject::Process => None,
        Subject::Guidelines(file) => Some(file),
    }
}

fn to_json(register: &Register, agenda: &Agenda) -> serde_json::Value {
    let mut list = Vec::new();
    for (owner, items) in agenda.by_owner() {
        let role = register.role(owner);
        for i in items {
            list.push(json!({
                "owner": owner,
                "owner_name": role.map(|r| r.name.value.as_str()),
                "unit": role.map(|r| register.unit_path_label(&r.unit.value)),
                "process": i.process.id.value,
                "process_name": i.process.display_name(),
                "what": what(i),
                "file": file(i),
                "reviewed_on": i.review.reviewed_on.iso(),
                // "owner", or "maintainers" when no owner review is
                // recorded and the date is the maintainers' check.
                "counted_from_by": i.review.basis,
                "due": i.review.due.iso(),
                "state": i.review.state,
            }));
        }
    }
    json!({ "today": agenda.today.iso(), "counts": agenda.counts(), "reviews": list })
}

fn to_markdown(register: &Register, agenda: &Agenda, lang: Lang) -> String {
    let words = match lang {
        Lang::En => &EN,
        Lang::Et => &ET,
    };
    let as_of = match lang {
        Lang::En => format!("as of {}", agenda.today.iso()),
        Lang::Et => format!("seisuga {}", agenda.today.estonian()),
    };
    let mut out = format!(
        "# {} ({as_of})\n\n{}.\n",
        words.heading,
        summary(&agenda.counts(), lang)
    );
    for (owner, items) in agenda.by_owner() {
        let (name, unit) = match register.role(owner) {
            Some(role) => (
                role.name.value.as_str(),
                register.unit_path_label(&role.unit.value),
            ),
            None => (owner, String::new()),
        };
        out.push_str(&format!(
            "\n## {} — {}\n\n{}.\n\n",
            markdown_text(name),
            markdown_text(&unit),
            summary(&Counts::of(items.iter().copied()), lang)
        ));
        out.push_str(words.columns);
        out.push_str("\n|---|---|---|---|---|\n");
        for item in items {
            let what = match file(item) {
                Some(file) => format!("{} ({})", words.guidelines, code_span(file)),
                None => words.process.to_string(),
            };
            // A maintainers' check is no owner review: say so.
            let since = match (item.review.basis, lang) {
                (crate::model::Reviewer::Owner, _) => item.review.reviewed_on.iso(),
                (_, Lang::En) => format!(
                    "{} (maintainers' check; no owner review recorded)",
                    item.review.reviewed_on.iso()
                ),
                (_, Lang::Et) => format!(
                    "{} (registri pidajate kontroll; omaniku ülevaatamist pole kirjas)",
                    item.review.reviewed_on.iso()
                ),
            };
            out.push_str(&format!(
                "| {} ({}) | {what} | {since} | {} | {} |\n",
                markdown_text(item.process.display_name()),
                code_span(&item.process.id.value),
                item.review.due.iso(),
                state_word(item.review.state, lang),
            ));
        }
    }
    if agenda.items.is_empty() {
        out.push_str(&format!("\n{}\n", words.nothing));
    }
    out
}

/// `text` as a Markdown code span, on one line and unable to close it early.
fn code_span(text: &str) -> String {
    let text = visible_line(text).replace('`', "'").replace('|', "\\|");
    format!("`{text}`")
}

/// Register text as Markdown that shows exactly that text: on one line
/// (a line break in a name would start a heading or a list in a CI job
/// summary) and with the characters that make links, emphasis, tables or
/// HTML escaped.
fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in visible_line(text).chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '!' | '#' | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
