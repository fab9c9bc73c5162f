//! Names of the settings kept in the progress database. They live here, not in the
//! store, so the interface can name them without depending on SQLite code.

/// Study pace in hours per week.
pub const PACE: &str = "pace.hours-per-week";
/// The roadmap the TUI showed last.
pub const LAST_ROADMAP: &str = "tui.last-roadmap";
/// The TUI's last selection, `roadmap-id/step-id`.
pub const LAST_SELECTION: &str = "tui.last-selection";

/// A roadmap's own pace in hours per week (overrides [`PACE`] for that roadmap).
pub fn roadmap_pace(roadmap: &str) -> String {
    format!("{PACE}.{roadmap}")
}

/// The date (`YYYY-MM-DD`) a roadmap's plan starts (`waymark plan ROADMAP --start`).
pub fn plan_start(roadmap: &str) -> String {
    format!("plan.start.{roadmap}")
}
