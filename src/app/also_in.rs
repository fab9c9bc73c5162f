//! The detail pane's "also in" list as a component: the steps of other roadmaps that
//! share a topic with the selected step. `Enter` in the detail pane gives it the keys,
//! `↑`/`↓` choose, `Enter` jumps to that roadmap and step, `Esc` gives the keys back to
//! the pane. Drawn by `ui/detail.rs` (the chosen row is highlighted).

use super::action::Action;
use super::state::{AppState, Focus};

/// The chosen counterpart, as an index into [`counterparts`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AlsoIn {
    pub selected: usize,
}

/// Whether the list stays open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    Stay,
    Close,
}

/// Counterparts of the selected step: (roadmap index, step index), in load order.
pub fn counterparts(state: &AppState) -> Vec<(usize, usize)> {
    match (state.current, state.selected_step()) {
        (Some(r), Some(i)) => state
            .topics
            .counterparts(r, &state.roadmaps[r].roadmap.steps[i].topics),
        _ => Vec::new(),
    }
}

/// Opens the list on its first row; `None` when the step has no counterpart.
pub fn open(state: &AppState) -> Option<AlsoIn> {
    (!counterparts(state).is_empty()).then_some(AlsoIn::default())
}

pub fn update(state: &mut AppState, own: &mut AlsoIn, action: Action) -> Next {
    let items = counterparts(state);
    if items.is_empty() {
        return Next::Close;
    }
    let last = items.len() - 1;
    match action {
        Action::Up => own.selected = own.selected.saturating_sub(1),
        Action::Down => own.selected = (own.selected + 1).min(last),
        Action::Top => own.selected = 0,
        Action::Bottom => own.selected = last,
        Action::Back | Action::Left => return Next::Close,
        Action::Enter => {
            let (r, s) = items[own.selected.min(last)];
            state.open_roadmap(r);
            super::update::jump(state, s);
            state.focus = Focus::Detail;
            let title = &state.roadmaps[r].roadmap.title;
            let msg = format!("→ {}", crate::sanitize::inert(title));
            state.notice(&msg);
            return Next::Close;
        }
        _ => return Next::Close,
    }
    Next::Stay
}
