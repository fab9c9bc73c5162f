//! Shared helpers for the TUI tests: the real roadmaps, a fixed "today", and drawing a
//! state into ratatui's `TestBackend`.

use chrono::NaiveDate;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use waymark::app::state::Broken;
use waymark::app::{Action, AppState, RoadmapState, keymap, update};
use waymark::catalog;
use waymark::ui::{self, Theme};

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// The five bundled roadmaps, compiled into the binary.
pub fn bundled() -> (Vec<RoadmapState>, Vec<Broken>) {
    let (roadmaps, broken) = waymark::runtime::states_from_catalog(catalog::load(None));
    assert_eq!(roadmaps.len(), 5, "bundled roadmaps");
    assert!(broken.is_empty());
    (roadmaps, broken)
}

/// A state opened on bundled roadmap `id`.
pub fn state_on(id: &str) -> AppState {
    let (roadmaps, broken) = bundled();
    AppState::new(roadmaps, broken, today(), Some((id, None)))
}

pub fn demo_state() -> AppState {
    let roadmaps = vec![
        RoadmapState::new(crate::support::demo::roadmap(), "bundled").unwrap(),
        RoadmapState::new(crate::support::demo::small(), "bundled").unwrap(),
    ];
    AppState::new(
        roadmaps,
        Vec::new(),
        today(),
        Some(("backend-basics", None)),
    )
}

pub fn draw(state: &mut AppState, w: u16, h: u16, theme: &Theme) -> Terminal<TestBackend> {
    update(
        state,
        Action::Resize {
            width: w,
            height: h,
        },
    );
    // Like the runtime: the layout of the frame goes into the state before drawing.
    let screen = ui::screen(ratatui::layout::Rect::new(0, 0, w, h), state, theme);
    update(state, Action::Layout(screen));
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| ui::draw(f, state, theme)).unwrap();
    t
}

pub fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

pub fn code(c: KeyCode) -> KeyEvent {
    KeyEvent::new(c, KeyModifiers::NONE)
}

/// Presses keys through the real key table; returns every effect.
pub fn press(state: &mut AppState, keys: &[KeyEvent]) -> Vec<waymark::app::Effect> {
    let mut fx = Vec::new();
    for k in keys {
        if let Some(a) = keymap::map(state, k) {
            fx.extend(update(state, a));
        }
    }
    fx
}

/// Types text into a prompt.
pub fn typed(s: &str) -> Vec<KeyEvent> {
    s.chars().map(key).collect()
}
