//! `waymark validate --watch [FILE...]`: validate, then again after every save of a
//! watched file, clearing the screen between reports when standard output is a
//! terminal. Stops on Ctrl-C (the default SIGINT: the terminal is never put into any
//! mode, so there is nothing to restore).

use super::GlobalArgs;
use super::browse;
use super::context::user_dir;
use anyhow::{Context, bail};
use notify_debouncer_full::notify::event::{EventKind, ModifyKind};
use notify_debouncer_full::notify::{Event, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer};
use std::collections::BTreeSet;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::Duration;

/// Saves closer together than this make one run (an editor's write + rename, a
/// formatter run on save).
const DEBOUNCE: Duration = Duration::from_millis(200);

/// What triggers a run: the named files, or any `*.toml` in the user roadmap folder.
enum Watched {
    Files(BTreeSet<PathBuf>),
    Folder(PathBuf),
}

impl Watched {
    /// Whether `event` changed a watched file. Opening and reading (our own validation
    /// does that) and metadata changes (atime, permissions) do not count.
    fn changed_by(&self, event: &Event) -> bool {
        let changes = !matches!(
            event.kind,
            EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_))
        );
        changes && event.paths.iter().any(|p| self.matches(p))
    }

    fn matches(&self, path: &Path) -> bool {
        match self {
            Watched::Files(files) => files.contains(path),
            Watched::Folder(dir) => {
                path.parent() == Some(dir.as_path())
                    && path.extension().is_some_and(|e| e == "toml")
            }
        }
    }
}

/// `max_runs` (hidden, for tests) stops after that many reports.
pub fn validate_watch(
    g: &GlobalArgs,
    files: &[PathBuf],
    max_runs: Option<u32>,
) -> anyhow::Result<ExitCode> {
    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(DEBOUNCE, None, tx).context("starting the file watcher")?;
    // Folders are watched, not files: editors save by writing a new file and renaming
    // it over the old one, which ends a watch on the old file.
    let (watched, folders, shown) = if files.is_empty() {
        let Some(dir) = user_dir(g) else {
            bail!("no user roadmap folder to watch; name the files: validate --watch FILE...");
        };
        let real = dir.canonicalize().with_context(|| {
            format!(
                "{}: no roadmap folder to watch; create it (`waymark new ID` does) or \
                 name the files",
                dir.display()
            )
        })?;
        (
            Watched::Folder(real.clone()),
            vec![real],
            format!("{} (and the bundled roadmaps)", dir.display()),
        )
    } else {
        let mut set = BTreeSet::new();
        let mut folders = BTreeSet::new();
        for f in files {
            let parent = match f.parent() {
                Some(p) if !p.as_os_str().is_empty() => p,
                _ => Path::new("."),
            };
            let parent = parent
                .canonicalize()
                .with_context(|| format!("{}: its folder cannot be watched", f.display()))?;
            let name = f
                .file_name()
                .with_context(|| format!("{}: not a file name", f.display()))?;
            set.insert(parent.join(name));
            folders.insert(parent);
        }
        let shown = files
            .iter()
            .map(|f| f.display().to_string())
            .collect::<Vec<_>>()
            .join(", ");
        (Watched::Files(set), folders.into_iter().collect(), shown)
    };
    for dir in &folders {
        debouncer
            .watch(dir, RecursiveMode::NonRecursive)
            .with_context(|| format!("watching {}", dir.display()))?;
    }

    let clear = std::io::stdout().is_terminal();
    let mut runs = 0;
    loop {
        if clear {
            clear_screen();
        }
        let code = browse::validate(g, files, false)?;
        runs += 1;
        if max_runs.is_some_and(|m| runs >= m) {
            return Ok(code);
        }
        super::context::eprint_inert(&format!("watching {shown} for changes; Ctrl-C to stop"));
        // Wait for a batch of events that touches a watched file.
        loop {
            match rx.recv() {
                Ok(Ok(events)) if events.iter().any(|e| watched.changed_by(e)) => break,
                Ok(Ok(_)) => {}
                Ok(Err(errors)) => {
                    for e in errors {
                        super::context::eprint_inert(&format!("warning: watching: {e}"));
                    }
                }
                Err(mpsc::RecvError) => bail!("the file watcher stopped"),
            }
        }
    }
}

fn clear_screen() {
    use ratatui::crossterm::{cursor::MoveTo, execute, terminal};
    let mut out = std::io::stdout();
    let _ = execute!(out, terminal::Clear(terminal::ClearType::All), MoveTo(0, 0));
    let _ = out.flush();
}
