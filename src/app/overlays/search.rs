//! `/`: live fuzzy search over the steps of every roadmap (drawn by
//! `ui/overlays/search.rs`). Results are ranked and weak matches cut
//! (`model::filter::Searcher`); on equal scores the open roadmap comes first. Enter goes
//! to the step, switching roadmap when it is in another one.

use super::Next;
use crate::app::action::{Action, Effect};
use crate::app::input::Input;
use crate::app::scroll::Scroll;
use crate::app::state::AppState;
use crate::app::update::{edit, jump, move_by, save_place};
use crate::model::filter::{Searcher, rank};
use crate::store::SettingValue;

/// One result: where the step is and which title characters matched.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    /// Index into `AppState::roadmaps`.
    pub roadmap: usize,
    /// Index into that roadmap's steps.
    pub step: usize,
    pub score: u32,
    /// Char indexes of the title that matched, for highlighting.
    pub title_chars: Vec<u32>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SearchState {
    pub query: Input,
    /// Matches in every roadmap, best first.
    pub hits: Vec<SearchHit>,
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
        self.hits.clear();
        if let Some(mut searcher) = Searcher::new(self.query.text()) {
            // The open roadmap first, so it wins ties.
            let order = state
                .current
                .into_iter()
                .chain((0..state.roadmaps.len()).filter(|&i| Some(i) != state.current));
            for r in order {
                self.hits.extend(
                    searcher
                        .hits(&state.roadmaps[r].roadmap)
                        .into_iter()
                        .map(|h| SearchHit {
                            roadmap: r,
                            step: h.step,
                            score: h.score,
                            title_chars: h.title_chars,
                        }),
                );
            }
            rank(&mut self.hits, |h| h.score);
        }
        self.selected = self.selected.min(self.hits.len().saturating_sub(1));
    }

    /// A click on result `i`: selects it.
    pub fn click(&mut self, i: usize) {
        if i < self.hits.len() {
            self.selected = i;
        }
    }
}

pub fn update(
    state: &mut AppState,
    s: &mut SearchState,
    action: Action,
    fx: &mut Vec<Effect>,
) -> Next {
    let before = s.query.text().to_string();
    match action {
        Action::Down => s.selected = move_by(s.selected, s.hits.len(), 1),
        Action::Up => s.selected = move_by(s.selected, s.hits.len(), -1),
        a @ (Action::Input(_) | Action::Backspace | Action::ClearInput | Action::DeleteWord) => {
            edit(&mut s.query, a)
        }
        Action::Enter => {
            if let Some(h) = s.hits.get(s.selected) {
                if state.current != Some(h.roadmap) {
                    save_place(state, fx);
                    state.open_roadmap(h.roadmap);
                    fx.push(Effect::SaveSetting(SettingValue::LastRoadmap(
                        state.roadmaps[h.roadmap].id().to_string(),
                    )));
                }
                jump(state, h.step);
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
