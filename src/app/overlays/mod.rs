//! Pop-ups over the main view, one module each, mirroring `ui/overlays/`: a module holds
//! the overlay's state and its `update`; `ui/overlays/<name>.rs` draws it. The roadmap
//! picker is an overlay too but lives in `app/picker.rs`, like `ui/picker.rs`, since it
//! is also the whole screen when no roadmap is open.

pub mod about;
pub mod checklist;
pub mod confirm;
pub mod filter;
pub mod help;
pub mod links;
pub mod search;

use super::action::{Action, Effect};
use super::picker::{self, PickerState};
use super::scroll::Scroll;
use super::state::AppState;
use checklist::Checklist;
use confirm::Confirm;
use filter::FilterPrompt;
use links::Links;
use search::SearchState;

/// The open pop-up, with its own state.
#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    Help(Scroll),
    /// `i`: the roadmap's overview (origin, facts, tips, timeline, routine, links).
    About(Scroll),
    Search(SearchState),
    Filter(FilterPrompt),
    Checklist(Checklist),
    Picker(PickerState),
    Confirm(Confirm),
    Links(Links),
}

/// What an overlay's `update` answers: stay open, or close.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    Stay,
    Close,
}

/// Hands `action` to the open overlay. The overlay is out of `state` meanwhile, so its
/// update may change the rest of the state, and may open another overlay (which wins).
pub fn update(state: &mut AppState, mut overlay: Overlay, action: Action, fx: &mut Vec<Effect>) {
    let next = match &mut overlay {
        Overlay::Help(scroll) => help::update(state, scroll, action),
        Overlay::About(scroll) => about::update(state, scroll, action),
        Overlay::Search(s) => search::update(state, s, action, fx),
        Overlay::Filter(p) => filter::update(state, p, action),
        Overlay::Checklist(c) => checklist::update(state, c, action),
        Overlay::Picker(p) => picker::update(state, p, action, fx),
        Overlay::Confirm(c) => confirm::update(state, c, action, fx),
        Overlay::Links(l) => links::update(state, l, action, fx),
    };
    if next == Next::Stay && state.overlay.is_none() {
        state.overlay = Some(overlay);
    }
}

/// Brings the overlay's scroll offset in line with the last drawn screen.
pub fn follow(overlay: &mut Overlay, state: &AppState) {
    let v = state.screen.overlay;
    match overlay {
        Overlay::Help(scroll) | Overlay::About(scroll) => scroll.clamp(v.lines, v.rows),
        Overlay::Search(s) => s.scroll.follow(s.selected, s.hits.len(), v.rows),
        Overlay::Checklist(c) => c.scroll.follow(c.selected, c.items.len(), v.rows),
        Overlay::Picker(p) => p.scroll.follow(p.selected, picker::rows(state), v.rows),
        Overlay::Filter(_) | Overlay::Confirm(_) | Overlay::Links(_) => {}
    }
}
