//! The interface's state and logic, with no terminal and no database: key events map to
//! [`Action`]s through the one key table ([`keymap`]), [`update()`] applies them and returns
//! [`Effect`]s that the runtime carries out (store writes, the editor, the browser).
//!
//! # Components
//!
//! Each screen is a component: a module that owns its state and its `update`, named like
//! the `ui` module that draws it, so "where is search?" has one answer per layer.
//!
//! | component | app (state + update) | ui (draw) |
//! |---|---|---|
//! | main view | [`main_view`] | `ui/{header,phases,steps,detail,footer}.rs` |
//! | roadmap picker | [`picker`] | `ui/picker.rs` |
//! | help, about, search, filter, tag/level lists, confirm | `overlays/<name>.rs` | `ui/overlays/<name>.rs` |
//! | "also in" list of the detail pane | [`also_in`] | `ui/detail.rs` |
//! | stats view (`S`) | [`stats`] | `ui/stats.rs` |
//! | review view (`R`) | [`review`] | `ui/review.rs` |
//! | chart view (`g`) | [`chart`] (layout: `chart/layout.rs`) | `ui/chart.rs` |
//! | mouse | [`mouse`] | — |
//!
//! [`update()`] keeps the Elm shape, `update(&mut state, action) -> Vec<Effect>`: it handles
//! what all share (answers from the runtime, [`Action::Layout`], the mouse), hands keys
//! to the open overlay (`overlays::update`) or else to the main view, then lets every
//! [`Scroll`](scroll::Scroll) follow its selection within the rows the last
//! [`Screen`](screen::Screen) gave it. An overlay's update has the shape
//! `fn update(&mut AppState, &mut Own, Action[, &mut Vec<Effect>]) -> Next`: it may change
//! the rest of the state and ask for effects, and answers whether it stays open.
//!
//! A new view (chart `g`, stats `S`, review `R`) follows the same steps:
//! 1. `app/<view>.rs`: `pub struct <View>State` (its selection and a `Scroll`) with an
//!    `open(&AppState)` constructor and `pub fn update(..) -> Next` (`Close` returns to
//!    the list). Anything computed once per roadmap (a chart layout) lives in that
//!    state or in `model`, never per frame in `ui`.
//! 2. Where it is shown: a pop-up is an [`Overlay`] variant, with one line in
//!    `overlays::update` and `overlays::follow`. A full-screen view is a variant of an
//!    `AppState::view` enum (`Main`, `Chart(ChartState)`, …) that `update` routes to
//!    where it calls `main_view::update` today, with the same `follow` line.
//! 3. A `keymap::Mode` with its bindings in the one table (`Mode::of` maps the state to
//!    it); help and footer hints follow from the table. Reuse the existing actions
//!    (`Up`, `Enter`, `ToggleDone`, …) and add an `Action` only for a new verb.
//! 4. `ui/<view>.rs` draws it from `&AppState`, and `ui::screen` reports its scrolled
//!    regions (a `Viewport`) so clicks and scrolling follow the screen.
//! 5. Tests: `update` through the key table (tests/it/tui_update.rs) and snapshots.

pub mod action;
pub mod also_in;
pub mod chart;
pub mod filter_memo;
pub mod filter_text;
pub mod input;
pub mod keymap;
pub mod keys;
pub mod main_view;
pub mod mouse;
pub mod overlays;
pub mod picker;
pub mod reload;
pub mod review;
pub mod screen;
pub mod scroll;
pub mod state;
pub mod stats;
pub mod update;
pub mod view;

pub use action::{Action, Effect, StepRecord};
pub use overlays::Overlay;
pub use state::{AppState, Focus, RoadmapState};
pub use update::update;

/// `n` with its noun in the right number: "1 phase", "13 phases".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
