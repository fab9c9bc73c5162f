//! `r`: choose a roadmap; the whole screen when none is open (drawn by `ui/picker.rs`).
//! Rows are the loaded roadmaps, then the files that failed to load (not selectable).

use super::action::{Action, Effect};
use super::overlays::Next;
use super::scroll::Scroll;
use super::state::AppState;
use super::update::{move_by, quit, save_place};
use crate::store::SettingValue;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct PickerState {
    /// Index into `AppState::roadmaps`.
    pub selected: usize,
    pub scroll: Scroll,
}

impl PickerState {
    pub fn at(selected: usize) -> PickerState {
        PickerState {
            selected,
            scroll: Scroll::default(),
        }
    }
}

/// Rows the picker lists: roadmaps, then broken files.
pub fn rows(state: &AppState) -> usize {
    state.roadmaps.len() + state.broken.len()
}

pub fn update(
    state: &mut AppState,
    p: &mut PickerState,
    action: Action,
    fx: &mut Vec<Effect>,
) -> Next {
    let n = state.roadmaps.len();
    match action {
        Action::Down => p.selected = move_by(p.selected, n, 1),
        Action::Up => p.selected = move_by(p.selected, n, -1),
        Action::Top => p.selected = 0,
        Action::Bottom => p.selected = n.saturating_sub(1),
        Action::Enter if n > 0 => {
            let selected = p.selected;
            if state.current != Some(selected) {
                save_place(state, fx);
                state.open_roadmap(selected);
                fx.push(Effect::SaveSetting(SettingValue::LastRoadmap(
                    state.roadmaps[selected].id().to_string(),
                )));
            }
            return Next::Close;
        }
        Action::Back if state.current.is_some() => return Next::Close,
        Action::Back | Action::Quit => {
            quit(state, fx);
            return Next::Close;
        }
        _ => {}
    }
    Next::Stay
}

/// A click on row `i`: selects a roadmap; a click on the selected one opens it.
pub fn click(state: &mut AppState, p: &mut PickerState, i: usize, fx: &mut Vec<Effect>) -> Next {
    if i >= state.roadmaps.len() {
        return Next::Stay;
    }
    if p.selected == i {
        return update(state, p, Action::Enter, fx);
    }
    p.selected = i;
    Next::Stay
}
