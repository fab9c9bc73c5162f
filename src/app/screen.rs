//! Where the last frame put things, as plain values. `ui::screen` computes it from the
//! terminal size (a pure function of the state); the runtime feeds it in with
//! [`Action::Layout`](super::Action::Layout) before each draw. `update` reads it to keep
//! selections visible and to resolve mouse clicks; `ui` never writes into the state.

use ratatui::layout::Rect;

/// One scrolled region.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Viewport {
    /// The bordered box, for mouse hits (rows start under its top border).
    pub area: Rect,
    /// Entries it shows at once (list items, or lines of text).
    pub rows: usize,
    /// For text: how many lines it has, to bound scrolling. 0 for lists.
    pub lines: usize,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Screen {
    pub phases: Viewport,
    pub steps: Viewport,
    pub detail: Viewport,
    /// The list or text of the open overlay (or of the full-screen picker).
    pub overlay: Viewport,
    /// The chart view's canvas on screen (its width and height scroll).
    pub chart: Viewport,
}
