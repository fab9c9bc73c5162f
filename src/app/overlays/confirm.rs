//! A yes/no dialog before a change of many steps (drawn by `ui/overlays/confirm.rs`).

use super::Next;
use crate::app::action::{Action, Effect};
use crate::app::state::AppState;
use crate::app::update::apply;
use crate::model::Status;

/// What a confirm dialog does on "yes".
#[derive(Debug, Clone, PartialEq)]
pub struct Confirm {
    pub title: String,
    pub message: String,
    pub roadmap: String,
    pub changes: Vec<(usize, Status)>,
}

pub fn update(state: &mut AppState, c: &mut Confirm, action: Action, fx: &mut Vec<Effect>) -> Next {
    match action {
        Action::Yes => {
            if let Some(r) = state.index_of(&c.roadmap) {
                let changes = std::mem::take(&mut c.changes);
                let n = changes.len();
                apply(state, r, changes, fx);
                state.notice(&format!(
                    "{} marked done (u undoes)",
                    crate::app::count(n, "step", "steps")
                ));
            }
            Next::Close
        }
        Action::No | Action::Back | Action::Quit => Next::Close,
        _ => Next::Stay,
    }
}
