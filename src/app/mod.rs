//! The interface's state and logic, with no terminal and no database: key events map to
//! [`Action`]s through the one key table ([`keymap`]), [`update`] applies them and returns
//! [`Effect`]s that the runtime carries out (store writes, the editor, the browser).

pub mod action;
pub mod demo;
pub mod filter_text;
pub mod input;
pub mod keymap;
pub mod keys;
pub mod state;
pub mod update;

pub use action::{Action, Effect, StepRecord};
pub use state::{AppState, Focus, Overlay, RoadmapState};
pub use update::update;
