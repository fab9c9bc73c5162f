//! Helpers shared by the integration tests: the real binary on a temp database (`cli`),
//! the real binary in a pseudo-terminal (`e2e`), and TUI states drawn into a
//! `TestBackend` (`tui`). Not every test module uses every helper.
#![allow(dead_code)]

pub mod cli;
pub mod demo;
pub mod e2e;
pub mod tui;
