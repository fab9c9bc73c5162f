//! `update(state, action) -> effects`: the only place the state changes.

use super::action::{Action, Effect};
use super::filter_text;
use super::input::Input;
use super::state::*;
use crate::model::filter::{Filter, search};
use crate::model::{Effective, Level, Status};
use crate::store::SettingValue;

/// Rows a page key moves.
const PAGE: usize = 10;
/// Rows one wheel notch moves.
const WHEEL: usize = 3;

pub fn update(state: &mut AppState, action: Action) -> Vec<Effect> {
    let mut fx = Vec::new();
    // A message stays until the next key.
    if is_key(&action) {
        state.message = None;
    }
    match action {
        Action::Resize { width, height } => state.size = (width, height),
        Action::Loaded { roadmap, records } => {
            if let Some(i) = state.index_of(&roadmap) {
                state.roadmaps[i].load(records);
                if state.current == Some(i) {
                    state.recompute();
                }
            }
        }
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
                notice(state, "note saved");
            }
        }
        Action::Notice(text) => notice(state, &text),
        Action::Failed(text) => {
            state.message = Some(Message { text, error: true });
        }
        Action::Click { col, row } => click(state, col, row, &mut fx),
        Action::ScrollUp { col, row } => wheel(state, col, row, false),
        Action::ScrollDown { col, row } => wheel(state, col, row, true),
        action => match state.overlay.take() {
            None => main(state, action, &mut fx),
            Some(overlay) => overlay_action(state, overlay, action, &mut fx),
        },
    }
    fx
}

fn is_key(a: &Action) -> bool {
    !matches!(
        a,
        Action::Resize { .. }
            | Action::Loaded { .. }
            | Action::Written { .. }
            | Action::NoteSaved { .. }
            | Action::Notice(_)
            | Action::Failed(_)
    )
}

fn notice(state: &mut AppState, text: &str) {
    state.message = Some(Message {
        text: text.to_string(),
        error: false,
    });
}

fn error(state: &mut AppState, text: &str) {
    state.message = Some(Message {
        text: text.to_string(),
        error: true,
    });
}

/// Effects that remember where the person was, written before quitting or switching.
fn save_place(state: &AppState, fx: &mut Vec<Effect>) {
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
}

fn quit(state: &mut AppState, fx: &mut Vec<Effect>) {
    save_place(state, fx);
    state.quit = true;
    fx.push(Effect::Quit);
}

fn move_by(sel: usize, len: usize, delta: isize) -> usize {
    if len == 0 {
        return 0;
    }
    (sel as isize + delta).clamp(0, len as isize - 1) as usize
}

