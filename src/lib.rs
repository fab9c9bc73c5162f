//! waymark: a terminal roadmap tracker.
//!
//! Dependencies flow one way: `model` (pure) ← `catalog`, `store` ← `app` ← `ui`;
//! `cli` and `runtime` wire them together; `main.rs` only calls [`run`].

pub mod app;
pub mod catalog;
pub mod cli;
pub mod desktop;
pub mod editor;
pub mod model;
pub mod runtime;
pub mod store;
pub mod ui;
pub mod watch;

pub use cli::run;
