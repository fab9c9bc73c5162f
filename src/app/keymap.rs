//! The one key table: key → action, per mode. The `?` help overlay is generated from it,
//! so what the help says is what the keys do.
//!
//! Over 500 lines on purpose: `BINDINGS` is one list so that every mode's keys, their
//! conflicts and their help text are read (and changed) in one place.

use super::action::Action;
use super::keys::KeyOverrides;
use super::overlays::Overlay;
use super::state::AppState;
use super::view::View;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The main view, whichever pane has focus.
    Main,
    Help,
    Search,
    Filter,
    /// Tag and level pickers.
    Checklist,
    /// The roadmap picker.
    Picker,
    Confirm,
    /// A step's links to choose from (`o` when it has several).
    Links,
    About,
    /// The stats view (`S`).
    Stats,
    /// The review view (`R`).
    Review,
    /// The chart view (`g`).
    Chart,
}

impl Mode {
    pub const ALL: [Mode; 12] = [
        Mode::Main,
        Mode::Chart,
        Mode::Stats,
        Mode::Review,
        Mode::Search,
        Mode::Filter,
        Mode::Checklist,
        Mode::Picker,
        Mode::Confirm,
        Mode::Links,
        Mode::About,
        Mode::Help,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Mode::Main => "Main view",
            Mode::Help => "Help",
            Mode::Search => "Search (/)",
            Mode::Filter => "Filter prompt (f)",
            Mode::Checklist => "Tag and level pickers (t, L)",
            Mode::Picker => "Roadmap picker (r)",
            Mode::Confirm => "Confirm dialog",
            Mode::Links => "Links (o)",
            Mode::About => "About the roadmap (i)",
            Mode::Stats => "Stats view (S)",
            Mode::Review => "Review view (R)",
            Mode::Chart => "Chart view (g)",
        }
    }

    /// Modes where printable keys type text.
    pub fn is_text(self) -> bool {
        matches!(self, Mode::Search | Mode::Filter)
    }

    pub fn of(state: &AppState) -> Mode {
        match &state.overlay {
            None => match state.view {
                View::Main => Mode::Main,
                View::Stats(_) => Mode::Stats,
                View::Review(_) => Mode::Review,
                View::Chart(_) => Mode::Chart,
            },
            Some(Overlay::Help(_)) => Mode::Help,
            Some(Overlay::About(_)) => Mode::About,
            Some(Overlay::Search(_)) => Mode::Search,
            Some(Overlay::Filter(_)) => Mode::Filter,
            Some(Overlay::Checklist(_)) => Mode::Checklist,
            Some(Overlay::Picker(_)) => Mode::Picker,
            Some(Overlay::Confirm(_)) => Mode::Confirm,
            Some(Overlay::Links(_)) => Mode::Links,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const fn k(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::NONE,
    }
}
const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}
const fn code(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}

const UP: Key = code(KeyCode::Up);
const DOWN: Key = code(KeyCode::Down);
const LEFT: Key = code(KeyCode::Left);
const RIGHT: Key = code(KeyCode::Right);
const ENTER: Key = code(KeyCode::Enter);
const ESC: Key = code(KeyCode::Esc);
const TAB: Key = code(KeyCode::Tab);
const BACKTAB: Key = Key {
    code: KeyCode::BackTab,
    mods: KeyModifiers::SHIFT,
};
const HOME: Key = code(KeyCode::Home);
const END: Key = code(KeyCode::End);
const PGUP: Key = code(KeyCode::PageUp);
const PGDN: Key = code(KeyCode::PageDown);
const BACKSPACE: Key = code(KeyCode::Backspace);
const DELETE: Key = code(KeyCode::Delete);

pub struct Binding {
    pub mode: Mode,
    pub keys: &'static [Key],
    pub action: Action,
    /// What the help overlay says.
    pub help: &'static str,
    /// Shown as a hint in the footer (short label), if any.
    pub hint: Option<&'static str>,
}

