//! Clicks and the wheel, resolved against where the last frame put things
//! ([`Screen`](super::screen::Screen)): the pane or overlay row under the pointer.

use super::action::{Action, Effect};
use super::chart;
use super::main_view::{move_focused, select_phase};
use super::overlays::{self, Next, Overlay};
use super::picker;
use super::state::{AppState, Focus};
use super::view::View;
use ratatui::layout::Rect;

/// Rows one wheel notch scrolls text.
const WHEEL: usize = 3;

/// Whether a cell is inside a bordered box, borders excluded.
fn hit(r: Rect, col: u16, row: u16) -> bool {
    r.width > 0 && col > r.x && col + 1 < r.x + r.width && row > r.y && row + 1 < r.y + r.height
}

/// The row under the pointer inside a bordered box, counted from its first inner row.
fn row_in(r: Rect, col: u16, row: u16) -> Option<usize> {
    hit(r, col, row).then(|| (row - r.y - 1) as usize)
}

pub fn click(state: &mut AppState, col: u16, row: u16, fx: &mut Vec<Effect>) {
    if let Some(mut overlay) = state.overlay.take() {
        let k = row_in(state.screen.overlay.area, col, row);
        let next = match (&mut overlay, k) {
            (Overlay::Picker(p), Some(k)) => {
                let i = p.scroll.offset() + k;
                picker::click(state, p, i, fx)
            }
            (Overlay::Checklist(c), Some(k)) => {
                c.click(c.scroll.offset() + k);
                Next::Stay
            }
            (Overlay::Search(s), Some(k)) => {
                s.click(s.scroll.offset() + k);
                Next::Stay
            }
            _ => Next::Stay,
        };
        if next == Next::Stay && state.overlay.is_none() {
            state.overlay = Some(overlay);
        }
        return;
    }
    let screen = state.screen;
    if let View::Chart(c) = &mut state.view {
        chart::click(c, screen.chart, col, row);
        return;
    }
    if let Some(k) = row_in(screen.phases.area, col, row) {
        state.focus = Focus::Phases;
        // Two rows per phase.
        let i = state.phase_scroll.offset() + k / 2;
        let n = state.current().map_or(0, |r| r.roadmap.phases.len());
        if i < n {
            select_phase(state, i);
        }
    } else if let Some(k) = row_in(screen.steps.area, col, row) {
        state.focus = Focus::Steps;
        let i = state.step_scroll.offset() + k;
        if i < state.visible.len() {
            state.step = i;
            state.detail_scroll.reset();
        }
    } else if hit(screen.detail.area, col, row) {
        state.focus_detail();
    }
}

pub fn wheel(state: &mut AppState, col: u16, row: u16, down: bool, fx: &mut Vec<Effect>) {
    let step = if down { Action::Down } else { Action::Up };
    if let Some(overlay) = &state.overlay {
        // The overlay's own Up/Down: text scrolls a few rows, a list moves one row.
        let times = match overlay {
            Overlay::Help(_) | Overlay::About(_) => WHEEL,
            Overlay::Search(_) | Overlay::Checklist(_) | Overlay::Picker(_) | Overlay::Links(_) => {
                1
            }
            Overlay::Filter(_) | Overlay::Confirm(_) => 0,
        };
        for _ in 0..times {
            if let Some(overlay) = state.overlay.take() {
                overlays::update(state, overlay, step.clone(), fx);
            }
        }
        return;
    }
    let screen = state.screen;
    // The chart's detail pane under the pointer scrolls (`chart_detail` is empty while
    // it is closed).
    if let View::Chart(c) = &mut state.view
        && hit(screen.chart_detail.area, col, row)
    {
        let v = screen.chart_detail;
        let delta = WHEEL as isize;
        c.detail_scroll
            .scroll_by(if down { delta } else { -delta }, v.lines, v.rows);
        return;
    }
    // The chart: the wheel moves along the column, like the arrow keys, even while the
    // detail pane has the keys (as in the list, the pane under the pointer scrolls).
    let moved = chart::with_open(state, |c, state| {
        let focus = std::mem::take(&mut c.detail_focus);
        chart::update(state, c, step, fx);
        c.detail_focus = focus;
    });
    if moved.is_some() {
        return;
    }
    // The pane under the pointer scrolls; the focus stays where it was.
    let (focus, delta) = if hit(screen.phases.area, col, row) {
        (Focus::Phases, 1)
    } else if hit(screen.detail.area, col, row) {
        (Focus::Detail, WHEEL as isize)
    } else {
        (Focus::Steps, WHEEL as isize)
    };
    let saved = state.focus;
    state.focus = focus;
    move_focused(state, if down { delta } else { -delta });
    state.focus = saved;
}
