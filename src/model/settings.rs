//! Names of the settings kept in the progress database. They live here, not in the
//! store, so the interface can name them without depending on SQLite code.

/// Study pace in hours per week.
pub const PACE: &str = "pace.hours-per-week";
/// The roadmap the TUI showed last.
pub const LAST_ROADMAP: &str = "tui.last-roadmap";
/// The TUI's last selection, `roadmap-id/step-id`.
pub const LAST_SELECTION: &str = "tui.last-selection";
/// `off` turns spaced review off (no due count, `waymark review` says so).
pub const REVIEW: &str = "review.enabled";
