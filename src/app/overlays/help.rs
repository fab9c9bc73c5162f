//! `?`: every binding of the one key table (drawn by `ui/overlays/help.rs`).

use super::Next;
use crate::app::action::Action;
use crate::app::scroll::Scroll;
use crate::app::state::AppState;

pub fn update(state: &mut AppState, scroll: &mut Scroll, action: Action) -> Next {
    let v = state.screen.overlay;
    match action {
        Action::Down => scroll.scroll_by(1, v.lines, v.rows),
        Action::Up => scroll.scroll_by(-1, v.lines, v.rows),
        Action::Back | Action::Help | Action::Quit => return Next::Close,
        _ => {}
    }
    Next::Stay
}
