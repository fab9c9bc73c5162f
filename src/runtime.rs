//! Event loop: terminal events → keymap → update → effects on the store → draw.
//!
//! The loop is synchronous: a key is read, mapped through the one key table, applied by
//! `app::update`, and every effect is carried out at once (each status change is
//! committed to SQLite before the next key is read), then the screen is redrawn. The
//! first frame needs no terminal query (no cursor-position request), so the interface
//! starts in a bare pseudo-terminal.
//!
//! Over 500 lines on purpose: start-up, the loop and the effect runner are the only
//! code of the interface that touches the store and the terminal, kept in one place.

use crate::app::state::{Broken, Saved};
use crate::app::stats::StatsData;
use crate::app::{Action, AppState, Effect, RoadmapState, StepRecord, keymap, update};
use crate::catalog::{Catalog, Source};
use crate::model::Roadmap;
use crate::session::{self, Session};
use crate::store::{Checked, Setting, SettingValue, Stale, Store, StoreError};
use crate::ui::{self, Theme};
use crate::watch::{self, Watch};
use anyhow::{Context, bail};
use chrono::{DateTime, Local, NaiveDateTime, Utc};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, MouseButton, MouseEventKind,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{EnterAlternateScreen, enable_raw_mode};
use ratatui::layout::{Position, Rect};
use std::collections::{BTreeSet, VecDeque};
use std::io::{BufWriter, Stdout, stdout};
use std::process::ExitCode;
use std::time::Duration;

/// Opens the TUI. `roadmap` picks the roadmap; otherwise the last one used or a picker.
pub fn run_tui(session: &Session, roadmap: Option<String>) -> anyhow::Result<ExitCode> {
    // Checked before anything is loaded or created: a script calling `waymark` by
    // mistake gets advice, not a half-initialised terminal or a new database.
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() || !stdout().is_terminal() {
        bail!(
            "the interface needs a terminal (standard input and output are not one); \
             in scripts use the commands instead: `waymark list`, `waymark show ROADMAP`, \
             `waymark done ROADMAP/STEP`, `waymark --help`"
        );
    }
    refuse_dumb_terminal(std::env::var("TERM").ok().as_deref())?;
    let config = crate::config::load(session.config.as_deref());
    let cat = session.load_catalog();
    let (roadmaps, broken) = states_from_catalog(cat);
    if roadmaps.is_empty() {
        bail!("no roadmap could be loaded; run `waymark validate` for details");
    }
    if let Some(id) = &roadmap
        && !roadmaps.iter().any(|r| r.id() == id)
    {
        let ids: Vec<&str> = roadmaps.iter().map(|r| r.id()).collect();
        bail!("no roadmap `{id}`; known roadmaps: {}", ids.join(", "));
    }

    let path = session.db_path()?;
    let mut store = Store::open(&path)?;
    let at = session::now()?;
    session::carry_aliases(&mut store, roadmaps.iter().map(|r| &r.roadmap), at)?;

    let today = at.with_timezone(&Local).date_naive();
    let mut state = store
        .reading(|store| initial_state(store, &config.config, roadmaps, broken, roadmap, today))?;
    if store.is_read_only() {
        update(
            &mut state,
            Action::Failed(format!(
                "{} is read-only: changes will not be saved",
                path.display()
            )),
        );
    }

    // A broken config never stops the interface: the footer says which lines were
    // ignored, and the full report is printed once the screen is back.
    let report = config.report();
    if let Some(path) = config.path.as_deref().filter(|_| report.is_some()) {
        let mut lines: Vec<String> = config.problems.iter().map(|p| p.line.to_string()).collect();
        lines.dedup();
        update(
            &mut state,
            Action::Failed(format!(
                "config {}: ignored line(s) {} (details on exit)",
                path.display(),
                lines.join(", ")
            )),
        );
    }
    let theme = Theme::from_env().with_palette(config.config.palette);
    let mut watch = Watch::new(&store, session.user_dir());
    let mut terminal = init_terminal()?;
    let opener = config.config.open_command.as_deref();
    let result = event_loop(
        &mut terminal,
        &mut state,
        &mut store,
        &theme,
        &mut watch,
        opener,
    );
    restore_terminal();
    if let Some(report) = report {
        eprint!("warning: problems in the config file\n{report}");
    }
    result.map(|()| ExitCode::SUCCESS)
}

/// A `dumb` terminal (Emacs shell mode, some CI logs) cannot move the cursor or take an
/// alternate screen: refuse clearly rather than fill it with escape codes. The commands
/// print plain text, so they are the way there.
fn refuse_dumb_terminal(term: Option<&str>) -> anyhow::Result<()> {
    if term == Some("dumb") {
        bail!(
            "the interface needs a terminal that can move the cursor, and TERM=dumb cannot; \
             use the commands instead (`waymark list`, `waymark show ROADMAP`, \
             `waymark done ROADMAP/STEP`), or run it in a full terminal"
        );
    }
    Ok(())
}

