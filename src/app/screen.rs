//! Where the last frame put things, as plain values. `ui::screen` computes it from the
//! terminal size (a pure function of the state); the runtime feeds it in with
//! [`Action::Layout`](super::Action::Layout) before each draw. `update` reads it to keep
//! selections visible and to resolve mouse clicks; `ui` never writes into the state.

use ratatui::layout::Rect;

/// Below this the interface shows a "too small" message instead, and ignores every key
/// but quitting: nothing acts where it cannot be seen.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

/// Whether a terminal of this size gets the "too small" screen.
pub fn too_small(width: u16, height: u16) -> bool {
    width < MIN_WIDTH || height < MIN_HEIGHT
}

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
    /// The chart view's detail pane, when open (text).
    pub chart_detail: Viewport,
}
