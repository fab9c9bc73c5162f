//! The main view: phases, steps and the detail pane, whichever has the focus (drawn by
//! `ui/{header,phases,steps,detail,footer}.rs`). Keys reach it when no overlay is open.

use super::action::{Action, Effect};
use super::overlays::Overlay;
use super::overlays::checklist::{Checklist, ChecklistKind};
use super::overlays::confirm::Confirm;
use super::overlays::filter::FilterPrompt;
use super::overlays::links::{Link, Links};
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
    // The detail pane's "also in" list has the keys it knows while open; any other key
    // closes it and does what it does in the pane.
    if let Some(mut list) = state.also_in.take()
        && state.focus == Focus::Detail
    {
        let known = matches!(
            action,
            Action::Up | Action::Down | Action::Top | Action::Bottom | Action::Enter | Action::Back
        );
        if super::also_in::update(state, &mut list, action.clone()) == super::also_in::Next::Stay {
            state.also_in = Some(list);
            return;
        }
        if known {
            return;
        }
    }
    match action {
        Action::Up => move_focused(state, -1),
        Action::Down => move_focused(state, 1),
        Action::PageUp => move_focused(state, -PAGE),
        Action::PageDown => move_focused(state, PAGE),
        Action::Top => move_focused(state, isize::MIN / 2),
        Action::Bottom => move_focused(state, isize::MAX / 2),
        Action::Left | Action::FocusPrev => match state.focus {
            Focus::Phases if action == Action::FocusPrev => state.focus_detail(),
            Focus::Steps if action == Action::FocusPrev && !state.has_phase_pane() => {
                state.focus_detail()
            }
            Focus::Phases | Focus::Steps => state.focus = Focus::Phases,
            Focus::Detail => leave_detail(state),
        },
        Action::Right | Action::FocusNext => match state.focus {
            Focus::Phases => state.focus = Focus::Steps,
            Focus::Detail if action == Action::FocusNext => state.focus = Focus::Phases,
            Focus::Detail => {}
            Focus::Steps => state.focus_detail(),
        },
        // Enter in the detail pane gives the keys to its "also in" list.
        Action::Enter if state.focus == Focus::Detail => {
            state.also_in = super::also_in::open(state);
            if state.also_in.is_none() {
                state.notice("no other roadmap shares a topic with this step");
            }
        }
        Action::Enter => {
            match state.focus {
                Focus::Phases => state.focus = Focus::Steps,
                Focus::Steps | Focus::Detail => state.focus = Focus::Detail,
            }
            state.detail_phase = false;
            state.detail_scroll.reset();
        }
        Action::FocusDetail => state.focus_detail(),
        // Esc steps back and never quits: one press too many must not close the
        // program (only `q` does). It leaves the details, then clears the filter.
        Action::Back => match state.focus {
            Focus::Detail => leave_detail(state),
            _ if !state.filter_text.is_empty() => {
                set_filter(state, String::new());
                state.recompute();
                state.notice("filter cleared");
            }
            _ => state.notice("q quits"),
        },
        Action::Quit => quit(state, fx),
        Action::ToggleDone => toggle(state, Status::Done, fx),
        Action::ToggleStarted => toggle(state, Status::InProgress, fx),
        Action::ToggleSkipped => toggle(state, Status::Skipped, fx),
        Action::Undo => fx.push(Effect::Undo),
        Action::Stats => {
            state.view = super::view::View::Stats(super::stats::StatsState::open(fx));
        }
        Action::Review if !state.review.enabled => {
            state.notice("review is off (`waymark review --on` turns it on)");
        }
        Action::Review => {
            state.view = super::view::View::Review(super::review::ReviewState::open(state));
        }
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
        Action::OpenResource => open_resource(state, fx),
        Action::CopyLink => match selection(state) {
            Some((r, i)) => {
                let rs = &state.roadmaps[r];
                let step = &rs.roadmap.steps[i];
                let (text, what) = match step.resources.iter().find_map(|res| res.url.clone()) {
                    Some(url) => (url, "link"),
                    None => (format!("{}/{}", rs.id(), step.id), "step id (no link)"),
                };
                state.notice(&format!("copied the {what} {text}"));
                fx.push(Effect::Copy(text));
            }
            None => state.notice("select a step first"),
        },
        Action::RoadmapPicker => {
            let selected = state.current.unwrap_or(0);
            state.overlay = Some(Overlay::Picker(PickerState::at(selected)));
        }
        Action::Chart => super::chart::open(state),
        Action::Help => state.overlay = Some(Overlay::Help(Scroll::default())),
        Action::About => state.overlay = Some(Overlay::About(Scroll::default())),
        _ => {}
    }
    state.fit_focus();
}

/// Back from the detail pane to the list it describes.
fn leave_detail(state: &mut AppState) {
    state.focus = if state.detail_phase {
        Focus::Phases
    } else {
        Focus::Steps
    };
    state.detail_phase = false;
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
    let mut msg = format!("{} → {}", crate::sanitize::inert(title), new.as_str());
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
                crate::sanitize::inert(&group.title)
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
            crate::sanitize::inert(&phase.title)
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
            crate::sanitize::inert(&phase.title)
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

/// `o`: a step's only link opens at once; with several, the links overlay lets the
/// person choose one.
fn open_resource(state: &mut AppState, fx: &mut Vec<Effect>) {
    let Some((r, i)) = selection(state) else {
        state.notice("this step has no link");
        return;
    };
    let step = &state.roadmaps[r].roadmap.steps[i];
    let items: Vec<Link> = step
        .resources
        .iter()
        .filter_map(|res| {
            Some(Link {
                title: res.title.clone(),
                kind: res.kind.clone(),
                url: res.url.clone()?,
            })
        })
        .collect();
    match items.as_slice() {
        [] => state.notice("this step has no link"),
        [one] => {
            let url = one.url.clone();
            state.notice(&format!("opening {url}"));
            fx.push(Effect::OpenUrl(url));
        }
        _ => {
            state.overlay = Some(Overlay::Links(Links {
                step: step.title.clone(),
                items,
                selected: 0,
            }))
        }
    }
}
