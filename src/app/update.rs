//! `update(state, action) -> effects`: the only place the state changes. It handles what
//! every screen shares (answers from the runtime, the screen's layout, the mouse), hands
//! keys to the open overlay or else to the main view, then lets every scrolled region
//! follow its selection. The helpers below are the commands components share.

use super::action::{Action, Effect};
use super::chart;
use super::input::Input;
use super::overlays::Next;
use super::state::{AppState, Focus, Message};
use super::view::View;
use super::{main_view, mouse, overlays, reload, review, stats};
use crate::model::Status;
use crate::model::filter::Filter;
use crate::store::SettingValue;

pub fn update(state: &mut AppState, action: Action) -> Vec<Effect> {
    let mut fx = Vec::new();
    // Statuses, answers or the day may have changed: the header's due count follows.
    let counts_due = !matches!(
        action,
        Action::Layout(_) | Action::Resize { .. } | Action::StatsLoaded(_)
    );
    // A message stays until the next key.
    if is_key(&action) {
        state.message = None;
        // Behind the "too small" screen nothing may act unseen: only quitting works.
        if state.too_small() {
            if action == Action::Quit {
                quit(state, &mut fx);
            }
            return fx;
        }
    }
    match action {
        Action::Resize { width, height } => state.size = (width, height),
        Action::Layout(screen) => state.screen = screen,
        Action::Loaded { roadmap, records } => {
            if let Some(i) = state.index_of(&roadmap) {
                state.roadmaps[i].load(records);
                state.refresh_progress();
                if state.current.is_some() {
                    state.recompute();
                }
            }
        }
        Action::Reloaded { roadmaps, broken } => reload::reloaded(state, roadmaps, broken),
        Action::Written { roadmap, steps, at } => {
            if let Some(i) = state.index_of(&roadmap) {
                let r = &mut state.roadmaps[i];
                for s in steps {
                    if let Some(j) = r.step_index(&s) {
                        r.changed[j] = Some(at);
                    }
                }
            }
        }
        Action::NoteSaved {
            roadmap,
            step,
            note,
        } => {
            if let Some(i) = state.index_of(&roadmap) {
                let r = &mut state.roadmaps[i];
                if let Some(j) = r.step_index(&step) {
                    match note.filter(|n| !n.trim().is_empty()) {
                        Some(n) => r.notes.insert(j, n),
                        None => r.notes.remove(&j),
                    };
                }
                state.notice("note saved");
            }
        }
        Action::Notice(text) => state.notice(&text),
        Action::Failed(text) => state.error(&text),
        Action::Click { col, row } => mouse::click(state, col, row, &mut fx),
        Action::ScrollUp { col, row } => mouse::wheel(state, col, row, false, &mut fx),
        Action::ScrollDown { col, row } => mouse::wheel(state, col, row, true, &mut fx),
        action => match state.overlay.take() {
            None => match std::mem::take(&mut state.view) {
                View::Main => main_view::update(state, action, &mut fx),
                View::Stats(mut s) => {
                    if stats::update(state, &mut s, action) == Next::Stay {
                        state.view = View::Stats(s);
                    }
                }
                View::Review(mut r) => {
                    if review::update(state, &mut r, action, &mut fx) == Next::Stay {
                        state.view = View::Review(r);
                    }
                }
                View::Chart(mut c) => {
                    let next = chart::update(state, &mut c, action, &mut fx);
                    if next == Next::Stay && matches!(state.view, View::Main) {
                        state.view = View::Chart(c);
                    }
                }
            },
            Some(overlay) => overlays::update(state, overlay, action, &mut fx),
        },
    }
    if counts_due {
        review::recount(state);
    }
    follow(state);
    fx
}

fn is_key(a: &Action) -> bool {
    !matches!(
        a,
        Action::Resize { .. }
            | Action::Layout(_)
            | Action::Loaded { .. }
            | Action::Reloaded { .. }
            | Action::Written { .. }
            | Action::NoteSaved { .. }
            | Action::StatsLoaded(_)
            | Action::Notice(_)
            | Action::Failed(_)
    )
}

/// Every scrolled region follows its selection within the rows the last layout gave it.
fn follow(state: &mut AppState) {
    let screen = state.screen;
    let phases = state.current().map_or(0, |r| r.roadmap.phases.len());
    state
        .phase_scroll
        .follow(state.phase, phases, screen.phases.rows);
    let steps = state.visible.len();
    state
        .step_scroll
        .follow(state.step, steps, screen.steps.rows);
    state
        .detail_scroll
        .clamp(screen.detail.lines, screen.detail.rows);
    if let Some(mut overlay) = state.overlay.take() {
        overlays::follow(&mut overlay, state);
        state.overlay = Some(overlay);
    }
    chart::with_open(state, |c, state| {
        chart::follow(c, state, screen.chart, screen.chart_detail)
    });
}

