//! `/`: live fuzzy search over the steps of the roadmap (drawn by `ui/overlays/search.rs`).

use super::Next;
use crate::app::action::Action;
use crate::app::input::Input;
use crate::app::scroll::Scroll;
use crate::app::state::AppState;
use crate::app::update::{edit, jump, move_by};
use crate::model::filter::search;

#[derive(Debug, Clone, PartialEq)]
pub struct SearchState {
    pub query: Input,
    /// Matching step indexes, best first.
    pub hits: Vec<usize>,
    pub selected: usize,
    pub scroll: Scroll,
}

impl SearchState {
    pub fn open(state: &AppState) -> SearchState {
        let mut s = SearchState {
            query: Input::default(),
            hits: Vec::new(),
            selected: 0,
            scroll: Scroll::default(),
        };
        s.run(state);
        s
    }

    fn run(&mut self, state: &AppState) {
        self.hits = match state.current() {
            Some(r) if !self.query.text().trim().is_empty() => {
                search(&r.roadmap, self.query.text())
                    .into_iter()
                    .map(|(i, _)| i)
                    .collect()
            }
            _ => Vec::new(),
        };
        self.selected = self.selected.min(self.hits.len().saturating_sub(1));
    }

    /// A click on result `i`: selects it.
    pub fn click(&mut self, i: usize) {
        if i < self.hits.len() {
            self.selected = i;
        }
    }
}

pub fn update(state: &mut AppState, s: &mut SearchState, action: Action) -> Next {
    let before = s.query.text().to_string();
    match action {
        Action::Down => s.selected = move_by(s.selected, s.hits.len(), 1),
        Action::Up => s.selected = move_by(s.selected, s.hits.len(), -1),
        a @ (Action::Input(_) | Action::Backspace | Action::ClearInput | Action::DeleteWord) => {
            edit(&mut s.query, a)
        }
        Action::Enter => {
            if let Some(&i) = s.hits.get(s.selected) {
                jump(state, i);
            }
            return Next::Close;
        }
        Action::Back | Action::Quit => return Next::Close,
        _ => {}
    }
    if s.query.text() != before {
        s.selected = 0;
        s.scroll.reset();
        s.run(state);
    }
    Next::Stay
}
