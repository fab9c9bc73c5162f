//! Event loop: terminal events → keymap → update → effects on the store → draw.

use crate::cli::GlobalArgs;
use std::process::ExitCode;

/// Opens the TUI. `roadmap` picks the roadmap; otherwise the last one used or a picker.
pub fn run_tui(_g: &GlobalArgs, _roadmap: Option<String>) -> anyhow::Result<ExitCode> {
    anyhow::bail!("the terminal interface is not available yet")
}
