//! Changes made outside the interface while it runs: progress written by the CLI or
//! another waymark (SQLite's `PRAGMA data_version`), and user roadmap files edited on
//! disk (modification time and size). The runtime asks between key presses, on the
//! event poll's timeout, so both show up without a key press.

use crate::app::state::Broken;
use crate::app::{Action, AppState};
use crate::catalog::{self, Catalog};
use crate::store::Store;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

/// How long the runtime waits for a terminal event before it looks for outside changes.
pub const TICK: Duration = Duration::from_millis(500);

type Stamps = Vec<(PathBuf, Option<SystemTime>, u64)>;

pub struct Watch {
    version: Option<i64>,
    user_dir: Option<PathBuf>,
    files: Stamps,
}

impl Watch {
    /// Starts from what the interface has just loaded.
    pub fn new(store: &Store, user_dir: Option<PathBuf>) -> Watch {
        let files = stamps(user_dir.as_ref());
        Watch {
            version: store.data_version().ok(),
            user_dir,
            files,
        }
    }

    /// What changed since the last look, as actions for the app: the roadmaps again when
    /// a user file changed, then the stored progress of every roadmap when it (or the
    /// database) changed. Empty when nothing did.
    pub fn check(
        &mut self,
        store: &Store,
        state: &AppState,
        load: impl Fn(&crate::model::Roadmap) -> anyhow::Result<Vec<crate::app::StepRecord>>,
    ) -> Vec<Action> {
        let mut out = Vec::new();
        let files = stamps(self.user_dir.as_ref());
        let files_changed = files != self.files;
        self.files = files;
        let version = store.data_version().ok();
        let db_changed = version != self.version;
        self.version = version;
        if files_changed {
            let cat = catalog::load(self.user_dir.as_deref());
            let (roadmaps, broken) = roadmaps_from_catalog(cat);
            for (r, _) in &roadmaps {
                out.push(loaded(r, &load));
            }
            out.insert(0, Action::Reloaded { roadmaps, broken });
            out.push(Action::Notice(
                "roadmap files changed on disk: reloaded".into(),
            ));
        } else if db_changed {
            for r in &state.roadmaps {
                out.push(loaded(&r.roadmap, &load));
            }
        }
        out
    }
}

fn loaded(
    r: &crate::model::Roadmap,
    load: impl Fn(&crate::model::Roadmap) -> anyhow::Result<Vec<crate::app::StepRecord>>,
) -> Action {
    match load(r) {
        Ok(records) => Action::Loaded {
            roadmap: r.id.clone(),
            records,
        },
        Err(e) => Action::Failed(format!("cannot read progress: {e:#}")),
    }
}

fn stamps(dir: Option<&PathBuf>) -> Stamps {
    dir.map(|d| catalog::user_file_stamps(d))
        .unwrap_or_default()
}

/// The catalog as the app takes it: loaded roadmaps with their source, failed files.
fn roadmaps_from_catalog(cat: Catalog) -> (Vec<(crate::model::Roadmap, String)>, Vec<Broken>) {
    let broken = cat
        .reports
        .iter()
        .map(|r| Broken {
            name: r.source.short_name(),
            problems: r.problems.len(),
        })
        .collect();
    let roadmaps = cat
        .roadmaps
        .into_iter()
        .map(|l| {
            let source = match &l.source {
                catalog::Source::Bundled(_) => "bundled".to_string(),
                s => s.short_name(),
            };
            (l.roadmap, source)
        })
        .collect();
    (roadmaps, broken)
}
