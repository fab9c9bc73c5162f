//! Messages into the app (`Action`) and requests out of it (`Effect`).
//!
//! Key presses become actions through the one key table (`keymap.rs`); the runtime also
//! feeds back what the store answered (`Loaded`, `Written`, `NoteSaved`, `Failed`).

use super::screen::Screen;
use super::state::Broken;
use super::stats::StatsData;
use crate::model::review::Answer;
use crate::model::{Roadmap, Status};
use crate::store::SettingValue;
use chrono::NaiveDateTime;

/// One step's stored data, as the store reports it (local time).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StepRecord {
    pub status: Status,
    pub changed: Option<NaiveDateTime>,
    pub note: Option<String>,
    /// Whether the history says it was ever done (so "to do again" is true).
    pub was_done: bool,
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
    /// Focus the detail pane to scroll it, keeping what it shows (phase or step).
    FocusDetail,
    /// Enter: open details, apply a prompt, choose in a list.
    Enter,
    /// Esc: close the overlay, leave the detail pane or clear the filter; never quits the
    /// main view.
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
    /// `y`: copy the step's first link, or its `roadmap/step` id, to the clipboard.
    CopyLink,
    // Screens.
    /// `g`: open the chart view (from the list) or leave it.
    Chart,
    /// `z` in the chart: compact boxes or full ones.
    Compact,
    RoadmapPicker,
    /// `S`: the study log.
    Stats,
    /// `R`: review the due steps.
    Review,
    /// Review answers (g, h, f in the review view): three actions, not one with the
    /// answer inside, so that `[keys.review]` rebinds each (`good`, `hard`, `forgot`).
    Good,
    Hard,
    Forgot,
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
    /// The roadmap files were read again (one changed on disk): every roadmap that loaded
    /// with where it came from, and the files that did not. `Loaded` follows for each.
    Reloaded {
        roadmaps: Vec<(Roadmap, String)>,
        broken: Vec<Broken>,
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
    /// The study log the runtime aggregated for the stats view.
    StatsLoaded(Box<StatsData>),
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
        /// The status each step had on screen when the key was pressed, in the order of
        /// `changes`: the store writes nothing if another program changed one since.
        was: Vec<Status>,
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
    /// Put text on the clipboard (OSC 52 through the terminal).
    Copy(String),
    SaveSetting(SettingValue),
    /// Read the history and answer with `Action::StatsLoaded`.
    LoadStats,
    /// Record a review answer; with `reopen`, also set the step in progress.
    Review {
        roadmap: String,
        step: String,
        answer: Answer,
        reopen: bool,
    },
    Quit,
}