const fn b(mode: Mode, keys: &'static [Key], action: Action, help: &'static str) -> Binding {
    Binding {
        mode,
        keys,
        action,
        help,
        hint: None,
    }
}

const fn h(
    mode: Mode,
    keys: &'static [Key],
    action: Action,
    help: &'static str,
    hint: &'static str,
) -> Binding {
    Binding {
        mode,
        keys,
        action,
        help,
        hint: Some(hint),
    }
}

use Mode::*;

/// Every binding. Order is the order of the help overlay and the footer hints.
pub const BINDINGS: &[Binding] = &[
    // Main view
    b(Main, &[k('j'), DOWN], Action::Down, "move down"),
    b(Main, &[k('k'), UP], Action::Up, "move up"),
    b(Main, &[PGDN, ctrl('d')], Action::PageDown, "page down"),
    b(Main, &[PGUP, ctrl('u')], Action::PageUp, "page up"),
    b(Main, &[HOME], Action::Top, "first item"),
    b(Main, &[END, k('G')], Action::Bottom, "last item"),
    b(Main, &[k('h'), LEFT], Action::Left, "pane to the left"),
    b(Main, &[k('l'), RIGHT], Action::Right, "pane to the right"),
    b(Main, &[TAB], Action::FocusNext, "next pane"),
    b(Main, &[BACKTAB], Action::FocusPrev, "previous pane"),
    b(Main, &[ENTER], Action::Enter, "open: steps, then details"),
    b(Main, &[k('d')], Action::FocusDetail, "scroll the details"),
    h(Main, &[k(' ')], Action::ToggleDone, "toggle done", "done"),
    h(
        Main,
        &[k('s')],
        Action::ToggleStarted,
        "toggle in progress",
        "start",
    ),
    h(
        Main,
        &[k('x')],
        Action::ToggleSkipped,
        "toggle skipped",
        "skip",
    ),
    h(
        Main,
        &[k('u')],
        Action::Undo,
        "undo the last change",
        "undo",
    ),
    b(
        Main,
        &[k('D')],
        Action::MarkPhaseDone,
        "mark phase done (asks)",
    ),
    h(
        Main,
        &[k('/')],
        Action::Search,
        "search all roadmaps",
        "search",
    ),
    h(
        Main,
        &[k('f')],
        Action::FilterPrompt,
        "edit the filter",
        "filter",
    ),
    h(Main, &[k('t')], Action::TagPicker, "pick tags", "tags"),
    b(Main, &[k('L')], Action::LevelPicker, "pick levels"),
    b(Main, &[k('c')], Action::ClearFilters, "clear filter and H"),
    b(
        Main,
        &[k('H')],
        Action::HideClosed,
        "hide/show done, skipped",
    ),
    h(
        Main,
        &[k('n')],
        Action::NextUp,
        "jump to the next-up step",
        "next",
    ),
    b(
        Main,
        &[k('e')],
        Action::EditNote,
        "edit the note in $EDITOR",
    ),
    b(Main, &[k('o')], Action::OpenResource, "open the first link"),
    b(Main, &[k('y')], Action::CopyLink, "copy link (or step id)"),
    b(Main, &[k('S')], Action::Stats, "study log and streaks"),
    b(Main, &[k('R')], Action::Review, "review the steps due"),
    h(
        Main,
        &[k('g')],
        Action::Chart,
        "chart view of the roadmap",
        "chart",
    ),
    b(Main, &[k('r')], Action::RoadmapPicker, "switch roadmap"),
    b(Main, &[k('i')], Action::About, "about the roadmap"),
    h(Main, &[k('?')], Action::Help, "this help", "help"),
    b(Main, &[ESC], Action::Back, "leave details or filter"),
    h(Main, &[k('q'), ctrl('c')], Action::Quit, "quit", "quit"),
    // Chart view
    b(
        Chart,
        &[k('j'), DOWN],
        Action::Down,
        "down the path or column",
    ),
    b(Chart, &[k('k'), UP], Action::Up, "up the path or column"),
    b(
        Chart,
        &[k('h'), LEFT],
        Action::Left,
        "to the left-hand steps; back to the path",
    ),
    b(
        Chart,
        &[k('l'), RIGHT],
        Action::Right,
        "to the right-hand steps; back to the path",
    ),
    b(Chart, &[PGDN, ctrl('d')], Action::PageDown, "10 boxes down"),
    b(Chart, &[PGUP, ctrl('u')], Action::PageUp, "10 boxes up"),
    b(Chart, &[HOME], Action::Top, "start of the path"),
    b(Chart, &[END], Action::Bottom, "end of the path"),
    h(
        Chart,
        &[ENTER, k('i')],
        Action::Enter,
        "show / hide the detail",
        "detail",
    ),
    b(
        Chart,
        &[k('d')],
        Action::FocusDetail,
        "scroll the detail (j k PgDn PgUp; d or Esc: back to the boxes)",
    ),
    h(Chart, &[k(' ')], Action::ToggleDone, "toggle done", "done"),
    h(
        Chart,
        &[k('s')],
        Action::ToggleStarted,
        "toggle in progress",
        "start",
    ),
    h(
        Chart,
        &[k('x')],
        Action::ToggleSkipped,
        "toggle skipped",
        "skip",
    ),
    b(Chart, &[k('u')], Action::Undo, "undo the last change"),
    h(
        Chart,
        &[k('z')],
        Action::Compact,
        "compact boxes for narrow terminals",
        "compact",
    ),
    h(
        Chart,
        &[k('g'), ESC],
        Action::Back,
        "back to the list (Esc closes the detail first)",
        "list",
    ),
    h(Chart, &[k('?')], Action::Help, "this help", "help"),
    h(Chart, &[k('q'), ctrl('c')], Action::Quit, "quit", "quit"),
    // Search
    b(
        Search,
        &[DOWN, ctrl('n'), ctrl('j')],
        Action::Down,
        "next match",
    ),
    b(
        Search,
        &[UP, ctrl('p'), ctrl('k')],
        Action::Up,
        "previous match",
    ),
    h(Search, &[ENTER], Action::Enter, "go to the step", "go"),
    b(
        Search,
        &[BACKSPACE],
        Action::Backspace,
        "delete a character",
    ),
    b(Search, &[ctrl('u')], Action::ClearInput, "clear the query"),
    b(Search, &[ctrl('w')], Action::DeleteWord, "delete a word"),
    h(Search, &[ESC, ctrl('c')], Action::Back, "close", "cancel"),
    // Filter prompt
    h(Filter, &[ENTER], Action::Enter, "keep the filter", "apply"),
    h(
        Filter,
        &[ESC, ctrl('c')],
        Action::Back,
        "restore the old filter",
        "cancel",
    ),
    b(
        Filter,
        &[BACKSPACE],
        Action::Backspace,
        "delete before cursor",
    ),
    b(Filter, &[DELETE], Action::Delete, "delete at cursor"),
    b(Filter, &[LEFT], Action::Left, "cursor left"),
    b(Filter, &[RIGHT], Action::Right, "cursor right"),
    b(Filter, &[HOME, ctrl('a')], Action::Top, "start of line"),
    b(Filter, &[END, ctrl('e')], Action::Bottom, "end of line"),
    h(Filter, &[ctrl('u')], Action::ClearInput, "clear", "clear"),
    b(Filter, &[ctrl('w')], Action::DeleteWord, "delete a word"),
    // Tag and level pickers
    b(Checklist, &[k('j'), DOWN], Action::Down, "move down"),
    b(Checklist, &[k('k'), UP], Action::Up, "move up"),
    h(
        Checklist,
        &[k(' '), k('x')],
        Action::Toggle,
        "check / uncheck",
        "toggle",
    ),
    h(Checklist, &[ENTER], Action::Enter, "apply", "apply"),
    h(
        Checklist,
        &[k('c')],
        Action::ClearInput,
        "uncheck all",
        "none",
    ),
    h(Checklist, &[ESC, k('q')], Action::Back, "cancel", "cancel"),
    // Roadmap picker
    b(Picker, &[k('j'), DOWN], Action::Down, "move down"),
    b(Picker, &[k('k'), UP], Action::Up, "move up"),
    b(Picker, &[HOME], Action::Top, "first roadmap"),
    b(Picker, &[END], Action::Bottom, "last roadmap"),
    h(
        Picker,
        &[ENTER, k('l')],
        Action::Enter,
        "open the roadmap",
        "open",
    ),
    h(
        Picker,
        &[ESC],
        Action::Back,
        "close (first run: quit)",
        "back",
    ),
    h(Picker, &[k('q'), ctrl('c')], Action::Quit, "quit", "quit"),
    // Confirm
    h(Confirm, &[k('y'), ENTER], Action::Yes, "yes", "yes"),
    h(Confirm, &[k('n'), ESC, k('q')], Action::No, "no", "no"),
    // Links
    b(Links, &[k('j'), DOWN], Action::Down, "next link"),
    b(Links, &[k('k'), UP], Action::Up, "previous link"),
    h(
        Links,
        &[ENTER, k('o')],
        Action::Enter,
        "open the link",
        "open",
    ),
    h(Links, &[k('y')], Action::CopyLink, "copy the link", "copy"),
    h(Links, &[ESC, k('q')], Action::Back, "close", "close"),
    // About
    b(About, &[k('j'), DOWN], Action::Down, "scroll down"),
    b(About, &[k('k'), UP], Action::Up, "scroll up"),
    h(
        About,
        &[ESC, k('q'), k('i')],
        Action::Back,
        "close",
        "close",
    ),
    // Stats view
    h(
        Stats,
        &[k('S'), ESC, k('q')],
        Action::Stats,
        "back to the list",
        "back",
    ),
    // Review view
    h(
        Review,
        &[k('g')],
        Action::Good,
        "remembered it: next interval",
        "good",
    ),
    h(
        Review,
        &[k('h')],
        Action::Hard,
        "hard: same interval again",
        "hard",
    ),
    h(
        Review,
        &[k('f')],
        Action::Forgot,
        "forgot: start over (then y reopens)",
        "forgot",
    ),
    b(
        Review,
        &[k('y')],
        Action::Yes,
        "after forgot: reopen the step",
    ),
    b(Review, &[k('n')], Action::No, "after forgot: keep it done"),
    h(
        Review,
        &[k('q'), ESC],
        Action::Back,
        "stop, back to the list",
        "stop",
    ),
    // Help
    b(Help, &[k('j'), DOWN], Action::Down, "scroll down"),
    b(Help, &[k('k'), UP], Action::Up, "scroll up"),
    h(Help, &[ESC, k('q'), k('?')], Action::Back, "close", "close"),
];

