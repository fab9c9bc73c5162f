//! Pure rendering: `draw(frame, &AppState, &Theme)`. One file per screen region; every
//! piece of roadmap text goes through [`text::clean`] before it reaches the terminal.
//! Only visible rows are built, so a 100k-step roadmap draws as fast as a small one.
//!
//! ```text
//! ┌ header: title · progress gauges · hours left · finish date ──────────────────┐
//! ┌ Phases ─────┐┌ Steps of the phase ──────────┐┌ Detail of the step ──────────┐
//! │             ││                              ││  (under the steps when narrow)│
//! └─────────────┘└──────────────────────────────┘└──────────────────────────────┘
//!  footer: filter / message                                           key hints
//! ```

pub mod chart;
pub mod detail;
pub mod footer;
pub mod header;
pub mod overlays;
pub mod phases;
pub mod picker;
pub mod steps;
pub mod strings;
pub mod text;
pub mod theme;

use crate::app::chart::View;
use crate::app::screen::{Screen, Viewport};
use crate::app::{AppState, Focus};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
pub use theme::Theme;

/// Below this the interface shows a "too small" message instead.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;
/// From this width the detail pane sits beside the steps instead of under them.
pub const WIDE: u16 = 110;

/// Where the main view's regions go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub header: Rect,
    pub phases: Rect,
    pub steps: Rect,
    pub detail: Rect,
    pub footer: Rect,
}

pub fn areas(area: Rect, focus: Focus) -> Areas {
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);
    let (phases, steps, detail) = if area.width >= WIDE {
        let phases_w = if area.width >= 140 { 34 } else { 30 };
        let [phases, steps, detail] = Layout::horizontal([
            Constraint::Length(phases_w),
            Constraint::Min(30),
            Constraint::Length((area.width * 8 / 25).min(56)),
        ])
        .areas(body);
        (phases, steps, detail)
    } else {
        let [phases, right] = Layout::horizontal([
            Constraint::Length((area.width * 3 / 10).clamp(22, 30)),
            Constraint::Min(30),
        ])
        .areas(body);
        // The detail pane folds under the steps; it grows when it has the focus.
        let detail_h = if focus == Focus::Detail {
            right.height * 2 / 3
        } else {
            (right.height * 2 / 5).max(6)
        };
        let [steps, detail] =
            Layout::vertical([Constraint::Min(4), Constraint::Length(detail_h)]).areas(right);
        (phases, steps, detail)
    };
    Areas {
        header,
        phases,
        steps,
        detail,
        footer,
    }
}

/// Where a frame of `state` at `area` puts its scrolled regions. Pure: the runtime feeds
/// it to `update` as `Action::Layout` before each draw, so scrolling and mouse clicks
/// follow the screen while drawing never writes into the state.
pub fn screen(area: Rect, state: &AppState, theme: &Theme) -> Screen {
    let mut s = Screen::default();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return s;
    }
    if let (Some(_), View::Chart(c)) = (state.current, &state.view) {
        s.chart = chart::viewport(area, c);
    } else if state.current.is_some() {
        let a = areas(area, state.focus);
        s.phases = Viewport {
            area: a.phases,
            rows: phases::per_page(pane_inner(a.phases)),
            lines: 0,
        };
        s.steps = Viewport {
            area: a.steps,
            rows: pane_inner(a.steps).height as usize,
            lines: 0,
        };
        s.detail = detail::viewport(a.detail, state, theme);
    }
    s.overlay = match &state.overlay {
        Some(o) => overlays::viewport(area, o, state, theme),
        None => Viewport::default(),
    };
    s
}

pub fn draw(frame: &mut Frame, state: &AppState, theme: &Theme) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(frame, area, theme);
        return;
    }
    if state.current.is_none() {
        picker::render_screen(frame, area, state, theme);
        return;
    }
    if let View::Chart(c) = &state.view {
        chart::render(frame, area, c, state, theme);
        if let Some(o) = &state.overlay {
            overlays::render(frame, area, o, state, theme);
        }
        return;
    }
    let a = areas(area, state.focus);
    header::render(frame, a.header, state, theme);
    phases::render(frame, a.phases, state, theme);
    steps::render(frame, a.steps, state, theme);
    detail::render(frame, a.detail, state, theme);
    footer::render(frame, a.footer, state, theme);
    if let Some(o) = &state.overlay {
        overlays::render(frame, area, o, state, theme);
    }
}

fn too_small(frame: &mut Frame, area: Rect, theme: &Theme) {
    let lines = vec![
        Line::styled(strings::TOO_SMALL, theme.error()),
        Line::raw(format!("need at least {MIN_WIDTH}×{MIN_HEIGHT}")),
        Line::raw(format!("now {}×{}", area.width, area.height)),
    ];
    let h = (lines.len() as u16).min(area.height);
    let y = area.y + area.height.saturating_sub(h) / 2;
    let rect = Rect::new(area.x, y, area.width, h);
    frame.render_widget(
        Paragraph::new(lines).alignment(ratatui::layout::Alignment::Center),
        rect,
    );
}

/// A bordered pane with a title, bright when focused.
pub fn pane<'a>(title: Line<'a>, focused: bool, theme: &Theme) -> Block<'a> {
    Block::new()
        .borders(Borders::ALL)
        .border_set(theme.border(focused))
        .border_style(theme.border_style(focused))
        .title(title.style(theme.title(focused)))
}

/// A pane title: ` text ` cut to fit `width`.
pub fn title_line(s: &str, width: u16) -> Line<'static> {
    let max = (width as usize).saturating_sub(4);
    Line::from(Span::raw(format!(" {} ", text::fit(&text::clean(s), max))))
}

/// Inside a pane's borders.
pub fn pane_inner(area: Rect) -> Rect {
    Block::bordered().inner(area)
}

/// A rectangle of `w`×`h` centred in `area` (clipped to it).
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}
