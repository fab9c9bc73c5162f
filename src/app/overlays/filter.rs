//! `f`: the filter prompt, applied live as you type (drawn by `ui/overlays/filter.rs`).

use super::Next;
use crate::app::action::Action;
use crate::app::input::Input;
use crate::app::scroll::Scroll;
use crate::app::state::AppState;
use crate::app::update::{edit, follow_matches, set_filter};
use crate::model::filter::{Filter, FilterError};

#[derive(Debug, Clone, PartialEq)]
pub struct FilterPrompt {
    pub input: Input,
    pub error: Option<FilterError>,
    /// The filter before the prompt opened, restored on Esc.
    pub previous: String,
    /// The selection before the prompt opened: every preview starts from it, so a
    /// filter that still shows the step keeps it selected, and Esc puts it back.
    pub origin: Origin,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Origin {
    phase: usize,
    step: Option<usize>,
    phase_scroll: Scroll,
    step_scroll: Scroll,
}

impl FilterPrompt {
    pub fn open(state: &AppState) -> FilterPrompt {
        FilterPrompt {
            input: Input::new(&state.filter_text),
            error: None,
            previous: state.filter_text.clone(),
            origin: Origin {
                phase: state.phase,
                step: state.selected_step(),
                phase_scroll: state.phase_scroll,
                step_scroll: state.step_scroll,
            },
        }
    }
}

/// The selection the prompt opened with, when the filter shows it; otherwise its
/// phase, or the first phase with matches.
fn from_origin(state: &mut AppState, o: Origin) {
    state.phase_scroll = o.phase_scroll;
    state.step_scroll = o.step_scroll;
    if o.step.is_some_and(|i| state.select_step(i)) {
        return;
    }
    state.phase = o.phase;
    state.step = 0;
    // Rebuilt from scratch, so no row of an earlier preview is "kept".
    state.visible.clear();
    state.rebuild_visible();
    follow_matches(state);
}

pub fn update(state: &mut AppState, p: &mut FilterPrompt, action: Action) -> Next {
    match action {
        Action::Enter => {
            if p.error.is_some() {
                state.error("fix the filter first, or Esc to cancel");
                return Next::Stay;
            }
            let n = state.match_count;
            if !state.filter_text.is_empty() {
                state.notice(&crate::app::count(n, "step matches", "steps match"));
            }
            Next::Close
        }
        Action::Back | Action::Quit => {
            set_filter(state, p.previous.clone());
            state.recompute();
            from_origin(state, p.origin);
            Next::Close
        }
        a => {
            edit(&mut p.input, a);
            let parsed = match state.current() {
                Some(r) => Filter::parse_for(p.input.text(), &r.roadmap),
                None => Filter::parse(p.input.text()),
            };
            match parsed {
                Ok(f) => {
                    p.error = None;
                    state.filter = f;
                    state.filter_text = p.input.text().trim().to_string();
                    state.recompute();
                    from_origin(state, p.origin);
                }
                Err(e) => p.error = Some(e),
            }
            Next::Stay
        }
    }
}