fn main(state: &mut AppState, action: Action, fx: &mut Vec<Effect>) {
    if state.current.is_none() {
        // Nothing open: only the picker makes sense.
        match action {
            Action::Quit | Action::Back => quit(state, fx),
            _ => state.overlay = Some(Overlay::Picker { selected: 0 }),
        }
        return;
    }
    match action {
        Action::Up => move_focused(state, -1),
        Action::Down => move_focused(state, 1),
        Action::PageUp => move_focused(state, -(PAGE as isize)),
        Action::PageDown => move_focused(state, PAGE as isize),
        Action::Top => move_focused(state, isize::MIN / 2),
        Action::Bottom => move_focused(state, isize::MAX / 2),
        Action::Left | Action::FocusPrev => {
            state.focus = match state.focus {
                Focus::Phases => {
                    if action == Action::FocusPrev {
                        Focus::Detail
                    } else {
                        Focus::Phases
                    }
                }
                Focus::Steps => Focus::Phases,
                Focus::Detail => Focus::Steps,
            }
        }
        Action::Right | Action::FocusNext => {
            state.focus = match state.focus {
                Focus::Phases => Focus::Steps,
                Focus::Steps => Focus::Detail,
                Focus::Detail => {
                    if action == Action::FocusNext {
                        Focus::Phases
                    } else {
                        Focus::Detail
                    }
                }
            }
        }
        Action::Enter => {
            state.focus = match state.focus {
                Focus::Phases => Focus::Steps,
                Focus::Steps | Focus::Detail => Focus::Detail,
            };
            state.detail_scroll = 0;
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
        Action::Search => {
            let mut s = SearchState {
                query: Input::default(),
                hits: Vec::new(),
                selected: 0,
            };
            run_search(state, &mut s);
            state.overlay = Some(Overlay::Search(s));
            state.view.list_offset.set(0);
        }
        Action::FilterPrompt => {
            state.overlay = Some(Overlay::Filter(FilterPrompt {
                input: Input::new(&state.filter_text),
                error: None,
                previous: state.filter_text.clone(),
            }))
        }
        Action::TagPicker => open_checklist(state, ChecklistKind::Tags),
        Action::LevelPicker => open_checklist(state, ChecklistKind::Levels),
        Action::ClearFilters if state.filter_active() => {
            set_filter(state, String::new());
            state.hide_closed = false;
            state.recompute();
            notice(state, "filters cleared");
        }
        Action::HideClosed => {
            state.hide_closed = !state.hide_closed;
            state.recompute();
            follow_matches(state);
            notice(
                state,
                if state.hide_closed {
                    "hiding done and skipped steps (H shows them)"
                } else {
                    "showing every step"
                },
            );
        }
        Action::NextUp => next_up(state),
        Action::EditNote => {
            if let Some((r, i)) = selection(state) {
                let rs = &state.roadmaps[r];
                fx.push(Effect::EditNote {
                    roadmap: rs.id().to_string(),
                    step: rs.roadmap.steps[i].id.clone(),
                    note: rs.notes.get(&i).cloned(),
                });
            } else {
                notice(state, "select a step first");
            }
        }
        Action::OpenResource => {
            let url = selection(state).and_then(|(r, i)| {
                state.roadmaps[r].roadmap.steps[i]
                    .resources
                    .iter()
                    .find_map(|res| res.url.clone())
            });
            match url {
                Some(url) => {
                    notice(state, &format!("opening {url}"));
                    fx.push(Effect::OpenUrl(url));
                }
                None => notice(state, "this step has no link"),
            }
        }
        Action::RoadmapPicker => {
            let selected = state.current.unwrap_or(0);
            state.overlay = Some(Overlay::Picker { selected });
        }
        Action::Help => state.overlay = Some(Overlay::Help { scroll: 0 }),
        Action::About if state.current.is_some() => {
            state.overlay = Some(Overlay::About { scroll: 0 });
        }
        _ => {}
    }
}

/// (roadmap index, step index) of the selection.
fn selection(state: &AppState) -> Option<(usize, usize)> {
    Some((state.current?, state.selected_step()?))
}

fn move_focused(state: &mut AppState, delta: isize) {
    match state.focus {
        Focus::Phases => {
            let n = state.current().map_or(0, |r| r.roadmap.phases.len());
            let p = move_by(state.phase, n, delta);
            if p != state.phase {
                state.phase = p;
                state.step = 0;
                state.view.step_offset.set(0);
                state.detail_scroll = 0;
                state.rebuild_visible();
            }
        }
        Focus::Steps => {
            let s = move_by(state.step, state.visible.len(), delta);
            if s != state.step {
                state.step = s;
                state.detail_scroll = 0;
            }
        }
        Focus::Detail => {
            let max = state.view.detail_lines.get();
            let v = (state.detail_scroll as isize + delta).clamp(0, max as isize);
            state.detail_scroll = v as u16;
        }
    }
}

/// Applies status changes to the state at once and asks the runtime to store them.
fn apply(state: &mut AppState, r: usize, changes: Vec<(usize, Status)>, fx: &mut Vec<Effect>) {
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
    for &(i, s) in &changes {
        rs.statuses[i] = s;
        ids.push((rs.roadmap.steps[i].id.clone(), s));
    }
    rs.refresh();
    let roadmap = rs.id().to_string();
    if state.current == Some(r) {
        state.recompute();
    }
    fx.push(Effect::SetStatus {
        roadmap,
        changes: ids,
    });
}

fn toggle(state: &mut AppState, to: Status, fx: &mut Vec<Effect>) {
    let Some((r, i)) = selection(state) else {
        notice(state, "no step selected");
        return;
    };
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
    if state.hide_closed && state.selected_step() != Some(i) {
        msg.push_str(" (hidden by H)");
    }
    notice(state, &msg);
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
        notice(state, &msg);
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
        notice(state, "nothing is next: every step is settled");
        return;
    };
    jump(state, first);
}

