//! Every integration test, linked as one binary: each file under `tests/` would
//! otherwise be its own binary linking every dependency again (minutes on 2 cores).

#[path = "../support/mod.rs"]
mod support;

mod bundled_roadmaps;
mod cache;
mod card;
mod catalog;
mod catalog_cross;
mod catalog_limits;
mod chart;
mod cli_browse;
mod cli_files;
mod cli_hostile;
mod cli_progress;
mod cli_progress_faults;
mod cli_store_limits;
mod e2e_pty;
mod fuzz_regressions;
mod habits;
mod import_chart;
mod layers;
mod progress_honest;
mod states_cache;
mod store_model;
mod studylog;
mod tui_honest;
mod tui_props;
mod tui_snapshots;
mod tui_studylog;
mod tui_update;
mod watch;