/// Turns the catalog into app roadmaps, and failed files into picker rows. Takes the
/// catalog by value: a 100k-step roadmap is moved, not copied.
pub fn states_from_catalog(cat: Catalog) -> (Vec<RoadmapState>, Vec<Broken>) {
    let mut roadmaps = Vec::new();
    let mut broken: Vec<Broken> = cat
        .reports
        .iter()
        .map(|r| Broken {
            name: r.source.short_name(),
            problems: r.problems.len(),
        })
        .collect();
    for l in cat.roadmaps {
        let source = match &l.source {
            Source::Bundled(_) => "bundled".to_string(),
            s => s.short_name(),
        };
        match RoadmapState::new(l.roadmap, source) {
            Ok(r) => roadmaps.push(r),
            Err(_) => broken.push(Broken {
                name: l.source.short_name(),
                problems: 1,
            }),
        }
    }
    (roadmaps, broken)
}

/// A stored UTC time as local wall-clock time, for the interface.
fn local(t: DateTime<Utc>) -> NaiveDateTime {
    t.with_timezone(&Local).naive_local()
}

fn load_records(store: &Store, state: &AppState, id: &str) -> anyhow::Result<Vec<StepRecord>> {
    match state.index_of(id).map(|i| &state.roadmaps[i]) {
        Some(r) => records_of(store, &r.roadmap),
        None => Ok(Vec::new()),
    }
}

/// Every step's stored data for `roadmap`, indexed like its steps.
fn records_of(store: &Store, roadmap: &Roadmap) -> anyhow::Result<Vec<StepRecord>> {
    let mut stored = store.statuses(&roadmap.id)?;
    let done_before = store.ever_done(&roadmap.id)?;
    Ok(roadmap
        .steps
        .iter()
        .map(|s| {
            stored
                .remove(&s.id)
                .map(|st| StepRecord {
                    status: st.status,
                    changed: st.changed_at.map(local),
                    note: st.note,
                    was_done: done_before.contains(&s.id),
                })
                .unwrap_or_default()
        })
        .collect())
}

/// The terminal, its output buffered: a frame leaves in one write instead of one per
/// kilobyte (standard output's line buffer). `Terminal::draw` flushes after each frame.
type Tui = Terminal<CrosstermBackend<BufWriter<Stdout>>>;

fn init_terminal() -> anyhow::Result<Tui> {
    // What `ratatui::try_init` does, without the unbuffered terminal it would build
    // (two screen buffers, dropped at once: a tenth of the first frame's work). On a
    // panic the screen is restored before the message is printed.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        ratatui::restore();
        let _ = execute!(stdout(), DisableMouseCapture);
        previous(info);
    }));
    enable_raw_mode().context("cannot set up the terminal")?;
    execute!(stdout(), EnterAlternateScreen).context("cannot set up the terminal")?;
    let terminal = Terminal::new(CrosstermBackend::new(BufWriter::with_capacity(
        1 << 16,
        stdout(),
    )))
    .context("cannot set up the terminal")?;
    execute!(stdout(), EnableMouseCapture).context("cannot enable the mouse")?;
    Ok(terminal)
}

fn restore_terminal() {
    let _ = execute!(stdout(), DisableMouseCapture);
    ratatui::restore();
}

/// The interface's state at start: the roadmaps with their stored records, the place
/// and view saved last time, pace, plans and review answers. Only reads the store.
fn initial_state(
    store: &Store,
    config: &crate::config::Config,
    roadmaps: Vec<RoadmapState>,
    broken: Vec<Broken>,
    roadmap: Option<String>,
    today: chrono::NaiveDate,
) -> anyhow::Result<AppState> {
    let last_roadmap = match store.setting(Setting::LastRoadmap)? {
        Some(SettingValue::LastRoadmap(id)) => Some(id),
        _ => None,
    };
    let last_step = match store.setting(Setting::LastSelection)? {
        Some(SettingValue::LastSelection { roadmap, step }) => Some((roadmap, step)),
        _ => None,
    };
    let open = roadmap.or(last_roadmap);
    let step = last_step
        .as_ref()
        .and_then(|(r, step)| (Some(r) == open.as_ref()).then_some(step.as_str()));
    let mut state = AppState::new(
        roadmaps,
        broken,
        today,
        open.as_deref().map(|id| (id, step)),
    );
    state.pace = store.pace()?.or(config.pace);
    state.keys = config.keys.clone();
    state.week_start = config.week_start;
    // Per-roadmap pace and plan (`waymark pace ROADMAP H`, `waymark plan ROADMAP --start`).
    for r in &mut state.roadmaps {
        r.pace = store.roadmap_pace(r.id())?;
        r.plan = store
            .plan_start(r.id())?
            .and_then(|start| crate::model::schedule::Plan::new(&r.roadmap, start));
    }
    state.review.enabled = store.review_enabled_or(config.review)?;
    state.review.answers = session::review_answers(&store.reviews()?);
    let ids: Vec<String> = state.roadmaps.iter().map(|r| r.id().to_string()).collect();
    for id in ids {
        let records = load_records(store, &state, &id)?;
        update(
            &mut state,
            Action::Loaded {
                roadmap: id,
                records,
            },
        );
    }
    state.restore(Saved {
        places: match store.setting(Setting::Places)? {
            Some(SettingValue::Places(p)) => Some(p),
            _ => None,
        },
        hide_closed: match store.setting(Setting::HideDone)? {
            Some(SettingValue::HideDone(h)) => Some(h),
            _ => None,
        },
        focus: match store.setting(Setting::Focus)? {
            Some(SettingValue::Focus(f)) => Some(f),
            _ => None,
        },
    });
    if let Some(step) = step {
        state.select_step_id(step);
    }
    Ok(state)
}