/// Selects step `i`, clearing the filter when it hides the step.
fn jump(state: &mut AppState, i: usize) {
    if !state.select_step(i) {
        set_filter(state, String::new());
        state.hide_closed = false;
        state.recompute();
        state.select_step(i);
        notice(state, "filter cleared to show the step");
    }
    if state.focus == Focus::Phases {
        state.focus = Focus::Steps;
    }
}

/// After the filter changed: when the selected phase shows nothing but others do, go to
/// the first phase with matches.
fn follow_matches(state: &mut AppState) {
    if state.visible.is_empty()
        && state.match_count > 0
        && let Some(p) = state.phase_matches.iter().position(|&c| c > 0)
    {
        state.phase = p;
        state.step = 0;
        state.view.step_offset.set(0);
        state.rebuild_visible();
    }
}

fn set_filter(state: &mut AppState, text: String) {
    state.filter = Filter::parse(&text).unwrap_or_default();
    state.filter_text = text;
}

fn run_search(state: &AppState, s: &mut SearchState) {
    s.hits = match state.current() {
        Some(r) if !s.query.text().trim().is_empty() => search(&r.roadmap, s.query.text())
            .into_iter()
            .map(|(i, _)| i)
            .collect(),
        _ => Vec::new(),
    };
    s.selected = s.selected.min(s.hits.len().saturating_sub(1));
}

fn open_checklist(state: &mut AppState, kind: ChecklistKind) {
    let Some(r) = state.current() else { return };
    let chosen = filter_text::values(&state.filter_text, kind.key());
    let is_chosen = |v: &str| chosen.iter().any(|c| c.eq_ignore_ascii_case(v));
    let items: Vec<CheckItem> = match kind {
        ChecklistKind::Tags => r
            .tags()
            .into_iter()
            .map(|(tag, count)| CheckItem {
                checked: is_chosen(&tag),
                label: tag.clone(),
                value: tag,
                count,
            })
            .collect(),
        ChecklistKind::Levels => {
            let counts = r.level_counts();
            Level::ALL
                .iter()
                .map(|l| CheckItem {
                    label: l.as_str().into(),
                    value: l.as_str().into(),
                    count: counts[*l as usize],
                    checked: is_chosen(l.as_str()),
                })
                .collect()
        }
    };
    if items.is_empty() {
        notice(state, "this roadmap has no tags");
        return;
    }
    state.view.list_offset.set(0);
    state.overlay = Some(Overlay::Checklist(Checklist {
        key: kind,
        items,
        selected: 0,
    }));
}

