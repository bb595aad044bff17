//! `procbook due`: what each owner must review and by when, ready to paste
//! into a ticket or a mail.

use std::io::Write;

use serde_json::json;

use super::{Error, Outcome, SiteArgs};
use crate::load;
use crate::model::text::visible_line;
use crate::model::{PageTarget, Register, Review};

/// Output formats of `due`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DueFormat {
    /// A Markdown section per owner.
    Markdown,
    /// One JSON object.
    Json,
}

/// Arguments of `procbook due`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    site: SiteArgs,
    /// Only this owner (role id).
    #[arg(long)]
    owner: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "markdown")]
    format: DueFormat,
}

/// One thing to review.
struct Item<'a> {
    owner: &'a str,
    process: &'a str,
    name: &'a str,
    what: &'static str,
    file: Option<&'a str>,
    review: Review,
}

/// Lists the review deadlines of every process and guideline page.
pub fn run(args: Args) -> Result<Outcome, Error> {
    let (site, _) = load::load(&args.site.root)?;
    let Some(register) = &site.register else {
        return Err(Error::Other(
            "processes.yaml does not parse; run `procbook check` to see why".to_string(),
        ));
    };
    let today = args.site.today();
    if let Some(owner) = &args.owner {
        if register.role(owner).is_none() {
            return Err(Error::Other(format!(
                "`{owner}` is not a role in the register"
            )));
        }
    }
    let mut items = Vec::new();
    for process in &register.processes {
        let Some(owner) = process.owner_id() else {
            continue;
        };
        if let Some(review) = Review::of_process(process, &register.settings, today) {
            items.push(Item {
                owner,
                process: &process.id.value,
                name: process.display_name(),
                what: "process",
                file: None,
                review,
            });
        }
        for page in &site.pages {
            if page.target != PageTarget::Process(process.id.value.clone()) {
                continue;
            }
            if let Some((reviewed_on, _, _)) = page.reviewed_on {
                let review = Review::compute(
                    reviewed_on,
                    process.interval_months(&register.settings),
                    register.settings.due_soon_days,
                    today,
                );
                items.push(Item {
                    owner,
                    process: &process.id.value,
                    name: process.display_name(),
                    what: "guidelines",
                    file: Some(&page.file),
                    review,
                });
            }
        }
    }
    items.retain(|i| args.owner.as_deref().is_none_or(|o| o == i.owner));
    items.sort_by(|a, b| {
        (a.owner, a.review.due, a.process, a.what).cmp(&(b.owner, b.review.due, b.process, b.what))
    });
    let text = match args.format {
        DueFormat::Json => format!(
            "{}\n",
            serde_json::to_string_pretty(&to_json(register, &items, today.iso()))
                .unwrap_or_default()
        ),
        DueFormat::Markdown => to_markdown(register, &items, today.iso()),
    };
    let mut out = crate::console::stdout();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(Outcome::Success)
}

fn to_json(register: &Register, items: &[Item], today: String) -> serde_json::Value {
    let list: Vec<_> = items
        .iter()
        .map(|i| {
            let role = register.role(i.owner);
            json!({
                "owner": i.owner,
                "owner_name": role.map(|r| r.name.value.as_str()),
                "unit": role.map(|r| register.unit_path_label(&r.unit.value)),
                "process": i.process,
                "process_name": i.name,
                "what": i.what,
                "file": i.file,
                "reviewed_on": i.review.reviewed_on.iso(),
                "due": i.review.due.iso(),
                "state": i.review.state,
            })
        })
        .collect();
    json!({ "today": today, "reviews": list })
}

fn to_markdown(register: &Register, items: &[Item], today: String) -> String {
    let mut out = format!("# Reviews due (as of {today})\n");
    let mut current_owner = None;
    for item in items {
        if current_owner != Some(item.owner) {
            current_owner = Some(item.owner);
            let (name, unit) = match register.role(item.owner) {
                Some(role) => (
                    role.name.value.as_str(),
                    register.unit_path_label(&role.unit.value),
                ),
                None => (item.owner, String::new()),
            };
            out.push_str(&format!(
                "\n## {} — {}\n\n",
                markdown_text(name),
                markdown_text(&unit)
            ));
            out.push_str(
                "| Process | What | Reviewed on | Due by | State |\n|---|---|---|---|---|\n",
            );
        }
        let what = match item.file {
            Some(file) => format!("guidelines ({})", code_span(file)),
            None => item.what.to_string(),
        };
        out.push_str(&format!(
            "| {} ({}) | {what} | {} | {} | {} |\n",
            markdown_text(item.name),
            code_span(item.process),
            item.review.reviewed_on.iso(),
            item.review.due.iso(),
            item.review.state.as_str().replace('_', " "),
        ));
    }
    if items.is_empty() {
        out.push_str("\nNothing to review.\n");
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