fn event_loop(
    terminal: &mut Tui,
    state: &mut AppState,
    store: &mut Store,
    theme: &Theme,
    watch: &mut Watch,
    opener: Option<&[String]>,
) -> anyhow::Result<()> {
    // crossterm starts listening for SIGWINCH on its first poll; do that before the size
    // is read, or a resize during start-up (a tiling window manager placing the new
    // window) is lost and the first frame stays at the old size until a key is pressed.
    event::poll(Duration::ZERO)?;
    let size = terminal.size()?;
    update(
        state,
        Action::Resize {
            width: size.width,
            height: size.height,
        },
    );
    loop {
        // Where this frame puts things goes into the state first, so scrolling and
        // clicks follow the screen without drawing writing into the state.
        let area = Rect::from((Position::ORIGIN, terminal.size()?));
        let screen = ui::screen(area, state, theme);
        if screen != state.screen {
            update(state, Action::Layout(screen));
        }
        terminal.draw(|f| ui::draw(f, state, theme))?;
        if state.quit {
            return Ok(());
        }
        let mut queue: VecDeque<Action> = next_actions(state, store, watch)?.into();
        while let Some(a) = queue.pop_front() {
            for effect in update(state, a) {
                queue.extend(run_effect(effect, state, store, terminal, opener));
            }
        }
    }
}

/// Waits for the next terminal event and returns its action; meanwhile, every
/// [`watch::TICK`], looks for changes made outside (the database, roadmap files) and
/// returns those as soon as there are any, so they show without a key press.
fn next_actions(state: &AppState, store: &Store, watch: &mut Watch) -> anyhow::Result<Vec<Action>> {
    loop {
        if event::poll(watch::TICK)? {
            return Ok(event_action(state, event::read()?).into_iter().collect());
        }
        let outside = watch.check(store, state, |r| records_of(store, r));
        if !outside.is_empty() {
            return Ok(outside);
        }
    }
}

fn event_action(state: &AppState, event: Event) -> Option<Action> {
    match event {
        Event::Key(k) => keymap::map(state, &k),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click {
                col: m.column,
                row: m.row,
            }),
            MouseEventKind::ScrollUp => Some(Action::ScrollUp {
                col: m.column,
                row: m.row,
            }),
            MouseEventKind::ScrollDown => Some(Action::ScrollDown {
                col: m.column,
                row: m.row,
            }),
            _ => None,
        },
        Event::Resize(width, height) => Some(Action::Resize { width, height }),
        _ => None,
    }
}

