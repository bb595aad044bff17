//! `procbook due`: what each owner must review and by when, ready to paste
//! into a ticket or a mail. The list itself is [`crate::agenda`]'s; this
//! file only picks the owner and prints.

use serde_json::json;

use super::{Error, Outcome, SiteArgs};
use crate::agenda::{self, Agenda, Counts, Item, Subject};
use crate::load;
use crate::model::Register;

/// Output formats of `due`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DueFormat {
    /// A summary line, then a Markdown section per owner.
    Markdown,
    /// One JSON object.
    Json,
}

/// Arguments of `procbook due`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    site: SiteArgs,
    /// Only this owner: the role's id or its name as the site shows it.
    #[arg(long)]
    owner: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "markdown")]
    format: DueFormat,
}

/// Lists the review deadlines of every process and guideline page.
pub fn run(args: Args) -> Result<Outcome, Error> {
    let (site, _) = load::load(&args.site.root)?;
    let Some(register) = &site.register else {
        return Err(Error::Other(
            "processes.yaml does not parse; run `procbook check` to see why".to_string(),
        ));
    };
    let mut agenda = Agenda::of(register, &site.pages, args.site.today());
    if let Some(query) = &args.owner {
        let role = agenda::find_role(register, query).map_err(|near| {
            Error::Other(match near {
                Some(near) => {
                    format!("`{query}` is not a role in the register; did you mean `{near}`?")
                }
                None => format!(
                    "`{query}` is not a role in the register; use a role id or name from `roles:`"
                ),
            })
        })?;
        agenda = agenda.for_owner(&role.id.value);
    }
    match args.format {
        DueFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&to_json(register, &agenda)).unwrap_or_default()
        ),
        DueFormat::Markdown => print!("{}", to_markdown(register, &agenda)),
    }
    Ok(Outcome::Success)
}

/// "1 overdue, 2 due soon, 5 current" (and any review dates in the future).
fn summary(counts: &Counts) -> String {
    let mut line = format!(
        "{} overdue, {} due soon, {} current",
        counts.overdue, counts.due_soon, counts.current
    );
    if counts.future > 0 {
        line.push_str(&format!(
            ", {} with a review date in the future",
            counts.future
        ));
    }
    line
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
                "due": i.review.due.iso(),
                "state": i.review.state,
            }));
        }
    }
    json!({ "today": agenda.today.iso(), "counts": agenda.counts(), "reviews": list })
}

fn to_markdown(register: &Register, agenda: &Agenda) -> String {
    let mut out = format!(
        "# Reviews due (as of {})\n\n{}.\n",
        agenda.today.iso(),
        summary(&agenda.counts())
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
            "\n## {name} — {unit}\n\n{}.\n\n",
            summary(&Counts::of(items.iter().copied()))
        ));
        out.push_str("| Process | What | Reviewed on | Due by | State |\n|---|---|---|---|---|\n");
        for item in items {
            let what = match file(item) {
                Some(file) => format!("guidelines (`{file}`)"),
                None => what(item).to_string(),
            };
            out.push_str(&format!(
                "| {} (`{}`) | {what} | {} | {} | {} |\n",
                item.process.display_name().replace('|', "\\|"),
                item.process.id.value,
                item.review.reviewed_on.iso(),
                item.review.due.iso(),
                item.review.state.as_str().replace('_', " "),
            ));
        }
    }
    if agenda.items.is_empty() {
        out.push_str("\nNothing to review.\n");
    }
    out
}
