//! Names of the settings kept in the progress database. They live here, not in the
//! store, so the interface can name them without depending on SQLite code.

/// Study pace in hours per week.
pub const PACE: &str = "pace.hours-per-week";
/// The roadmap the TUI showed last.
pub const LAST_ROADMAP: &str = "tui.last-roadmap";
/// The TUI's last selection, `roadmap-id/step-id`.
pub const LAST_SELECTION: &str = "tui.last-selection";
/// Where the TUI was in each roadmap: one `roadmap-id/step-id` per line.
pub const PLACES: &str = "tui.places";
/// Whether the TUI hides done and skipped steps (`H`): `yes` or `no`.
pub const HIDE_CLOSED: &str = "tui.hide-done";
/// The pane the TUI had focused: `phases`, `steps` or `details`.
pub const FOCUS: &str = "tui.focus";