/// Carries out one effect; returns what to tell the app.
fn run_effect(
    effect: Effect,
    state: &AppState,
    store: &mut Store,
    terminal: &mut Tui,
    opener: Option<&[String]>,
) -> Vec<Action> {
    let at = session::now().unwrap_or_else(|_| Utc::now());
    match effect {
        Effect::SetStatus {
            roadmap,
            changes,
            was,
        } => {
            let refs: Vec<(&str, &str, _, _)> = changes
                .iter()
                .zip(&was)
                .map(|((s, new), seen)| (roadmap.as_str(), s.as_str(), *seen, *new))
                .collect();
            match store.set_statuses_checked(&refs, at) {
                Ok(Checked::Stale(stale)) => stale_write(store, state, roadmap, &stale),
                Ok(Checked::Written(_)) => vec![Action::Written {
                    roadmap,
                    steps: changes.into_iter().map(|(s, _)| s).collect(),
                    at: local(at),
                }],
                // Not saved: say so and show what the store really holds.
                Err(e) => {
                    let mut out = reload(store, state, [roadmap]);
                    out.push(Action::Failed(format!("not saved: {e}")));
                    out
                }
            }
        }
        Effect::Undo => match store.undo(at) {
            Ok(None) => vec![Action::Notice("nothing to undo".into())],
            Ok(Some(changes)) => {
                let ids: BTreeSet<String> = changes.iter().map(|c| c.roadmap.clone()).collect();
                let mut out = reload(store, state, ids);
                let msg = match changes.as_slice() {
                    [c] => format!("undone: {} back to {}", c.step, c.new.as_str()),
                    cs => format!("undone: {} changes", cs.len()),
                };
                out.push(Action::Notice(msg));
                out
            }
            Err(e) => vec![Action::Failed(format!("undo failed: {e}"))],
        },
        Effect::EditNote {
            roadmap,
            step,
            note,
        } => {
            restore_terminal();
            let edited = crate::editor::edit_text(
                note.as_deref().unwrap_or(""),
                &format!("{roadmap}-{step}"),
            );
            let back = resume(terminal);
            let mut out = Vec::new();
            if let Err(e) = back {
                out.push(Action::Failed(format!("cannot restore the screen: {e}")));
            }
            match edited {
                Ok(text) => {
                    let text = text.trim_end().to_string();
                    let new = (!text.trim().is_empty()).then_some(text);
                    if new == note {
                        out.push(Action::Notice("note unchanged".into()));
                    } else {
                        match store.set_note(&roadmap, &step, new.as_deref(), at) {
                            Ok(()) => out.push(Action::NoteSaved {
                                roadmap,
                                step,
                                note: new,
                            }),
                            Err(e) => out.push(Action::Failed(format!("note not saved: {e}"))),
                        }
                    }
                }
                Err(e) => out.push(Action::Failed(format!("{e:#}"))),
            }
            out
        }
        Effect::OpenUrl(url) => match crate::desktop::open_url(&url, opener) {
            Ok(()) => Vec::new(),
            // The footer already said "opening URL": name the command that failed.
            Err(e) => vec![Action::Failed(format!("cannot open the link: {e}"))],
        },
        Effect::Copy(text) => match crate::desktop::copy_to_clipboard(&mut stdout(), &text) {
            Ok(()) => Vec::new(),
            Err(e) => vec![Action::Failed(format!("cannot copy: {e}"))],
        },
        Effect::SaveSetting(value) => match store.set_setting(&value) {
            Ok(()) | Err(StoreError::ReadOnly { .. }) => Vec::new(),
            Err(e) => vec![Action::Failed(format!("setting not saved: {e}"))],
        },
        Effect::LoadStats => match store.events() {
            Ok(events) => vec![Action::StatsLoaded(Box::new(StatsData::compute(
                state,
                &events,
                at,
                session::local_offset,
            )))],
            Err(e) => vec![Action::Failed(format!("cannot read the history: {e}"))],
        },
        Effect::Review {
            roadmap,
            step,
            answer,
            reopen,
        } => {
            let to = reopen.then_some(crate::model::Status::InProgress);
            match store.record_review(&roadmap, &step, answer, to, at) {
                Ok(Some(_)) => vec![Action::Written {
                    roadmap,
                    steps: vec![step],
                    at: local(at),
                }],
                Ok(None) => Vec::new(),
                Err(e) => {
                    let mut out = reload(store, state, [roadmap]);
                    out.push(Action::Failed(format!("review not saved: {e}")));
                    out
                }
            }
        }
        Effect::Quit => Vec::new(),
    }
}

/// A change not written because another program changed a step first: show what the
/// store holds and say why nothing happened.
fn stale_write(store: &Store, state: &AppState, roadmap: String, stale: &[Stale]) -> Vec<Action> {
    let mut out = reload(store, state, [roadmap]);
    let msg = match stale {
        [s] => format!(
            "not saved: {} was changed elsewhere and is {} now; reloaded, press again to change it",
            s.step, s.stored
        ),
        many => format!(
            "not saved: {} steps were changed elsewhere; reloaded, press again to change them",
            many.len()
        ),
    };
    out.push(Action::Failed(msg));
    out
}

fn reload(store: &Store, state: &AppState, ids: impl IntoIterator<Item = String>) -> Vec<Action> {
    ids.into_iter()
        .map(|id| match load_records(store, state, &id) {
            Ok(records) => Action::Loaded {
                roadmap: id,
                records,
            },
            Err(e) => Action::Failed(format!("cannot read progress: {e:#}")),
        })
        .collect()
}

/// Back from the editor: raw mode, alternate screen and mouse on, and a full redraw
/// (resizing to the same size clears without querying the cursor).
fn resume(terminal: &mut Tui) -> anyhow::Result<()> {
    enable_raw_mode()?;
    execute!(stdout(), EnterAlternateScreen, EnableMouseCapture)?;
    let size = terminal.size()?;
    terminal.resize(Rect::from((Position::ORIGIN, size)))?;
    Ok(())
}