/// Normalises a key event: Shift is implied by an upper-case char.
fn normalise(ev: &KeyEvent) -> Key {
    let mut mods = ev.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
    if matches!(ev.code, KeyCode::Char(_)) {
        mods.remove(KeyModifiers::SHIFT);
    }
    let code = match ev.code {
        // Some terminals send Ctrl-letter with the letter upper-cased.
        KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => {
            KeyCode::Char(c.to_ascii_lowercase())
        }
        c => c,
    };
    if code == KeyCode::BackTab {
        mods = KeyModifiers::SHIFT;
    }
    Key { code, mods }
}

/// The action for a key in a mode, or `None` when the key means nothing there.
pub fn action_for(mode: Mode, ev: &KeyEvent) -> Option<Action> {
    action_in(&KeyOverrides::default(), mode, ev)
}

/// [`action_for`] with the user's rebindings laid over the table.
pub fn action_in(keys: &KeyOverrides, mode: Mode, ev: &KeyEvent) -> Option<Action> {
    if ev.kind == KeyEventKind::Release {
        return None;
    }
    let key = normalise(ev);
    if let Some(b) = BINDINGS
        .iter()
        .find(|b| b.mode == mode && keys.keys_of(b).contains(&key))
    {
        return Some(b.action.clone());
    }
    match key.code {
        KeyCode::Char(c) if mode.is_text() && !key.mods.contains(KeyModifiers::CONTROL) => {
            Some(Action::Input(c))
        }
        _ => None,
    }
}

