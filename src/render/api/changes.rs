//! The types of `api/changes.json`, and building it from the history.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::history::{ChangeKind, History};
use crate::model::Date;
use crate::render::paths;

/// `api/changes.json`: the change history for other systems.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "procbook api/changes.json")]
pub(crate) struct ChangesJson {
    /// False when the site was built without a git repository.
    pub available: bool,
    /// Commits that changed the register, newest first.
    pub changes: Vec<CommitJson>,
    /// Always `procbook-changes/1`.
    pub format: String,
    /// Published versions (git tags), oldest first.
    pub versions: Vec<VersionJson>,
}

/// A commit that changed the register.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct CommitJson {
    /// Author name; null when authors are hidden.
    pub author: Option<String>,
    /// Full commit id.
    pub commit: String,
    /// The author's calendar day.
    #[schemars(with = "Date")]
    pub date: String,
    pub processes: Vec<ProcessChangeJson>,
    /// First line of the commit message.
    pub summary: String,
    /// RFC 3339 time in the author's offset.
    pub time: String,
}

/// What one commit changed in one process.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ProcessChangeJson {
    pub changes: Vec<FieldChangeJson>,
    /// The process's name after the change.
    pub name: String,
    /// Its id before the change, when it was renamed.
    pub previous_id: Option<String>,
    /// Its id after the change (before it, for a removal).
    pub process: String,
}

/// One changed field.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct FieldChangeJson {
    pub from: Option<String>,
    /// What changed, e.g. `goal_added`, `owner_changed`, `reviewed`.
    #[schemars(with = "String")]
    pub kind: ChangeKind,
    pub to: Option<String>,
}

/// A published version.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct VersionJson {
    pub commit: String,
    #[schemars(with = "Date")]
    pub date: String,
    pub tag: String,
    /// Its home page, `v/<tag>/index.html`.
    pub url: String,
}

impl ChangesJson {
    /// The export of `history`.
    pub(crate) fn new(history: &History) -> Self {
        ChangesJson {
            available: history.available,
            changes: history
                .changes
                .iter()
                .map(|c| CommitJson {
                    author: c.commit.author.clone(),
                    commit: c.commit.id.clone(),
                    date: c.commit.date.iso(),
                    processes: c
                        .processes
                        .iter()
                        .map(|pc| ProcessChangeJson {
                            changes: pc
                                .fields
                                .iter()
                                .map(|f| FieldChangeJson {
                                    from: f.from.clone(),
                                    kind: f.kind,
                                    to: f.to.clone(),
                                })
                                .collect(),
                            name: pc.name.clone(),
                            previous_id: pc.previous_id.clone(),
                            process: pc.process.clone(),
                        })
                        .collect(),
                    summary: c.commit.summary.clone(),
                    time: c.commit.timestamp.clone(),
                })
                .collect(),
            format: "procbook-changes/1".to_string(),
            versions: history
                .versions
                .iter()
                .map(|v| VersionJson {
                    commit: v.commit.id.clone(),
                    date: v.commit.date.iso(),
                    tag: v.tag.clone(),
                    url: paths::version_home(&v.tag),
                })
                .collect(),
        }
    }
}
