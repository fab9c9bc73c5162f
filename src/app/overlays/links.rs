//! The step's links, one to choose (`o` on a step with more than one; drawn by
//! `ui/overlays/links.rs`): Enter or `o` opens the selected one, `y` copies it.

use super::Next;
use crate::app::action::{Action, Effect};
use crate::app::state::AppState;

/// One link of the step: what the roadmap calls it, its kind, and where it goes.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub title: String,
    pub kind: Option<String>,
    pub url: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Links {
    /// The step's title.
    pub step: String,
    pub items: Vec<Link>,
    pub selected: usize,
}

pub fn update(state: &mut AppState, l: &mut Links, action: Action, fx: &mut Vec<Effect>) -> Next {
    let n = l.items.len();
    match action {
        Action::Down => l.selected = (l.selected + 1).min(n.saturating_sub(1)),
        Action::Up => l.selected = l.selected.saturating_sub(1),
        Action::Top => l.selected = 0,
        Action::Bottom => l.selected = n.saturating_sub(1),
        Action::Enter | Action::OpenResource => {
            if let Some(link) = l.items.get(l.selected) {
                state.notice(&format!("opening {}", link.url));
                fx.push(Effect::OpenUrl(link.url.clone()));
            }
            return Next::Close;
        }
        Action::CopyLink => {
            if let Some(link) = l.items.get(l.selected) {
                state.notice(&format!("copied the link {}", link.url));
                fx.push(Effect::Copy(link.url.clone()));
            }
            return Next::Close;
        }
        Action::Back | Action::Quit => return Next::Close,
        _ => {}
    }
    Next::Stay
}