/// Effects that remember where the person was, written before quitting or switching.
pub(super) fn save_place(state: &AppState, fx: &mut Vec<Effect>) {
    let Some(r) = state.current() else { return };
    fx.push(Effect::SaveSetting(SettingValue::LastRoadmap(
        r.id().to_string(),
    )));
    if let Some(i) = state.selected_step() {
        fx.push(Effect::SaveSetting(SettingValue::LastSelection {
            roadmap: r.id().to_string(),
            step: r.roadmap.steps[i].id.clone(),
        }));
    }
    fx.push(Effect::SaveSetting(SettingValue::Places(
        state.places_setting(),
    )));
    fx.push(Effect::SaveSetting(SettingValue::HideDone(
        state.hide_closed,
    )));
    fx.push(Effect::SaveSetting(SettingValue::Focus(
        state.focus.as_str().into(),
    )));
}

pub(super) fn quit(state: &mut AppState, fx: &mut Vec<Effect>) {
    save_place(state, fx);
    state.quit = true;
    fx.push(Effect::Quit);
}

/// `sel` moved by `delta` within `0..len`.
pub(super) fn move_by(sel: usize, len: usize, delta: isize) -> usize {
    if len == 0 {
        return 0;
    }
    (sel as isize)
        .saturating_add(delta)
        .clamp(0, len as isize - 1) as usize
}

/// (roadmap index, step index) of the selection.
pub(super) fn selection(state: &AppState) -> Option<(usize, usize)> {
    Some((state.current?, state.selected_step()?))
}

/// Applies status changes to the state at once and asks the runtime to store them.
pub(super) fn apply(
    state: &mut AppState,
    r: usize,
    changes: Vec<(usize, Status)>,
    fx: &mut Vec<Effect>,
) {
    let changes: Vec<(usize, Status)> = changes
        .into_iter()
        .filter(|&(i, s)| {
            state.roadmaps[r]
                .statuses
                .get(i)
                .is_some_and(|&old| old != s)
        })
        .collect();
    if changes.is_empty() {
        return;
    }
    let rs = &mut state.roadmaps[r];
    let mut ids = Vec::with_capacity(changes.len());
    let mut was = Vec::with_capacity(changes.len());
    for &(i, s) in &changes {
        was.push(rs.statuses[i]);
        rs.statuses[i] = s;
        if s == Status::Done {
            rs.was_done[i] = true;
        }
        rs.explicit[i] = true;
        ids.push((rs.roadmap.steps[i].id.clone(), s));
    }
    let roadmap = rs.id().to_string();
    state.refresh_progress();
    if state.current.is_some() {
        state.recompute();
    }
    fx.push(Effect::SetStatus {
        roadmap,
        changes: ids,
        was,
    });
}

/// Selects step `i`, clearing the filter when it hides the step.
pub(super) fn jump(state: &mut AppState, i: usize) {
    if !state.select_step(i) {
        set_filter(state, String::new());
        state.hide_closed = false;
        state.recompute();
        state.select_step(i);
        state.notice("filter cleared to show the step");
    }
    if state.detail_shows_phase() {
        state.focus = Focus::Steps;
        state.detail_phase = false;
    }
}

/// After the filter changed: when the selected phase shows nothing but others do, go to
/// the first phase with matches.
pub(super) fn follow_matches(state: &mut AppState) {
    if state.visible.is_empty()
        && state.match_count > 0
        && let Some(p) = state.phase_matches.iter().position(|&c| c > 0)
    {
        state.phase = p;
        state.step = 0;
        state.step_scroll.reset();
        state.rebuild_visible();
    }
}

pub(super) fn set_filter(state: &mut AppState, text: String) {
    state.filter = Filter::parse(&text).unwrap_or_default();
    state.filter_text = text;
}

/// A key for a text prompt.
pub(super) fn edit(input: &mut Input, action: Action) {
    match action {
        Action::Input(c) => input.insert(c),
        Action::Backspace => input.backspace(),
        Action::Delete => input.delete(),
        Action::ClearInput => input.clear(),
        Action::DeleteWord => input.delete_word(),
        Action::Left => input.left(),
        Action::Right => input.right(),
        Action::Top => input.home(),
        Action::Bottom => input.end(),
        _ => {}
    }
}

impl AppState {
    /// An informational message for the footer, until the next key.
    pub fn notice(&mut self, text: &str) {
        self.message = Some(Message {
            text: text.to_string(),
            error: false,
        });
    }

    /// An error message for the footer, until the next key.
    pub fn error(&mut self, text: &str) {
        self.message = Some(Message {
            text: text.to_string(),
            error: true,
        });
    }
}
