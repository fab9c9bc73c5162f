//! The main view: phases, steps and the detail pane, whichever has the focus (drawn by
//! `ui/{header,phases,steps,detail,footer}.rs`). Keys reach it when no overlay is open.

use super::action::{Action, Effect};
use super::overlays::Overlay;
use super::overlays::checklist::{Checklist, ChecklistKind};
use super::overlays::confirm::Confirm;
use super::overlays::filter::FilterPrompt;
use super::overlays::search::SearchState;
use super::picker::PickerState;
use super::scroll::Scroll;
use super::state::{AppState, Focus};
use super::update::{apply, follow_matches, jump, move_by, quit, selection, set_filter};
use crate::model::{Effective, Status};

/// Rows a page key moves.
const PAGE: isize = 10;

pub fn update(state: &mut AppState, action: Action, fx: &mut Vec<Effect>) {
    if state.current.is_none() {
        // Nothing open: only the picker makes sense.
        match action {
            Action::Quit | Action::Back => quit(state, fx),
            _ => state.overlay = Some(Overlay::Picker(PickerState::at(0))),
        }
        return;
    }
    match action {
        Action::Up => move_focused(state, -1),
        Action::Down => move_focused(state, 1),
        Action::PageUp => move_focused(state, -PAGE),
        Action::PageDown => move_focused(state, PAGE),
        Action::Top => move_focused(state, isize::MIN / 2),
        Action::Bottom => move_focused(state, isize::MAX / 2),
        Action::Left | Action::FocusPrev => {
            state.focus = match state.focus {
                Focus::Phases if action == Action::FocusPrev => Focus::Detail,
                Focus::Phases | Focus::Steps => Focus::Phases,
                Focus::Detail => Focus::Steps,
            }
        }
        Action::Right | Action::FocusNext => {
            state.focus = match state.focus {
                Focus::Phases => Focus::Steps,
                Focus::Detail if action == Action::FocusNext => Focus::Phases,
                Focus::Steps | Focus::Detail => Focus::Detail,
            }
        }
        Action::Enter => {
            state.focus = match state.focus {
                Focus::Phases => Focus::Steps,
                Focus::Steps | Focus::Detail => Focus::Detail,
            };
            state.detail_scroll.reset();
        }
        Action::Back => match state.focus {
            Focus::Detail => state.focus = Focus::Steps,
            _ => quit(state, fx),
        },
        Action::Quit => quit(state, fx),
        Action::ToggleDone => toggle(state, Status::Done, fx),
        Action::ToggleStarted => toggle(state, Status::InProgress, fx),
        Action::ToggleSkipped => toggle(state, Status::Skipped, fx),
        Action::Undo => fx.push(Effect::Undo),
        Action::MarkPhaseDone => mark_phase_done(state),
        Action::Search => state.overlay = Some(Overlay::Search(SearchState::open(state))),
        Action::FilterPrompt => state.overlay = Some(Overlay::Filter(FilterPrompt::open(state))),
        Action::TagPicker => open_checklist(state, ChecklistKind::Tags),
        Action::LevelPicker => open_checklist(state, ChecklistKind::Levels),
        Action::ClearFilters if state.filter_active() => {
            set_filter(state, String::new());
            state.hide_closed = false;
            state.recompute();
            state.notice("filters cleared");
        }
        Action::HideClosed => {
            state.hide_closed = !state.hide_closed;
            state.recompute();
            follow_matches(state);
            state.notice(if state.hide_closed {
                "hiding done and skipped steps (H shows them)"
            } else {
                "showing every step"
            });
        }
        Action::NextUp => next_up(state),
        Action::EditNote => match selection(state) {
            Some((r, i)) => {
                let rs = &state.roadmaps[r];
                fx.push(Effect::EditNote {
                    roadmap: rs.id().to_string(),
                    step: rs.roadmap.steps[i].id.clone(),
                    note: rs.notes.get(&i).cloned(),
                });
            }
            None => state.notice("select a step first"),
        },
        Action::OpenResource => {
            let url = selection(state).and_then(|(r, i)| {
                state.roadmaps[r].roadmap.steps[i]
                    .resources
                    .iter()
                    .find_map(|res| res.url.clone())
            });
            match url {
                Some(url) => {
                    state.notice(&format!("opening {url}"));
                    fx.push(Effect::OpenUrl(url));
                }
                None => state.notice("this step has no link"),
            }
        }
        Action::RoadmapPicker => {
            let selected = state.current.unwrap_or(0);
            state.overlay = Some(Overlay::Picker(PickerState::at(selected)));
        }
        Action::Chart => super::chart::open(state),
        Action::Help => state.overlay = Some(Overlay::Help(Scroll::default())),
        Action::About => state.overlay = Some(Overlay::About(Scroll::default())),
        _ => {}
    }
}