fn overlay_action(state: &mut AppState, overlay: Overlay, action: Action, fx: &mut Vec<Effect>) {
    let keep = match overlay {
        Overlay::Help { scroll } => match action {
            Action::Down => Some(Overlay::Help {
                scroll: scroll.saturating_add(1),
            }),
            Action::Up => Some(Overlay::Help {
                scroll: scroll.saturating_sub(1),
            }),
            Action::Back | Action::Help | Action::Quit => None,
            _ => Some(Overlay::Help { scroll }),
        },
        Overlay::About { scroll } => match action {
            Action::Down => Some(Overlay::About {
                scroll: scroll.saturating_add(1),
            }),
            Action::Up => Some(Overlay::About {
                scroll: scroll.saturating_sub(1),
            }),
            Action::Back | Action::About | Action::Quit => None,
            _ => Some(Overlay::About { scroll }),
        },
        Overlay::Search(mut s) => {
            let before = s.query.text().to_string();
            let mut keep = true;
            match action {
                Action::Down => s.selected = move_by(s.selected, s.hits.len(), 1),
                Action::Up => s.selected = move_by(s.selected, s.hits.len(), -1),
                a @ (Action::Input(_)
                | Action::Backspace
                | Action::ClearInput
                | Action::DeleteWord) => edit(&mut s.query, a),
                Action::Enter => {
                    keep = false;
                    if let Some(&i) = s.hits.get(s.selected) {
                        jump(state, i);
                    }
                }
                Action::Back | Action::Quit => keep = false,
                _ => {}
            }
            if keep && s.query.text() != before {
                s.selected = 0;
                state.view.list_offset.set(0);
                run_search(state, &mut s);
            }
            keep.then_some(Overlay::Search(s))
        }
        Overlay::Filter(mut p) => match action {
            Action::Enter => {
                if p.error.is_some() {
                    error(state, "fix the filter first, or Esc to cancel");
                    Some(Overlay::Filter(p))
                } else {
                    let n = state.match_count;
                    if !state.filter_text.is_empty() {
                        notice(state, &format!("{n} steps match"));
                    }
                    None
                }
            }
            Action::Back | Action::Quit => {
                set_filter(state, p.previous.clone());
                state.recompute();
                None
            }
            a => {
                edit(&mut p.input, a);
                match Filter::parse(p.input.text()) {
                    Ok(f) => {
                        p.error = None;
                        state.filter = f;
                        state.filter_text = p.input.text().trim().to_string();
                        state.recompute();
                        follow_matches(state);
                    }
                    Err(e) => p.error = Some(e),
                }
                Some(Overlay::Filter(p))
            }
        },
        Overlay::Checklist(mut c) => match action {
            Action::Down => {
                c.selected = move_by(c.selected, c.items.len(), 1);
                Some(Overlay::Checklist(c))
            }
            Action::Up => {
                c.selected = move_by(c.selected, c.items.len(), -1);
                Some(Overlay::Checklist(c))
            }
            Action::Toggle => {
                if let Some(it) = c.items.get_mut(c.selected) {
                    it.checked = !it.checked;
                }
                Some(Overlay::Checklist(c))
            }
            Action::ClearInput => {
                c.items.iter_mut().for_each(|it| it.checked = false);
                Some(Overlay::Checklist(c))
            }
            Action::Enter => {
                let values: Vec<String> = c
                    .items
                    .iter()
                    .filter(|it| it.checked)
                    .map(|it| it.value.clone())
                    .collect();
                let text = filter_text::set_values(&state.filter_text, c.key.key(), &values);
                set_filter(state, text);
                state.recompute();
                follow_matches(state);
                None
            }
            Action::Back | Action::Quit => None,
            _ => Some(Overlay::Checklist(c)),
        },
        Overlay::Picker { selected } => {
            let n = state.roadmaps.len();
            match action {
                Action::Down => Some(Overlay::Picker {
                    selected: move_by(selected, n, 1),
                }),
                Action::Up => Some(Overlay::Picker {
                    selected: move_by(selected, n, -1),
                }),
                Action::Top => Some(Overlay::Picker { selected: 0 }),
                Action::Bottom => Some(Overlay::Picker {
                    selected: n.saturating_sub(1),
                }),
                Action::Enter if n > 0 => {
                    if state.current != Some(selected) {
                        save_place(state, fx);
                        state.open_roadmap(selected);
                        fx.push(Effect::SaveSetting(SettingValue::LastRoadmap(
                            state.roadmaps[selected].id().to_string(),
                        )));
                    }
                    None
                }
                Action::Back if state.current.is_some() => None,
                Action::Back | Action::Quit => {
                    quit(state, fx);
                    None
                }
                _ => Some(Overlay::Picker { selected }),
            }
        }
        Overlay::Confirm(c) => match action {
            Action::Yes => {
                if let Some(r) = state.index_of(&c.roadmap) {
                    let n = c.changes.len();
                    apply(state, r, c.changes, fx);
                    notice(state, &format!("{n} steps marked done (u undoes)"));
                }
                None
            }
            Action::No | Action::Back | Action::Quit => None,
            _ => Some(Overlay::Confirm(c)),
        },
    };
    if state.overlay.is_none() {
        state.overlay = keep;
    }
}

