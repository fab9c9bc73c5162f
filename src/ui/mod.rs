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
pub mod palette;
pub mod phases;
pub mod picker;
pub mod review;
pub mod stats;
pub mod steps;
pub mod strings;
pub mod text;
pub mod theme;

use crate::app::screen::{Screen, Viewport};
use crate::app::view::View;
use crate::app::{AppState, Focus};
pub use palette::Palette;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
pub use theme::Theme;

pub use crate::app::screen::{MIN_HEIGHT, MIN_WIDTH};
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

/// The main view's regions; `phase_pane` false (a roadmap of one phase) gives the phase
/// list's width to the steps.
pub fn areas(area: Rect, focus: Focus, phase_pane: bool) -> Areas {
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);
    let (phases, steps, detail) = if area.width >= WIDE {
        let phases_w = match area.width {
            _ if !phase_pane => 0,
            w if w >= 140 => 34,
            _ => 30,
        };
        let [phases, steps, detail] = Layout::horizontal([
            Constraint::Length(phases_w),
            Constraint::Min(30),
            Constraint::Length((area.width * 8 / 25).min(56)),
        ])
        .areas(body);
        (phases, steps, detail)
    } else {
        let phases_w = if phase_pane {
            (area.width * 3 / 10).clamp(22, 30)
        } else {
            0
        };
        let [phases, right] =
            Layout::horizontal([Constraint::Length(phases_w), Constraint::Min(30)]).areas(body);
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
    if crate::app::screen::too_small(area.width, area.height) {
        return s;
    }
    if let (Some(_), View::Chart(c)) = (state.current, &state.view) {
        s.chart = chart::viewport(area, c);
        s.chart_detail = chart::detail_viewport(area, c, state, theme);
    } else if state.current.is_some() {
        let a = areas(area, state.focus, state.has_phase_pane());
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
    if crate::app::screen::too_small(area.width, area.height) {
        too_small(frame, area, theme);
        return;
    }
    if state.current.is_none() {
        picker::render_screen(frame, area, state, theme);
        return;
    }
    match &state.view {
        View::Main => {}
        View::Chart(c) => {
            chart::render(frame, area, c, state, theme);
            if let Some(o) = &state.overlay {
                overlays::render(frame, area, o, state, theme);
            }
            return;
        }
        View::Stats(s) => {
            stats::render(frame, area, state, s, theme);
            return;
        }
        View::Review(r) => {
            review::render(frame, area, state, r, theme);
            return;
        }
    }
    let a = areas(area, state.focus, state.has_phase_pane());
    header::render(frame, a.header, state, theme);
    if a.phases.width > 0 {
        phases::render(frame, a.phases, state, theme);
    }
    steps::render(frame, a.steps, state, theme);
    detail::render(frame, a.detail, state, theme);
    footer::render(frame, a.footer, state, theme);
    if let Some(o) = &state.overlay {
        overlays::render(frame, area, o, state, theme);
    }
}

/// Left-aligned `lines` from the `skip`th on, one per row of `area`, each cut at its
/// width: what a `Paragraph` without wrapping draws (a line's style on its text only),
/// without its reflow of every grapheme through a truncator (a fifth of the first
/// frame's work).
pub fn render_lines(frame: &mut Frame, area: Rect, lines: &[Line], skip: usize) {
    let area = area.intersection(frame.area());
    let buf = frame.buffer_mut();
    for (line, y) in lines.iter().skip(skip).zip(area.top()..area.bottom()) {
        buf.set_line(area.x, y, line, area.width);
    }
}

fn too_small(frame: &mut Frame, area: Rect, theme: &Theme) {
    let lines = vec![
        Line::styled(strings::TOO_SMALL, theme.error()),
        Line::raw(format!("need at least {MIN_WIDTH}×{MIN_HEIGHT}")),
        Line::raw(format!("now {}×{}", area.width, area.height)),
        Line::styled(strings::TOO_SMALL_KEYS, theme.dim()),
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

/// A pane gets a sign of what it does not show on its bottom border: `↑ 3 · ↓ 11 more`.
pub fn with_more<'a>(block: Block<'a>, above: usize, below: usize, theme: &Theme) -> Block<'a> {
    let (up, down) = if theme.unicode {
        ("↑", "↓")
    } else {
        ("^", "v")
    };
    let text = match (above, below) {
        (0, 0) => return block,
        (a, 0) => format!(" {up} {a} more "),
        (0, b) => format!(" {down} {b} more "),
        (a, b) => format!(" {up} {a}{}{down} {b} more ", theme.dot()),
    };
    block.title_bottom(Line::styled(text, theme.dim()).right_aligned())
}

/// A pane title: ` text ` cut to fit `width`.
pub fn title_line(s: &str, width: u16, theme: &Theme) -> Line<'static> {
    let max = (width as usize).saturating_sub(4);
    Line::from(Span::raw(format!(" {} ", theme.fit(&text::clean(s), max))))
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

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::style::{Color, Modifier, Style};

    fn drawn(lines: &[Line<'static>], skip: usize, ours: bool) -> ratatui::buffer::Buffer {
        let mut t = Terminal::new(TestBackend::new(12, 4)).unwrap();
        t.draw(|f| {
            // Not the whole screen: a pane's inside, as the panes draw.
            let area = Rect::new(1, 1, 9, 2);
            if ours {
                render_lines(f, area, lines, skip);
            } else {
                f.render_widget(
                    Paragraph::new(lines.to_vec()).scroll((skip as u16, 0)),
                    area,
                );
            }
        })
        .unwrap();
        t.backend().buffer().clone()
    }

    #[test]
    fn lines_are_drawn_cell_for_cell_as_a_paragraph_draws_them() {
        let dim = Style::new().fg(Color::DarkGray);
        let bold = Style::new().add_modifier(Modifier::BOLD).bg(Color::Blue);
        let cases: Vec<Vec<Line<'static>>> = vec![
            vec![
                Line::raw("short"),
                Line::raw("a line far wider than the pane"),
            ],
            vec![
                Line::styled("styled line", dim),
                Line::from(vec![Span::styled("▸ ", bold), Span::raw("plain")]),
            ],
            // Wide characters at the cut, and a combining mark.
            vec![
                Line::raw("日本語のテキスト"),
                Line::raw("cafe\u{301} au lait"),
            ],
            vec![
                Line::from(vec![
                    Span::styled("ab", bold),
                    Span::styled("漢字漢字漢", dim),
                ])
                .style(Style::new().fg(Color::Red)),
                Line::raw(""),
                Line::raw("third, below the pane"),
            ],
            vec![],
        ];
        for lines in &cases {
            for skip in 0..3 {
                assert_eq!(
                    drawn(lines, skip, true),
                    drawn(lines, skip, false),
                    "{lines:?} from {skip}"
                );
            }
        }
    }
}
