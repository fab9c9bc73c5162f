//! A yes/no dialog (used by `D`, mark the phase done).

use crate::app::overlays::confirm::Confirm;
use crate::ui::{Theme, centered, pane, text, title_line};
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

pub fn render(frame: &mut Frame, area: Rect, c: &Confirm, theme: &Theme) {
    let w = 56.min(area.width - 2);
    let body = text::wrap(&c.message, w as usize - 4);
    let h = body.len() as u16 + 5;
    let rect = centered(area, w, h);
    frame.render_widget(Clear, rect);
    let block = pane(title_line(&c.title, rect.width, theme), true, theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let mut lines = vec![Line::raw("")];
    lines.extend(body.into_iter().map(Line::raw));
    lines.push(Line::raw(""));
    lines.push(Line::from(vec![
        Span::styled("y", theme.key()),
        Span::raw(" yes    "),
        Span::styled("n", theme.key()),
        Span::raw(" no"),
    ]));
    frame.render_widget(Paragraph::new(lines).alignment(Alignment::Center), inner);
}