fn edit(input: &mut Input, action: Action) {
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

/// The pane (or overlay list) under a screen cell.
fn hit(r: ratatui::layout::Rect, col: u16, row: u16) -> bool {
    r.width > 0 && col > r.x && col + 1 < r.x + r.width && row > r.y && row + 1 < r.y + r.height
}

fn click(state: &mut AppState, col: u16, row: u16, fx: &mut Vec<Effect>) {
    let v = &state.view;
    match &mut state.overlay {
        Some(Overlay::Picker { selected }) => {
            let list = v.list.get();
            if hit(list, col, row) {
                let i = v.list_offset.get() + (row - list.y - 1) as usize;
                if i < state.roadmaps.len() {
                    let again = *selected == i;
                    *selected = i;
                    if again {
                        fx.extend(update(state, Action::Enter));
                    }
                }
            }
            return;
        }
        Some(Overlay::Checklist(c)) => {
            let list = v.list.get();
            if hit(list, col, row) {
                let i = v.list_offset.get() + (row - list.y - 1) as usize;
                if i < c.items.len() {
                    c.selected = i;
                    c.items[i].checked = !c.items[i].checked;
                }
            }
            return;
        }
        Some(Overlay::Search(s)) => {
            let list = v.list.get();
            if hit(list, col, row) {
                let i = v.list_offset.get() + (row - list.y - 1) as usize;
                if i < s.hits.len() {
                    s.selected = i;
                }
            }
            return;
        }
        Some(_) => return,
        None => {}
    }
    let (phases, steps, detail) = (v.phases.get(), v.steps.get(), v.detail.get());
    if hit(phases, col, row) {
        state.focus = Focus::Phases;
        let i = v.phase_offset.get() + (row - phases.y - 1) as usize / 2;
        let n = state.current().map_or(0, |r| r.roadmap.phases.len());
        if i < n && i != state.phase {
            state.phase = i;
            state.step = 0;
            state.view.step_offset.set(0);
            state.rebuild_visible();
        }
    } else if hit(steps, col, row) {
        state.focus = Focus::Steps;
        let i = v.step_offset.get() + (row - steps.y - 1) as usize;
        if i < state.visible.len() {
            state.step = i;
            state.detail_scroll = 0;
        }
    } else if hit(detail, col, row) {
        state.focus = Focus::Detail;
    }
}

fn wheel(state: &mut AppState, col: u16, row: u16, down: bool) {
    let d = if down {
        WHEEL as isize
    } else {
        -(WHEEL as isize)
    };
    let v = &state.view;
    match &mut state.overlay {
        Some(Overlay::Help { scroll } | Overlay::About { scroll }) => {
            *scroll = (*scroll as isize + d).max(0) as u16;
            return;
        }
        Some(Overlay::Picker { selected }) => {
            *selected = move_by(*selected, state.roadmaps.len(), d.signum());
            return;
        }
        Some(Overlay::Checklist(c)) => {
            c.selected = move_by(c.selected, c.items.len(), d.signum());
            return;
        }
        Some(Overlay::Search(s)) => {
            s.selected = move_by(s.selected, s.hits.len(), d.signum());
            return;
        }
        Some(_) => return,
        None => {}
    }
    let focus = if hit(v.phases.get(), col, row) {
        Focus::Phases
    } else if hit(v.detail.get(), col, row) {
        Focus::Detail
    } else {
        Focus::Steps
    };
    let saved = state.focus;
    state.focus = focus;
    move_focused(
        state,
        if focus == Focus::Phases {
            d.signum()
        } else {
            d
        },
    );
    state.focus = saved;
}