/// Moves within the focused pane: the phase, the step, or the detail text.
pub fn move_focused(state: &mut AppState, delta: isize) {
    match state.focus {
        Focus::Phases => {
            let n = state.current().map_or(0, |r| r.roadmap.phases.len());
            let p = move_by(state.phase, n, delta);
            select_phase(state, p);
        }
        Focus::Steps => {
            let s = move_by(state.step, state.visible.len(), delta);
            if s != state.step {
                state.step = s;
                state.detail_scroll.reset();
            }
        }
        Focus::Detail => {
            let v = state.screen.detail;
            state.detail_scroll.scroll_by(delta, v.lines, v.rows);
        }
    }
}

/// Selects phase `p` (when it is another one) and its first step.
pub fn select_phase(state: &mut AppState, p: usize) {
    if p != state.phase {
        state.phase = p;
        state.step = 0;
        state.step_scroll.reset();
        state.detail_scroll.reset();
        state.rebuild_visible();
    }
}

fn toggle(state: &mut AppState, to: Status, fx: &mut Vec<Effect>) {
    let Some((r, i)) = selection(state) else {
        state.notice("no step selected");
        return;
    };
    toggle_step(state, r, i, to, fx);
    if state.hide_closed && state.selected_step() != Some(i) {
        let msg = state
            .message
            .as_ref()
            .map(|m| m.text.clone())
            .unwrap_or_default();
        state.notice(&format!("{msg} (hidden by H)"));
    }
}

/// Toggles step `i` of roadmap `r` to `to` (back to todo when it is already there) and
/// says what changed, pick-one groups included. Shared with the chart view.
pub fn toggle_step(state: &mut AppState, r: usize, i: usize, to: Status, fx: &mut Vec<Effect>) {
    let old = state.roadmaps[r].statuses[i];
    let new = if old == to { Status::Todo } else { to };
    apply(state, r, vec![(i, new)], fx);
    let rs = &state.roadmaps[r];
    let title = &rs.roadmap.steps[i].title;
    let mut msg = format!("{} → {}", crate::ui::text::clean(title), new.as_str());
    // Say what a pick-one group did, since the other members change too.
    if new == Status::Done
        && let Some(&g) = rs.graph.groups_of(i).first()
    {
        let group = &rs.roadmap.groups[g as usize];
        let settled = group
            .steps
            .iter()
            .filter(|&&s| rs.snapshot.effective[s] == Effective::NotNeeded)
            .count();
        if settled > 0 {
            msg.push_str(&format!(
                " · “{}” settled, {settled} not needed",
                crate::ui::text::clean(&group.title)
            ));
        }
    }
    state.notice(&msg);
}

fn mark_phase_done(state: &mut AppState) {
    let Some(r) = state.current else { return };
    let rs = &state.roadmaps[r];
    let Some(phase) = rs.roadmap.phases.get(state.phase) else {
        return;
    };
    let changes: Vec<(usize, Status)> = rs
        .graph
        .phase_steps(state.phase)
        .iter()
        .map(|&i| i as usize)
        .filter(|&i| {
            matches!(
                rs.snapshot.effective[i],
                Effective::Todo | Effective::InProgress
            )
        })
        .map(|i| (i, Status::Done))
        .collect();
    if changes.is_empty() {
        let msg = format!(
            "nothing left to mark in “{}”",
            crate::ui::text::clean(&phase.title)
        );
        state.notice(&msg);
        return;
    }
    let n = changes.len();
    state.overlay = Some(Overlay::Confirm(Confirm {
        title: "Mark phase done".into(),
        message: format!(
            "Mark {n} open step{} of “{}” done?",
            if n == 1 { "" } else { "s" },
            crate::ui::text::clean(&phase.title)
        ),
        roadmap: rs.id().to_string(),
        changes,
    }));
}

fn next_up(state: &mut AppState) {
    let Some(r) = state.current() else { return };
    let next = r.graph.next_up(&r.statuses, &r.snapshot.settled);
    let Some(&first) = next.first() else {
        state.notice("nothing is next: every step is settled");
        return;
    };
    jump(state, first);
}

fn open_checklist(state: &mut AppState, kind: ChecklistKind) {
    match Checklist::open(state, kind) {
        Some(c) => state.overlay = Some(Overlay::Checklist(c)),
        None if state.current.is_some() => state.notice("this roadmap has no tags"),
        None => {}
    }
}
