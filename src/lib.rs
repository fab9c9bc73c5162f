//! waymark: a terminal roadmap tracker.
//!
//! Layers, each naming only those below it (docs/architecture.md; checked by a test):
//! `main` → `cli` → `runtime` → `ui` → `app` → `catalog`, `store` → `model`. Beside them,
//! `session` (clock, paths, opening the catalog and store; used by `cli` and `runtime`)
//! and the leaf `sanitize` (usable from every layer). `main.rs` only calls [`run`].

// Lets unit tests share tests/support/demo.rs, which names the crate as `waymark`.
#[cfg(test)]
extern crate self as waymark;

pub mod app;
pub mod card;
pub mod catalog;
pub mod cli;
pub mod config;
pub mod desktop;
pub mod editor;
pub mod fsx;
pub mod import;
pub mod memory;
pub mod model;
pub mod runtime;
pub mod sanitize;
pub mod session;
pub mod store;
pub mod ui;
pub mod watch;

pub use cli::run;
