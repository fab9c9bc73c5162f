//! Messages into the app (`Action`) and requests out of it (`Effect`).
//!
//! Key presses become actions through the one key table (`keymap.rs`); the runtime also
//! feeds back what the store answered (`Loaded`, `Written`, `NoteSaved`, `Failed`).

use super::screen::Screen;
use crate::model::Status;
use chrono::NaiveDateTime;

/// One step's stored data, as the store reports it (local time).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StepRecord {
    pub status: Status,
    pub changed: Option<NaiveDateTime>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    // Movement, interpreted by the focused pane or the open overlay.
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Left,
    Right,
    FocusNext,
    FocusPrev,
    /// Enter: open details, apply a prompt, choose in a list.
    Enter,
    /// Esc: close the overlay or leave the detail pane; quits from the main view.
    Back,
    // Progress.
    ToggleDone,
    ToggleStarted,
    ToggleSkipped,
    Undo,
    MarkPhaseDone,
    // Finding steps.
    Search,
    FilterPrompt,
    TagPicker,
    LevelPicker,
    ClearFilters,
    HideClosed,
    NextUp,
    // The selected step.
    EditNote,
    OpenResource,
    // Screens.
    /// `g`: open the chart view (from the list) or leave it.
    Chart,
    /// `z` in the chart: compact boxes or full ones.
    Compact,
    RoadmapPicker,
    Help,
    About,
    Quit,
    // Lists with check boxes and dialogs.
    Toggle,
    Yes,
    No,
    // Text prompts.
    Input(char),
    Backspace,
    Delete,
    ClearInput,
    DeleteWord,
    // Mouse, in terminal cells; resolved against the areas of the last draw.
    Click {
        col: u16,
        row: u16,
    },
    ScrollUp {
        col: u16,
        row: u16,
    },
    ScrollDown {
        col: u16,
        row: u16,
    },
    Resize {
        width: u16,
        height: u16,
    },
    /// Where the next frame puts things, computed by `ui::screen` before each draw.
    Layout(Screen),
    // Answers from the runtime.
    /// Every step's stored data for one roadmap, indexed like `Roadmap::steps`.
    Loaded {
        roadmap: String,
        records: Vec<StepRecord>,
    },
    /// A `SetStatus` effect was committed at `at`.
    Written {
        roadmap: String,
        steps: Vec<String>,
        at: NaiveDateTime,
    },
    NoteSaved {
        roadmap: String,
        step: String,
        note: Option<String>,
    },
    /// An informational message for the footer.
    Notice(String),
    /// Something failed; the message goes to the footer in the error style.
    Failed(String),
}

/// Work the runtime carries out for the app: store writes, the editor, the browser.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Set statuses in one transaction (roadmap id, step ids).
    SetStatus {
        roadmap: String,
        changes: Vec<(String, Status)>,
    },
    /// Revert the last change in the store, then reload statuses.
    Undo,
    /// Suspend the interface and edit the note in `$VISUAL` / `$EDITOR`.
    EditNote {
        roadmap: String,
        step: String,
        note: Option<String>,
    },
    /// Open a link in the browser, detached.
    OpenUrl(String),
    SaveSetting {
        key: String,
        value: String,
    },
    Quit,
}

/// Setting keys the interface writes.
pub mod setting {
    pub use crate::model::settings::LAST_ROADMAP;
    /// `roadmap-id/step-id` of the selection when the interface last closed.
    pub use crate::model::settings::LAST_SELECTION as LAST_STEP;
}