/// The action for a key in the state's current mode.
pub fn map(state: &AppState, ev: &KeyEvent) -> Option<Action> {
    // Behind the "too small" screen the main view's q and C-c quit even over a prompt.
    let mode = if state.too_small() {
        Mode::Main
    } else {
        Mode::of(state)
    };
    action_in(&state.keys, mode, ev)
}

pub fn key_label(key: &Key) -> String {
    let base = match key.code {
        KeyCode::Char(' ') => "space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "S-Tab".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::Backspace => "Bksp".into(),
        KeyCode::Delete => "Del".into(),
        KeyCode::F(n) => format!("F{n}"),
        other => format!("{other:?}"),
    };
    if key.mods.contains(KeyModifiers::CONTROL) {
        format!("C-{base}")
    } else if key.mods.contains(KeyModifiers::ALT) {
        format!("M-{base}")
    } else {
        base
    }
}

/// `j ↓` style label of all keys of a binding.
pub fn keys_label(b: &Binding) -> String {
    keys_label_in(&KeyOverrides::default(), b)
}

/// [`keys_label`] under the user's rebindings.
pub fn keys_label_in(keys: &KeyOverrides, b: &Binding) -> String {
    keys.keys_of(b)
        .iter()
        .map(key_label)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The first key of `action` in `mode` under the user's rebindings, for text that names
/// it ("g good"); empty when the action has no binding there.
pub fn first_key_in(keys: &KeyOverrides, mode: Mode, action: &Action) -> String {
    BINDINGS
        .iter()
        .find(|b| b.mode == mode && b.action == *action)
        .and_then(|b| keys.keys_of(b).first())
        .map(key_label)
        .unwrap_or_default()
}

/// Footer hints for a mode: (first key, short label).
pub fn hints(mode: Mode) -> impl Iterator<Item = (String, &'static str)> {
    hints_in(&super::keys::DEFAULTS, mode)
}

/// [`hints`] under the user's rebindings.
pub fn hints_in(keys: &KeyOverrides, mode: Mode) -> impl Iterator<Item = (String, &'static str)> {
    BINDINGS
        .iter()
        .filter(move |b| b.mode == mode)
        .filter_map(move |b| Some((key_label(keys.keys_of(b).first()?), b.hint?)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn no_key_is_bound_twice_in_a_mode() {
        for mode in Mode::ALL {
            let mut seen = Vec::new();
            for b in BINDINGS.iter().filter(|b| b.mode == mode) {
                for k in b.keys {
                    assert!(!seen.contains(k), "{k:?} bound twice in {mode:?}");
                    seen.push(*k);
                }
            }
        }
    }

    #[test]
    fn shifted_letters_and_text_modes() {
        let shift_h = key(KeyCode::Char('H'), KeyModifiers::SHIFT);
        assert_eq!(action_for(Mode::Main, &shift_h), Some(Action::HideClosed));
        let j = key(KeyCode::Char('j'), KeyModifiers::NONE);
        assert_eq!(action_for(Mode::Main, &j), Some(Action::Down));
        assert_eq!(action_for(Mode::Search, &j), Some(Action::Input('j')));
        assert_eq!(action_for(Mode::Filter, &j), Some(Action::Input('j')));
        let ctrl_c = key(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(action_for(Mode::Main, &ctrl_c), Some(Action::Quit));
        assert_eq!(action_for(Mode::Search, &ctrl_c), Some(Action::Back));
        let z = key(KeyCode::Char('z'), KeyModifiers::NONE);
        assert_eq!(action_for(Mode::Main, &z), None);
    }
}
