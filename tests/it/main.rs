//! Every integration test, linked as one binary: each file under `tests/` would
//! otherwise be its own binary linking every dependency again (minutes on 2 cores).

#[path = "../support/mod.rs"]
mod support;

mod bundled_roadmaps;
mod catalog;
mod chart;
mod cli_browse;
mod cli_progress;
mod cli_progress_faults;
mod e2e_pty;
mod import_chart;
mod store_model;
mod tui_props;
mod tui_snapshots;
mod tui_update;
