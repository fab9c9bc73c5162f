//! `f`: the filter prompt, applied live as you type (drawn by `ui/overlays/filter.rs`).

use super::Next;
use crate::app::action::Action;
use crate::app::input::Input;
use crate::app::state::AppState;
use crate::app::update::{edit, follow_matches, set_filter};
use crate::model::filter::{Filter, FilterError};

#[derive(Debug, Clone, PartialEq)]
pub struct FilterPrompt {
    pub input: Input,
    pub error: Option<FilterError>,
    /// The filter before the prompt opened, restored on Esc.
    pub previous: String,
}

impl FilterPrompt {
    pub fn open(state: &AppState) -> FilterPrompt {
        FilterPrompt {
            input: Input::new(&state.filter_text),
            error: None,
            previous: state.filter_text.clone(),
        }
    }
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
                state.notice(&format!("{n} steps match"));
            }
            Next::Close
        }
        Action::Back | Action::Quit => {
            set_filter(state, p.previous.clone());
            state.recompute();
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
                    follow_matches(state);
                }
                Err(e) => p.error = Some(e),
            }
            Next::Stay
        }
    }
}
