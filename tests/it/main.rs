//! Every integration test, linked as one binary: each file under `tests/` would
//! otherwise be its own binary linking every dependency again (minutes on 2 cores).

#[path = "../support/mod.rs"]
mod support;

mod bundled_roadmaps;
mod cache;
mod catalog;
mod cli_browse;
mod cli_files;
mod cli_hostile;
mod cli_progress;
mod cli_progress_faults;
mod cli_store_limits;
mod e2e_pty;
mod habits;
mod import_chart;
mod layers;
mod store_model;
mod tui_props;
mod tui_snapshots;
mod tui_update;
