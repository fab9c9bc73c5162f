//! The roadmap picker: the whole screen on first run, an overlay on `r`.
//!
//! ```text
//! ┌ Choose a roadmap ──────────────────────────────────────────────────────────┐
//! │▶ backend-steps        Backend Developer, 29 steps    240 h    0%  ░░░░░░   │
//! │  my-rust (user)       Rust for backend                60 h   30%  ██░░░░   │
//! │  ⚠ broken.toml        3 problems — `waymark validate` for details          │
//! └────────────────────────────────────────────────────────────────────────────┘
//! ```

use super::header::hours;
use super::{Theme, centered, pane, pane_inner, strings, text, title_line};
use crate::app::picker;
use crate::app::screen::Viewport;
use crate::app::scroll::Scroll;
use crate::app::{AppState, Overlay};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

/// First run: the picker with a welcome line, centred on an empty screen.
pub fn render_screen(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme) {
    let head = Line::from(vec![
        Span::styled(format!(" {}", strings::APP), theme.accent()),
        Span::raw(theme.dot()),
        Span::raw(strings::PICKER_FIRST_RUN),
    ]);
    frame.render_widget(
        Paragraph::new(head),
        Rect::new(area.x, area.y, area.width, 1),
    );
    render(frame, area, state, theme);
}

/// The box, its inside, and the list within it (one row under it for the hint).
fn geometry(area: Rect, state: &AppState) -> (Rect, Rect, Rect) {
    let rows = picker::rows(state);
    let w = area.width.saturating_sub(4).min(100);
    let h = (rows as u16 + 4).min(area.height.saturating_sub(2));
    let rect = centered(area, w, h);
    let inner = pane_inner(rect);
    let list = Rect::new(
        inner.x,
        inner.y,
        inner.width,
        inner.height.saturating_sub(1),
    );
    (rect, inner, list)
}

pub fn viewport(area: Rect, state: &AppState) -> Viewport {
    let (rect, _, list) = geometry(area, state);
    Viewport {
        // The list's rows as a bordered box, for the mouse.
        area: Rect::new(rect.x, rect.y, rect.width, list.height + 2),
        rows: list.height as usize,
        lines: 0,
    }
}

pub fn render(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme) {
    let (selected, scroll) = match &state.overlay {
        Some(Overlay::Picker(p)) => (p.selected, p.scroll),
        _ => (state.current.unwrap_or(0), Scroll::default()),
    };
    let rows = picker::rows(state);
    let (rect, inner, list) = geometry(area, state);
    frame.render_widget(Clear, rect);
    let block = pane(
        title_line(strings::PICKER_TITLE, rect.width, theme),
        true,
        theme,
    );
    frame.render_widget(block, rect);
    let iw = inner.width as usize;
    let id_w = state
        .roadmaps
        .iter()
        .map(|r| text::width(&text::clean(r.id())) + if r.source == "bundled" { 0 } else { 7 })
        .max()
        .unwrap_or(10)
        .clamp(10, 26);
    let mut lines = Vec::new();
    for k in scroll.rows(selected, rows, list.height as usize) {
        if let Some(r) = state.roadmaps.get(k) {
            let sel = k == selected;
            let marker = if sel { theme.selector() } else { "  " };
            let style = if sel {
                theme.selected(true)
            } else {
                Style::new()
            };
            let mut id = text::clean(r.id()).into_owned();
            if r.source != "bundled" {
                id.push_str(" (user)");
            }
            let t = &r.snapshot.summary.total;
            let size = if t.hours > 0.0 {
                format!("{} h", hours(t.hours))
            } else {
                r.roadmap
                    .duration
                    .as_deref()
                    .map(|d| text::clean(d).into_owned())
                    .unwrap_or_else(|| "—".into())
            };
            let right = format!(" {:>12} {:>4}%  ", theme.fit(&size, 12), t.percent());
            let bar_w = 8;
            let title = format!(
                "{}, {}",
                text::clean(&r.roadmap.title),
                crate::app::count(r.roadmap.steps.len(), "step", "steps")
            );
            let title_w = iw.saturating_sub(2 + id_w + 2 + right.chars().count() + bar_w);
            lines.push(Line::from(vec![
                Span::styled(marker, style),
                Span::styled(theme.pad(&id, id_w), style.patch(theme.label())),
                Span::styled("  ", style),
                Span::styled(theme.pad(&title, title_w), style),
                Span::styled(right, style),
                Span::styled(theme.bar(t.ratio(), bar_w), style.patch(theme.bar_style())),
            ]));
        } else if let Some(b) = state.broken.get(k - state.roadmaps.len()) {
            let msg = format!(
                "{} problem{} — {}",
                b.problems,
                if b.problems == 1 { "" } else { "s" },
                strings::VALIDATE_HINT
            );
            let name = format!("{} {}", theme.warn(), text::clean(&b.name));
            lines.push(Line::from(vec![
                Span::raw("  "),
                Span::styled(theme.pad(&name, id_w), theme.error()),
                Span::raw("  "),
                Span::styled(
                    theme.fit(&msg, iw.saturating_sub(id_w + 4)).into_owned(),
                    theme.dim(),
                ),
            ]));
        }
    }
    super::render_lines(frame, list, &lines, 0);
    let hint = Line::from(vec![
        Span::styled(" Enter", theme.key()),
        Span::raw(" open  "),
        Span::styled("j/k", theme.key()),
        Span::raw(" move  "),
        Span::styled(
            if state.current.is_some() { "Esc" } else { "q" },
            theme.key(),
        ),
        Span::raw(if state.current.is_some() {
            " back"
        } else {
            " quit"
        }),
    ]);
    frame.render_widget(
        Paragraph::new(hint),
        Rect::new(
            inner.x,
            inner.y + inner.height.saturating_sub(1),
            inner.width,
            1,
        ),
    );
}
